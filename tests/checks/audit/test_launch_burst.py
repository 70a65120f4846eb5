from datetime import timedelta

from bot.checks.audit.launch_burst import launch_burst, summary
from bot.model import Severity


def _launch(b, n, *, region="eu-west-1", start=None, spread=timedelta(minutes=7), key="AKIANEWKEY0000000001"):
    start = start or b.ago(1)
    ids = [f"i-{region[:2]}{i:015d}" for i in range(n)]
    step = spread / max(n - 1, 1)
    for i, instance_id in enumerate(ids):  # one RunInstances per instance, spread over `spread`
        b.trail.run_instances(
            region=region,
            time=start + step * i,
            instances=[(instance_id, "p3.16xlarge")],
            protection=True,
            user="user-x1x2x3x4",
            access_key=key,
        )
        b.instance(instance_id, region=region, instance_type="p3.16xlarge", launched=start + step * i)
    return ids


def test_hundreds_of_launches_in_minutes_across_regions_is_one_burst_naming_instances_and_key(b):
    start = b.ago(1)
    eu = _launch(b, 60, region="eu-west-1", start=start, spread=timedelta(minutes=4))
    ap = _launch(
        b, 50, region="ap-northeast-2", start=start + timedelta(minutes=2), spread=timedelta(minutes=5)
    )
    found = launch_burst(b.build())
    assert sorted(f.resource_id for f in found) == sorted(eu + ap)
    assert {f.severity for f in found} == {Severity.CRITICAL}
    assert all(f.action == "ec2.terminate_instance" for f in found)
    text = summary(found)
    assert "110 instances" in text and "eu-west-1" in text and "ap-northeast-2" in text
    assert "AKIANEWKEY0000000001" in text and "user/user-x1x2x3x4" in text
    assert eu[0] in text


def test_the_same_launches_spread_over_hours_are_no_burst(b):
    _launch(b, 110, spread=timedelta(hours=5))
    assert launch_burst(b.build()) == []


def test_terminated_instances_of_a_burst_are_reported_without_a_button(b):
    ids = _launch(b, 100)
    b.data.instances = [i for i in b.data.instances if i.instance_id != ids[0]]
    found = {f.resource_id: f for f in launch_burst(b.build())}
    assert found[ids[0]].action is None and found[ids[0]].evidence["state"] == "gone"
    assert found[ids[1]].action == "ec2.terminate_instance"


def test_without_cloudtrail_the_inventory_launch_times_still_show_the_burst(b):
    for i in range(100):
        b.instance(
            f"i-{i:017d}",
            region="eu-west-1",
            instance_type="g5.xlarge",
            launched=b.ago(1) + timedelta(seconds=i),
        )
    found = launch_burst(b.build(trail=False))
    assert len(found) == 100
    assert "unknown principal" in summary(found)
