from datetime import timedelta
from decimal import Decimal

from idle_helpers import T0, ids, launch, volume

CHECK = "idle.ebs_volume_idle"


def test_unattached_volume_is_idle_with_its_gb_month_cost(ec2, idle):
    gp2, st1 = volume(ec2, 500, "gp2"), volume(ec2, 1000, "st1")
    (instance,) = launch(ec2)
    used = volume(ec2, 50)
    ec2.attach_volume(VolumeId=used, InstanceId=instance, Device="/dev/sdf")
    report = idle(CHECK)
    assert ids(report) == {gp2, st1}
    costs = {f.resource_id: f.monthly_cost for f in report.findings}
    assert costs == {gp2: Decimal("50.00"), st1: Decimal("45.00")}
    assert all(f.action == "ec2.delete_volume" for f in report.findings)
    assert (
        report.findings[0].evidence["size_gib"] == 500 and report.findings[0].evidence["volume_type"] == "gp2"
    )


def _stopped_with_volume(ec2):
    (instance,) = launch(ec2)
    data = volume(ec2, 200)
    ec2.attach_volume(VolumeId=data, InstanceId=instance, Device="/dev/sdf")
    ec2.stop_instances(InstanceIds=[instance])
    return instance, data


def test_volume_of_an_instance_stopped_more_than_7_days_is_idle(ec2, clock, idle):
    instance, data = _stopped_with_volume(ec2)
    clock.move_to(T0 + timedelta(days=6, hours=23))
    assert data not in ids(idle(CHECK))
    clock.move_to(T0 + timedelta(days=7, hours=1))
    report = idle(CHECK)
    finding = next(f for f in report.findings if f.resource_id == data)
    assert finding.action is None  # in use: nothing to delete until it is detached
    assert instance in finding.title and "stopped 7 days" in finding.title


def test_volume_of_an_instance_stopped_over_30_days_is_counted_with_the_instance(ec2, clock, idle):
    instance, data = _stopped_with_volume(ec2)
    clock.move_to(T0 + timedelta(days=31))
    report = idle()
    assert data not in ids(report, CHECK)
    stopped = next(f for f in report.findings if f.check == "idle.ec2_stopped")
    assert stopped.resource_id == instance and data in stopped.evidence["volume_ids"]


def test_volume_shared_with_a_running_instance_is_not_idle(ec2, clock, idle):
    (running,) = launch(ec2)
    assert ids(idle(CHECK)) == set()  # the root volume of a running instance
    ec2.stop_instances(InstanceIds=[running])
    clock.move_to(T0 + timedelta(days=1))
    assert ids(idle(CHECK)) == set()
