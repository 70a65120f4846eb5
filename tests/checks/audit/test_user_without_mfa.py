from bot.checks.audit.user_without_mfa import user_without_mfa


def test_only_console_users_without_mfa(b):
    b.user("bob", password=True, mfa=False, password_last_used=b.ago(3))
    b.user("alice", password=True, mfa=True)
    b.user("ci", password=False, mfa=False)  # keys only: MFA does not apply
    [f] = user_without_mfa(b.build())
    assert f.resource_id == "bob" and "last sign-in" in f.title
