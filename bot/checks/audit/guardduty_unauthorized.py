"""GuardDuty UnauthorizedAccess findings: credentials used from where they should not be."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import guardduty_findings, guardduty_summary
from bot.checks.audit.registry import check
from bot.model import Finding, Severity

ID = "audit.guardduty_unauthorized"


def summary(findings: Sequence[Finding]) -> str:
    return guardduty_summary("GuardDuty saw unauthorized access: ", findings)


@check(
    ID,
    severity=Severity.HIGH,
    title="GuardDuty unauthorized-access finding",
    rationale="UnauthorizedAccess:* findings (instance credentials used outside AWS, console logins from "
    "Tor, brute force) are direct evidence that someone else holds a key or a password.",
    area="guardduty",
    signal="unauthorized_access_finding",
    needs=("guardduty",),
    summary=summary,
)
def guardduty_unauthorized(data: AuditData) -> list[Finding]:
    return guardduty_findings(
        data,
        ID,
        keep=lambda f: f.unauthorized_access,
        severity=lambda f: Severity.CRITICAL if f.severity >= 7 else Severity.HIGH,
    )
