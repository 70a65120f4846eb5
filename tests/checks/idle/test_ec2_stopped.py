from datetime import timedelta
from decimal import Decimal

from idle_helpers import T0, ids, launch, volume

CHECK = "idle.ec2_stopped"


def test_stopped_more_than_30_days_costs_its_volumes(ec2, clock, idle):
    (instance,) = launch(ec2, "t3.large")
    data = volume(ec2, 492, "gp2")
    ec2.attach_volume(VolumeId=data, InstanceId=instance, Device="/dev/sdf")
    ec2.stop_instances(InstanceIds=[instance])
    clock.move_to(T0 + timedelta(days=30, hours=-1))
    assert ids(idle(CHECK)) == set()
    clock.move_to(T0 + timedelta(days=30, hours=1))
    (finding,) = idle(CHECK).findings
    assert finding.resource_id == instance
    assert finding.monthly_cost == Decimal("50.00")  # (8 GiB root + 492 GiB) × $0.10
    assert finding.action == "ec2.terminate_instance"
    assert finding.evidence["instance_type"] == "t3.large" and finding.evidence["state"] == "stopped"
    assert finding.title == "stopped 30 days; 2 volumes still billed"


def test_running_instances_are_not_stopped_ones(ec2, clock, idle):
    launch(ec2)
    clock.move_to(T0 + timedelta(days=90))
    assert ids(idle(CHECK)) == set()
