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
from typing import Any

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
    now = now or utcnow()
    notify = progress or (lambda done, total, unit: None)
    account, account_id = session.account.name, session.account.account_id

    # 1. read ---------------------------------------------------------------------------------------
    names = {name for c in checks for name in c.collectors}
    if any(c.uses_compute_optimizer for c in checks):
        names.add(ENROLLMENT)
    collectors = [get_collector(n) for n in sorted(names)]
    tasks: dict[tuple[str, str], Callable[[], Any]] = {}
    for region in regions:
        for collector in collectors:
            if collector.regional:
                tasks[(region, collector.name)] = partial(collector, session, region)
    for collector in collectors:
        if not collector.regional:
            tasks[(GLOBAL, collector.name)] = partial(collector, session, DEFAULT_REGION)
    for name, task in (extras or {}).items():
        tasks[(GLOBAL, f"extra:{name}")] = task
    read = fanout.run(tasks, on_done=_region_counter(tasks, notify, "regions read"))

    records: dict[str, dict[str, Sequence[Any]]] = defaultdict(dict)
    failed: dict[str, dict[str, AwsProblem]] = defaultdict(dict)
    for (region, name), result in read.items():
        if result.ok:
            records[region][name] = result.value
        else:
            failed[region][name] = result.error  # type: ignore[assignment]

    gaps: list[Gap] = []
    notes: dict[str, str] = {}
    runnable: dict[str, list[Check]] = {}
    for region in regions:
        runnable[region] = []
        blocked: dict[str, list[str]] = defaultdict(list)
        for check in checks:
            missing = [n for n in check.collectors if n in failed[region]]
            if missing:
                blocked[missing[0]].append(check.id)
            else:
                runnable[region].append(check)
        gaps += [Gap(region, n, failed[region][n], tuple(ids)) for n, ids in blocked.items()]

    enrollment = _enrollment(read.get((GLOBAL, ENROLLMENT)), checks, notes)

    # 2. measure ------------------------------------------------------------------------------------
    base = {
        region: RegionView(account, account_id, region, now, thresholds, records=records[region])
        for region in regions
    }
    queries = {
        region: [q for c in runnable[region] if c.metrics for q in c.metrics(base[region])]
        for region in regions
    }
    measure: dict[tuple[str, str], Callable[[], Any]] = {}
    for region in regions:
        if queries[region]:
            client = partial(session.client, "cloudwatch", region)
            measure[(region, "cloudwatch")] = partial(_fetch_metrics, client, queries[region], now)
        if (
            enrollment
            and any(c.uses_compute_optimizer for c in runnable[region])
            and _running(records[region])
        ):
            measure[(region, "compute-optimizer")] = partial(
                compute_optimizer.ec2_recommendations, session, region
            )
    measured = fanout.run(measure, on_done=_region_counter(measure, notify, "regions measured"))

    # 3. judge --------------------------------------------------------------------------------------
    wastes: dict[str, Waste] = {}
    for region in regions:
        metrics_result = measured.get((region, "cloudwatch"))
        if metrics_result is not None and not metrics_result.ok:
            needs = tuple(c.id for c in runnable[region] if c.metrics)
            gaps.append(Gap(region, "cloudwatch", metrics_result.error, needs))  # type: ignore[arg-type]
            runnable[region] = [c for c in runnable[region] if not c.metrics]
        view_extras: dict[str, Any] = {}
        co_result = measured.get((region, "compute-optimizer"))
        if co_result is not None:
            if co_result.ok:
                view_extras[COMPUTE_OPTIMIZER] = co_result.value
            else:
                notes.setdefault(
                    "idle.ec2_low_cpu",
                    f"Compute Optimizer could not be read in {region} ({co_result.error.describe()}); "  # type: ignore[union-attr]
                    "the CPU rule is used there.",
                )
        view = RegionView(
            account,
            account_id,
            region,
            now,
            thresholds,
            records=records[region],
            metrics=metrics_result.value if metrics_result is not None and metrics_result.ok else {},
            extras=view_extras,
        )
        for check in runnable[region]:
            try:
                for waste in check.run(view):
                    wastes.setdefault(waste.finding.key, waste)  # nothing listed twice
            except Exception as exc:  # a bug in one check costs that check, not the answer
                log.exception("check %s failed in %s", check.id, region)
                gaps.append(Gap(region, check.id, classify(exc), (check.id,)))

    # 4. price --------------------------------------------------------------------------------------
    keys: dict[str, set[PriceKey]] = defaultdict(set)
    for waste in wastes.values():
        for charge in waste.charges:
            keys[charge.price.region].add(charge.price)
    pricing = {
        (region, "pricing"): partial(price_book.load, sorted(k, key=str)) for region, k in keys.items()
    }
    fanout.run(pricing, on_done=_region_counter(pricing, notify, "regions priced"))
    findings = []
    for waste in wastes.values():
        finding = price(waste, price_book.price)
        if waste.min_usd is not None and (
            finding.monthly_cost is None or finding.monthly_cost < waste.min_usd
        ):
            continue
        findings.append(finding)
    findings.sort(key=_order)

    return IdleReport(
        account=account,
        account_id=account_id,
        regions=regions,
        checks=checks,
        findings=findings,
        gaps=gaps,
        notes=notes,
        prices=price_book.describe(),
        prices_live=price_book.live,
        scanned_at=now,
        extras={
            name.removeprefix("extra:"): r for (region, name), r in read.items() if name.startswith("extra:")
        },
    )


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
        text = f"Compute Optimizer could not be read ({result.error.describe()}); the CPU rule is used."  # type: ignore[union-attr]
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
        region = key[0]  # type: ignore[index]
        if region not in remaining:
            return
        remaining[region] -= 1
        if remaining[region] == 0:
            done[0] += 1
            notify(done[0], total, unit)

    return on_done
