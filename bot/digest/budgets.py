"""AWS Budgets: actual and forecasted spend against each budget's limit — what catches slow creep.

A budget is read once per digest (`describe_budgets`, paginated; Budgets requests are not Cost
Explorer requests and cost nothing). Actual and forecasted spend come from the budget itself
(`CalculatedSpend`), so the forecast needs no `GetCostForecast` request either.

States, the same for actual and forecast (`Thresholds`): **ok** below 80% of the limit,
**warning** from 80%, **over** from 100%.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from bot.aws.session import AccountSession
from bot.model import Severity, money
from bot.store.types import utcnow

# Budget types measured in money or usage; utilization and coverage budgets read the other way round.
SPEND_TYPES = {"COST", "USAGE"}


@dataclass(frozen=True)
class Thresholds:
    warning: Decimal = Decimal("0.80")
    over: Decimal = Decimal("1.00")


THRESHOLDS = Thresholds()


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    OVER = "over"

    @property
    def emoji(self) -> str:
        return {"ok": "🟢", "warning": "🟡", "over": "🔴"}[self.value]


def level(amount: Decimal, limit: Decimal, thresholds: Thresholds = THRESHOLDS) -> Level:
    if limit <= 0:
        return Level.OVER if amount > 0 else Level.OK
    ratio = amount / limit
    if ratio >= thresholds.over:
        return Level.OVER
    if ratio >= thresholds.warning:
        return Level.WARNING
    return Level.OK


@dataclass(frozen=True)
class BudgetStatus:
    name: str
    budget_type: str  # COST or USAGE
    time_unit: str  # MONTHLY, QUARTERLY, ANNUALLY, DAILY, CUSTOM
    limit: Decimal
    unit: str  # USD, or a usage unit
    actual: Decimal
    forecast: Decimal | None  # None: AWS has no forecast yet (new budget, little history)

    @property
    def actual_level(self) -> Level:
        return level(self.actual, self.limit)

    @property
    def forecast_level(self) -> Level | None:
        return None if self.forecast is None else level(self.forecast, self.limit)

    @property
    def severity(self) -> Severity:
        if self.actual_level is Level.OVER:
            return Severity.HIGH
        if self.actual_level is Level.WARNING or self.forecast_level is Level.OVER:
            return Severity.MEDIUM
        if self.forecast_level is Level.WARNING:
            return Severity.LOW
        return Severity.INFO

    def pct(self, amount: Decimal | None) -> str:
        if amount is None or self.limit <= 0:
            return "—"
        return f"{(amount / self.limit * 100).quantize(Decimal(1))}%"

    def amount(self, value: Decimal | None) -> str:
        if value is None:
            return "—"
        return money(value) if self.unit == "USD" else f"{value.normalize():,f} {self.unit}"

    @property
    def period(self) -> str:
        return {"MONTHLY": "month-to-date", "QUARTERLY": "quarter-to-date", "ANNUALLY": "year-to-date"}.get(
            self.time_unit, "period-to-date"
        )


def read_budgets(session: AccountSession) -> list[BudgetStatus]:
    """Every cost and usage budget of the account, worst first; errors propagate to the caller."""
    client = session.client("budgets")
    statuses = []
    for page in client.get_paginator("describe_budgets").paginate(AccountId=session.account.account_id):
        for raw in page.get("Budgets", []):
            status = parse_budget(raw)
            if status is not None:
                statuses.append(status)
    statuses.sort(key=lambda b: (-b.severity, b.name))
    return statuses


def parse_budget(raw: Mapping[str, Any], now: datetime | None = None) -> BudgetStatus | None:
    """A budget as AWS returns it, or None for utilization/coverage budgets and budgets without a limit."""
    if raw.get("BudgetType") not in SPEND_TYPES:
        return None
    limit = raw.get("BudgetLimit") or _planned_limit(raw.get("PlannedBudgetLimits") or {}, now or utcnow())
    if not limit:
        return None
    spend = raw.get("CalculatedSpend") or {}
    actual = spend.get("ActualSpend") or {}
    forecast = spend.get("ForecastedSpend")
    return BudgetStatus(
        name=raw["BudgetName"],
        budget_type=raw["BudgetType"],
        time_unit=raw.get("TimeUnit", "MONTHLY"),
        limit=Decimal(str(limit["Amount"])),
        unit=limit.get("Unit", "USD"),
        actual=Decimal(str(actual.get("Amount", "0"))),
        forecast=Decimal(str(forecast["Amount"]))
        if forecast and forecast.get("Amount") is not None
        else None,
    )


def _planned_limit(planned: Mapping[str, Any], now: datetime) -> Mapping[str, Any] | None:
    """The limit of the current period of a budget planned period by period (keys: epoch seconds)."""
    started = [
        (int(float(key)), spend) for key, spend in planned.items() if int(float(key)) <= now.timestamp()
    ]
    return max(started, key=lambda pair: pair[0])[1] if started else None
