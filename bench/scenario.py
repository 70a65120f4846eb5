"""The takeover account the scale benchmarks share: moto in its own process, the rest faked here.

`takeover()` yields a `Takeover`: the moto server of `bench/moto_server.py` (started here, or the
one `python -m bench` started for every benchmark, named by BENCH_TAKEOVER), reached through
`AWS_ENDPOINT_URL` exactly as a deployment would reach a custom endpoint, and every AWS call the
bot makes delayed by BENCH_LATENCY (50 ms) — on the wire by the `AwsFaults` hook, and in the fakes
for the APIs moto lacks.

The fakes (CloudTrail LookupEvents with 90 days of history, GuardDuty findings, Cost Explorer,
the Price List, Compute Optimizer) answer inside the bot process, before the wire: their CPU
(filtering, paging, and FakeAws checking every answer against the service model) is counted in
the bot's CPU though AWS would spend it. `Takeover.fake_cpu` measures it so the figures can say so.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import boto3

from bench.common import LATENCY, REGIONS_17, bench_account
from bot.accounts import Account, parse_accounts
from bot.aws.fakes import FakeAws
from bot.aws.session import AccountSession, AwsAccess, ClientHook
from bot.devtools.aws_faults import AwsFaults
from bot.devtools.fake_audit import FakeAuditApis
from bot.devtools.fake_ce import EC2, FakeCostExplorer
from bot.devtools.fake_compute_optimizer import FakeComputeOptimizer
from bot.devtools.fake_pricing import FakePriceList

SHARED = "BENCH_TAKEOVER"  # a file holding the running server's JSON line (set by `python -m bench`)
TEAM_KEY = "AKIAEXAMPLEOLDKEY001"  # ci-deploy's long-lived key: the team's own launches
INTRUDER_IP = "45.137.21.9"
CI = {"access_key": TEAM_KEY, "user": "ci-deploy", "source_ip": "192.0.2.10"}


@dataclass(frozen=True)
class Calls:
    """AWS calls made between two snapshots: on the wire (to moto), and answered by the fakes."""

    wire: Counter[tuple[str, str]]  # (service, operation) → calls
    faked: Counter[tuple[str, str]]
    cost_explorer: int

    @property
    def total(self) -> int:
        return sum(self.wire.values()) + sum(self.faked.values())

    def by_service(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for (service, _), n in (self.wire + self.faked).items():
            out[service] += n
        return out

    def top(self, n: int = 4) -> str:
        return ", ".join(f"{service} {count}" for service, count in self.by_service().most_common(n))


@dataclass
class Takeover:
    endpoint: str
    pid: int  # the moto server's process
    now: datetime
    instances: dict[str, list[dict[str, Any]]]
    clusters: dict[str, list[str]]
    users: dict[str, str]
    intruder: str
    latency: float = LATENCY
    regions: list[str] = field(default_factory=lambda: list(REGIONS_17))
    faults: AwsFaults = field(init=False)
    fake: FakeAws = field(init=False)
    apis: FakeAuditApis = field(init=False)
    ce: FakeCostExplorer = field(init=False)
    fake_cpu: float = 0.0  # seconds of bot-process CPU spent answering faked APIs

    def __post_init__(self) -> None:
        self.faults = AwsFaults(latency=self.latency)
        self.fake = FakeAws()
        self.apis = FakeAuditApis()
        self.ce = FakeCostExplorer()
        self.apis.attach_to(self.fake)
        self.ce.attach_to(self.fake)
        FakePriceList().attach_to(self.fake)
        FakeComputeOptimizer().attach_to(self.fake)
        self._cpu_lock = threading.Lock()
        self._slow_fakes()
        self._history()
        self._bill()

    # --- what the bot is given -------------------------------------------------------------------
    @property
    def hooks(self) -> list[ClientHook]:
        return [self._meter, self.fake.attach, self.faults.attach, _s3control_on_localhost]

    @property
    def account(self) -> dict[str, Any]:
        return bench_account(self.regions)

    def parsed_account(self) -> Account:
        return parse_accounts([self.account])[0]

    def access(self) -> AwsAccess:
        return AwsAccess(boto3.Session(region_name="us-east-1"), client_hooks=self.hooks)

    def session(self, actor: str, access: AwsAccess | None = None) -> AccountSession:
        return (access or self.access()).for_account(self.parsed_account(), actor)

    def server_cpu(self) -> float:
        """CPU seconds the moto server has used so far (what AWS would spend on its side)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    # --- counting --------------------------------------------------------------------------------
    def snapshot(self) -> tuple[Counter[tuple[str, str]], int, int]:
        wire: Counter[tuple[str, str]] = Counter()
        for (service, _region, operation), n in list(self.faults.calls.items()):
            wire[(service, operation)] += n
        return wire, len(self.fake.calls), len(self.ce.requests)

    def since(self, before: tuple[Counter[tuple[str, str]], int, int]) -> Calls:
        wire, faked_at, ce_at = before
        now_wire, _, ce_now = self.snapshot()
        faked = Counter((service, op) for service, op, _, _ in self.fake.calls[faked_at:])
        return Calls(now_wire - wire, faked, ce_now - ce_at)

    # --- the fakes: as slow as the wire, and their CPU counted -------------------------------------
    def _slow_fakes(self) -> None:
        for key, handler in list(self.fake._handlers.items()):
            self.fake._handlers[key] = self._delayed(handler)

    def _delayed(self, handler: Callable[[dict, str], dict]) -> Callable[[dict, str], dict]:
        def answer(params: dict, region: str) -> dict:
            time.sleep(self.latency)
            return handler(params, region)

        return answer

    def _meter(self, client: Any, service: str, region: str) -> None:
        """Count the CPU of each faked call: the handler, FakeAws's model check, the parsed answer."""
        service_id = client.meta.service_model.service_id.hyphenize()
        for operation in client.meta.service_model.operation_names:
            if not self.fake.handles(service, operation):
                continue
            started = threading.local()
            client.meta.events.register_first(  # before FakeAws's own (first registered, first run)
                f"before-call.{service_id}.{operation}",
                lambda started=started, **_: setattr(started, "cpu", time.thread_time()),
            )
            client.meta.events.register_last(f"after-call.{service_id}.{operation}", self._count(started))

    def _count(self, started: threading.local) -> Callable[..., None]:
        def after(**_: Any) -> None:
            with self._cpu_lock:
                self.fake_cpu += time.thread_time() - getattr(started, "cpu", time.thread_time())

        return after

    # --- 90 days of CloudTrail, matching what moto holds -------------------------------------------
    def _history(self) -> None:
        apis, now = self.apis, self.now
        intruder_key = self.users[self.intruder]
        attack = now - timedelta(days=2)
        who = {"user": self.intruder, "access_key": intruder_key, "source_ip": INTRUDER_IP}
        # The intruder's user, key and admin policy, an hour before the launches (with the leaked key).
        leaked = {"access_key": TEAM_KEY, "source_ip": INTRUDER_IP}
        apis.create_user(self.intruder, time=attack - timedelta(hours=1), **leaked)
        apis.create_access_key(self.intruder, intruder_key, time=attack - timedelta(minutes=58), **leaked)
        admin = {"userName": self.intruder, "policyName": "ops", "policyDocument": '{"Statement": "*"}'}
        apis.iam_event("PutUserPolicy", time=attack - timedelta(minutes=57), request=admin, **leaked)
        # 999 instances in eight minutes, ten per RunInstances call, then 50 ECS clusters.
        step = 0
        for region, items in self.instances.items():
            for i in range(0, len(items), 10):
                batch = items[i : i + 10]
                apis.run_instances(
                    region=region,
                    time=attack + timedelta(seconds=5 * step),
                    instances=[(item["id"], item["type"]) for item in batch],
                    protection=batch[0]["protected"],
                    **who,
                )
                step += 1
        for region, names in self.clusters.items():
            for name in names:
                request = {"clusterName": name}
                apis.event("CreateCluster", region=region, time=attack + timedelta(minutes=9),
                           source="ecs.amazonaws.com", request=request, **who)  # fmt: skip
        # The team's own 90 days: CI launches in the home regions, key rotations, console sign-ins.
        for day in range(1, 90):
            when = now - timedelta(days=day, hours=3)
            for n, region in enumerate(("us-east-1", "eu-west-1", "ap-northeast-2")):
                for k in range(4):
                    launched = [(f"i-0ci{day:03d}{n}{k}0000000000", "t3.small")]
                    at = when + timedelta(minutes=k)
                    apis.run_instances(region=region, time=at, instances=launched, **CI)
            for k in range(12):
                user = f"dev-{(day * 12 + k) % 199:03d}"
                apis.event("ConsoleLogin", region="us-east-1", time=when + timedelta(minutes=30 + k),
                           source="signin.amazonaws.com", user=user, access_key=None,
                           additional={"MFAUsed": "Yes"}, response={"ConsoleLogin": "Success"})  # fmt: skip
            user = f"dev-{day % 199:03d}"
            key = f"AKIAROTATED{day:09d}"
            rotated = when + timedelta(hours=1)
            apis.create_access_key(user, key, time=rotated, user="ci-deploy", access_key=TEAM_KEY)
        # GuardDuty noticed the miners in one home region.
        first = self.instances["us-east-1"][0]["id"]
        apis.guardduty_finding("us-east-1", "CryptoCurrency:EC2/BitcoinTool.B!DNS", severity=8.0,
                               time=attack + timedelta(hours=1), instance_id=first, count=40)  # fmt: skip

    def _bill(self) -> None:
        """A flat ≈ $160/day for months, then the GPUs: a vertical spike in the last two days."""
        today = self.now.date()
        self.ce.add_series(today - timedelta(days=89), ["160.00"] * 88, service=EC2, region="us-east-1")
        for day in (today - timedelta(days=1), today):
            self.ce.add(day, "160.00", service=EC2, region="us-east-1")
            for region in self.regions:
                self.ce.add(day, "2400.00", service=EC2, region=region, usage_type="BoxUsage:p3.8xlarge")


def _s3control_on_localhost(client: Any, service: str, region: str) -> None:
    """S3 Control puts the account ID in the host name (`123….127.0.0.1`), which nothing resolves
    locally; moto routes it by path, so the request goes to the endpoint itself, unchanged otherwise."""
    if service != "s3control":
        return

    def local(request: Any, **_: Any) -> None:
        request.url = re.sub(r"^(https?://)\d{12}\.", r"\1", request.url)

    client.meta.events.register("before-send", local)


def start_server() -> tuple[subprocess.Popen[str], str]:
    """Start `bench.moto_server` and return it with its JSON line (endpoint and what was seeded)."""
    env = {k: v for k, v in os.environ.items() if k != "AWS_ENDPOINT_URL"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.moto_server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.wait(10)
        raise RuntimeError(f"the moto server did not start (exit {process.returncode})")
    return process, line


def stop_server(process: subprocess.Popen[str]) -> None:
    if process.stdin:
        process.stdin.close()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@contextmanager
def takeover(latency: float = LATENCY) -> Iterator[Takeover]:
    """The shared server when `python -m bench` started one, else a server of our own."""
    shared = os.environ.get(SHARED)
    process = None
    if shared:
        line = Path(shared).read_text()
    else:
        process, line = start_server()
    try:
        info = json.loads(line)
        os.environ["AWS_ENDPOINT_URL"] = info["endpoint"]
        yield Takeover(
            endpoint=info["endpoint"],
            pid=info["pid"],
            now=datetime.fromisoformat(info["now"]),
            instances=info["instances"],
            clusters=info["clusters"],
            users=info["users"],
            intruder=info["intruder"],
            latency=latency,
        )
    finally:
        os.environ.pop("AWS_ENDPOINT_URL", None)
        if process is not None:
            stop_server(process)
