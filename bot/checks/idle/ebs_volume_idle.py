"""EBS volumes nobody uses: unattached, or attached only to instances stopped for a while."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from bot.checks.idle.attachments import Use, stopped_for, use_of
from bot.checks.idle.thresholds import THRESHOLDS, Thresholds
from bot.checks.idle.waste import Charge, Waste, gib, make
from bot.checks.registry import check
from bot.checks.view import RegionView
from bot.collect.ec2 import Volume, by_id
from bot.pricing.keys import PriceKey

ID = "idle.ebs_volume_idle"


@check(
    ID,
    title="EBS volumes",
    collectors=["ec2.volumes", "ec2.instances"],
    threshold=f"unattached, or attached only to instances stopped more than "
    f"{THRESHOLDS.volume_stopped_instance_days} days (stopped more than {THRESHOLDS.instance_stopped_days} "
    "days: listed with the instance)",
    rationale="EBS is billed per provisioned GB-month whether or not anything reads it. "
    "Estimate: size × the region's GB-month price for the volume type (provisioned IOPS and "
    "throughput not included, so a lower bound for io1/io2/gp3).",
    actions=["ec2.delete_volume"],
)
def run(view: RegionView[Thresholds]) -> Iterator[Waste]:
    instances = by_id(view.get("ec2.instances"))
    volume: Volume
    for volume in view.get("ec2.volumes"):
        use = use_of(volume, instances, view.now, view.thresholds)
        if use is Use.UNATTACHED:
            why, action = "unattached", "ec2.delete_volume"
        elif use is Use.STOPPED:
            ids = [a.instance_id for a in volume.attachments]
            days = min((stopped_for(instances[i], view.now) or timedelta(0)).days for i in ids)
            why = f"attached only to {', '.join(ids)}, stopped {days} days"
            action = None  # in use: it must be detached (or the instance terminated) first
        else:
            continue
        finding = make(
            ID,
            view.account,
            view.region,
            volume.id,
            why,
            action=action,
            facts={"state": volume.state, "size_gib": volume.size_gib, "volume_type": volume.type},
            age_days=view.age_days(volume.create_time),
            size=f"{gib(volume.size_gib)} {volume.type}",
            name=volume.tags.get("Name", ""),
        )
        yield Waste(finding, (Charge(PriceKey("ebs", view.region, volume.type), Decimal(volume.size_gib)),))
