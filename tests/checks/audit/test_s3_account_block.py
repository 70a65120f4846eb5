from bot.checks.audit.s3_account_block import s3_account_block
from bot.collect.s3 import PublicAccessBlock


def test_partially_on_is_reported_with_what_is_off(b):
    b.data.account_block = PublicAccessBlock(block_public_acls=True, ignore_public_acls=True)
    [f] = s3_account_block(b.build())
    assert f.evidence["off"] == ["BlockPublicPolicy", "RestrictPublicBuckets"]


def test_all_on_or_unreadable_is_silent(b):
    assert s3_account_block(b.build()) == []
    b.data.account_block = None
    assert s3_account_block(b.data) == []
