"""Who pays for a volume: shared by the EBS, gp3 and stopped-instance checks so none counts it twice.

A volume attached only to instances stopped longer than `instance_stopped_days` is costed with its
instance (`idle.ec2_stopped`: terminating it is the cleanup); one attached only to instances stopped
longer than `volume_stopped_instance_days` (but not that long) is listed as an idle volume; a
volume attached to anything running, or stopped recently, is active (and may be a gp3 candidate).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum

from bot.checks.idle.thresholds import Thresholds
from bot.collect.ec2 import Instance, Volume


class Use(StrEnum):
    UNATTACHED = "unattached"
    STOPPED = "stopped"  # every instance stopped > volume_stopped_instance_days
    STOPPED_LONG = "stopped-long"  # every instance stopped > instance_stopped_days
    ACTIVE = "active"


def stopped_for(instance: Instance, now: datetime) -> timedelta | None:
    """How long a stopped instance has been stopped; None when running or when AWS did not say."""
    if instance.state != "stopped" or instance.stopped_at is None:
        return None
    return now - instance.stopped_at


def use_of(volume: Volume, instances: Mapping[str, Instance], now: datetime, t: Thresholds) -> Use:
    if volume.state == "available":
        return Use.UNATTACHED
    if volume.state != "in-use" or not volume.attachments:
        return Use.ACTIVE
    stopped = []
    for attachment in volume.attachments:
        instance = instances.get(attachment.instance_id)
        duration = None if instance is None else stopped_for(instance, now)
        if duration is None:
            return Use.ACTIVE  # running, stopping, unknown instance, or stop time unknown: leave it
        stopped.append(duration)
    if all(d > timedelta(days=t.instance_stopped_days) for d in stopped):
        return Use.STOPPED_LONG
    if all(d > timedelta(days=t.volume_stopped_instance_days) for d in stopped):
        return Use.STOPPED
    return Use.ACTIVE


def payer(volume: Volume) -> str | None:
    """The one instance a long-stopped volume is costed with (the first of a multi-attach)."""
    return min((a.instance_id for a in volume.attachments), default=None)
