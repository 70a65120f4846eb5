"""AMIs nobody launches: old, used by no instance, launch template or launch configuration."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from bot.checks.idle.thresholds import THRESHOLDS, Thresholds
from bot.checks.idle.waste import Charge, Waste, gib, make
from bot.checks.registry import check
from bot.checks.view import RegionView
from bot.collect.ec2 import Image
from bot.pricing.keys import PriceKey

ID = "idle.ami_unused"


@check(
    ID,
    title="AMIs",
    collectors=["ec2.images", "ec2.instances", "ec2.launch_templates", "autoscaling.launch_configurations"],
    threshold=f"older than {THRESHOLDS.image_age_days} days, not launched in that time, and used by no "
    "instance, launch template version or launch configuration",
    rationale="A registered AMI keeps its snapshots billed. Estimate: the AMI's EBS mapping sizes × "
    "the region's snapshot GB-month price (an upper bound: snapshots are incremental). Deregistering "
    "leaves the snapshots; they then appear under EBS snapshots.",
    actions=["ec2.deregister_image"],
)
def run(view: RegionView[Thresholds]) -> Iterator[Waste]:
    used = {i.image_id for i in view.get("ec2.instances") if i.image_id}
    used |= {image for t in view.get("ec2.launch_templates") for image in t.image_ids}
    used |= {c.image_id for c in view.get("autoscaling.launch_configurations") if c.image_id}
    old = timedelta(days=view.thresholds.image_age_days)
    image: Image
    for image in view.get("ec2.images"):
        if image.state != "available" or image.id in used or image.creation_date is None:
            continue
        if view.now - image.creation_date <= old:
            continue
        if image.last_launched is not None and view.now - image.last_launched <= old:
            continue  # launched lately, perhaps by an account it is shared with
        finding = make(
            ID,
            view.account,
            view.region,
            image.id,
            f"{view.age_days(image.creation_date)} days old, used by nothing",
            action="ec2.deregister_image",
            facts={
                "creation_date": image.creation_date.isoformat(),
                "snapshot_ids": list(image.snapshot_ids),
            },
            age_days=view.age_days(image.creation_date),
            size=f"{gib(image.snapshot_gib)} in {len(image.snapshot_ids)} snapshot(s)",
            name=image.name,
        )
        charge = Charge(PriceKey("snapshot", view.region), Decimal(image.snapshot_gib))
        yield Waste(finding, (charge,), quantity_estimated=True)
