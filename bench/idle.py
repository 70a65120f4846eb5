"""/aws-idle on the takeover account: 17 regions, 999 instances, 5,000 snapshots, 2,000 volumes.

What the command does (`handlers/commands/idle.py`), minus Slack: the scan with last month's bill
alongside, against a fresh store (so prices and Cost Explorer are asked, not cached), then the
offers and the rendered answer. Measured in one run against `bench/scenario.py`'s account (moto in
its own process, 50 ms per call): wall time with the shared 32-worker fan-out against the same scan
on one worker, against the slowest region's reads in one chain, AWS calls and Cost Explorer
requests, the bot's CPU and peak RSS, and whether the answer fits Block Kit.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import Report
from bench.measure import PeakRss, TimedFanOut, chains, mib
from bench.scenario import Calls, Takeover, takeover
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess
from bot.checks.idle.scan import IdleReport, scan
from bot.pricing.book import PriceBook
from bot.pricing.price_list import PriceList
from bot.render.blocks import violations
from bot.render.idle import offer_plan, render_idle
from bot.render.message import CsvFile
from bot.spend.explorer import CostExplorer
from bot.store import Store


class _Run:
    def __init__(self, wall: float, result: IdleReport, calls: Calls, cpu: float, fake_cpu: float) -> None:
        self.wall, self.result, self.calls, self.cpu, self.fake_cpu = wall, result, calls, cpu, fake_cpu


def _scan(world: Takeover, access: AwsAccess, fanout: FanOut, tmp: str, name: str) -> _Run:
    store = Store(f"sqlite:///{Path(tmp) / name}.db")
    store.migrate()
    session = world.session("U0BENCH001", access)
    before, cpu, fake_cpu = world.snapshot(), time.process_time(), world.fake_cpu
    started = time.perf_counter()
    book = PriceBook(PriceList(lambda: session.client("pricing"), store))
    explorer = CostExplorer(session, store)
    result = scan(session, fanout, price_book=book, extras={"last_month": explorer.last_month})
    wall = time.perf_counter() - started
    store.dispose()
    return _Run(wall, result, world.since(before), time.process_time() - cpu, world.fake_cpu - fake_cpu)


def run(report: Report) -> None:
    with takeover() as world, tempfile.TemporaryDirectory() as tmp:
        access = world.access()
        _scan(world, access, FanOut(32), tmp, "first")  # the person's clients: measured in bench.audit
        parallel = TimedFanOut(32)
        with PeakRss() as memory:
            warm = _scan(world, access, parallel, tmp, "parallel")
            started = time.perf_counter()
            offers = {spec.key: f"of_{n:06d}" for n, spec in enumerate(offer_plan(warm.result))}
            parent, thread = render_idle(warm.result, offers=offers)
            rendering = time.perf_counter() - started
        sequential = TimedFanOut(1)
        alone = _scan(world, access, sequential, tmp, "sequential")
        regions = world.regions
    assert not warm.result.gaps, warm.result.gaps
    per_region = chains(sequential.durations, regions)
    slowest, chain = max(((r, s) for r, s in per_region.items() if r != "global"), key=lambda rs: rs[1])
    speedup = alone.wall / warm.wall
    report.add(
        "/aws-idle, 17 regions (999 instances, 5,000 snapshots, 2,000 volumes): speed-up vs sequential",
        f"{speedup:.1f}× ({warm.wall:.2f}s vs {alone.wall:.2f}s; {len(parallel.durations)} leaf tasks)",
        "≥ 10×",
        speedup >= 10,
    )
    report.add(
        "/aws-idle: wall vs the slowest region's reads in one chain",
        f"{warm.wall / chain:.2f}× ({slowest}: {chain:.2f}s; longest leaf "
        f"{max(s for _, s in sequential.durations):.2f}s)",
        "≤ 1.5×",
        warm.wall <= 1.5 * chain,
    )
    floor = max(chain, warm.cpu)
    report.add(
        "/aws-idle: wall vs its floor on one core, max(that chain, the scan's own CPU)",
        f"{warm.wall / floor:.2f}× (CPU {warm.cpu:.2f}s: the scan is bound by its own CPU under the GIL)",
    )
    report.add(
        "/aws-idle: AWS calls per run (Cost Explorer requests)",
        f"{warm.calls.total} ({warm.calls.top()}…; CE {warm.calls.cost_explorer})",
        "CE ≤ 3",
        warm.calls.cost_explorer <= 3,
    )
    report.add(
        "/aws-idle: bot CPU per run (of which answering the faked APIs)",
        f"{warm.cpu:.2f}s ({warm.fake_cpu:.2f}s)",
    )
    report.add(
        "/aws-idle: peak RSS of the bot process during the scan and rendering",
        f"{mib(memory.peak)} ({mib(memory.before)} before)",
        "≤ 300 MiB",
        memory.peak <= 300 * 2**20,
    )
    problems = [p for m in [parent, *thread] for p in violations(m.blocks)]
    csv_rows = sum(len(f.rows) for m in thread for f in m.files if isinstance(f, CsvFile))
    report.add(
        "/aws-idle answer: findings, messages, CSV rows, Block Kit problems",
        f"{len(warm.result.findings):,} findings, {1 + len(thread)} messages, {csv_rows:,} CSV rows, "
        f"{len(problems)} problems (rendered in {rendering * 1000:.0f} ms)",
        "0 problems",
        not problems,
    )
