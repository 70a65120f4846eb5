from datetime import timedelta
from decimal import Decimal

from idle_helpers import T0, ids

from bot.checks.idle.thresholds import Thresholds

CHECK = "idle.log_group_no_retention"


def _group(aws, name, size, retention=None):
    logs = aws.client("logs", region_name="us-east-1")
    logs.create_log_group(logGroupName=name)
    if retention:
        logs.put_retention_policy(logGroupName=name, retentionInDays=retention)
    logs.create_log_stream(logGroupName=name, logStreamName="s")
    stamp = int(T0.timestamp() * 1000)
    chunk = 100_000
    events = [{"timestamp": stamp, "message": "x" * chunk} for _ in range(size // chunk)]
    for start in range(0, len(events), 5):
        logs.put_log_events(logGroupName=name, logStreamName="s", logEvents=events[start : start + 5])


def test_never_expiring_group_storing_at_least_1_mib_is_listed(aws, clock, idle):
    _group(aws, "/app/big", 1_100_000)
    _group(aws, "/app/small", 1_000_000)
    _group(aws, "/app/kept", 2_000_000, retention=30)
    clock.move_to(T0 + timedelta(days=180))
    report = idle(CHECK)
    assert ids(report) == {"/app/big"}
    (finding,) = report.findings
    assert finding.action == "logs.set_retention"
    assert finding.evidence["retention_days"] is None and finding.evidence["target_retention_days"] == 90
    assert "≈50% older than 90 days" in finding.title
    assert finding.estimated and finding.monthly_cost == Decimal("0.00")  # 1 MiB is cheap, but grows forever


def test_the_stored_bytes_threshold_and_the_estimate(aws, clock, idle):
    _group(aws, "/app/small", 200_000)
    clock.move_to(T0 + timedelta(days=360))
    assert ids(idle(CHECK)) == set()
    report = idle(CHECK, thresholds=Thresholds(log_group_min_stored_bytes=200_000))
    assert ids(report) == {"/app/small"}
    assert "≈75% older than 90 days" in report.findings[0].title
