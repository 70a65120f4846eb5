"""EC2 instances stopped for weeks: no compute billed, but every EBS volume still is."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from bot.checks.idle.attachments import Use, payer, stopped_for, use_of
from bot.checks.idle.thresholds import THRESHOLDS, Thresholds
from bot.checks.idle.waste import Charge, Waste, gib, make
from bot.checks.registry import check
from bot.checks.view import RegionView
from bot.collect.ec2 import Instance, Volume
from bot.pricing.keys import PriceKey

ID = "idle.ec2_stopped"


@check(
    ID,
    title="Stopped EC2 instances",
    collectors=["ec2.instances", "ec2.volumes"],
    threshold=f"stopped more than {THRESHOLDS.instance_stopped_days} days",
    rationale="A stopped instance costs no compute but its EBS volumes are billed in full. Estimate: "
    "its volumes' sizes × the region's GB-month price per type (its Elastic IPs are listed separately).",
    actions=["ec2.terminate_instance"],
)
def run(view: RegionView[Thresholds]) -> Iterator[Waste]:
    instances = {i.id: i for i in view.get("ec2.instances")}
    volumes_of: dict[str, list[Volume]] = defaultdict(list)
    for volume in view.get("ec2.volumes"):
        if use_of(volume, instances, view.now, view.thresholds) is Use.STOPPED_LONG:
            owner = payer(volume)
            if owner:
                volumes_of[owner].append(volume)
    limit = timedelta(days=view.thresholds.instance_stopped_days)
    instance: Instance
    for instance in instances.values():
        stopped = stopped_for(instance, view.now)
        if stopped is None or stopped <= limit:
            continue
        volumes = volumes_of.get(instance.id, [])
        by_type: dict[str, int] = defaultdict(int)
        for volume in volumes:
            by_type[volume.type] += volume.size_gib
        size = sum(by_type.values())
        finding = make(
            ID,
            view.account,
            view.region,
            instance.id,
            f"stopped {stopped.days} days; {_volumes(len(volumes))} still billed",
            action="ec2.terminate_instance",
            facts={
                "state": instance.state,
                "launch_time": instance.launch_time.isoformat() if instance.launch_time else None,
                "instance_type": instance.type,
                "volume_ids": [v.id for v in volumes],
            },
            age_days=stopped.days,
            size=f"{instance.type}, {gib(size)} EBS",
            resource_arn=instance.arn,
            name=instance.name,
        )
        charges = tuple(
            Charge(PriceKey("ebs", view.region, t), Decimal(n)) for t, n in sorted(by_type.items())
        )
        yield Waste(finding, charges)


def _volumes(count: int) -> str:
    return "no volume" if count == 0 else f"{count} volume" + ("s" if count > 1 else "")
