from bot.checks.audit.minting_key import minting_key, summary


def test_a_long_lived_key_creating_users_and_keys_is_offered_for_deactivation(b):
    b.trail.create_user(
        "user-x1", time=b.ago(2), user="ci-deploy", access_key="AKIALEAKED", source_ip="45.137.21.9"
    )
    b.trail.create_access_key("user-x1", "AKIANEW", time=b.ago(2), user="ci-deploy", access_key="AKIALEAKED")
    b.trail.create_user(
        "temp", time=b.ago(2), identity_type="AssumedRole", user="Admin/alice", access_key="ASIATEMP"
    )
    [f] = minting_key(b.build())
    assert f.resource_id == "AKIALEAKED" and f.action == "iam.deactivate_access_key"
    assert f.evidence["user_name"] == "ci-deploy" and f.evidence["status"] == "Active"
    assert f.evidence["made"] == {"CreateUser": 1, "CreateAccessKey": 1}
    assert "45.137.21.9" in f.title and "user/ci-deploy" in summary([f])
