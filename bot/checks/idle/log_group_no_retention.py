"""CloudWatch log groups that never expire: storage that only grows."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from bot.checks.idle.thresholds import THRESHOLDS, Thresholds
from bot.checks.idle.waste import Charge, Waste, make
from bot.checks.registry import check
from bot.checks.view import RegionView
from bot.collect.logs import LogGroup
from bot.pricing.keys import GIB, PriceKey

ID = "idle.log_group_no_retention"


def stored(size: int) -> str:
    for unit, scale in (("TiB", GIB * 1024), ("GiB", GIB), ("MiB", 1024**2)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return f"{size:,} B"


@check(
    ID,
    title="Log groups without retention",
    collectors=["logs.log_groups"],
    threshold=f"retention “never expire” and at least {stored(THRESHOLDS.log_group_min_stored_bytes)} stored "
    f"(the action sets {THRESHOLDS.log_group_target_retention_days} days)",
    rationale="Logs that never expire are billed per GB-month forever. Estimate: the share of stored "
    "bytes older than the proposed retention (assuming steady ingestion since the group was created) × "
    "the region's Logs storage price.",
    actions=["logs.set_retention"],
)
def run(view: RegionView[Thresholds]) -> Iterator[Waste]:
    t = view.thresholds
    group: LogGroup
    for group in view.get("logs.log_groups"):
        if group.retention_days is not None or group.stored_bytes < t.log_group_min_stored_bytes:
            continue
        age = view.age_days(group.created)
        target = t.log_group_target_retention_days
        share = Decimal(0) if not age or age <= target else Decimal(age - target) / Decimal(age)
        gib = Decimal(group.stored_bytes) / GIB
        why = "never expires"
        why += (
            f"; ≈{share:.0%} older than {target} days" if share else f"; all newer than {target} days so far"
        )
        finding = make(
            ID,
            view.account,
            view.region,
            group.name,
            why,
            action="logs.set_retention",
            facts={"retention_days": None, "target_retention_days": target},
            age_days=age,
            size=stored(group.stored_bytes),
            resource_arn=group.arn or None,
        )
        charge = Charge(PriceKey("logs", view.region), (gib * share).quantize(Decimal("0.001")))
        yield Waste(finding, (charge,), quantity_estimated=True)
