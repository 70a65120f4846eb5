"""Cost Explorer requests a digest makes per account (the target is ≤ 3), and the time it takes.

The scheduled digest runs through the bot's own job (`Scheduler.run("digest")`) against moto and
the fake Cost Explorer, for 10 accounts that all read the same bill: a 90-day series, a monitor with
its subscription and a live anomaly. Counted with `calls_made`, the store's own counter.
"""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

import boto3
from freezegun import freeze_time
from moto import mock_aws

from bench.common import Report
from bot.aws.fakes import FakeAws
from bot.devtools import fake_anomalies as fa
from bot.devtools.fake_ce import EC2, FakeCostExplorer
from bot.devtools.harness import Harness
from bot.digest.anomalies import CE_REQUESTS_PER_DIGEST
from bot.scheduler import Scheduler
from bot.store.cache import calls_made
from bot.store.types import utcnow

ACCOUNTS = 10


def _bill(ce: FakeCostExplorer, *, monitored: bool) -> None:
    today = utcnow().date()
    ce.add_series(today - timedelta(days=89), [Decimal("164.10")] * 90)
    ce.add(
        today - timedelta(days=1),
        "1468.80",
        service=EC2,
        region="eu-west-1",
        usage_type="EU-BoxUsage:p3.8xlarge",
    )
    if monitored:
        monitor = fa.monitor("services")
        ce.monitors.append(monitor)
        ce.subscriptions.append(fa.subscription([monitor]))
        ce.anomalies.append(
            fa.anomaly(
                "a-gpu",
                monitor=monitor,
                start=today - timedelta(days=1),
                end=today - timedelta(days=1),
                actual="1554.34",
                expected="85.54",
                causes=[(EC2, "eu-west-1", "EU-BoxUsage:p3.8xlarge", "1468.80")],
            )
        )


def _account(i: int) -> dict:
    account_id = f"{100000000000 + i:012d}"
    return {
        "name": f"acct-{i:02d}",
        "account_id": account_id,
        "audit_role_arn": f"arn:aws:iam::{account_id}:role/ChatOpsAudit",
        "external_id": "bench-external-id",
    }


def _per_account(store: object, before: int) -> float:
    return (calls_made(store, service="ce") - before) / ACCOUNTS  # type: ignore[arg-type]


def _digests(monitored: bool) -> list[tuple[str, float, float]]:
    """CE requests per account and wall time for: the day's first digest, one later that day, the next day."""
    accounts = [_account(i) for i in range(ACCOUNTS)]
    out = []
    with mock_aws():
        ce = FakeCostExplorer()
        _bill(ce, monitored=monitored)
        fake = ce.attach_to(FakeAws())
        session = boto3.Session(region_name="us-east-1")
        settings = {"digest_channel": "C0DIGEST01"}
        with Harness(
            accounts=accounts, settings=settings, base_session=session, aws_hooks=[fake.attach]
        ) as bot:
            store = bot.services.store
            start = utcnow().replace(hour=9, minute=0, second=0, microsecond=0)
            for label, at in (
                ("the day's scheduled digest", start),
                ("a /aws-digest later that day", start + timedelta(hours=6)),
                ("the next day's scheduled digest", start + timedelta(days=1)),
            ):
                with freeze_time(at, tick=True):
                    before = calls_made(store, service="ce")
                    began = time.perf_counter()
                    if label.startswith("a /aws-digest"):
                        bot.command("/aws-digest")
                    else:
                        assert Scheduler(bot.services, holder="bench").run("digest")
                    out.append((label, _per_account(store, before), time.perf_counter() - began))
    return out


def run(report: Report) -> None:
    for label, per_account, seconds in _digests(monitored=True):
        report.add(
            f"digest CE requests per account: {label}",
            f"{per_account:g} ({ACCOUNTS} accounts in {seconds:.2f}s)",
            f"≤ {CE_REQUESTS_PER_DIGEST}",
            per_account <= CE_REQUESTS_PER_DIGEST,
        )
    label, per_account, _ = _digests(monitored=False)[0]
    report.add(
        "digest CE requests per account: no anomaly monitor",
        f"{per_account:g}",
        f"≤ {CE_REQUESTS_PER_DIGEST}",
        per_account <= CE_REQUESTS_PER_DIGEST,
    )
