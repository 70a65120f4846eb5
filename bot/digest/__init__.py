"""The daily digest: Budgets for slow creep, Cost Anomaly Detection for spikes, one thread a day.

Per account (`report.build_account`): yesterday's spend against the 7-day average, each budget's
actual and forecast against its limit (`budgets`), anomalies since the last digest (`anomalies`,
within 3 Cost Explorer requests), coverage gaps with their fix (`coverage`) and reminders of what is
still open (`reminders`). `post.deliver` posts it; `job.scheduled_digest` is what the scheduler runs
and `handlers/commands/digest.py` what `/aws-digest` runs.
"""
