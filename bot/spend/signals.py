"""Spike or run-rate: pure functions over a daily cost series, shared by the audit, digest and /aws-cost.

The rules, with their thresholds in one place (`Rules`):

- **Vertical spike** — a day costing at least `spike_factor` × the median of the `baseline_days`
  days before it, and at least `spike_min_usd` above that median. A takeover (hundreds of instances
  launched in minutes) looks like this; a gradual creep does not.
- **Flat run-rate** — over the last `flat_days` days (at least `flat_min_days` with data), the
  coefficient of variation (standard deviation / mean) of daily cost is at most `flat_max_cv`.
  Always-on, idle resources look like this. A low-and-slow miner can hide in a flat run-rate too,
  which is why the audit still reads CloudTrail before calling anything legitimate.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar

from bot.spend.explorer import DailyCost

K = TypeVar("K")


@dataclass(frozen=True)
class Rules:
    baseline_days: int = 14
    spike_factor: Decimal = Decimal(3)
    spike_min_usd: Decimal = Decimal(10)
    flat_days: int = 90
    flat_min_days: int = 60
    flat_max_cv: Decimal = Decimal("0.15")


RULES = Rules()


class Signal(StrEnum):
    SPIKE = "spike"
    FLAT = "flat"
    NORMAL = "normal"
    UNKNOWN = "insufficient data"


@dataclass(frozen=True)
class Spike:
    day: DailyCost
    baseline: Decimal  # median of the days before
    ratio: Decimal  # day / baseline (baseline 0 → the day's amount over $1)

    def describe(self) -> str:
        return (
            f"{self.day.day.isoformat()}: ${self.day.amount:,.2f} against a ${self.baseline:,.2f}/day "
            f"baseline ({self.ratio:.1f}×)"
        )


@dataclass(frozen=True)
class RunRate:
    daily_mean: Decimal
    cv: Decimal
    days: int

    @property
    def monthly(self) -> Decimal:
        return (self.daily_mean * Decimal("30.4")).quantize(Decimal("0.01"))

    def describe(self) -> str:
        return f"flat ≈ ${self.monthly:,.2f}/month over {self.days} days (variation {self.cv:.0%})"


@dataclass(frozen=True)
class Change:
    current: Decimal
    previous: Decimal

    @property
    def delta(self) -> Decimal:
        return self.current - self.previous

    @property
    def pct(self) -> Decimal | None:
        if self.previous == 0:
            return None
        return (self.delta / self.previous * 100).quantize(Decimal("0.1"))

    def describe(self) -> str:
        sign = "+" if self.delta >= 0 else "-"
        pct = f" ({sign}{abs(self.pct)}%)" if self.pct is not None else ""
        return f"{sign}${abs(self.delta):,.2f}{pct}"


@dataclass(frozen=True)
class Mover(Generic[K]):
    key: K
    current: Decimal
    previous: Decimal
    share: Decimal | None  # of the total change, 0..1 (None when the total did not change)

    @property
    def delta(self) -> Decimal:
        return self.current - self.previous


def spikes(series: Sequence[DailyCost], rules: Rules = RULES) -> list[Spike]:
    """Every day that jumps far above its trailing baseline, oldest first."""
    found = []
    for i in range(rules.baseline_days, len(series)):
        window = [d.amount for d in series[i - rules.baseline_days : i]]
        baseline = Decimal(statistics.median(window))
        day = series[i]
        if day.amount - baseline < rules.spike_min_usd:
            continue
        ratio = day.amount / baseline if baseline > 0 else day.amount
        if baseline == 0 or day.amount >= rules.spike_factor * baseline:
            found.append(
                Spike(day, baseline.quantize(Decimal("0.01")), Decimal(ratio).quantize(Decimal("0.1")))
            )
    return found


def run_rate(series: Sequence[DailyCost], rules: Rules = RULES) -> RunRate | None:
    """The flat run-rate reading, or None when the series varies too much or is too short."""
    window = [d.amount for d in series[-rules.flat_days :]]
    if len(window) < rules.flat_min_days:
        return None
    mean = Decimal(statistics.fmean(window))
    if mean <= 0:
        return None
    cv = Decimal(statistics.pstdev(window)) / mean
    if cv > rules.flat_max_cv:
        return None
    return RunRate(mean.quantize(Decimal("0.01")), cv.quantize(Decimal("0.001")), len(window))


def reading(series: Sequence[DailyCost], rules: Rules = RULES) -> Signal:
    """One word for the series: a spike beats a flat reading (the spike is what needs attention)."""
    if len(series) < rules.baseline_days + 1 or not any(d.amount for d in series):
        return Signal.UNKNOWN
    if spikes(series, rules):
        return Signal.SPIKE
    if run_rate(series, rules):
        return Signal.FLAT
    return Signal.NORMAL


def top_movers(current: Mapping[K, Decimal], previous: Mapping[K, Decimal], n: int = 3) -> list[Mover[K]]:
    """The keys (service, region, usage type…) that explain most of the change, largest first."""
    keys = set(current) | set(previous)
    total_delta = sum((current.get(k, Decimal(0)) - previous.get(k, Decimal(0)) for k in keys), Decimal(0))
    movers = [
        Mover(
            key=k,
            current=current.get(k, Decimal(0)),
            previous=previous.get(k, Decimal(0)),
            share=None
            if total_delta == 0
            else ((current.get(k, Decimal(0)) - previous.get(k, Decimal(0))) / total_delta).quantize(
                Decimal("0.01")
            ),
        )
        for k in keys
    ]
    movers = [m for m in movers if m.delta != 0]
    movers.sort(key=lambda m: (-abs(m.delta), str(m.key)))
    return movers[:n]
