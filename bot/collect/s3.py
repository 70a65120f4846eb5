"""S3 exposure: the account's Block Public Access, and per bucket its own, policy status and ACL.

A bucket is public when its policy is public (`GetBucketPolicyStatus`) and neither the account nor
the bucket restricts public buckets, or when its ACL grants AllUsers / AuthenticatedUsers and
neither ignores public ACLs. The bucket calls are per bucket, so the audit runs them as leaf tasks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from bot.aws.session import AccountSession

PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "everyone",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "any AWS account",
}
OWNER_TAGS = ("owner", "created-by", "createdby", "creator", "team", "contact", "project")


@dataclass(frozen=True)
class PublicAccessBlock:
    block_public_acls: bool = False
    ignore_public_acls: bool = False
    block_public_policy: bool = False
    restrict_public_buckets: bool = False

    @property
    def all_on(self) -> bool:
        return all((self.block_public_acls, self.ignore_public_acls, self.block_public_policy,
                    self.restrict_public_buckets))  # fmt: skip

    @property
    def off(self) -> list[str]:
        names = {
            "BlockPublicAcls": self.block_public_acls,
            "IgnorePublicAcls": self.ignore_public_acls,
            "BlockPublicPolicy": self.block_public_policy,
            "RestrictPublicBuckets": self.restrict_public_buckets,
        }
        return [name for name, on in names.items() if not on]


NONE_SET = PublicAccessBlock()


@dataclass(frozen=True)
class BucketListing:
    name: str
    region: str | None
    created: datetime | None
    owner: str | None


@dataclass(frozen=True)
class Bucket:
    name: str
    region: str
    created: datetime | None
    owner: str | None  # the ACL owner's display name or canonical ID
    block: PublicAccessBlock  # the bucket's own setting (all off when none is configured)
    policy_public: bool
    public_grants: tuple[str, ...] = ()  # "everyone: READ", "any AWS account: WRITE"…
    tags: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def public(self, account: PublicAccessBlock) -> bool:
        return bool(self.public_reasons(account))

    def public_reasons(self, account: PublicAccessBlock) -> list[str]:
        reasons = []
        if self.policy_public and not (account.restrict_public_buckets or self.block.restrict_public_buckets):
            reasons.append("bucket policy allows public access")
        if self.public_grants and not (account.ignore_public_acls or self.block.ignore_public_acls):
            reasons.append("ACL grants " + ", ".join(self.public_grants))
        return reasons

    @property
    def owner_hints(self) -> list[str]:
        hints = [f"{k}={v}" for k, v in self.tags.items() if k.lower() in OWNER_TAGS]
        if self.owner:
            hints.append(f"ACL owner {self.owner}")
        return hints


def collect_account_block(session: AccountSession, account_id: str) -> PublicAccessBlock:
    """The account-wide setting; none configured reads as all four off."""
    try:
        answer = session.client("s3control").get_public_access_block(AccountId=account_id)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "NoSuchPublicAccessBlockConfiguration":
            return NONE_SET
        raise
    return _block(answer.get("PublicAccessBlockConfiguration", {}))


def list_buckets(session: AccountSession) -> list[BucketListing]:
    client = session.client("s3")
    out: list[BucketListing] = []
    for page in client.get_paginator("list_buckets").paginate():
        owner = page.get("Owner", {})
        for item in page.get("Buckets", []):
            out.append(
                BucketListing(
                    name=item["Name"],
                    region=item.get("BucketRegion"),
                    created=item.get("CreationDate"),
                    owner=owner.get("DisplayName") or owner.get("ID"),
                )
            )
    return out


def collect_bucket(session: AccountSession, listing: BucketListing) -> Bucket:
    """One bucket's exposure: its Block Public Access, policy status, ACL; tags only when public."""
    # Without BucketRegion (older APIs, moto), the global client follows S3's region redirects.
    client = session.client("s3", listing.region) if listing.region else session.client("s3")
    name = listing.name
    block = _optional(
        lambda: _block(client.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]),
        "NoSuchPublicAccessBlockConfiguration",
        NONE_SET,
    )
    policy_public = _optional(
        lambda: bool(client.get_bucket_policy_status(Bucket=name)["PolicyStatus"].get("IsPublic")),
        "NoSuchBucketPolicy",
        False,
    )
    acl = client.get_bucket_acl(Bucket=name)
    grants = tuple(
        sorted(
            {
                f"{PUBLIC_GRANTEES[g['Grantee']['URI']]}: {g.get('Permission', '?')}"
                for g in acl.get("Grants", [])
                if g.get("Grantee", {}).get("URI") in PUBLIC_GRANTEES
            }
        )
    )
    owner = acl.get("Owner", {})
    bucket = Bucket(
        name=name,
        region=listing.region or "us-east-1",
        created=listing.created,
        owner=owner.get("DisplayName") or owner.get("ID") or listing.owner,
        block=block,
        policy_public=policy_public,
        public_grants=grants,
    )
    if policy_public or grants:  # owner hints are worth a call only for exposed buckets
        tags = _optional(lambda: client.get_bucket_tagging(Bucket=name).get("TagSet", []), "NoSuchTagSet", [])
        bucket = replace(bucket, tags={t["Key"]: t["Value"] for t in tags})
    return bucket


def _block(config: dict[str, Any]) -> PublicAccessBlock:
    return PublicAccessBlock(
        block_public_acls=bool(config.get("BlockPublicAcls")),
        ignore_public_acls=bool(config.get("IgnorePublicAcls")),
        block_public_policy=bool(config.get("BlockPublicPolicy")),
        restrict_public_buckets=bool(config.get("RestrictPublicBuckets")),
    )


def _optional(call: Any, missing_code: str, default: Any) -> Any:
    """The call's answer, or `default` when S3 says the thing is simply not configured."""
    try:
        return call()
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == missing_code:
            return default
        raise
