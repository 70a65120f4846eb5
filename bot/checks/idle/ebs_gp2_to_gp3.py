"""gp2 volumes in use that would cost less as gp3: a right-size (modify the type), not a delete.

gp3 costs about 20% less per GB and includes 3,000 IOPS and 125 MiB/s; a large gp2 volume gets
3 IOPS per GiB (up to 16,000) and up to 250 MiB/s, so the gp3 it becomes is provisioned to match,
and the saving counts what that extra performance costs. The change is online and reversible.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from bot.checks.idle.attachments import Use, use_of
from bot.checks.idle.thresholds import THRESHOLDS, Thresholds
from bot.checks.idle.waste import Charge, Waste, gib, make
from bot.checks.registry import check
from bot.checks.view import RegionView
from bot.collect.ec2 import Volume, by_id
from bot.pricing.keys import PriceKey

ID = "idle.ebs_gp2_to_gp3"
GP3_IOPS = 3000
GP3_THROUGHPUT = 125


def gp3_equivalent(size_gib: int) -> tuple[int, int]:
    """The gp3 IOPS and throughput (MiB/s) that match what a gp2 volume of this size delivers."""
    gp2_iops = min(max(3 * size_gib, 100), 16000)
    gp2_throughput = 125 if size_gib <= 170 else 250
    return max(GP3_IOPS, gp2_iops), max(GP3_THROUGHPUT, gp2_throughput)


@check(
    ID,
    title="gp2 → gp3",
    collectors=["ec2.volumes", "ec2.instances"],
    threshold=f"gp2 in use that would save at least ${THRESHOLDS.gp3_min_monthly_saving} a month as gp3 "
    "with the same IOPS and throughput",
    rationale="gp3 is about 20% cheaper per GB than gp2 and the change is online. Estimate: size × "
    "(gp2 − gp3 GB-month price) − the gp3 IOPS and throughput needed to match the gp2 volume.",
    actions=["ec2.modify_volume_gp3"],
)
def run(view: RegionView[Thresholds]) -> Iterator[Waste]:
    instances = by_id(view.get("ec2.instances"))
    volume: Volume
    for volume in view.get("ec2.volumes"):
        if volume.type != "gp2" or use_of(volume, instances, view.now, view.thresholds) is not Use.ACTIVE:
            continue
        iops, throughput = gp3_equivalent(volume.size_gib)
        size = Decimal(volume.size_gib)
        charges = [
            Charge(PriceKey("ebs", view.region, "gp2"), size),
            Charge(PriceKey("ebs", view.region, "gp3"), -size),
        ]
        if iops > GP3_IOPS:
            charges.append(Charge(PriceKey("ebs_iops", view.region, "gp3"), -Decimal(iops - GP3_IOPS)))
        if throughput > GP3_THROUGHPUT:
            charges.append(
                Charge(PriceKey("ebs_throughput", view.region, "gp3"), -Decimal(throughput - GP3_THROUGHPUT))
            )
        attached = ", ".join(a.instance_id for a in volume.attachments)
        finding = make(
            ID,
            view.account,
            view.region,
            volume.id,
            f"gp2 on {attached}: gp3 at {iops:,} IOPS / {throughput} MiB/s costs less",
            action="ec2.modify_volume_gp3",
            facts={
                "volume_type": volume.type,
                "size_gib": volume.size_gib,
                "target_iops": iops,
                "target_throughput": throughput,
            },
            age_days=view.age_days(volume.create_time),
            size=gib(volume.size_gib),
            name=volume.tags.get("Name", ""),
        )
        yield Waste(finding, tuple(charges), min_usd=view.thresholds.gp3_min_monthly_saving)
