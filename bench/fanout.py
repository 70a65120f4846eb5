"""Region fan-out alone: 17 regions × 3 EC2 reads, 50 ms each, against the same reads one after another.

The reads go through the bot's real role session and boto3 clients; `FakeAws` answers them (and
the AssumeRole) before the wire after the injected latency, so what is measured is the fan-out and
botocore's own work, with no AWS stand-in sharing the process's CPU.
"""

from __future__ import annotations

import time
from datetime import timedelta

import boto3

from bench.common import LATENCY, REGIONS_17, Report, bench_account
from bot.accounts import parse_accounts
from bot.aws.fakes import FakeAws
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess
from bot.store.types import utcnow

CALLS = (("describe_vpcs", "DescribeVpcs"), ("describe_instances", "DescribeInstances"),
         ("describe_volumes", "DescribeVolumes"))  # fmt: skip


def _fake() -> FakeAws:
    fake = FakeAws()

    @fake.on("sts", "AssumeRole")
    def assume(params: dict, region: str) -> dict:
        expires = utcnow() + timedelta(hours=1)
        keys = {"AccessKeyId": "ASIA" + "BENCH" * 4, "SecretAccessKey": "bench", "SessionToken": "bench"}
        return {"Credentials": {**keys, "Expiration": expires}}

    for _, operation in CALLS:
        fake.on("ec2", operation)(lambda params, region: time.sleep(LATENCY) or {})
    return fake


def run(report: Report) -> None:
    access = AwsAccess(boto3.Session(region_name="us-east-1"), client_hooks=[_fake().attach])
    session = access.for_account(parse_accounts([bench_account()])[0], "U0BENCH001")
    session.verify()
    durations: dict[str, float] = {}

    def chain(region: str) -> int:
        started = time.perf_counter()
        client = session.client("ec2", region)
        for call, _ in CALLS:
            getattr(client, call)()
        durations[region] = time.perf_counter() - started
        return len(CALLS)

    for region in REGIONS_17:  # clients made: measure calls, not set-up
        session.client("ec2", region).describe_vpcs()
    pool = FanOut(32)
    started = time.perf_counter()
    results = pool.per_region(REGIONS_17, chain)
    wall = time.perf_counter() - started
    pool.shutdown()
    assert all(r.ok for r in results.values())
    started = time.perf_counter()
    for region in REGIONS_17:  # one after another; each region's chain is now timed uncontended
        chain(region)
    sequential = time.perf_counter() - started
    speedup = sequential / wall
    slowest = max(durations.values())
    report.add(
        "fan-out alone, 17 regions × 3 calls: speed-up vs sequential",
        f"{speedup:.1f}× ({wall:.2f}s vs {sequential:.2f}s)",
        "≥ 10×",
        speedup >= 10,
    )
    report.add(
        "fan-out alone: wall vs one region's chain of 3 calls",
        f"{wall / slowest:.2f}× ({slowest:.2f}s chain)",
        "≤ 1.5×",
        wall / slowest <= 1.5,
    )
