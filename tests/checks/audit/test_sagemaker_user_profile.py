from bot.checks.audit.sagemaker_user_profile import sagemaker_user_profile, summary
from bot.collect.sagemaker import App, UserProfile


def test_new_profile_is_named_with_its_creator_and_apps(b):
    b.sagemaker(
        "us-east-1",
        profiles=[
            UserProfile("us-east-1", "d-1", "canvas-x9", "InService", b.ago(3)),
            UserProfile("us-east-1", "d-1", "alice", "InService", b.ago(200)),
        ],
        apps=[App("us-east-1", "d-1", "canvas-x9", "Canvas", "default", "InService", b.ago(3))],
    )
    b.trail.event(
        "CreateUserProfile",
        region="us-east-1",
        time=b.ago(3),
        source="sagemaker.amazonaws.com",
        request={"domainId": "d-1", "userProfileName": "canvas-x9"},
        access_key="AKIALEAKED",
    )
    found = sagemaker_user_profile(b.build())
    assert [f.resource_id for f in found] == ["canvas-x9"]
    assert found[0].action == "sagemaker.delete_user_profile"
    assert found[0].evidence["domain_id"] == "d-1" and found[0].evidence["user_profile_name"] == "canvas-x9"
    assert found[0].evidence["apps"] == ["default"]
    assert "AKIALEAKED" in summary(found)
