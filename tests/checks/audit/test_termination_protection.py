from bot.checks.audit.termination_protection import summary, termination_protection


def test_recent_launches_with_protection_are_found_with_key_and_button(b):
    b.trail.run_instances(
        region="eu-west-1",
        time=b.ago(1),
        instances=[("i-p1", "p3.8xlarge"), ("i-p2", "p3.8xlarge")],
        protection=True,
        user="user-x1x2x3x4",
        access_key="AKIANEW",
    )
    b.trail.run_instances(
        region="eu-west-1", time=b.ago(1), instances=[("i-free", "t3.micro")], access_key="AKIANEW"
    )
    for i in ("i-p1", "i-p2", "i-free"):
        b.instance(i, region="eu-west-1", instance_type="p3.8xlarge", launched=b.ago(1))
    found = termination_protection(b.build())
    assert sorted(f.resource_id for f in found) == ["i-p1", "i-p2"]
    assert all(f.action == "ec2.terminate_instance" and f.evidence["access_key"] == "AKIANEW" for f in found)
    assert {"launch_time", "instance_type"} <= set(found[0].evidence)
    assert "user/user-x1x2x3x4" in summary(found)


def test_protection_set_later_by_modify_instance_attribute_counts(b):
    b.trail.run_instances(region="us-east-1", time=b.ago(2), instances=[("i-x", "c5.large")])
    b.trail.event(
        "ModifyInstanceAttribute",
        region="us-east-1",
        time=b.ago(2, minutes=-5),
        source="ec2.amazonaws.com",
        request={"instanceId": "i-x", "disableApiTermination": {"value": True}},
    )
    b.instance("i-x", launched=b.ago(2))
    assert [f.resource_id for f in termination_protection(b.build())] == ["i-x"]


def test_old_protected_instances_and_inventory_lookups(b):
    b.instance("i-prod", launched=b.ago(300), protected=True)  # protected for a year: a careful team
    b.instance("i-looked", region="eu-west-1", launched=b.ago(1), protected=True)  # CloudTrail unread there
    found = termination_protection(b.build(unread=[("eu-west-1", "RunInstances")]))
    assert [f.resource_id for f in found] == ["i-looked"]
