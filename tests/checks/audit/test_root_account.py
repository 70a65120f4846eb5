from bot.checks.audit.root_account import root_account
from bot.collect.iam import KeySlot


def test_root_without_mfa_and_with_a_used_key(b):
    b.root(
        mfa=False,
        keys=[KeySlot(1, True, b.ago(900), b.ago(2), "ec2", "eu-west-1"), KeySlot(2, False, None, None)],
    )
    found = root_account(b.build())
    titles = sorted(f.title for f in found)
    assert titles[0].startswith("root has an active access key") and "ec2 in eu-west-1" in titles[0]
    assert titles[1] == "root has no MFA device"
    assert next(f for f in found if f.resource_id == "root key 1").evidence["used_recently"] is True


def test_a_well_kept_root_or_no_report(b):
    b.root(mfa=True)
    assert root_account(b.build()) == []
    b.data.credentials = None
    assert root_account(b.data) == []
