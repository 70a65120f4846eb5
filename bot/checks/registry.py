"""The check registry: `@check("idle.eip_unassociated", collectors=[...], ...)` beside each check.

A check is a pure function of one region's records (`RegionView`); its metadata sits in the same
decorator — title, threshold in words, rationale, the cleanup action it suggests — so the answer,
the README and the meta-tests all read the same source. Adding a check is one module plus one
import line in its package's `__init__`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bot.checks.view import RegionView
from bot.collect.cloudwatch import MetricQuery

CheckFn = Callable[[RegionView[Any]], Iterable[Any]]
MetricsFn = Callable[[RegionView[Any]], Iterable[MetricQuery]]


@dataclass(frozen=True)
class Check:
    id: str
    title: str  # what it lists, plural: "Elastic IPs"
    collectors: tuple[str, ...]
    run: CheckFn
    threshold: str  # when something counts, in words, from the thresholds module
    rationale: str  # why it is waste, and what the estimate is made of
    actions: tuple[str, ...]  # cleanup actions its findings may suggest (bot/cleanup/catalog.py)
    metrics: MetricsFn | None = None  # CloudWatch queries, batched per region by the scan
    uses_compute_optimizer: bool = False

    @property
    def area(self) -> str:
        return self.id.split(".", 1)[0]


CHECKS: dict[str, Check] = {}


def check(
    check_id: str,
    *,
    title: str,
    collectors: Iterable[str],
    threshold: str,
    rationale: str,
    actions: Iterable[str] = (),
    metrics: MetricsFn | None = None,
    uses_compute_optimizer: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        if check_id in CHECKS:
            raise ValueError(f"check {check_id} registered twice")
        CHECKS[check_id] = Check(
            id=check_id,
            title=title,
            collectors=tuple(collectors),
            run=fn,
            threshold=threshold,
            rationale=rationale,
            actions=tuple(actions),
            metrics=metrics,
            uses_compute_optimizer=uses_compute_optimizer,
        )
        return fn

    return register


def checks_of(area: str) -> list[Check]:
    """Every registered check of an area ("idle"), in registration order."""
    importlib.import_module(f"bot.checks.{area}")
    return [c for c in CHECKS.values() if c.area == area]
