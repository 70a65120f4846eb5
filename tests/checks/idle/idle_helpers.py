"""Small helpers shared by the idle check tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

from datetime import UTC, datetime

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # tests create resources at T0, then move the clock
REGION = "us-east-1"


def ids(report, check_id=None):
    return {f.resource_id for f in report.findings if check_id is None or f.check == check_id}


def launch(ec2, instance_type="m5.large", count=1, image="ami-0test00000000000a"):
    answer = ec2.run_instances(ImageId=image, MinCount=count, MaxCount=count, InstanceType=instance_type)
    return [i["InstanceId"] for i in answer["Instances"]]


def volume(ec2, size=100, volume_type="gp2", zone="us-east-1a"):
    return ec2.create_volume(AvailabilityZone=zone, Size=size, VolumeType=volume_type)["VolumeId"]
