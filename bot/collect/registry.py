"""The collector registry: one function per (service, resource kind), run once per account × region.

A collector paginates one AWS listing in one region and returns plain, typed records; it knows
nothing of checks. Checks name the collectors they read (`@check(..., collectors=["ec2.volumes"])`)
and the scan runs each needed collector once per region as a leaf task of the fan-out, so two checks
reading volumes cost one `DescribeVolumes` pagination, and `/aws-audit` can reuse the same inventory.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.aws.session import AccountSession

CollectFn = Callable[[AccountSession, str], Sequence[Any]]


@dataclass(frozen=True)
class Collector:
    name: str  # "ec2.volumes"
    service: str  # boto3 service name, for error messages and call counts
    fn: CollectFn
    regional: bool = True  # False: one call per account (the region argument is ignored)

    def __call__(self, session: AccountSession, region: str) -> Sequence[Any]:
        return self.fn(session, region)


COLLECTORS: dict[str, Collector] = {}
# Modules whose collectors register here (one line each); imported on first use.
MODULES = ("autoscaling", "compute_optimizer", "ec2", "elb", "elbv2", "logs", "rds")


def collector(name: str, *, service: str, regional: bool = True) -> Callable[[CollectFn], CollectFn]:
    """Register `fn(session, region) -> records` under `name`."""

    def register(fn: CollectFn) -> CollectFn:
        if name in COLLECTORS:
            raise ValueError(f"collector {name} registered twice")
        COLLECTORS[name] = Collector(name=name, service=service, fn=fn, regional=regional)
        return fn

    return register


def get_collector(name: str) -> Collector:
    for module in MODULES:
        importlib.import_module(f"bot.collect.{module}")
    try:
        return COLLECTORS[name]
    except KeyError:
        raise KeyError(f"no collector named {name}; known: {', '.join(sorted(COLLECTORS))}") from None
