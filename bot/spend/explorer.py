"""Cost Explorer, one cached and counted request at a time.

Cost Explorer bills $0.01 per request (each page counts). Every answer is cached in the store per
account and day, and every request that goes out is counted (`bot.store.cache.calls_made`). The
90-day daily series is the workhorse: month-to-date, last month, yesterday and the signals are all
derived from it, so they cost no further request.
"""

from __future__ import annotations

import calendar
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from bot.aws.session import AccountSession
from bot.store import Store
from bot.store.cache import cached_call, count_call, peek
from bot.store.types import utcnow

METRIC = "UnblendedCost"
DIMENSIONS = ("SERVICE", "REGION", "USAGE_TYPE", "LINKED_ACCOUNT")


@dataclass(frozen=True)
class DailyCost:
    day: date
    amount: Decimal


class CostExplorer:
    """Cost Explorer for one account, through its audit role; `today` is UTC unless given."""

    def __init__(self, session: AccountSession, store: Store, *, today: date | None = None) -> None:
        self.session = session
        self.store = store
        self.today = today or utcnow().date()
        self.requests = 0  # made by this instance (cache misses × pages)
        self._lock = threading.Lock()  # requests may run on several fan-out threads at once

    # --- raw, cached requests ---------------------------------------------------------------------
    def _request(self, operation: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Every page of one Cost Explorer operation, from the cache when asked already today."""

        def fetch() -> list[dict[str, Any]]:
            client = self.session.client("ce")
            method = getattr(client, _snake(operation))
            pages, token = [], None
            while True:
                answer = method(**params, **({"NextPageToken": token} if token else {}))
                with self._lock:
                    self.requests += 1
                count_call(self.store, account=self.session.account.name, service="ce", operation=operation)
                answer.pop("ResponseMetadata", None)
                pages.append(answer)
                token = answer.get("NextPageToken")
                if not token:
                    return pages

        return cached_call(
            self.store,
            account=self.session.account.name,
            service="ce",
            operation=operation,
            params=params,
            fetch=fetch,
            day=self.today,
            count=False,
        )

    # --- what the rest of the bot asks ------------------------------------------------------------
    def daily(self, days: int = 90) -> list[DailyCost]:
        """Daily unblended cost for the last `days` days, today (partial) included."""
        params = _daily_params(self.today, days)
        return _daily_series(self._request("GetCostAndUsage", params), self.today, days)

    def grouped(self, start: date, end: date, group_by: Sequence[str]) -> dict[tuple[str, ...], Decimal]:
        """Total cost per group (at most two dimensions) between `start` and `end` (exclusive)."""
        params = _grouped_params(start, end, group_by)
        if params is None:
            return {}
        totals: dict[tuple[str, ...], Decimal] = {}
        for page in self._request("GetCostAndUsage", params):
            for result in page.get("ResultsByTime", []):
                for group in result.get("Groups", []):
                    key = tuple(group["Keys"])
                    totals[key] = totals.get(key, Decimal(0)) + Decimal(group["Metrics"][METRIC]["Amount"])
        return totals

    def grouped_by_month(
        self, start: date, end: date, group_by: Sequence[str]
    ) -> dict[date, dict[tuple[str, ...], Decimal]]:
        """Cost per group for each calendar month between `start` and `end` (exclusive), in ONE request.

        Cost Explorer splits a MONTHLY answer at month boundaries, so last month and this month to
        date come back together: half the requests of asking for each period on its own.
        """
        params = _grouped_params(start, end, group_by)
        if params is None:
            return {}
        months: dict[date, dict[tuple[str, ...], Decimal]] = {}
        for page in self._request("GetCostAndUsage", params):
            for result in page.get("ResultsByTime", []):
                month = month_start(date.fromisoformat(result["TimePeriod"]["Start"]))
                totals = months.setdefault(month, {})
                for group in result.get("Groups", []):
                    key = tuple(group["Keys"])
                    totals[key] = totals.get(key, Decimal(0)) + Decimal(group["Metrics"][METRIC]["Amount"])
        return months

    def savings_plans_recommendation(
        self,
        *,
        plan_type: str = "COMPUTE_SP",
        term: str = "ONE_YEAR",
        payment: str = "NO_UPFRONT",
        lookback: str = "SIXTY_DAYS",
    ) -> list[dict[str, Any]]:
        """Every page of AWS's Savings Plans purchase recommendation (a billed, cached CE request)."""
        params = {
            "SavingsPlansType": plan_type,
            "TermInYears": term,
            "PaymentOption": payment,
            "LookbackPeriodInDays": lookback,
        }
        return self._request("GetSavingsPlansPurchaseRecommendation", params)

    def last_month(self) -> Decimal:
        """Last calendar month's total, from the (cached) daily series."""
        return last_month_total(self.daily(), self.today)

    def forecast_month_end(self) -> Decimal | None:
        """The whole month's forecast (actual so far + forecast to month end), None when AWS has none."""
        month_end = self.today.replace(day=calendar.monthrange(self.today.year, self.today.month)[1])
        tomorrow = self.today + timedelta(days=1)
        mtd = month_to_date(self.daily(), self.today)
        if tomorrow > month_end:
            return mtd
        params = {
            "TimePeriod": {"Start": tomorrow.isoformat(), "End": (month_end + timedelta(days=1)).isoformat()},
            "Metric": "UNBLENDED_COST",
            "Granularity": "MONTHLY",
        }
        try:
            pages = self._request("GetCostForecast", params)
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "DataUnavailableException":
                return None  # too little history for a forecast: say so, don't guess
            raise
        rest = Decimal(pages[0]["Total"]["Amount"])
        return mtd + rest


# --- periods, from the daily series (no request) -------------------------------------------------
def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> tuple[date, date]:
    """First and last day of the month before `day`'s."""
    last = month_start(day) - timedelta(days=1)
    return last.replace(day=1), last


def total(series: Sequence[DailyCost], start: date, end: date) -> Decimal:
    """Sum of days from `start` to `end`, both included."""
    return sum((d.amount for d in series if start <= d.day <= end), Decimal(0))


def month_to_date(series: Sequence[DailyCost], today: date) -> Decimal:
    return total(series, month_start(today), today)


def last_month_total(series: Sequence[DailyCost], today: date) -> Decimal:
    first, last = previous_month(today)
    return total(series, first, last)


def same_period_last_month(series: Sequence[DailyCost], today: date) -> Decimal:
    """Last month from its 1st to the same day number (clamped), to compare with month-to-date."""
    first, last = previous_month(today)
    return total(series, first, min(last, first.replace(day=min(today.day, last.day))))


def _grouped_params(start: date, end: date, group_by: Sequence[str]) -> dict[str, Any] | None:
    """A MONTHLY GetCostAndUsage grouped by one or two dimensions; None for an empty period."""
    if not 1 <= len(group_by) <= 2 or any(g not in DIMENSIONS for g in group_by):
        raise ValueError(f"group by one or two of {DIMENSIONS}")
    if start >= end:
        return None
    return {
        "TimePeriod": {"Start": start.isoformat(), "End": end.isoformat()},
        "Granularity": "MONTHLY",
        "Metrics": [METRIC],
        "GroupBy": [{"Type": "DIMENSION", "Key": key} for key in group_by],
    }


def _daily_params(today: date, days: int) -> dict[str, Any]:
    start = today - timedelta(days=days - 1)
    return {
        "TimePeriod": {"Start": start.isoformat(), "End": (today + timedelta(days=1)).isoformat()},
        "Granularity": "DAILY",
        "Metrics": [METRIC],
    }


def _daily_series(pages: Sequence[dict[str, Any]], today: date, days: int) -> list[DailyCost]:
    series: dict[date, Decimal] = {}
    for page in pages:
        for result in page.get("ResultsByTime", []):
            day = date.fromisoformat(result["TimePeriod"]["Start"])
            series[day] = Decimal(result.get("Total", {}).get(METRIC, {}).get("Amount", "0"))
    return [
        DailyCost(day, series.get(day, Decimal(0))) for day in _days(today - timedelta(days=days - 1), today)
    ]


def cached_daily(
    store: Store, account: str, *, today: date | None = None, days: int = 90
) -> list[DailyCost] | None:
    """The daily series if a command already asked Cost Explorer for it today; never a request."""
    today = today or utcnow().date()
    pages = peek(
        store,
        account=account,
        service="ce",
        operation="GetCostAndUsage",
        params=_daily_params(today, days),
        day=today,
    )
    return None if pages is None else _daily_series(pages, today, days)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _snake(operation: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in operation).lstrip("_")
