"""Each action against moto: the re-check reads the facts a check records, dry-run changes nothing,
run does what it says, and a second run finds nothing left to do."""

from datetime import datetime
from typing import Any

import pytest

from bot.cleanup import registry
from bot.cleanup.actions.ec2_modify_volume_gp3 import gp3_parameters
from bot.cleanup.registry import Result


@pytest.fixture
def ec2(aws):
    return aws.client("ec2", region_name="us-east-1")


def plain(facts: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in facts.items()}


def test_release_address(runner, ec2):
    eip = ec2.allocate_address(Domain="vpc")
    facts = {"public_ip": eip["PublicIp"], "association_id": None}
    ctx = runner.recheck("ec2.release_address", eip["AllocationId"], facts)
    assert ctx.observed.facts == facts
    assert runner.dry_run("ec2.release_address", eip["AllocationId"], facts).result is Result.WOULD_SUCCEED
    assert ec2.describe_addresses()["Addresses"]
    assert runner.run("ec2.release_address", eip["AllocationId"], facts).result is Result.DONE
    assert ec2.describe_addresses()["Addresses"] == []
    assert runner.recheck("ec2.release_address", eip["AllocationId"], facts).observed.gone


def test_an_endpoint_that_ignores_dry_run_is_reported_not_trusted(runner, ec2):
    """moto ignores DryRun on DeleteNatGateway; AWS honours it. The bot says so instead of "would succeed"."""
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    eip = ec2.allocate_address(Domain="vpc")
    nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=eip["AllocationId"])["NatGateway"]
    facts = {"state": "available", "vpc_id": vpc, "subnet_id": subnet}
    ctx = runner.recheck("ec2.delete_nat_gateway", nat["NatGatewayId"], facts)
    assert ctx.observed.facts == facts and ctx.observed.extra["public_ips"] == [eip["PublicIp"]]
    outcome = runner.dry_run("ec2.delete_nat_gateway", nat["NatGatewayId"], facts)
    assert outcome.result is Result.ERROR and "not refused with DryRunOperation" in outcome.summary


def test_delete_nat_gateway_names_the_address_left_behind(runner, ec2):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    eip = ec2.allocate_address(Domain="vpc")
    nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=eip["AllocationId"])["NatGateway"]
    facts = {"state": "available", "vpc_id": vpc, "subnet_id": subnet}
    outcome = runner.run("ec2.delete_nat_gateway", nat["NatGatewayId"], facts)
    assert outcome.result is Result.DONE and eip["PublicIp"] in outcome.summary
    assert runner.recheck("ec2.delete_nat_gateway", nat["NatGatewayId"], facts).observed.gone


def test_volume_is_snapshotted_and_the_snapshot_completed_before_deletion(runner, ec2):
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=20, VolumeType="gp2")["VolumeId"]
    facts = {"state": "available", "size_gib": 20, "volume_type": "gp2"}
    assert runner.dry_run("ec2.delete_volume", volume, facts).result is Result.WOULD_SUCCEED
    assert ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"] == []
    ctx = runner.recheck("ec2.delete_volume", volume, facts)
    outcome = registry.get("ec2.delete_volume").run(ctx)
    [snapshot] = ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
    assert snapshot["State"] == "completed" and snapshot["VolumeId"] == volume
    tags = {t["Key"]: t["Value"] for t in snapshot["Tags"]}
    assert tags == {
        "chatops:source-volume": volume,
        "chatops:request": "rq_test000000000000000000",
        "chatops:approved-by": "slack-U0BOB00001",
    }
    assert outcome.result is Result.DONE and snapshot["SnapshotId"] in outcome.summary
    assert [s for s in ctx.steps if "completed" in s] == [f"Snapshot `{snapshot['SnapshotId']}` completed"]
    assert ec2.describe_volumes()["Volumes"] == []


def test_gp3_keeps_gp2_baseline_performance():
    assert gp3_parameters(100) == {"VolumeType": "gp3"}
    assert gp3_parameters(500) == {"VolumeType": "gp3", "Throughput": 250}
    assert gp3_parameters(2000) == {"VolumeType": "gp3", "Iops": 6000, "Throughput": 250}
    assert gp3_parameters(16000)["Iops"] == 16000


def test_modify_volume_to_gp3(runner, ec2):
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=2000, VolumeType="gp2")["VolumeId"]
    facts = {"volume_type": "gp2", "size_gib": 2000}
    assert runner.dry_run("ec2.modify_volume_gp3", volume, facts).result is Result.WOULD_SUCCEED
    outcome = runner.run("ec2.modify_volume_gp3", volume, facts)
    assert outcome.result is Result.DONE and "Iops 6000" in outcome.summary
    assert ec2.describe_volumes(VolumeIds=[volume])["Volumes"][0]["VolumeType"] == "gp3"
    assert runner.recheck("ec2.modify_volume_gp3", volume, facts).observed.already


def test_delete_snapshot(runner, ec2):
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    snapshot = ec2.create_snapshot(VolumeId=volume)
    facts = plain({"volume_size_gib": 8, "start_time": snapshot["StartTime"]})
    assert (
        runner.recheck("ec2.delete_snapshot", snapshot["SnapshotId"], facts).observed.facts["volume_size_gib"]
        == 8
    )
    assert runner.dry_run("ec2.delete_snapshot", snapshot["SnapshotId"], facts).result is Result.WOULD_SUCCEED
    assert runner.run("ec2.delete_snapshot", snapshot["SnapshotId"], facts).result is Result.DONE
    assert runner.recheck("ec2.delete_snapshot", snapshot["SnapshotId"], facts).observed.gone


def test_deregister_image_keeps_and_names_its_snapshots(runner, ec2):
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    snapshot = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    image = ec2.register_image(
        Name="old-build",
        RootDeviceName="/dev/xvda",
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snapshot}}],
    )["ImageId"]
    described = ec2.describe_images(ImageIds=[image])["Images"][0]
    snapshots = [m["Ebs"]["SnapshotId"] for m in described["BlockDeviceMappings"]]
    facts = {"creation_date": described["CreationDate"], "snapshot_ids": snapshots}
    assert runner.dry_run("ec2.deregister_image", image, facts).result is Result.WOULD_SUCCEED
    outcome = runner.run("ec2.deregister_image", image, facts)
    assert outcome.result is Result.DONE and all(s in outcome.summary for s in snapshots)
    assert runner.recheck("ec2.deregister_image", image, facts).observed.gone


@pytest.fixture
def instance(ec2) -> dict[str, Any]:
    instance = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, InstanceType="t3.micro")
    described = ec2.describe_instances(InstanceIds=[instance["Instances"][0]["InstanceId"]])
    return described["Reservations"][0]["Instances"][0]


def test_stop_instance(runner, ec2, instance):
    facts = plain({"state": "running", "launch_time": instance["LaunchTime"], "instance_type": "t3.micro"})
    assert runner.dry_run("ec2.stop_instance", instance["InstanceId"], facts).result is Result.WOULD_SUCCEED
    assert runner.run("ec2.stop_instance", instance["InstanceId"], facts).result is Result.DONE
    assert (
        "already stopped"
        in runner.recheck("ec2.stop_instance", instance["InstanceId"], facts).observed.already
    )


def test_terminate_instance_clears_termination_protection_first(runner, ec2, instance):
    ec2.modify_instance_attribute(InstanceId=instance["InstanceId"], DisableApiTermination={"Value": True})
    facts = plain({"launch_time": instance["LaunchTime"], "instance_type": "t3.micro"})
    ctx = runner.recheck("ec2.terminate_instance", instance["InstanceId"], facts)
    assert ctx.observed.extra["protected"] is True
    assert (
        runner.dry_run("ec2.terminate_instance", instance["InstanceId"], facts).result is Result.WOULD_SUCCEED
    )
    outcome = runner.run("ec2.terminate_instance", instance["InstanceId"], facts)
    root = instance["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    assert outcome.result is Result.DONE and f"volumes deleted with it: `{root}`" in outcome.summary
    state = ec2.describe_instances(InstanceIds=[instance["InstanceId"]])["Reservations"][0]["Instances"][0]
    assert state["State"]["Name"] in ("shutting-down", "terminated")
    assert runner.recheck("ec2.terminate_instance", instance["InstanceId"], facts).observed.gone


def _subnets(ec2) -> list[str]:
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    return [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.1.{i}.0/24", AvailabilityZone=f"us-east-1{z}")["Subnet"][
            "SubnetId"
        ]
        for i, z in ((1, "a"), (2, "b"))
    ]


def test_delete_load_balancer_simulates_in_dry_run_and_respects_deletion_protection(runner, aws, ec2, fake):
    elbv2 = aws.client("elbv2", region_name="us-east-1")
    lb = elbv2.create_load_balancer(Name="idle-alb", Subnets=_subnets(ec2), Type="application")[
        "LoadBalancers"
    ][0]
    arn = lb["LoadBalancerArn"]
    facts = plain({"name": "idle-alb", "type": "application", "created_time": lb["CreatedTime"]})
    outcome = runner.dry_run("elbv2.delete_load_balancer", arn, facts)
    assert outcome.result is Result.WOULD_SUCCEED and "idle-alb" in outcome.summary
    assert fake.simulated["PolicySourceArn"] == "arn:aws:iam::123456789012:role/ChatOpsCleanup"
    assert fake.simulated["ActionNames"] == ["elasticloadbalancing:DeleteLoadBalancer"]
    assert fake.simulated["ResourceArns"] == [arn]
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=arn, Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}]
    )
    assert runner.run("elbv2.delete_load_balancer", arn, facts).result is Result.REFUSED
    assert elbv2.describe_load_balancers()["LoadBalancers"]
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=arn, Attributes=[{"Key": "deletion_protection.enabled", "Value": "false"}]
    )
    assert runner.run("elbv2.delete_load_balancer", arn, facts).result is Result.DONE
    assert runner.recheck("elbv2.delete_load_balancer", arn, facts).observed.gone


def test_delete_classic_load_balancer(runner, aws):
    elb = aws.client("elb", region_name="us-east-1")
    elb.create_load_balancer(
        LoadBalancerName="old-clb",
        Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}],
        AvailabilityZones=["us-east-1a"],
    )
    created = elb.describe_load_balancers()["LoadBalancerDescriptions"][0]["CreatedTime"]
    facts = plain({"created_time": created})
    assert runner.dry_run("elb.delete_load_balancer", "old-clb", facts).result is Result.WOULD_SUCCEED
    assert runner.run("elb.delete_load_balancer", "old-clb", facts).result is Result.DONE
    assert runner.recheck("elb.delete_load_balancer", "old-clb", facts).observed.gone


def test_set_log_retention(runner, aws):
    logs = aws.client("logs", region_name="us-east-1")
    logs.create_log_group(logGroupName="/app/chatty")
    facts = {"retention_days": None, "target_retention_days": 30}
    assert runner.recheck("logs.set_retention", "/app/chatty", facts).observed.facts == {
        "retention_days": None
    }
    assert runner.run("logs.set_retention", "/app/chatty", facts).result is Result.DONE
    assert logs.describe_log_groups()["logGroups"][0]["retentionInDays"] == 30
    assert runner.recheck("logs.set_retention", "/app/chatty", facts).observed.already
    bad = {"retention_days": None, "target_retention_days": 45}
    logs.create_log_group(logGroupName="/app/other")
    assert runner.run("logs.set_retention", "/app/other", bad).result is Result.REFUSED


def test_deactivate_access_key_never_deletes_it(runner, aws):
    iam = aws.client("iam")
    iam.create_user(UserName="ci-bot")
    key = iam.create_access_key(UserName="ci-bot")["AccessKey"]["AccessKeyId"]
    facts = {"user_name": "ci-bot", "status": "Active"}
    assert runner.dry_run("iam.deactivate_access_key", key, facts).result is Result.WOULD_SUCCEED
    assert runner.run("iam.deactivate_access_key", key, facts).result is Result.DONE
    [left] = iam.list_access_keys(UserName="ci-bot")["AccessKeyMetadata"]
    assert left["AccessKeyId"] == key and left["Status"] == "Inactive"
    assert runner.recheck("iam.deactivate_access_key", key, facts).observed.already


def test_block_public_access(runner, aws):
    s3 = aws.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="leaky-bucket")
    facts = {"bucket": "leaky-bucket"}
    assert runner.recheck("s3.block_public_access", "leaky-bucket", facts).observed.facts == facts
    assert runner.run("s3.block_public_access", "leaky-bucket", facts).result is Result.DONE
    config = s3.get_public_access_block(Bucket="leaky-bucket")["PublicAccessBlockConfiguration"]
    assert all(config.values()) and len(config) == 4
    assert runner.recheck("s3.block_public_access", "leaky-bucket", facts).observed.already
    assert runner.recheck("s3.block_public_access", "no-such-bucket-x", {"bucket": "x"}).observed.gone


def test_enable_guardduty_creates_or_re_enables_the_detector(runner, aws):
    guardduty = aws.client("guardduty", region_name="eu-west-1")
    facts = {"detector_id": None}
    assert (
        runner.recheck("guardduty.enable_detector", "eu-west-1", facts, region="eu-west-1").observed.facts
        == facts
    )
    assert (
        runner.run("guardduty.enable_detector", "eu-west-1", facts, region="eu-west-1").result is Result.DONE
    )
    [detector] = guardduty.list_detectors()["DetectorIds"]
    assert guardduty.get_detector(DetectorId=detector)["Status"] == "ENABLED"
    assert runner.recheck(
        "guardduty.enable_detector", "eu-west-1", facts, region="eu-west-1"
    ).observed.already

    off = aws.client("guardduty", region_name="ap-northeast-2").create_detector(Enable=False)["DetectorId"]
    facts = {"detector_id": off}
    assert (
        runner.run("guardduty.enable_detector", "ap-northeast-2", facts, region="ap-northeast-2").result
        is Result.DONE
    )
    status = aws.client("guardduty", region_name="ap-northeast-2").get_detector(DetectorId=off)["Status"]
    assert status == "ENABLED"
