from datetime import timedelta
from decimal import Decimal

from idle_helpers import T0, ids, launch, volume

CHECK = "idle.snapshot_orphaned"


def test_older_than_90_days_and_backing_no_ami_is_idle(ec2, clock, idle):
    vol = volume(ec2, 200)
    snap = ec2.create_snapshot(VolumeId=vol)["SnapshotId"]
    clock.move_to(T0 + timedelta(days=89, hours=23))
    assert ids(idle(CHECK)) == set()  # its volume still exists and it is not old yet
    clock.move_to(T0 + timedelta(days=90, hours=1))
    report = idle(CHECK)
    assert ids(report) == {snap}
    (finding,) = report.findings
    assert finding.title == "90 days old, backs no AMI"
    assert finding.monthly_cost == Decimal("10.00") and finding.estimated  # 200 GiB × $0.05, an upper bound
    assert finding.action == "ec2.delete_snapshot"
    assert finding.evidence["volume_size_gib"] == 200 and finding.evidence["start_time"].startswith(
        "2026-01-05"
    )


def test_snapshot_of_a_deleted_volume_is_idle_at_any_age(ec2, idle):
    vol = volume(ec2, 50)
    snap = ec2.create_snapshot(VolumeId=vol)["SnapshotId"]
    ec2.delete_volume(VolumeId=vol)
    report = idle(CHECK)
    assert ids(report) == {snap}
    assert report.findings[0].title == f"volume {vol} deleted, backs no AMI"


def test_snapshots_backing_an_ami_or_managed_by_a_policy_are_left_alone(ec2, clock, idle):
    (instance,) = launch(ec2)
    image = ec2.create_image(InstanceId=instance, Name="golden-image")["ImageId"]
    backing = ec2.describe_images(ImageIds=[image])["Images"][0]["BlockDeviceMappings"][0]["Ebs"][
        "SnapshotId"
    ]
    vol = volume(ec2, 20)
    managed = ec2.create_snapshot(
        VolumeId=vol,
        TagSpecifications=[
            {
                "ResourceType": "snapshot",
                "Tags": [{"Key": "aws:dlm:lifecycle-policy-id", "Value": "policy-1"}],
            }
        ],
    )["SnapshotId"]
    clock.move_to(T0 + timedelta(days=200))
    found = ids(idle(CHECK))
    assert backing not in found and managed not in found
