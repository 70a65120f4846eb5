from bot.checks.audit.fresh_key_used import fresh_key_used, summary


def test_new_key_used_to_launch_is_named_with_creator_and_use(b):
    b.trail.create_user("user-x1", time=b.ago(2), access_key="AKIALEAKED")
    b.trail.create_access_key("user-x1", "AKIANEWKEY", time=b.ago(2), access_key="AKIALEAKED")
    b.trail.run_instances(
        region="eu-west-1",
        time=b.ago(1),
        instances=[("i-1", "p3.8xlarge")],
        user="user-x1",
        access_key="AKIANEWKEY",
    )
    found = fresh_key_used(b.build())
    assert [f.resource_id for f in found] == ["AKIANEWKEY"]
    f = found[0]
    assert f.action == "iam.deactivate_access_key"
    assert f.evidence["user_name"] == "user-x1" and f.evidence["status"] == "Active"
    assert f.evidence["used_for"] == {"RunInstances": 1} and f.evidence["regions"] == ["eu-west-1"]
    assert "AKIALEAKED" in summary(found)


def test_a_new_key_never_used_or_an_old_key_is_not_this_finding(b):
    b.trail.create_access_key("ci", "AKIAUNUSED", time=b.ago(2))
    b.trail.create_access_key("ci", "AKIAOLD", time=b.ago(60))
    b.trail.run_instances(
        region="us-east-1", time=b.ago(1), instances=[("i-1", "m5.large")], access_key="AKIAOLD"
    )
    assert fresh_key_used(b.build()) == []


def test_an_already_deactivated_key_gets_no_button(b):
    b.trail.create_access_key("u", "AKIANEWKEY", time=b.ago(2))
    b.trail.run_instances(
        region="us-east-1", time=b.ago(1), instances=[("i-1", "m5.large")], access_key="AKIANEWKEY"
    )
    b.key("u", "AKIANEWKEY", created=b.ago(2), status="Inactive")
    [f] = fresh_key_used(b.build())
    assert f.action is None and f.evidence["status"] == "Inactive"
