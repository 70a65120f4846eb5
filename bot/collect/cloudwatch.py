"""CloudWatch metrics for many resources in one `GetMetricData` call (500 queries a request).

Checks describe what they need as `MetricQuery` values; the scan batches every check's queries of
a region into as few requests as the API allows, at a daily period, and hands back each query's
daily values. A query with no datapoints maps to an empty list: for traffic metrics (requests,
bytes) CloudWatch publishes nothing when nothing flowed, so "no datapoints" means zero there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

MAX_QUERIES = 500
DAY = 86400


@dataclass(frozen=True, slots=True)
class MetricQuery:
    namespace: str
    name: str
    dimensions: tuple[tuple[str, str], ...]
    stat: str  # Sum | Average | Maximum
    days: int

    def describe(self) -> str:
        return f"{self.namespace} {self.name} ({self.stat}, {self.days} days)"


def metric(namespace: str, name: str, stat: str, days: int, **dimensions: str) -> MetricQuery:
    return MetricQuery(namespace, name, tuple(sorted(dimensions.items())), stat, days)


def fetch(client: Any, queries: Iterable[MetricQuery], *, end: datetime) -> dict[MetricQuery, list[float]]:
    """Daily values of each query over its own window ending at `end` (one request per 500 queries)."""
    unique = list(dict.fromkeys(queries))
    values: dict[MetricQuery, list[float]] = {q: [] for q in unique}
    by_window: dict[int, list[MetricQuery]] = {}
    for query in unique:
        by_window.setdefault(query.days, []).append(query)
    for days, group in by_window.items():
        start = end - timedelta(days=days)
        for offset in range(0, len(group), MAX_QUERIES):
            chunk = group[offset : offset + MAX_QUERIES]
            ids = {f"m{i}": q for i, q in enumerate(chunk)}
            pages = client.get_paginator("get_metric_data").paginate(
                MetricDataQueries=[_query(metric_id, q) for metric_id, q in ids.items()],
                StartTime=start,
                EndTime=end,
            )
            for page in pages:
                for result in page.get("MetricDataResults", []):
                    values[ids[result["Id"]]].extend(float(v) for v in result.get("Values", []))
    return values


def _query(metric_id: str, query: MetricQuery) -> dict[str, Any]:
    return {
        "Id": metric_id,
        "MetricStat": {
            "Metric": {
                "Namespace": query.namespace,
                "MetricName": query.name,
                "Dimensions": [{"Name": k, "Value": v} for k, v in query.dimensions],
            },
            "Period": DAY,
            "Stat": query.stat,
        },
        "ReturnData": True,
    }


def total(values: Sequence[float]) -> float:
    return float(sum(values))


def average(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
