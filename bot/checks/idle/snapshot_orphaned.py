"""EBS snapshots kept past their use: old and backing no AMI, or whose volume is gone.

Snapshots managed by AWS Backup or Data Lifecycle Manager expire by their policy and are left out,
as are archived ones (someone chose to keep them, at a quarter of the price).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from bot.checks.idle.thresholds import THRESHOLDS, Thresholds
from bot.checks.idle.waste import Charge, Waste, gib, make
from bot.checks.registry import check
from bot.checks.view import RegionView
from bot.collect.ec2 import Image, Snapshot
from bot.pricing.keys import GIB, PriceKey

ID = "idle.snapshot_orphaned"
MANAGED_TAGS = ("aws:backup:source-resource", "aws:dlm:lifecycle-policy-id")
BACKUP_DESCRIPTION = "This snapshot is created by the AWS Backup service"


def managed(snapshot: Snapshot) -> bool:
    return any(tag in snapshot.tags for tag in MANAGED_TAGS) or snapshot.description.startswith(
        BACKUP_DESCRIPTION
    )


@check(
    ID,
    title="EBS snapshots",
    collectors=["ec2.snapshots", "ec2.images", "ec2.volumes"],
    threshold=f"backing no registered AMI, and older than {THRESHOLDS.snapshot_age_days} days or "
    "whose source volume no longer exists",
    rationale="Snapshots are billed per GB-month stored, for as long as they exist. Estimate: the "
    "snapshot's full size (else its volume's size) × the region's snapshot GB-month price — an upper "
    "bound, since snapshots share unchanged blocks.",
    actions=["ec2.delete_snapshot"],
)
def run(view: RegionView[Thresholds]) -> Iterator[Waste]:
    images: list[Image] = list(view.get("ec2.images"))
    backing = {s for image in images for s in image.snapshot_ids}
    volumes = {v.id for v in view.get("ec2.volumes")}
    old = timedelta(days=view.thresholds.snapshot_age_days)
    snapshot: Snapshot
    for snapshot in view.get("ec2.snapshots"):
        if snapshot.state != "completed" or snapshot.storage_tier == "archive" or managed(snapshot):
            continue
        if snapshot.id in backing:
            continue
        is_old = snapshot.start_time is not None and view.now - snapshot.start_time > old
        orphan = snapshot.volume_id is not None and snapshot.volume_id not in volumes
        if not (is_old or orphan):
            continue
        age = view.age_days(snapshot.start_time)
        reasons = []
        if is_old:
            reasons.append(f"{age} days old")
        if orphan:
            reasons.append(f"volume {snapshot.volume_id} deleted")
        reasons.append("backs no AMI")
        if snapshot.full_size_bytes:
            stored = Decimal(snapshot.full_size_bytes) / GIB
        else:
            stored = Decimal(snapshot.volume_size_gib)
        finding = make(
            ID,
            view.account,
            view.region,
            snapshot.id,
            ", ".join(reasons),
            action="ec2.delete_snapshot",
            facts={
                "volume_size_gib": snapshot.volume_size_gib,
                "start_time": snapshot.start_time.isoformat() if snapshot.start_time else None,
            },
            age_days=age,
            size=gib(snapshot.volume_size_gib),
            name=snapshot.tags.get("Name", ""),
        )
        charge = Charge(PriceKey("snapshot", view.region), stored.quantize(Decimal("0.001")))
        yield Waste(finding, (charge,), quantity_estimated=True)
