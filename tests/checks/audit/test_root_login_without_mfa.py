from bot.checks.audit.root_login_without_mfa import root_login_without_mfa


def test_root_sign_in_without_mfa_anywhere_in_the_lookback(b):
    b.trail.event(
        "ConsoleLogin",
        region="eu-west-1",
        time=b.ago(60),
        source="signin.amazonaws.com",
        identity_type="Root",
        user=None,
        access_key=None,
        source_ip="203.0.113.9",
        response={"ConsoleLogin": "Success"},
        additional={"MFAUsed": "No"},
    )
    [f] = root_login_without_mfa(b.build())
    assert f.evidence["source_ip"] == "203.0.113.9" and f.evidence["region"] == "eu-west-1"
