"""The idle scan: read → measure → judge → price, each network phase a fan-out of leaf tasks.

1. **Read**: every collector the checks need, once per region (plus account-wide ones), each a
   leaf task of the shared pool; progress counts regions fully read.
2. **Measure**: per region, one batched `GetMetricData` for every check's queries, and Compute
   Optimizer's EC2 findings where the account is opted in and something runs.
3. **Judge**: the checks, pure, per region; a check whose inputs could not be read in a region is
   skipped there and the gap is reported, never guessed around. Findings are deduplicated by key.
4. **Price**: exactly the prices the findings need, per region in parallel (cached per day).

A region or service failing is a `Gap` in the report; it never fails the scan.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any, cast

from bot.aws.config import DEFAULT_REGION
from bot.aws.errors import AwsProblem, classify
from bot.aws.regions import FanOut, RegionResult
from bot.aws.session import AccountSession
from bot.checks.idle.ec2_low_cpu import COMPUTE_OPTIMIZER
from bot.checks.idle.thresholds import THRESHOLDS, Thresholds
from bot.checks.idle.waste import Waste, price
from bot.checks.registry import Check, checks_of
from bot.checks.view import RegionView
from bot.collect import cloudwatch, compute_optimizer
from bot.collect.registry import get_collector
from bot.model import GLOBAL, Finding
from bot.pricing.book import PriceBook
from bot.pricing.keys import PriceKey
from bot.store.types import utcnow

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
ENROLLMENT = "compute_optimizer.enrollment"


@dataclass(frozen=True)
class Gap:
    """Something that could not be read in a region, and the checks that therefore did not run there."""

    region: str
    source: str  # a collector ("elbv2.load_balancers"), "cloudwatch", or a check ID when it failed
    problem: AwsProblem
    checks: tuple[str, ...] = ()


@dataclass
class IdleReport:
    account: str
    account_id: str
    regions: list[str]
    checks: list[Check]
    findings: list[Finding]  # priced, one per key, most expensive first
    gaps: list[Gap]
    notes: dict[str, str]  # check ID → a sentence for its reply (e.g. Compute Optimizer not opted in)
    prices: str  # where the prices came from, in one sentence
    prices_live: bool
    scanned_at: datetime
    extras: dict[str, RegionResult[Any]] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return _sum(self.findings)

    @property
    def estimated(self) -> bool:
        return any(f.estimated for f in self.findings if f.monthly_cost is not None)

    def by_check(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {c.id: [] for c in self.checks}
        for finding in self.findings:
            grouped.setdefault(finding.check, []).append(finding)
        return grouped

    def unread_regions(self) -> dict[str, list[Gap]]:
        regions: dict[str, list[Gap]] = defaultdict(list)
        for gap in self.gaps:
            regions[gap.region].append(gap)
        return dict(regions)

    def summary(self) -> dict[str, Any]:
        """The run summary other areas read (HELPERS.md: `/aws-idle` keys)."""
        by_check = {
            check_id: {"count": len(items), "usd": str(_sum(items))}
            for check_id, items in self.by_check().items()
            if items
        }
        return {"waste_usd": str(self.total), "items": len(self.findings), "by_check": by_check}


def scan(
    session: AccountSession,
    fanout: FanOut,
    *,
    price_book: PriceBook,
    checks: Sequence[Check] | None = None,
    thresholds: Thresholds = THRESHOLDS,
    regions: Sequence[str] | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
    extras: Mapping[str, Callable[[], Any]] | None = None,
) -> IdleReport:
    """Scan one account. `extras`: account-wide tasks run alongside the read (e.g. last month's bill)."""
    checks = list(checks if checks is not None else checks_of("idle"))
    regions = list(dict.fromkeys(regions if regions is not None else session.regions()))
    notify = progress or (lambda done, total, unit: None)
    state = _Scan(session, checks, regions, thresholds, now or utcnow())
    state.read(fanout, notify, extras or {})
    state.measure(fanout, notify)
    wastes = state.judge()
    findings = _priced(wastes, price_book, fanout, notify)
    return IdleReport(
        account=session.account.name,
        account_id=session.account.account_id,
        regions=regions,
        checks=checks,
        findings=findings,
        gaps=state.gaps,
        notes=state.notes,
        prices=price_book.describe(),
        prices_live=price_book.live,
        scanned_at=state.now,
        extras=state.extras,
    )


@dataclass
class _Scan:
    """One scan's working state, phase by phase (each network phase is one fan-out)."""

    session: AccountSession
    checks: list[Check]
    regions: list[str]
    thresholds: Thresholds
    now: datetime
    records: dict[str, dict[str, Sequence[Any]]] = field(default_factory=lambda: defaultdict(dict))
    runnable: dict[str, list[Check]] = field(default_factory=dict)
    metrics: dict[str, dict[cloudwatch.MetricQuery, list[float]]] = field(default_factory=dict)
    recommendations: dict[str, Any] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    extras: dict[str, RegionResult[Any]] = field(default_factory=dict)
    enrolled: bool = False

    def view(self, region: str) -> RegionView[Thresholds]:
        return RegionView(
            self.session.account.name,
            self.session.account.account_id,
            region,
            self.now,
            self.thresholds,
            records=self.records[region],
            metrics=self.metrics.get(region, {}),
            extras={COMPUTE_OPTIMIZER: self.recommendations[region]}
            if region in self.recommendations
            else {},
        )

    # 1. read: every collector once per region; a check whose input failed is skipped there ------------
    def read(self, fanout: FanOut, notify: Progress, extras: Mapping[str, Callable[[], Any]]) -> None:
        names = {name for c in self.checks for name in c.collectors}
        if any(c.uses_compute_optimizer for c in self.checks):
            names.add(ENROLLMENT)
        collectors = [get_collector(n) for n in sorted(names)]
        tasks: dict[tuple[str, str], Callable[[], Any]] = {}
        for collector in collectors:
            for region in self.regions if collector.regional else [GLOBAL]:
                where = region if collector.regional else DEFAULT_REGION
                tasks[(region, collector.name)] = partial(collector, self.session, where)
        for name, task in extras.items():
            tasks[(GLOBAL, f"extra:{name}")] = task
        results = fanout.run(tasks, on_done=_region_counter(tasks, notify, "regions read"))
        failed: dict[str, dict[str, AwsProblem]] = defaultdict(dict)
        for (region, name), result in results.items():
            if name.startswith("extra:"):
                self.extras[name.removeprefix("extra:")] = result
            elif result.ok:
                self.records[region][name] = result.value
            else:
                failed[region][name] = _problem(result)
        for region in self.regions:
            blocked: dict[str, list[str]] = defaultdict(list)
            self.runnable[region] = []
            for check in self.checks:
                missing = [n for n in check.collectors if n in failed[region]]
                if missing:
                    blocked[missing[0]].append(check.id)
                else:
                    self.runnable[region].append(check)
            self.gaps += [Gap(region, n, failed[region][n], tuple(ids)) for n, ids in blocked.items()]
        self.enrolled = _enrollment(results.get((GLOBAL, ENROLLMENT)), self.checks, self.notes)

    # 2. measure: one batched GetMetricData per region, and Compute Optimizer where it can help --------
    def measure(self, fanout: FanOut, notify: Progress) -> None:
        tasks: dict[tuple[str, str], Callable[[], Any]] = {}
        for region in self.regions:
            queries = self._queries(region)
            if queries:
                client = partial(self.session.client, "cloudwatch", region)
                tasks[(region, "cloudwatch")] = partial(_fetch_metrics, client, queries, self.now)
            wants_co = any(c.uses_compute_optimizer for c in self.runnable[region])
            if self.enrolled and wants_co and _running(self.records[region]):
                tasks[(region, "compute-optimizer")] = partial(
                    compute_optimizer.ec2_recommendations, self.session, region
                )
        results = fanout.run(tasks, on_done=_region_counter(tasks, notify, "regions measured"))
        for (region, source), result in results.items():
            if source == "cloudwatch" and result.ok:
                self.metrics[region] = result.value
            elif source == "cloudwatch":
                needs = tuple(c.id for c in self.runnable[region] if c.metrics)
                self.gaps.append(Gap(region, "cloudwatch", _problem(result), needs))
                self.runnable[region] = [c for c in self.runnable[region] if not c.metrics]
            elif result.ok:
                self.recommendations[region] = result.value
            else:
                self.notes.setdefault(
                    "idle.ec2_low_cpu",
                    f"Compute Optimizer could not be read in {region} ({_problem(result).describe()}); "
                    "the CPU rule is used there.",
                )

    def _queries(self, region: str) -> list[cloudwatch.MetricQuery]:
        view, queries = self.view(region), []
        for check in list(self.runnable[region]):
            if check.metrics is None:
                continue
            try:
                queries += list(check.metrics(view))
            except Exception as exc:  # a bug in one check costs that check, not the answer
                self._broken(region, check, exc)
        return queries

    # 3. judge: the checks, pure; findings keyed so nothing is listed twice ------------------------------
    def judge(self) -> dict[str, Waste]:
        wastes: dict[str, Waste] = {}
        for region in self.regions:
            view = self.view(region)
            for check in self.runnable[region]:
                try:
                    for waste in check.run(view):
                        wastes.setdefault(waste.finding.key, waste)
                except Exception as exc:
                    self._broken(region, check, exc)
        return wastes

    def _broken(self, region: str, check: Check, exc: Exception) -> None:
        log.error("check %s failed in %s", check.id, region, exc_info=exc)
        self.gaps.append(Gap(region, check.id, classify(exc), (check.id,)))
        self.runnable[region] = [c for c in self.runnable[region] if c is not check]


# 4. price: exactly the prices the findings need, per region in parallel ------------------------------
def _priced(wastes: Mapping[str, Waste], book: PriceBook, fanout: FanOut, notify: Progress) -> list[Finding]:
    keys: dict[str, set[PriceKey]] = defaultdict(set)
    for waste in wastes.values():
        for charge in waste.charges:
            keys[charge.price.region].add(charge.price)
    tasks = {(region, "pricing"): partial(book.load, sorted(k, key=str)) for region, k in keys.items()}
    fanout.run(tasks, on_done=_region_counter(tasks, notify, "regions priced"))
    findings = []
    for waste in wastes.values():
        finding = price(waste, book.price)
        too_small = waste.min_usd is not None and (finding.monthly_cost or 0) < waste.min_usd
        if not too_small:
            findings.append(finding)
    return sorted(findings, key=_order)


def _problem(result: RegionResult[Any]) -> AwsProblem:
    """The error of a result known to have failed (RegionResult holds a value or an error)."""
    return cast(AwsProblem, result.error)


def _sum(findings: Iterable[Finding]) -> Decimal:
    return sum((f.monthly_cost or Decimal(0) for f in findings), Decimal(0)).quantize(Decimal("0.01"))


def _order(finding: Finding) -> tuple[Any, ...]:
    cost = finding.monthly_cost
    return (cost is None, -(cost or 0), finding.check, finding.region, finding.resource_id)


def _fetch_metrics(
    client: Callable[[], Any], queries: Iterable[cloudwatch.MetricQuery], end: datetime
) -> Any:
    return cloudwatch.fetch(client(), queries, end=end)


def _running(records: Mapping[str, Sequence[Any]]) -> bool:
    return any(i.state == "running" for i in records.get("ec2.instances", ()))


def _enrollment(result: RegionResult[Any] | None, checks: Sequence[Check], notes: dict[str, str]) -> bool:
    """Whether to ask Compute Optimizer; the answer says so either way (not opted in is not an error)."""
    users = [c.id for c in checks if c.uses_compute_optimizer]
    if result is None or not users:
        return False
    if not result.ok:
        text = f"Compute Optimizer could not be read ({_problem(result).describe()}); the CPU rule is used."
        active = False
    elif result.value and result.value[0].active:
        text = "Compute Optimizer: opted in — its findings are used where it has them."
        active = True
    else:
        text = "Compute Optimizer: not opted in — the bot's CPU rule is used instead."
        active = False
    for check_id in users:
        notes[check_id] = text
    return active


def _region_counter(
    tasks: Mapping[tuple[str, str], Any], notify: Progress, unit: str
) -> Callable[[Hashable, Any], None]:
    """on_done callback: report progress each time a region's last task finishes."""
    remaining = Counter(region for region, _ in tasks if region != GLOBAL)
    total = len(remaining)
    done = [0]

    def on_done(key: Hashable, _: Any) -> None:
        region = cast(tuple[str, str], key)[0]
        if region not in remaining:
            return
        remaining[region] -= 1
        if remaining[region] == 0:
            done[0] += 1
            notify(done[0], total, unit)

    return on_done
