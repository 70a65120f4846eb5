from bot.checks.audit.canvas_app import canvas_app, summary
from bot.collect.sagemaker import App, UserProfile
from bot.model import Severity


def test_running_canvas_apps_are_listed_with_owner_and_facts_for_deletion(b):
    b.sagemaker(
        "us-east-1",
        profiles=[UserProfile("us-east-1", "d-1", "canvas-x9", "InService", b.ago(3))],
        apps=[
            App("us-east-1", "d-1", "canvas-x9", "Canvas", "default", "InService", b.ago(3)),
            App("us-east-1", "d-1", "alice", "Canvas", "default", "Deleted", b.ago(90)),
            App("us-east-1", "d-1", "alice", "JupyterServer", "default", "InService", b.ago(90)),
        ],
    )
    found = canvas_app(b.build())
    assert [f.resource_id for f in found] == ["canvas-x9/default"]
    f = found[0]
    assert f.action == "sagemaker.delete_app" and f.severity is Severity.HIGH  # owner is new
    assert {k: f.evidence[k] for k in ("domain_id", "user_profile_name", "app_type", "app_name")} == {
        "domain_id": "d-1",
        "user_profile_name": "canvas-x9",
        "app_type": "Canvas",
        "app_name": "default",
    }
    assert "`canvas-x9`" in summary(found)
