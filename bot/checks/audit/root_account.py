"""The root user without MFA, or with access keys: the account's master key left under the mat."""

from __future__ import annotations

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, when
from bot.checks.audit.registry import check
from bot.model import GLOBAL, Finding, Severity

ID = "audit.root_account"


@check(
    ID,
    severity=Severity.CRITICAL,
    title="Root without MFA or with access keys",
    rationale="Root can do anything, including closing the account, and cannot be limited by IAM; it "
    "needs MFA and must not have access keys (AWS's own first recommendation).",
    area="credentials",
    signal="hygiene",
    needs=("iam.credential_report",),
)
def root_account(data: AuditData) -> list[Finding]:
    root = data.credentials.root if data.credentials else None
    if root is None:
        return []
    out = []
    if not root.mfa_active:
        out.append(
            finding(
                data,
                ID,
                severity=Severity.CRITICAL,
                region=GLOBAL,
                resource_id="root",
                title="root has no MFA device",
                evidence={"mfa_active": False, "password_last_used": when(root.password_last_used)},
            )
        )
    for slot in root.active_keys:
        used = when(slot.last_used) if slot.last_used else "never"
        out.append(
            finding(
                data,
                ID,
                severity=Severity.CRITICAL,
                region=GLOBAL,
                resource_id=f"root key {slot.slot}",
                title=f"root has an active access key (created {when(slot.last_rotated)}, last used {used}"
                + (
                    f" on {slot.last_used_service} in {slot.last_used_region})"
                    if slot.last_used_service
                    else ")"
                ),
                evidence={
                    "created": when(slot.last_rotated),
                    "last_used": used,
                    "last_used_service": slot.last_used_service,
                    "used_recently": data.is_recent(slot.last_used),
                },
            )
        )
    return out
