"""Buckets anyone can read (or write): data leaks, and a favourite of intruders staging exports."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, listing, when
from bot.checks.audit.registry import check
from bot.collect.s3 import NONE_SET
from bot.model import Finding, Severity

ID = "audit.s3_public_bucket"


def summary(findings: Sequence[Finding]) -> str:
    parts = [
        f"`{f.resource_id}` ({f.evidence['reasons'][0]}, created {f.evidence['created']})" for f in findings
    ]
    return "Public bucket(s): " + listing(parts, 4, code=False)


@check(
    ID,
    severity=Severity.HIGH,
    title="Public S3 bucket",
    rationale="A public policy or ACL lets anyone on the internet read (or write) the bucket; Block Public "
    "Access on the bucket closes it without touching its data.",
    area="s3",
    signal="public_bucket",
    needs=("s3.buckets", "s3.bucket", "s3.account"),
    action="s3.block_public_access",
    summary=summary,
)
def s3_public_bucket(data: AuditData) -> list[Finding]:
    account = data.account_block or NONE_SET
    out = []
    for bucket in data.buckets:
        reasons = bucket.public_reasons(account)
        if not reasons:
            continue
        hints = bucket.owner_hints
        out.append(
            finding(
                data,
                ID,
                severity=Severity.CRITICAL if _writable(bucket.public_grants) else Severity.HIGH,
                region=bucket.region,
                resource_id=bucket.name,
                title=f"{'; '.join(reasons)} (created {when(bucket.created)}"
                + (f"; {', '.join(hints)})" if hints else ")"),
                evidence={
                    "bucket": bucket.name,
                    "reasons": reasons,
                    "created": when(bucket.created),
                    "recent": data.is_recent(bucket.created),
                    "owner_hints": hints,
                },
                action="s3.block_public_access",
                arn=f"arn:aws:s3:::{bucket.name}",
            )
        )
    return out


def _writable(grants: Sequence[str]) -> bool:
    return any(g.endswith((": WRITE", ": WRITE_ACP", ": FULL_CONTROL")) for g in grants)
