"""Everything `/aws-cost` says about an account's bill, in a fixed, small number of Cost Explorer requests.

The request budget (each $0.01, cached per account and day, so a second ask the same day is free):

1. the 90-day daily series (no grouping): month-to-date, last month, the same period last month,
   the spike and run-rate signals and the chart all come from it;
2. the forecast to month end;
3. SERVICE+REGION, MONTHLY, from the 1st of last month to today: last month and this month to
   date come back in one answer, split at the month boundary;
4. USAGE_TYPE+LINKED_ACCOUNT, the same way;
5. SERVICE+REGION over the same period last month (1st to today's day number), so movers compare
   like with like;
6. USAGE_TYPE+LINKED_ACCOUNT over the same period last month.

Steps 5 and 6 are skipped when the same period is the whole of last month (answered by 3 and 4).
A grouped answer too large for one page costs one request per extra page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from bot.aws.errors import AwsProblem, classify
from bot.spend.explorer import (
    CostExplorer,
    DailyCost,
    last_month_total,
    month_start,
    month_to_date,
    previous_month,
    same_period_last_month,
)
from bot.spend.signals import (
    RULES,
    Change,
    Mover,
    Rules,
    RunRate,
    Signal,
    Spike,
    reading,
    run_rate,
    spikes,
    top_movers,
)

Pair = tuple[str, str]
PAIRS: tuple[Pair, ...] = (("SERVICE", "REGION"), ("USAGE_TYPE", "LINKED_ACCOUNT"))
Totals = dict[tuple[str, ...], Decimal]


@dataclass(frozen=True)
class Periods:
    """The three periods a report compares, each with its first and last day (both included)."""

    today: date

    @property
    def this_month(self) -> tuple[date, date]:
        return month_start(self.today), self.today

    @property
    def last_month(self) -> tuple[date, date]:
        return previous_month(self.today)

    @property
    def same_period(self) -> tuple[date, date]:
        """Last month from its 1st to today's day number (clamped to its length)."""
        first, last = previous_month(self.today)
        return first, min(last, first.replace(day=min(self.today.day, last.day)))

    @property
    def same_period_is_whole_month(self) -> bool:
        return self.same_period[1] == self.last_month[1]


@dataclass(frozen=True)
class Breakdown:
    """One pair of dimensions over the three periods."""

    dimensions: Pair
    month_to_date: Totals
    same_period: Totals
    last_month: Totals

    def by(self, *dimensions: str) -> tuple[Totals, Totals, Totals]:
        """The three periods summed over the other dimension (e.g. by SERVICE alone)."""
        index = [self.dimensions.index(d) for d in dimensions]
        return tuple(  # type: ignore[return-value]
            _marginal(period, index) for period in (self.month_to_date, self.same_period, self.last_month)
        )


@dataclass
class CostReport:
    account: str
    today: date
    series: list[DailyCost]
    forecast: Decimal | None
    breakdowns: dict[Pair, Breakdown] = field(default_factory=dict)
    problems: dict[str, AwsProblem] = field(default_factory=dict)  # "forecast", "SERVICE+REGION"…
    requests: int = 0  # Cost Explorer requests this report made (the rest came from today's cache)
    rules: Rules = RULES

    @property
    def periods(self) -> Periods:
        return Periods(self.today)

    @property
    def month_to_date(self) -> Decimal:
        return month_to_date(self.series, self.today)

    @property
    def last_month(self) -> Decimal:
        return last_month_total(self.series, self.today)

    @property
    def same_period_last_month(self) -> Decimal:
        return same_period_last_month(self.series, self.today)

    @property
    def change(self) -> Change:
        """Month-to-date against the same days of last month: the like-for-like change."""
        return Change(self.month_to_date, self.same_period_last_month)

    @property
    def forecast_change(self) -> Change | None:
        """The month's forecast against last month's whole total."""
        return None if self.forecast is None else Change(self.forecast, self.last_month)

    @property
    def has_spend(self) -> bool:
        return any(d.amount for d in self.series)

    @property
    def signal(self) -> Signal:
        return reading(self.series, self.rules)

    @property
    def spikes(self) -> list[Spike]:
        return spikes(self.series, self.rules)

    @property
    def run_rate(self) -> RunRate | None:
        return run_rate(self.series, self.rules)

    def movers(self, *dimensions: str, n: int = 3) -> list[Mover[tuple[str, ...]]]:
        """Which keys explain most of the change against the same period last month."""
        breakdown = self._breakdown_with(dimensions)
        if breakdown is None:
            return []
        current, previous, _ = breakdown.by(*dimensions)
        return top_movers(current, previous, n)

    def table(self, dimension: str) -> list[tuple[str, Decimal, Decimal, Decimal]] | None:
        """(key, month to date, same period last month, last month) by one dimension, largest first."""
        breakdown = self._breakdown_with((dimension,))
        if breakdown is None:
            return None
        mtd, same, last = breakdown.by(dimension)
        keys = set(mtd) | set(same) | set(last)
        rows = [
            (k[0], mtd.get(k, Decimal(0)), same.get(k, Decimal(0)), last.get(k, Decimal(0)))
            for k in keys
            if mtd.get(k) or same.get(k) or last.get(k)
        ]
        rows.sort(key=lambda r: (-r[1], -r[3], r[0]))
        return rows

    def summary(self) -> dict[str, Any]:
        """What the runs table keeps for the digest and the Home tab (amounts as Decimal strings)."""
        signal = self.signal
        return {
            "mtd_usd": str(self.month_to_date),
            "forecast_usd": None if self.forecast is None else str(self.forecast),
            "last_month_usd": str(self.last_month),
            "signal": signal.value if signal is not Signal.UNKNOWN else "normal",
            "reading": signal.value,
            "same_period_last_month_usd": str(self.same_period_last_month),
            "top_movers": [
                {"key": " · ".join(m.key), "delta_usd": str(m.delta)}
                for m in self.movers("SERVICE", "REGION")
            ],
            "ce_requests": self.requests,
        }

    def _breakdown_with(self, dimensions: tuple[str, ...]) -> Breakdown | None:
        for pair, breakdown in self.breakdowns.items():
            if all(d in pair for d in dimensions):
                return breakdown
        return None


def build_report(explorer: CostExplorer, *, days: int = 90) -> CostReport:
    """Read the account's bill; raises the daily series' error (without it there is nothing to say).

    Every other request failing is kept in `problems` and the rest of the report still answers.
    The requests run one after another on purpose: there are at most six, the daily series must
    be cached before the forecast reads it, and the cache writes stay on one thread (an in-memory
    SQLite store shares one connection between threads).
    """
    before = explorer.requests
    series = explorer.daily(days)
    periods = Periods(explorer.today)
    last_first, _ = periods.last_month
    same_first, same_last = periods.same_period
    tomorrow = explorer.today + timedelta(days=1)

    tasks: dict[str, Callable[[], Any]] = {"forecast": explorer.forecast_month_end}
    for pair in PAIRS:
        label = "+".join(pair)
        tasks[label] = lambda p=pair: explorer.grouped_by_month(last_first, tomorrow, p)
        if not periods.same_period_is_whole_month:
            tasks[f"{label} (same period)"] = lambda p=pair: explorer.grouped(
                same_first, same_last + timedelta(days=1), p
            )
    answers: dict[str, Any] = {}
    problems: dict[str, AwsProblem] = {}
    for key, task in tasks.items():
        try:
            answers[key] = task()
        except (ClientError, BotoCoreError) as exc:
            problems[key] = classify(exc)

    report = CostReport(
        account=explorer.session.account.name,
        today=explorer.today,
        series=series,
        forecast=answers.get("forecast"),
        problems=problems,
    )
    for pair in PAIRS:
        label = "+".join(pair)
        months = answers.get(label)
        if months is None:
            continue
        last = months.get(last_first, {})
        same = last if periods.same_period_is_whole_month else answers.get(f"{label} (same period)")
        if same is None:
            continue
        report.breakdowns[pair] = Breakdown(pair, months.get(month_start(explorer.today), {}), same, last)
    report.requests = explorer.requests - before
    return report


def _marginal(totals: Totals, index: list[int]) -> Totals:
    out: Totals = {}
    for key, amount in totals.items():
        sub = tuple(key[i] for i in index)
        out[sub] = out.get(sub, Decimal(0)) + amount
    return out
