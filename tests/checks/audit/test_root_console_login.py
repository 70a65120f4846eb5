from bot.checks.audit.root_console_login import root_console_login


def _login(b, days, mfa, ok=True):
    b.trail.event(
        "ConsoleLogin",
        region="us-east-1",
        time=b.ago(days),
        source="signin.amazonaws.com",
        identity_type="Root",
        user=None,
        access_key=None,
        response={"ConsoleLogin": "Success" if ok else "Failure"},
        additional={"MFAUsed": "Yes" if mfa else "No"},
    )


def test_recent_root_sign_ins_with_mfa_are_listed(b):
    _login(b, 1, mfa=True)
    _login(b, 2, mfa=False)  # the stronger finding of its own check
    _login(b, 40, mfa=True)  # outside the recent window
    _login(b, 1, mfa=True, ok=False)
    found = root_console_login(b.build())
    assert len(found) == 1 and found[0].resource_id == "root" and "with MFA" in found[0].title


def test_iam_user_console_logins_are_not_read(b):
    b.trail.event(
        "ConsoleLogin",
        region="us-east-1",
        time=b.ago(1),
        source="signin.amazonaws.com",
        response={"ConsoleLogin": "Success"},
        additional={"MFAUsed": "Yes"},
    )
    assert root_console_login(b.build()) == []
