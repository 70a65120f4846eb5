"""The account's S3 Block Public Access not fully on: nothing stops the next public bucket."""

from __future__ import annotations

from bot.audit.data import AuditData
from bot.checks.audit.common import finding
from bot.checks.audit.registry import check
from bot.model import GLOBAL, Finding, Severity

ID = "audit.s3_account_block"


@check(
    ID,
    severity=Severity.MEDIUM,
    title="Account-level Block Public Access off",
    rationale="With the four account-level settings on, no bucket can be made public by a policy or ACL, "
    "whoever tries; accounts that host public websites should use CloudFront instead.",
    area="s3",
    signal="hygiene",
    needs=("s3.account",),
)
def s3_account_block(data: AuditData) -> list[Finding]:
    block = data.account_block
    if block is None or block.all_on:
        return []
    return [
        finding(
            data,
            ID,
            severity=Severity.MEDIUM,
            region=GLOBAL,
            resource_id=data.account_id,
            title="account-level Block Public Access is off: " + ", ".join(block.off),
            evidence={"off": block.off},
        )
    ]
