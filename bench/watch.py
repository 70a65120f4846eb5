"""The takeover alarm: what one poll cycle costs in AWS calls and time for a 17-region account, and how
long from an event's time to its Slack post, by poll and by push, with 50 ms per AWS call.

Everything runs through the bot's own code: `poll_account` (the scheduler's job, per account) against
the fake LookupEvents (moto lacks it) with the injected latency, STS/EC2/SQS from moto through
`AwsFaults` with the same latency, the store in SQLite, posts to the local fake Slack over HTTP.
What it cannot measure is AWS's own delay: CloudTrail makes an event visible to LookupEvents and
to EventBridge some time after the call (typically a few minutes; up to ~15 for LookupEvents).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import boto3
from moto import mock_aws

from bench.common import LATENCY, REGIONS_17, Report, bench_account
from bot.aws.fakes import FakeAws
from bot.devtools.aws_faults import AwsFaults
from bot.devtools.fake_audit import FakeAuditApis
from bot.devtools.harness import Harness
from bot.store.types import utcnow
from bot.watch.poll import poll_account
from bot.watch.push import PushReader
from bot.watch.rules import global_names, reads_root, regional_names
from bot.watch.thresholds import RULES

ALERTS = "C0ALARMS01"
TRIALS = 5


def _alerts(harness: Harness) -> list:
    return [
        c
        for c in harness.slack.called("chat.postMessage")
        if c.args.get("channel") == ALERTS and not c.args.get("thread_ts")
    ]


def _wait_for_alert(harness: Harness, count: int, timeout: float = 30.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = _alerts(harness)
        if len(found) >= count:
            return found[count - 1].at
        time.sleep(0.005)
    raise TimeoutError("no alert posted")


def run(report: Report) -> None:
    with mock_aws(), tempfile.TemporaryDirectory() as tmp:
        base = boto3.Session(region_name="us-east-1")
        queue = base.client("sqs", "us-east-1").create_queue(QueueName="chatops-alarm-events")["QueueUrl"]
        apis, fake = FakeAuditApis(latency=LATENCY), FakeAws()
        apis.attach_to(fake)
        faults = AwsFaults(latency=LATENCY)
        account = dict(bench_account(REGIONS_17), alarm_queue_url=queue)
        now = utcnow()
        for region in REGIONS_17:  # months of ordinary use everywhere
            apis.run_instances(
                region=region, time=now - timedelta(days=10), instances=[(f"i-{region}", "m5.large")]
            )
        apis.create_user("deployer", time=now - timedelta(days=20), user="admin")
        harness = Harness(
            accounts=[account],
            settings={"alert_channel": ALERTS, "database_url": f"sqlite:///{Path(tmp) / 'store.db'}"},
            aws_hooks=[fake.attach, faults.attach],
            base_session=base,
        ).start()
        try:
            services = harness.services
            [acct] = services.accounts

            def cycle() -> tuple[float, int, Counter]:
                apis.calls.clear()
                faults.calls.clear()
                started = time.perf_counter()
                result = poll_account(services, acct)
                assert not result.failed, result.failed
                wire = Counter({f"{s}:{op}": n for (s, _, op), n in faults.calls.items()})
                wire.update(f"cloudtrail:{op}" for op, _ in apis.calls)
                return time.perf_counter() - started, sum(wire.values()), wire

            first_wall, first_calls, _ = cycle()  # learns 90 days of history: one-off per account
            quiet_wall, quiet_calls, quiet = cycle()

            poll_latency = []
            for trial in range(TRIALS):  # a GPU launch the moment before the poll starts
                apis.run_instances(
                    region="eu-west-1",
                    time=utcnow(),
                    instances=[(f"i-0gpu{trial:013d}", "p3.8xlarge")],
                    user=f"intruder-{trial}",
                    access_key=f"AKIABENCHKEY{trial:08d}",
                )
                event_at = time.monotonic()
                poll_account(services, acct)
                poll_latency.append(_wait_for_alert(harness, trial + 1) - event_at)

            reader = PushReader(services, queue, [acct], replace(RULES, push_wait_seconds=1))
            reader.start()
            sqs = base.client("sqs", "us-east-1")
            push_latency = []
            try:
                for trial in range(TRIALS + 1):  # the first one is a warm-up (the region's history is known)
                    item = apis.event(
                        "StopLogging",
                        region="us-east-1",
                        time=utcnow(),
                        source="cloudtrail.amazonaws.com",
                        request={"name": "management"},
                        user=f"pusher-{trial}",
                        access_key=f"AKIAPUSHKEY{trial:09d}",
                    )
                    apis.events["us-east-1"].remove(item)
                    detail = json.loads(item["CloudTrailEvent"])
                    body = {
                        "version": "0",
                        "id": f"bench-{trial}",
                        "detail-type": "AWS API Call via CloudTrail",
                        "source": "aws.cloudtrail",
                        "account": acct.account_id,
                        "time": detail["eventTime"],
                        "region": "us-east-1",
                        "resources": [],
                        "detail": detail,
                    }
                    sent = time.monotonic()
                    sqs.send_message(QueueUrl=queue, MessageBody=json.dumps(body))
                    posted = _wait_for_alert(harness, TRIALS + trial + 1)
                    if trial:
                        push_latency.append(posted - sent)
            finally:
                reader.stop()
        finally:
            harness.stop()

    per_region = len(regional_names()) + (1 if reads_root() else 0)
    expected = per_region * len(REGIONS_17) + len(global_names())
    lookups = quiet["cloudtrail:LookupEvents"]
    report.add(
        "watch: AWS calls per poll cycle, 17 regions",
        f"{quiet_calls} ({lookups} LookupEvents = 17 × {per_region} + {len(global_names())} IAM; "
        f"first cycle {first_calls}, with 90 days of history)",
        f"= {expected}",
        lookups == expected,
    )
    per_day = lookups * 86400 // 300
    report.add(
        "watch: LookupEvents a day per account (WATCH_INTERVAL 300)",
        f"{per_day:,} — free; {per_region / 300:.3f}/s per region of the 2/s LookupEvents allows",
        "",
    )
    report.add(
        "watch: poll cycle wall time, 17 regions",
        f"{quiet_wall:.2f}s (first cycle {first_wall:.2f}s)",
        "≤ 10s",
        quiet_wall <= 10,
    )
    p_med = statistics.median(poll_latency)
    report.add(
        "watch: poll latency, event visible → Slack post",
        f"{p_med:.2f}s median of {TRIALS} (+ wait for the next cycle: ≤ WATCH_INTERVAL, "
        "+ CloudTrail's delay, minutes)",
        "≤ 10s",
        p_med <= 10,
    )
    q_med = statistics.median(push_latency)
    report.add(
        "watch: push latency, SQS message → Slack post",
        f"{q_med:.2f}s median of {TRIALS} (max {max(push_latency):.2f}s; + EventBridge's delay)",
        "≤ 2s",
        q_med <= 2,
    )
