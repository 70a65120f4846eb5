"""What a check sees: one region's records, metrics and extras, the time, and its thresholds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from bot.collect.cloudwatch import MetricQuery

T = TypeVar("T")


@dataclass(frozen=True)
class RegionView(Generic[T]):
    account: str  # the account's name in the accounts file
    account_id: str
    region: str
    now: datetime
    thresholds: T
    records: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    metrics: Mapping[MetricQuery, Sequence[float]] = field(default_factory=dict)
    extras: Mapping[str, Any] = field(default_factory=dict)

    def get(self, collector: str) -> Sequence[Any]:
        """The records of a collector the check declared (KeyError otherwise: declare it)."""
        return self.records[collector]

    def values(self, query: MetricQuery) -> Sequence[float] | None:
        """Daily values of a query the check declared; None when metrics were not read."""
        return self.metrics.get(query)

    def age_days(self, when: datetime | None) -> int | None:
        return None if when is None else max(0, (self.now - when).days)
