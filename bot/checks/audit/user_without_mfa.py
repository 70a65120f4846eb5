"""Console users without MFA: one phished password away from the account."""

from __future__ import annotations

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, when
from bot.checks.audit.registry import check
from bot.model import GLOBAL, Finding, Severity

ID = "audit.user_without_mfa"


@check(
    ID,
    severity=Severity.MEDIUM,
    title="Console user without MFA",
    rationale="A user with a console password and no MFA is one phished or reused password away from "
    "whatever that user may do.",
    area="credentials",
    signal="hygiene",
    needs=("iam.credential_report",),
)
def user_without_mfa(data: AuditData) -> list[Finding]:
    users = data.credentials.iam_users if data.credentials else ()
    return [
        finding(
            data,
            ID,
            severity=Severity.MEDIUM,
            region=GLOBAL,
            resource_id=user.user,
            title="console password without MFA"
            + (
                f", last sign-in {when(user.password_last_used)}"
                if user.password_last_used
                else ", never signed in"
            ),
            evidence={
                "password_last_used": when(user.password_last_used) if user.password_last_used else None
            },
        )
        for user in users
        if user.password_enabled and not user.mfa_active
    ]
