"""A SageMaker user profile or a Canvas app created fires; a JupyterServer app does not."""

from watch_helpers import NOW, Trail, run_rule

RULE = "watch.sagemaker_canvas"
SM = "sagemaker.amazonaws.com"


def test_a_user_profile_and_its_canvas_app_fire():
    trail = Trail()
    profile = trail.event(
        "CreateUserProfile",
        NOW,
        source=SM,
        request={"domainId": "d-abc123", "userProfileName": "canvas-x9k2m4"},
    )
    request = {
        "domainId": "d-abc123",
        "userProfileName": "canvas-x9k2m4",
        "appType": "Canvas",
        "appName": "default",
    }
    app = trail.event("CreateApp", NOW, source=SM, request=request)
    [hit] = run_rule(RULE, [profile, app])
    assert "user profile `canvas-x9k2m4` in domain `d-abc123`" in hit.title
    assert "Canvas app `default` for `canvas-x9k2m4`" in hit.title


def test_a_jupyter_app_does_not_fire():
    trail = Trail()
    request = {"domainId": "d-abc123", "userProfileName": "alice", "appType": "JupyterServer", "appName": "x"}
    app = trail.event("CreateApp", NOW, source=SM, request=request)
    assert run_rule(RULE, [app]) == []
