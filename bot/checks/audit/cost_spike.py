"""A vertical spike in daily cost within the recent window, with what drove it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import finding
from bot.checks.audit.registry import check
from bot.model import GLOBAL, Finding, Severity

ID = "audit.cost_spike"


def summary(findings: Sequence[Finding]) -> str:
    last = findings[-1].evidence
    drivers = f", driven by {last['drivers']}" if last.get("drivers") else ""
    days = ", ".join(f.evidence["description"] for f in findings[-3:])
    return f"Vertical cost spike: {days}{drivers}"


@check(
    ID,
    severity=Severity.HIGH,
    title="Vertical cost spike",
    rationale="A takeover multiplies the daily bill overnight; idle resources keep it flat. A day at 3× "
    "its 14-day median (and $10 above it) is a spike (rules in bot/spend/signals.py).",
    area="cost",
    signal="cost_spike",
    needs=("cost",),
    summary=summary,
)
def cost_spike(data: AuditData) -> list[Finding]:
    cost = data.cost
    if cost is None:
        return []
    drivers = "; ".join(
        f"{m.key} +${m.delta:,.2f}"
        for m in cost.movers("service", 2) + cost.movers("region", 2)
        if m.delta > 0
    )
    return [
        finding(
            data,
            ID,
            severity=Severity.HIGH,
            region=GLOBAL,
            resource_id=spike.day.day.isoformat(),
            title=spike.describe(),
            evidence={
                "description": spike.describe(),
                "amount": str(spike.day.amount),
                "baseline": str(spike.baseline),
                "ratio": str(spike.ratio),
                "drivers": drivers,
            },
        )
        for spike in cost.recent_spikes()
    ]
