"""The demo account's idle, always-on resources: what a flat ≈ $5k/month run-rate is made of.

The spend seed gives the bill; this one builds the resources behind it in moto, aged with
freezegun so the thresholds apply: unattached gp2 volumes, an unassociated Elastic IP, a NAT
gateway nobody routes through, months-old snapshots of deleted volumes, an unused AMI, a stopped
instance still paying for its disks, four m5.2xlarge idling at 2% CPU, a Multi-AZ RDS instance nobody
connects to, an ALB and a Classic ELB without targets, and 8.7 TB of flow logs that never expire. The
Price List and Compute Optimizer (which moto lacks) are fakes: list prices from the bundled table,
and an account not opted in.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from freezegun import freeze_time

from bot.devtools.fake_compute_optimizer import FakeComputeOptimizer
from bot.devtools.fake_pricing import FakePriceList
from bot.store.types import utcnow

if TYPE_CHECKING:
    from bot.demo.world import DemoWorld

LOG_GROUP = "/vpc/flow-logs/prod"
LOG_STORED_BYTES = 8_700 * 1024**3  # ≈ $8.94/day of TimedStorage-ByteHrs in the spend seed


def seed(world: DemoWorld) -> None:
    FakePriceList().attach_to(world.fake)
    FakeComputeOptimizer(status="Inactive").attach_to(world.fake)
    now = utcnow()
    session = world.session
    with freeze_time(now - timedelta(days=600)) as clock:
        logs = session.client("logs", region_name="us-east-1")
        logs.create_log_group(logGroupName=LOG_GROUP)
        logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName="eni-0a1b2c3d-all")
        logs.create_log_group(logGroupName="/aws/lambda/api")
        logs.put_retention_policy(logGroupName="/aws/lambda/api", retentionInDays=30)
        clock.move_to(now - timedelta(days=200))
        ids = _us_east_1(session)
        _ap_northeast_2(session)
        _eu_west_1(session)
        clock.move_to(now - timedelta(days=45))
        session.client("ec2", region_name="us-east-1").stop_instances(InstanceIds=[ids["stopped"]])
    _log_bytes(world.account["account_id"], "us-east-1", LOG_GROUP, LOG_STORED_BYTES)
    _metrics(session, now, ids)


def _us_east_1(session: Any) -> dict[str, Any]:
    ec2 = session.client("ec2", region_name="us-east-1")
    subnets = ec2.describe_subnets()["Subnets"]
    for size, name in ((1000, "old-db-data"), (500, "migration-scratch"), (250, "jenkins-cache")):
        _volume(ec2, "us-east-1a", size, "gp2", name)
    for _ in range(3):  # reserved for launches that never happened (PublicIPv4:IdleAddress, $0.36/day)
        ec2.allocate_address(Domain="vpc")
    nat_ip = ec2.allocate_address(Domain="vpc")
    nat = ec2.create_nat_gateway(SubnetId=subnets[0]["SubnetId"], AllocationId=nat_ip["AllocationId"])
    ec2.create_tags(
        Resources=[nat["NatGateway"]["NatGatewayId"]], Tags=[{"Key": "Name", "Value": "staging-nat"}]
    )
    # six m5.2xlarge (BoxUsage:m5.2xlarge, $55.30/day): two busy, four idling at 2% CPU
    busy = _instances(ec2, "m5.2xlarge", "web", 2)
    quiet = _instances(ec2, "m5.2xlarge", "reporting", 4)
    data = _volume(ec2, "us-east-1a", 2000, "gp2", "reporting-data")
    ec2.attach_volume(VolumeId=data, InstanceId=quiet[0], Device="/dev/sdf")
    (stopped,) = _instances(ec2, "t3.large", "old-bastion", 1)
    disk = _volume(ec2, "us-east-1a", 500, "gp2", "old-bastion-home")
    ec2.attach_volume(VolumeId=disk, InstanceId=stopped, Device="/dev/sdf")
    rds = session.client("rds", region_name="us-east-1")
    rds.create_db_instance(
        DBInstanceIdentifier="legacy-reports-db",
        DBInstanceClass="db.r5.large",
        Engine="mysql",
        MultiAZ=True,
        AllocatedStorage=500,
        MasterUsername="admin",
        MasterUserPassword="demo-password-1",
    )
    elbv2 = session.client("elbv2", region_name="us-east-1")
    alb = elbv2.create_load_balancer(
        Name="promo-2024", Subnets=[s["SubnetId"] for s in subnets[:2]], Type="application"
    )["LoadBalancers"][0]
    group = elbv2.create_target_group(
        Name="promo-2024-web", Protocol="HTTP", Port=80, VpcId=subnets[0]["VpcId"], TargetType="instance"
    )["TargetGroups"][0]
    listener = {"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}
    elbv2.create_listener(
        LoadBalancerArn=alb["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=[listener]
    )
    return {
        "busy": busy,
        "quiet": quiet,
        "stopped": stopped,
        "nat": nat["NatGateway"]["NatGatewayId"],
        "db": "legacy-reports-db",
    }


def _ap_northeast_2(session: Any) -> None:
    ec2 = session.client("ec2", region_name="ap-northeast-2")
    _instances(ec2, "r5.xlarge", "batch-worker", 4)  # APN2-BoxUsage:r5.xlarge: busy enough
    for index in range(6):  # ≈ 5.4 TB of snapshots: APN2-EBS:SnapshotUsage, $9.12/day
        volume = _volume(ec2, "ap-northeast-2a", 900, "gp2", f"batch-{index}")
        ec2.create_snapshot(VolumeId=volume, Description=f"before batch migration {index}")
        ec2.delete_volume(VolumeId=volume)
    (builder,) = _instances(ec2, "t3.micro", "ami-builder", 1)
    ec2.create_image(InstanceId=builder, Name="golden-2025-04")
    ec2.terminate_instances(InstanceIds=[builder])


def _eu_west_1(session: Any) -> None:
    ec2 = session.client("ec2", region_name="eu-west-1")
    _volume(ec2, "eu-west-1a", 1000, "st1", "log-archive-old")
    session.client("elb", region_name="eu-west-1").create_load_balancer(
        LoadBalancerName="legacy-api",
        Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080}],
        AvailabilityZones=["eu-west-1a"],
    )


def _metrics(session: Any, now: datetime, ids: dict[str, Any]) -> None:
    """Fourteen days of CloudWatch: the NAT and the database quiet, four m5.2xlarge at 2% CPU."""
    days = [now - timedelta(days=d, hours=1) for d in range(14)]
    series = [
        ("AWS/NATGateway", "BytesOutToDestination", "NatGatewayId", ids["nat"], 0.0),
        ("AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", ids["db"], 0.0),
    ]
    series += [("AWS/EC2", "CPUUtilization", "InstanceId", i, 2.1) for i in ids["quiet"]]
    series += [("AWS/EC2", "CPUUtilization", "InstanceId", i, 46.0) for i in ids["busy"]]
    cloudwatch = session.client("cloudwatch", region_name="us-east-1")
    for namespace, name, dimension, value_of, value in series:
        cloudwatch.put_metric_data(
            Namespace=namespace,
            MetricData=[
                {
                    "MetricName": name,
                    "Dimensions": [{"Name": dimension, "Value": value_of}],
                    "Timestamp": day,
                    "Value": value,
                }
                for day in days
            ],
        )


def _instances(ec2: Any, instance_type: str, name: str, count: int) -> list[str]:
    answer = ec2.run_instances(
        ImageId="ami-0demo0000000000a",
        MinCount=count,
        MaxCount=count,
        InstanceType=instance_type,
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}],
    )
    return [i["InstanceId"] for i in answer["Instances"]]


def _volume(ec2: Any, zone: str, size: int, volume_type: str, name: str) -> str:
    return ec2.create_volume(
        AvailabilityZone=zone,
        Size=size,
        VolumeType=volume_type,
        TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": name}]}],
    )["VolumeId"]


def _log_bytes(account_id: str, region: str, group: str, size: int) -> None:
    """moto counts stored bytes from the events put; 400 GiB of events is no demo, so set the count."""
    with suppress(Exception):  # a moto without these internals just shows a smaller log group
        from moto.logs.models import logs_backends

        stream = next(iter(logs_backends[account_id][region].groups[group].streams.values()))
        stream.stored_bytes = size
