"""Instance launches in the lookback window, from CloudTrail and the inventory, and their bursts.

CloudTrail's RunInstances says who launched what, with which key, and whether termination
protection was asked for; ModifyInstanceAttribute says when it was set later. The inventory adds
the current state and fills in launches CloudTrail could not show (a region whose RunInstances
chain failed or was cut short). An instance's LaunchTime is its last *start*, so inventory-only
launches are used only where CloudTrail was not read — otherwise a morning start-up schedule
would look like a burst.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.audit.data import AuditData
from bot.collect.cloudtrail import launched, protection_change, requested_protection


@dataclass(frozen=True)
class Launch:
    instance_id: str
    region: str
    instance_type: str
    time: datetime
    principal: str | None = None  # None: known from the inventory only
    access_key: str | None = None
    protected: bool | None = None  # termination protection: True/False, None unknown
    state: str | None = None  # from the inventory; None: gone (or not readable)
    launch_time: datetime | None = None  # EC2's LaunchTime as read now (what a clean-up re-checks)

    @property
    def live(self) -> bool:
        return self.state is not None and self.state not in ("terminated", "shutting-down")


@dataclass(frozen=True)
class Burst:
    """A run of launches where some 10-minute window holds at least the threshold."""

    launches: tuple[Launch, ...]
    peak: int  # most launches inside one window

    @property
    def start(self) -> datetime:
        return self.launches[0].time

    @property
    def end(self) -> datetime:
        return self.launches[-1].time

    @property
    def regions(self) -> list[str]:
        return sorted({launch.region for launch in self.launches})

    @property
    def types(self) -> Counter[str]:
        return Counter(launch.instance_type for launch in self.launches)

    @property
    def principals(self) -> list[str]:
        return sorted({launch.principal for launch in self.launches if launch.principal})

    @property
    def access_keys(self) -> list[str]:
        return sorted({launch.access_key for launch in self.launches if launch.access_key})


def launches(data: AuditData) -> list[Launch]:
    """Every launch of the lookback window, oldest first, one per instance."""
    inventory = {i.instance_id: i for i in data.instances}
    changes: dict[str, bool] = {}
    for event in data.events_named("ModifyInstanceAttribute"):  # oldest first: the last change wins
        change = protection_change(event)
        if change and event.ok:
            changes[change[0]] = change[1]
    found: dict[str, Launch] = {}
    for event in data.events_named("RunInstances"):
        protected = requested_protection(event)
        for item in launched(event):
            known = inventory.get(item.instance_id)
            trail_knows = data.trail_read(event.region, "ModifyInstanceAttribute")
            protection: bool | None = changes.get(item.instance_id, protected)
            if not trail_knows and not protection:
                protection = None  # a later change may have been missed
            if known is not None and known.protected is not None:
                protection = known.protected  # looked up: the current truth
            found[item.instance_id] = Launch(
                instance_id=item.instance_id,
                region=event.region,
                instance_type=item.instance_type,
                time=item.time,
                principal=event.principal,
                access_key=event.access_key,
                protected=protection,
                state=known.state if known else None,
                launch_time=known.launch_time if known else item.time,
            )
    for instance in data.instances:
        if instance.instance_id in found or instance.launch_time < data.lookback_start:
            continue
        if data.trail_read(instance.region, "RunInstances"):
            continue  # CloudTrail saw no launch: this LaunchTime is a restart, not a launch
        found[instance.instance_id] = Launch(
            instance_id=instance.instance_id,
            region=instance.region,
            instance_type=instance.instance_type,
            time=instance.launch_time,
            protected=instance.protected,
            state=instance.state,
            launch_time=instance.launch_time,
        )
    return sorted(found.values(), key=lambda launch: (launch.time, launch.instance_id))


def bursts(times: Sequence[datetime], window: timedelta, threshold: int) -> list[tuple[int, int, int]]:
    """Runs of sorted `times` where some window of length `window` holds ≥ `threshold` of them.

    Returns (first index, last index, peak count) per burst. The window is closed: launches exactly
    `window` apart fall in the same window. Qualifying windows that share a launch merge into one burst.
    """
    if threshold <= 0 or len(times) < threshold:
        return []
    spans: list[tuple[int, int, int]] = []
    for i, start in enumerate(times):
        j = bisect.bisect_right(times, start + window, lo=i)  # times[i:j] fit in [start, start+window]
        if j - i >= threshold:
            if spans and i <= spans[-1][1]:
                first, last, peak = spans[-1]
                spans[-1] = (first, max(last, j - 1), max(peak, j - i))
            else:
                spans.append((i, j - 1, j - i))
    return spans


def launch_bursts(items: Sequence[Launch], window: timedelta, threshold: int) -> list[Burst]:
    ordered = sorted(items, key=lambda launch: launch.time)
    return [
        Burst(tuple(ordered[first : last + 1]), peak)
        for first, last, peak in bursts([launch.time for launch in ordered], window, threshold)
    ]


def all_launches(data: AuditData) -> list[Launch]:
    """`launches(data)`, computed once per audit."""
    return data.memo("launches", lambda: launches(data))


def recent_launches(data: AuditData) -> list[Launch]:
    return [launch for launch in all_launches(data) if data.is_recent(launch.time)]
