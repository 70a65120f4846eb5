import pytest

from bot.checks.audit.generated_user_name import generated_user_name, looks_generated


@pytest.mark.parametrize(
    "name",
    ["user-x1x2x3x4", "svc7f3a9b2c", "admin_8f3k2j9d", "aws-a1b2c3d4e5", "backup-0f9e8d7c6b", "u.k9x2m4p7"],
)
def test_generated_names(name):
    assert looks_generated(name)


@pytest.mark.parametrize(
    "name",
    [
        "ci-deploy-2024",
        "user01",
        "k8s-admin",
        "john.doe",
        "s3-backup",
        "terraform",
        "app-v2prod",
        "ec2-user",
        "svc-2023-11",
        "alice@example.com",
        "deploy123",
    ],
)
def test_human_names(name):
    assert not looks_generated(name)


def test_generated_users_from_the_report_and_cloudtrail_with_their_creator(b):
    b.user("alice").user("user-x1x2x3x4", created=b.ago(1))
    b.trail.create_user("svc7f3a9b2c", time=b.ago(2), access_key="AKIALEAKED")
    found = {f.resource_id: f for f in generated_user_name(b.build())}
    assert set(found) == {"user-x1x2x3x4", "svc7f3a9b2c"}
    assert "AKIALEAKED" in found["svc7f3a9b2c"].evidence["created_by"]
