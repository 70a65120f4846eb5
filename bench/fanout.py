"""Region fan-out over 17 regions with 50 ms per AWS call: wall time against the sequential sum."""

from __future__ import annotations

import time

import boto3
from moto import mock_aws

from bench.common import LATENCY, REGIONS_17, Report, bench_account
from bot.accounts import parse_accounts
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess
from bot.devtools.aws_faults import AwsFaults

CALLS = ("describe_vpcs", "describe_instances", "describe_volumes")


def run(report: Report) -> None:
    with mock_aws():
        faults = AwsFaults(latency=LATENCY)
        access = AwsAccess(boto3.Session(region_name="us-east-1"), client_hooks=[faults.attach])
        session = access.for_account(parse_accounts([bench_account()])[0], "U0BENCH001")
        session.verify()
        durations: dict[str, float] = {}

        def chain(region: str) -> int:
            started = time.perf_counter()
            client = session.client("ec2", region)
            for call in CALLS:
                getattr(client, call)()
            durations[region] = time.perf_counter() - started
            return len(CALLS)

        for region in REGIONS_17:  # warm clients and moto's regional backends: measure calls, not set-up
            session.client("ec2", region).describe_vpcs()
        started = time.perf_counter()
        results = FanOut(32).per_region(REGIONS_17, chain)
        wall = time.perf_counter() - started
        assert all(r.ok for r in results.values())
        parallel_sum = sum(durations.values())
        started = time.perf_counter()
        for region in REGIONS_17:
            chain(region)
        sequential = time.perf_counter() - started
    speedup = sequential / wall
    slowest = max(durations.values())
    report.add(
        "fan-out 17 regions × 3 calls: speed-up vs sequential",
        f"{speedup:.1f}× ({wall:.2f}s vs {sequential:.2f}s)",
        "≥ 10×",
        speedup >= 10,
    )
    report.add(
        "fan-out: wall vs slowest region's chain",
        f"{wall / slowest:.2f}× ({slowest:.2f}s chain; in-pool sum {parallel_sum:.2f}s)",
        "≤ 1.5×",
        wall / slowest <= 1.5,
    )
