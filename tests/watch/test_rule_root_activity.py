"""Root activity of any kind raises the alarm; the same calls by anyone else do not."""

from watch_helpers import NOW, Trail, run_rule

RULE = "watch.root_activity"


def test_a_root_sign_in_without_mfa_fires():
    trail = Trail()
    login = trail.event(
        "ConsoleLogin",
        NOW,
        source="signin.amazonaws.com",
        user=None,
        access_key=None,
        identity_type="Root",
        response={"ConsoleLogin": "Success"},
        additional={"MFAUsed": "No"},
        source_ip="203.0.113.9",
    )
    [hit] = run_rule(RULE, [login])
    assert hit.principal == "root"
    assert "signed in without MFA from `203.0.113.9`" in hit.title


def test_any_root_call_fires_even_a_failed_one():
    trail = Trail()
    call = trail.event(
        "CreateAccessKey",
        NOW,
        source="iam.amazonaws.com",
        user=None,
        identity_type="Root",
        error_code="AccessDenied",
    )
    [hit] = run_rule(RULE, [call])
    assert "called 1× CreateAccessKey" in hit.title


def test_the_same_call_by_an_iam_user_does_not_fire():
    trail = Trail()
    assert run_rule(RULE, [trail.event("ConsoleLogin", NOW, source="signin.amazonaws.com")]) == []
