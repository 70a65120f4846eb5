from bot.checks.audit.new_credentials import new_credentials, summary
from bot.collect.iam import KeySlot


def test_users_keys_and_passwords_created_recently(b):
    b.trail.create_user("user-x1", time=b.ago(2), access_key="AKIALEAKED")
    b.trail.create_access_key("user-x1", "AKIANEWKEY", time=b.ago(2), access_key="AKIALEAKED")
    b.trail.iam_event("CreateLoginProfile", time=b.ago(2), request={"userName": "user-x1"})
    b.trail.iam_event("CreateLoginProfile", time=b.ago(1), request={"userName": "old-bob"})
    b.user("alice", created=b.ago(3))  # in the report only (CloudTrail had nothing)
    b.user("carol", created=b.ago(300), keys=[KeySlot(1, True, b.ago(5), None)])  # new key, ID looked up
    b.key("carol", "AKIACAROLNEW", created=b.ago(5))
    found = {f.resource_id: f for f in new_credentials(b.build())}
    assert set(found) == {"user-x1", "AKIANEWKEY", "alice", "AKIACAROLNEW", "old-bob"}
    assert found["AKIANEWKEY"].action == "iam.deactivate_access_key"
    assert (
        found["AKIANEWKEY"].evidence["user_name"] == "user-x1"
        and found["AKIANEWKEY"].evidence["status"] == "Active"
    )
    assert found["user-x1"].action is None and found["user-x1"].evidence["console_password_by"]
    assert found["old-bob"].evidence["kind"] == "password"
    assert "AKIANEWKEY (user-x1)" in summary(list(found.values()))


def test_a_key_without_a_known_id_is_reported_without_a_button(b):
    b.user("dave", keys=[KeySlot(2, True, b.ago(1), None)])
    [f] = new_credentials(b.build())
    assert f.resource_id == "dave key 2" and f.action is None


def test_nothing_new(b):
    b.user("erin", created=b.ago(100), keys=[KeySlot(1, True, b.ago(100), b.ago(1))])
    assert new_credentials(b.build()) == []
