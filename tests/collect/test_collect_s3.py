import json

from bot.collect.s3 import NONE_SET, collect_account_block, collect_bucket, list_buckets

PUBLIC = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::exports-7f3a/*",
        }
    ],
}


def test_public_policy_public_acl_and_blocked_buckets(world):
    s3 = world.base.client("s3", "us-east-1")
    for name in ("exports-7f3a", "uploads-open", "private-data", "blocked-site"):
        s3.create_bucket(Bucket=name)
    s3.put_bucket_policy(Bucket="exports-7f3a", Policy=json.dumps(PUBLIC))
    s3.put_bucket_tagging(Bucket="exports-7f3a", Tagging={"TagSet": [{"Key": "owner", "Value": "canvas-x9"}]})
    s3.put_bucket_acl(Bucket="uploads-open", ACL="public-read")
    s3.put_bucket_policy(
        Bucket="blocked-site",
        Policy=json.dumps(
            {**PUBLIC, "Statement": [{**PUBLIC["Statement"][0], "Resource": "arn:aws:s3:::blocked-site/*"}]}
        ),
    )
    s3.put_public_access_block(
        Bucket="blocked-site",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    account = collect_account_block(world.session, "123456789012")
    assert account == NONE_SET
    buckets = {b.name: collect_bucket(world.session, b) for b in list_buckets(world.session)}
    assert buckets["exports-7f3a"].public_reasons(account) == ["bucket policy allows public access"]
    assert "owner=canvas-x9" in buckets["exports-7f3a"].owner_hints
    assert buckets["uploads-open"].public_grants == ("everyone: READ",)
    assert not buckets["private-data"].public(account) and buckets["private-data"].tags == {}
    assert buckets["blocked-site"].policy_public is not None and not buckets["blocked-site"].public(account)


def test_account_level_block_public_access_wins(world):
    world.base.client("s3control", "us-east-1").put_public_access_block(
        AccountId="123456789012",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    block = collect_account_block(world.session, "123456789012")
    assert block.all_on and block.off == []
