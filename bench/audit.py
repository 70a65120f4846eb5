"""The full /aws-audit over 17 regions with 50 ms per AWS call: wall time, calls made, against sequential.

Every collector runs as a leaf task (one service × one region, one CloudTrail event name × one
region). Measured: the parallel audit against the same audit on one worker (the sequential sum),
against the slowest region's own chain of reads, and the AWS calls it made. APIs moto lacks are
answered by fakes with the same injected latency.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from bench.common import LATENCY, REGIONS_17, Report, bench_account
from bot.accounts import parse_accounts
from bot.audit import audit_account
from bot.aws.fakes import FakeAws
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess
from bot.devtools.aws_faults import AwsFaults
from bot.devtools.fake_audit import FakeAuditApis
from bot.devtools.fake_ce import EC2, FakeCostExplorer
from bot.store import Store
from bot.store.types import utcnow


class TimedFanOut(FanOut):
    """A fan-out that records how long each leaf took (key → seconds)."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers)
        self.durations: dict[Any, float] = {}

    def run(self, tasks, *, on_done=None):  # type: ignore[no-untyped-def]
        def timed(key, task):  # type: ignore[no-untyped-def]
            def run():  # type: ignore[no-untyped-def]
                started = time.perf_counter()
                try:
                    return task()
                finally:
                    self.durations[key] = time.perf_counter() - started

            return run

        return super().run({k: timed(k, t) for k, t in tasks.items()}, on_done=on_done)


def _seed(base: boto3.Session, apis: FakeAuditApis, ce: FakeCostExplorer) -> None:
    now = utcnow()
    for region in REGIONS_17[:6]:
        base.client("ec2", region).run_instances(
            ImageId="ami-12345678", MinCount=5, MaxCount=5, InstanceType="m5.large"
        )
        base.client("guardduty", region).create_detector(Enable=True)
        for i in range(30):
            apis.run_instances(
                region=region, time=now - timedelta(days=i * 3), instances=[(f"i-{region}-{i}", "m5.large")]
            )
    iam = base.client("iam")
    for i in range(20):
        iam.create_user(UserName=f"user{i}")
        iam.create_access_key(UserName=f"user{i}")
    for i in range(10):
        base.client("s3", "us-east-1").create_bucket(Bucket=f"bench-bucket-{i}")
    ce.add_series(now.date() - timedelta(days=89), ["150"] * 90, service=EC2, region="us-east-1")


def _slow(handler, latency):  # type: ignore[no-untyped-def]
    def answer(params, region):  # type: ignore[no-untyped-def]
        time.sleep(latency)
        return handler(params, region)

    return answer


def run(report: Report) -> None:
    with mock_aws(), tempfile.TemporaryDirectory() as tmp:
        base = boto3.Session(region_name="us-east-1")
        apis, ce, fake = FakeAuditApis(latency=LATENCY), FakeCostExplorer(), FakeAws()
        apis.attach_to(fake)
        ce.attach_to(fake)
        fake.on("ce", "GetCostAndUsage")(_slow(ce._cost_and_usage, LATENCY))
        _seed(base, apis, ce)
        faults = AwsFaults(latency=LATENCY)
        access = AwsAccess(base, client_hooks=[fake.attach, faults.attach])
        session = access.for_account(parse_accounts([bench_account()])[0], "U0BENCH001")

        def audit(fanout: FanOut, name: str) -> tuple[float, Any]:
            store = Store(f"sqlite:///{Path(tmp) / name}.db")  # a fresh store: Cost Explorer is asked again
            store.migrate()
            started = time.perf_counter()
            result = audit_account(session, fanout, store=store, sleep=lambda s: None)
            return time.perf_counter() - started, result

        cold, _ = audit(FanOut(32), "warm-up")  # moto's regional backends and the clients start here
        faults.calls.clear()
        apis.calls.clear()
        ce.requests.clear()
        parallel = TimedFanOut(32)
        wall, result = audit(parallel, "parallel")
        wire = sum(faults.calls.values())
        ce_requests = len(ce.requests)
        faked = len(apis.calls) + ce_requests
        by_service = Counter(service for (service, _, _), n in faults.calls.items() for _ in range(n))
        by_service.update(op for op, _ in apis.calls)
        sequential, _ = audit(FanOut(1), "sequential")
        session = AwsAccess(base, client_hooks=[fake.attach, faults.attach]).for_account(
            parse_accounts([bench_account()])[0], "U0BENCH002"
        )  # another person: a new role session, so every client is created again
        fresh, _ = audit(FanOut(32), "new-session")
    assert not result.gaps, [g.describe() for g in result.gaps]
    regions: Counter[str] = Counter()
    for key, seconds in parallel.durations.items():
        regions[key[1]] += seconds
    slowest_region, chain = max(((r, s) for r, s in regions.items() if r != "global"), key=lambda rs: rs[1])
    leaves = len(parallel.durations)
    longest = max(parallel.durations.values())
    speedup = sequential / wall
    report.add(
        "audit 17 regions: speed-up vs sequential",
        f"{speedup:.1f}× ({wall:.2f}s vs {sequential:.2f}s; {leaves} leaf tasks)",
        "≥ 10×",
        speedup >= 10,
    )
    report.add(
        "audit: wall vs slowest region's chain",
        f"{wall / chain:.2f}× ({slowest_region}: {chain:.2f}s in one chain; longest leaf {longest:.2f}s)",
        "≤ 1",
        wall <= chain,
    )
    top = ", ".join(f"{k} {v}" for k, v in by_service.most_common(4))
    report.add(
        "audit: AWS calls per run",
        f"{wire + faked} ({top}…; Cost Explorer {ce_requests})",
        "CE ≤ 3",
        ce_requests <= 3,
    )
    report.add("audit: new role session (AssumeRole, ~120 clients created)", f"{fresh:.2f}s", "")
    report.add("audit: first run (moto regions and clients start)", f"{cold:.2f}s", "")
    slow = sorted(parallel.durations.items(), key=lambda kv: -kv[1])[:3]
    print("    audit's longest leaves:", ", ".join(f"{'/'.join(filter(None, k))} {s:.2f}s" for k, s in slow))
