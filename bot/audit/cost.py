"""The cost signature: vertical spike or flat run-rate, month over month, and what moved.

Three Cost Explorer requests at most ($0.03), each cached for the day in the store: the 90-day daily
series (from which the signals, month-to-date and last month are derived), and two grouped totals
by service and region — the recent window and the baseline before it — which say what is behind a
change and which regions had no spend before the recent window.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from bot.audit.rules import RULES, AuditRules
from bot.spend.explorer import CostExplorer, DailyCost, month_to_date, same_period_last_month
from bot.spend.signals import Change, Mover, RunRate, Signal, Spike, reading, run_rate, spikes, top_movers

GlobalRegions = frozenset({"global", "NoRegion", ""})


@dataclass(frozen=True)
class CostSignature:
    today: date
    series: tuple[DailyCost, ...]
    signal: Signal
    spikes: tuple[Spike, ...]
    run_rate: RunRate | None
    month_over_month: Change  # month-to-date against the same days of last month
    recent_start: date  # first day of the recent window
    recent_by_service: Mapping[str, Decimal]
    recent_by_region: Mapping[str, Decimal]
    baseline_by_service: Mapping[str, Decimal]  # scaled to the recent window's length
    baseline_by_region: Mapping[str, Decimal]  # unscaled: did the region cost anything before?
    baseline_days: int
    requests: int  # Cost Explorer requests this audit made (0 when cached today)

    def recent_spikes(self) -> list[Spike]:
        return [s for s in self.spikes if s.day.day >= self.recent_start]

    def movers(self, by: str = "service", n: int = 3) -> list[Mover[str]]:
        """What explains the recent window against the baseline's daily rate, largest first."""
        if by == "service":
            return top_movers(self.recent_by_service, self.baseline_by_service, n)
        scaled = {k: v * self._scale for k, v in self.baseline_by_region.items()}
        return top_movers(self.recent_by_region, scaled, n)

    def regions_without_history(self, min_usd: Decimal) -> list[str]:
        """Regions that cost at least `min_usd` recently and nothing in the baseline before."""
        return sorted(
            region
            for region, amount in self.recent_by_region.items()
            if region not in GlobalRegions
            and amount >= min_usd
            and self.baseline_by_region.get(region, Decimal(0)) <= 0
        )

    def regions_with_history(self) -> list[str]:
        return sorted(r for r, v in self.baseline_by_region.items() if v > 0 and r not in GlobalRegions)

    @property
    def _scale(self) -> Decimal:
        recent_days = (self.today - self.recent_start).days + 1
        return Decimal(recent_days) / Decimal(self.baseline_days) if self.baseline_days else Decimal(0)


def cost_signature(explorer: CostExplorer, rules: AuditRules = RULES) -> CostSignature:
    today = explorer.today
    series = explorer.daily(days=rules.lookback_days)
    first = series[0].day if series else today
    recent_start = today - timedelta(days=rules.recent_days - 1)
    recent = explorer.grouped(recent_start, today + timedelta(days=1), ["SERVICE", "REGION"])
    baseline = explorer.grouped(first, recent_start, ["SERVICE", "REGION"])
    baseline_days = max((recent_start - first).days, 0)
    scale = Decimal(rules.recent_days) / Decimal(baseline_days) if baseline_days else Decimal(0)
    return CostSignature(
        today=today,
        series=tuple(series),
        signal=reading(series),
        spikes=tuple(spikes(series)),
        run_rate=_run_rate(series, rules),
        month_over_month=Change(month_to_date(series, today), same_period_last_month(series, today)),
        recent_start=recent_start,
        recent_by_service=_sum(recent, 0),
        recent_by_region=_sum(recent, 1),
        baseline_by_service={k: v * scale for k, v in _sum(baseline, 0).items()},
        baseline_by_region=_sum(baseline, 1),
        baseline_days=baseline_days,
        requests=explorer.requests,
    )


def _run_rate(series: list[DailyCost], rules: AuditRules) -> RunRate | None:
    """The run-rate before the recent window (a takeover's spike must not hide months of flat spend)."""
    before = series[: -rules.recent_days] if len(series) > rules.recent_days else []
    return run_rate(before) or run_rate(series)


def _sum(groups: Mapping[tuple[str, ...], Decimal], index: int) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for keys, amount in groups.items():
        out[keys[index]] = out.get(keys[index], Decimal(0)) + amount
    return out
