"""The demo account's bill: a flat ≈ $5k/month run-rate, then a vertical spike in the last days.

Both stories of the mission in one account: months of always-on resources (EC2, RDS, a NAT
gateway, EBS, CloudWatch) at ≈ $164/day, then an unauthorized SageMaker Canvas user and a burst of
GPU instances in a region the account never used, which makes yesterday a vertical spike.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.devtools.fake_ce import EC2
from bot.store.types import utcnow

if TYPE_CHECKING:
    from bot.demo.world import DemoWorld

# service, region, usage type, $/day — sums to ≈ $164/day ≈ $5,000/month
RUN_RATE = [
    (EC2, "us-east-1", "BoxUsage:m5.2xlarge", "55.30"),
    (EC2, "ap-northeast-2", "APN2-BoxUsage:r5.xlarge", "30.24"),
    ("Amazon Relational Database Service", "us-east-1", "InstanceUsage:db.r5.large", "34.56"),
    ("EC2 - Other", "us-east-1", "NatGateway-Hours", "1.08"),
    ("EC2 - Other", "us-east-1", "EBS:VolumeUsage.gp2", "18.40"),
    ("EC2 - Other", "ap-northeast-2", "APN2-EBS:SnapshotUsage", "9.12"),
    ("Amazon Virtual Private Cloud", "us-east-1", "PublicIPv4:IdleAddress", "0.36"),
    ("AmazonCloudWatch", "us-east-1", "TimedStorage-ByteHrs", "8.94"),
    ("Amazon Simple Storage Service", "us-east-1", "TimedStorage-ByteHrs", "6.10"),
]


def seed(world: DemoWorld) -> None:
    today = utcnow().date()
    start = today - timedelta(days=89)
    for service, region, usage, per_day in RUN_RATE:
        # a little day-to-day wobble, as real bills have
        amounts = [Decimal(per_day) * (1 + Decimal((i % 5) - 2) / 100) for i in range(90)]
        world.ce.add_series(start, amounts, service=service, region=region, usage_type=usage)
    # the takeover: Canvas sessions since 3 days ago, GPU instances in eu-west-1 since yesterday
    for days_ago, amount in ((3, "45.60"), (2, "45.60"), (1, "45.60"), (0, "22.80")):
        world.ce.add(
            today - timedelta(days=days_ago),
            amount,
            service="Amazon SageMaker",
            region="us-east-1",
            usage_type="Canvas:Session-Hrs",
        )
    for days_ago, amount in ((1, "1468.80"), (0, "734.40")):
        world.ce.add(
            today - timedelta(days=days_ago),
            amount,
            service=EC2,
            region="eu-west-1",
            usage_type="EU-BoxUsage:p3.8xlarge",
        )
