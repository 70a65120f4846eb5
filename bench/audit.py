"""/aws-audit on the takeover account: 17 regions, 999 instances, 50 ECS clusters, 90 days of CloudTrail.

Measured in one run against `bench/scenario.py`'s account (moto in its own process, 50 ms per
call): the audit with the shared 32-worker fan-out against the same audit on one worker (the
sequential sum of the same calls), against the slowest region's reads done in one chain (the
critical path: what one region alone costs), the AWS calls and Cost Explorer requests it makes, the
bot process's CPU and peak RSS, and what a person's first audit costs (AssumeRole and new clients).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import Report
from bench.measure import PeakRss, TimedFanOut, chains, mib
from bench.scenario import Calls, Takeover, takeover
from bot.audit.run import AuditReport, audit_account
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess
from bot.store import Store


class _Run:
    def __init__(self, wall: float, result: AuditReport, calls: Calls, cpu: float, fake_cpu: float) -> None:
        self.wall, self.result, self.calls, self.cpu, self.fake_cpu = wall, result, calls, cpu, fake_cpu


def _audit(world: Takeover, access: AwsAccess, fanout: FanOut, actor: str, tmp: str, name: str) -> _Run:
    store = Store(f"sqlite:///{Path(tmp) / name}.db")  # a fresh store: Cost Explorer is asked again
    store.migrate()
    session = world.session(actor, access)
    before, cpu, fake_cpu = world.snapshot(), time.process_time(), world.fake_cpu
    started = time.perf_counter()
    result = audit_account(session, fanout, store=store, sleep=lambda s: None)
    wall = time.perf_counter() - started
    store.dispose()
    return _Run(wall, result, world.since(before), time.process_time() - cpu, world.fake_cpu - fake_cpu)


def run(report: Report) -> None:
    with takeover() as world, tempfile.TemporaryDirectory() as tmp:
        access = world.access()
        fanout = FanOut(32)
        _audit(world, access, fanout, "U0BENCH001", tmp, "cold")  # models loaded, moto's answers rendered
        parallel = TimedFanOut(32)
        with PeakRss() as memory:
            warm = _audit(world, access, parallel, "U0BENCH001", tmp, "parallel")
        first = _audit(world, access, fanout, "U0BENCH002", tmp, "new-person")  # AssumeRole, ~124 clients
        sequential = TimedFanOut(1)
        alone = _audit(world, access, sequential, "U0BENCH001", tmp, "sequential")
        regions = world.regions
    _figures(report, first, warm, alone, parallel, sequential, regions, memory)


def _figures(
    report: Report,
    first: _Run,
    warm: _Run,
    alone: _Run,
    parallel: TimedFanOut,
    sequential: TimedFanOut,
    regions: list[str],
    memory: PeakRss,
) -> None:
    data = warm.result.data
    assert not warm.result.gaps, [g.describe() for g in warm.result.gaps]
    per_region = chains(sequential.durations, regions)
    slowest, chain = max(((r, s) for r, s in per_region.items() if r != "global"), key=lambda rs: rs[1])
    speedup = alone.wall / warm.wall
    what = (
        f"{sum(1 for i in data.instances if i.live)} instances, {len(data.ecs_clusters)} ECS clusters, "
        f"{sum(len(t.events) for t in data.trail):,} CloudTrail events"
    )
    report.add(
        f"/aws-audit, 17 regions ({what}): speed-up vs sequential",
        f"{speedup:.1f}× ({warm.wall:.2f}s vs {alone.wall:.2f}s; {len(parallel.durations)} leaf tasks)",
        "≥ 10×",
        speedup >= 10,
    )
    report.add(
        "/aws-audit: wall vs the slowest region's reads in one chain",
        f"{warm.wall / chain:.2f}× ({slowest}: {chain:.2f}s; longest leaf "
        f"{max(s for _, s in sequential.durations):.2f}s)",
        "≤ 1.5×",
        warm.wall <= 1.5 * chain,
    )
    report.add(
        "/aws-audit: AWS calls per run (Cost Explorer requests)",
        f"{warm.calls.total} ({warm.calls.top()}…; CE {warm.calls.cost_explorer})",
        "CE ≤ 3",
        warm.calls.cost_explorer <= 3,
    )
    report.add(
        "/aws-audit: bot CPU per run (of which answering the faked APIs)",
        f"{warm.cpu:.2f}s ({warm.fake_cpu:.2f}s)",
    )
    report.add(
        "/aws-audit: peak RSS of the bot process during the audit",
        f"{mib(memory.peak)} ({mib(memory.before)} before)",
        "≤ 300 MiB",
        memory.peak <= 300 * 2**20,
    )
    report.add(
        "/aws-audit: a person's first audit (AssumeRole, ~124 new clients) vs their next",
        f"{first.wall:.2f}s vs {warm.wall:.2f}s (+{first.wall - warm.wall:.2f}s wall, "
        f"+{first.cpu - warm.cpu:.2f}s CPU)",
    )
