"""A Cost Explorer that answers from cost lines you give it, behind the real boto3 client.

moto's Cost Explorer returns canned results one call at a time and lacks forecasts and anomalies;
this fake computes real answers (daily or monthly, grouped by up to two dimensions, paginated like
Cost Explorer) from per-day cost lines, and every answer is checked against the service model by
`FakeAws`. The demo, the tests and the bench all use it.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bot.aws.fakes import FakeAws, FakeError
from bot.store.types import utcnow

EC2 = "Amazon Elastic Compute Cloud - Compute"
_DIMENSION = {
    "SERVICE": "service",
    "REGION": "region",
    "USAGE_TYPE": "usage_type",
    "LINKED_ACCOUNT": "account",
}


@dataclass(frozen=True)
class CostLine:
    day: date
    amount: Decimal
    service: str = EC2
    region: str = "us-east-1"
    usage_type: str = "BoxUsage:m5.large"
    account: str = "123456789012"


@dataclass
class FakeCostExplorer:
    lines: list[CostLine] = field(default_factory=list)
    page_size: int = 50
    forecast: Decimal | None = None  # month-end remainder; default: mean of the last 7 days × days left
    anomalies: list[dict[str, Any]] = field(default_factory=list)
    monitors: list[dict[str, Any]] = field(default_factory=list)
    subscriptions: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def add(self, day: date, amount: Decimal | float | str, **dims: str) -> None:
        self.lines.append(CostLine(day, Decimal(str(amount)), **dims))

    def add_series(self, start: date, amounts: Iterable[Decimal | float | str], **dims: str) -> None:
        for offset, amount in enumerate(amounts):
            self.add(start + timedelta(days=offset), amount, **dims)

    def attach_to(self, fake: FakeAws) -> FakeAws:
        fake.on("ce", "GetCostAndUsage")(self._cost_and_usage)
        fake.on("ce", "GetCostForecast")(self._forecast)
        fake.on("ce", "GetAnomalies")(self._anomalies)
        fake.on("ce", "GetAnomalyMonitors")(lambda p, r: self._paged("GetAnomalyMonitors", p, self.monitors))
        fake.on("ce", "GetAnomalySubscriptions")(
            lambda p, r: self._paged("GetAnomalySubscriptions", p, self.subscriptions)
        )
        return fake

    # --- operations ------------------------------------------------------------------------------
    def _cost_and_usage(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        self.requests.append(("GetCostAndUsage", params))
        start = date.fromisoformat(params["TimePeriod"]["Start"])
        end = date.fromisoformat(params["TimePeriod"]["End"])
        if start >= end:
            raise FakeError("ValidationException", "Start date must be before end date")
        metric = params["Metrics"][0]
        keys = [g["Key"] for g in params.get("GroupBy", [])]
        periods = _periods(start, end, params["Granularity"])
        rows: list[dict[str, Any]] = []
        for p_start, p_end in periods:
            lines = [line for line in self.lines if p_start <= line.day < p_end]
            result: dict[str, Any] = {
                "TimePeriod": {"Start": p_start.isoformat(), "End": p_end.isoformat()},
                "Total": {},
                "Groups": [],
                "Estimated": p_end > utcnow().date(),  # Cost Explorer days are UTC days
            }
            if not keys:
                amount = sum((line.amount for line in lines), Decimal(0))
                result["Total"] = {metric: {"Amount": str(amount), "Unit": "USD"}}
            else:
                groups: dict[tuple[str, ...], Decimal] = defaultdict(Decimal)
                for line in lines:
                    groups[tuple(getattr(line, _DIMENSION[k]) for k in keys)] += line.amount
                result["Groups"] = [
                    {"Keys": list(k), "Metrics": {metric: {"Amount": str(v), "Unit": "USD"}}}
                    for k, v in sorted(groups.items())
                ]
            rows.append(result)
        if not keys:
            return {"ResultsByTime": rows, "DimensionValueAttributes": []}
        # Cost Explorer pages grouped answers by groups; keep each period's groups split across pages.
        flat = [(i, g) for i, row in enumerate(rows) for g in row["Groups"]]
        offset = int(params.get("NextPageToken") or 0)
        page = flat[offset : offset + self.page_size]
        out = []
        for i, row in enumerate(rows):
            groups = [g for j, g in page if j == i]
            if groups or (not page and i == 0):
                out.append({**row, "Groups": groups})
        answer: dict[str, Any] = {"ResultsByTime": out, "GroupDefinitions": params["GroupBy"]}
        if offset + self.page_size < len(flat):
            answer["NextPageToken"] = str(offset + self.page_size)
        return answer

    def _forecast(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        self.requests.append(("GetCostForecast", params))
        start = date.fromisoformat(params["TimePeriod"]["Start"])
        end = date.fromisoformat(params["TimePeriod"]["End"])
        recent = sorted({line.day for line in self.lines})[-7:]
        if self.forecast is None and len(recent) < 7:
            raise FakeError("DataUnavailableException", "Insufficient amount of historical data")
        if self.forecast is not None:
            amount = self.forecast
        else:
            daily = sum((line.amount for line in self.lines if line.day in recent), Decimal(0)) / len(recent)
            amount = (daily * (end - start).days).quantize(Decimal("0.01"))
        return {
            "Total": {"Amount": str(amount), "Unit": "USD"},
            "ForecastResultsByTime": [
                {"TimePeriod": {"Start": start.isoformat(), "End": end.isoformat()}, "MeanValue": str(amount)}
            ],
        }

    def _anomalies(self, params: dict[str, Any], region: str) -> dict[str, Any]:
        interval = params["DateInterval"]
        start = interval["StartDate"]
        end = interval.get("EndDate", "9999-12-31")
        # As AWS documents it: an anomaly whose *last* day falls in the interval (an open one's
        # end date moves forward every day it lasts).
        wanted = [
            a for a in self.anomalies
            if start <= (a.get("AnomalyEndDate") or a["AnomalyStartDate"])[:10] <= end
            and (not params.get("MonitorArn") or a["MonitorArn"] == params["MonitorArn"])
        ]  # fmt: skip
        return self._paged("GetAnomalies", params, wanted, key="Anomalies")

    def _paged(
        self, operation: str, params: dict[str, Any], items: list[dict[str, Any]], key: str | None = None
    ) -> dict[str, Any]:
        self.requests.append((operation, params))
        key = (
            key
            or {"GetAnomalyMonitors": "AnomalyMonitors", "GetAnomalySubscriptions": "AnomalySubscriptions"}[
                operation
            ]
        )
        offset = int(params.get("NextPageToken") or 0)
        size = params.get("MaxResults") or self.page_size
        answer: dict[str, Any] = {key: items[offset : offset + size]}
        if offset + size < len(items):
            answer["NextPageToken"] = str(offset + size)
        return answer


def _periods(start: date, end: date, granularity: str) -> list[tuple[date, date]]:
    if granularity == "DAILY":
        return [(start + timedelta(days=i), start + timedelta(days=i + 1)) for i in range((end - start).days)]
    periods = []
    cursor = start
    while cursor < end:
        last = cursor.replace(day=calendar.monthrange(cursor.year, cursor.month)[1])
        nxt = min(end, last + timedelta(days=1))
        periods.append((cursor, nxt))
        cursor = nxt
    return periods
