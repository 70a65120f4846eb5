"""The takeover alarm's rules: one module each, registered by `@rule`, imported below (one line each).

Adding a rule: a module here with `@rule("watch.x", title=…, severity=…, threshold=…, events={…})`
returning `Hit`s, one import line below, its thresholds in `bot/watch/thresholds.py`, a row in the
README and a test on both sides of its threshold. The poll reads the event names the rules declare
(and the EventBridge rule in `infra/alarm-events.yaml` forwards the same: a test compares them).
"""

from __future__ import annotations

from bot.collect.cloudtrail import GLOBAL_EVENTS, TrailEvent, protection_change
from bot.watch.rules import (  # noqa: F401  (importing registers)
    gpu_launch,
    launch_burst,
    new_credentials,
    new_region,
    risky_policy,
    root_activity,
    sagemaker_canvas,
    termination_protection,
    trail_tampering,
)
from bot.watch.rules.base import REGISTRY, Context, History, Hit, WatchRule

__all__ = ["REGISTRY", "Context", "History", "Hit", "WatchRule", "event_names", "reads_root", "watched"]


def event_names() -> dict[str, frozenset[str]]:
    """Every event name a rule reads → the services recording it."""
    names: dict[str, set[str]] = {}
    for spec in REGISTRY.values():
        for name, source in spec.events.items():
            names.setdefault(name, set()).add(source)
    return {name: frozenset(sources) for name, sources in sorted(names.items())}


def regional_names() -> tuple[str, ...]:
    return tuple(n for n in event_names() if n not in GLOBAL_EVENTS)


def global_names() -> tuple[str, ...]:
    return tuple(n for n in event_names() if n in GLOBAL_EVENTS)


def reads_root() -> bool:
    return any(spec.root for spec in REGISTRY.values())


def watched(event: TrailEvent) -> bool:
    """An event some rule reads (ModifyInstanceAttribute only when it changes termination protection)."""
    if event.principal_type == "Root":
        return reads_root()
    sources = event_names().get(event.name)
    if sources is None or (event.source and event.source not in sources):
        return False
    if event.name == "ModifyInstanceAttribute":
        return protection_change(event) is not None
    return True
