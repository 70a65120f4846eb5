from bot.checks.audit.s3_public_bucket import s3_public_bucket, summary
from bot.collect.s3 import PublicAccessBlock
from bot.model import Severity


def test_public_policy_and_acl_buckets_with_owner_hints(b):
    b.data.account_block = PublicAccessBlock()
    b.bucket("exports", policy_public=True, created=b.ago(3), tags={"created-by": "canvas-x9"})
    b.bucket("uploads", grants=["everyone: WRITE"])
    b.bucket("private")
    b.bucket("blocked", policy_public=True, block=PublicAccessBlock(restrict_public_buckets=True))
    found = {f.resource_id: f for f in s3_public_bucket(b.build())}
    assert set(found) == {"exports", "uploads"}
    assert found["uploads"].severity is Severity.CRITICAL  # anyone may write
    assert (
        found["exports"].action == "s3.block_public_access"
        and found["exports"].evidence["bucket"] == "exports"
    )
    assert "created-by=canvas-x9" in found["exports"].title
    assert "`exports`" in summary(list(found.values()))


def test_account_level_block_public_access_closes_every_bucket(b):
    b.data.account_block = PublicAccessBlock(True, True, True, True)
    b.bucket("exports", policy_public=True, grants=["everyone: READ"])
    assert s3_public_bucket(b.build()) == []
