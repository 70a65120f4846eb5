"""The takeover alarm: watch CloudTrail and alert in Slack within minutes, containment buttons ready.

Two sources feed one path (`detect.judge`): the poll (`poll.py`, the scheduler's `watch.cloudtrail`
job: LookupEvents since a checkpoint per region) and, optionally, the push queue (`push.py`: an
EventBridge rule forwarding the same events to SQS). New events are claimed once (`seen.py`), judged
by the rules (`rules/`, thresholds in `thresholds.py`) against what the account normally does
(`history.py`), grouped into alerts with their thread, containment buttons and acknowledgement
(`alerts.py`, `containment.py`, rendered by `bot/render/watch.py`). The digest lists the day's
alerts and what could not be watched (`digest.py`).
"""
