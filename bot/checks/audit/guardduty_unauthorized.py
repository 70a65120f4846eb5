"""GuardDuty UnauthorizedAccess findings: credentials used from where they should not be."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, listing
from bot.checks.audit.registry import check
from bot.model import Finding, Severity

ID = "audit.guardduty_unauthorized"


def summary(findings: Sequence[Finding]) -> str:
    parts = [f"{f.evidence['type']} on `{f.resource_id}` ({f.region})" for f in findings]
    return "GuardDuty saw unauthorized access: " + listing(parts, 4, code=False)


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
    return [
        finding(
            data,
            ID,
            severity=Severity.CRITICAL if f.severity >= 7 else Severity.HIGH,
            region=f.region,
            resource_id=f.resource or f.finding_id,
            title=f"{f.type} (severity {f.severity:g}, seen {f.count}×)",
            evidence={"type": f.type, "finding_id": f.finding_id, "severity": f.severity, "count": f.count},
        )
        for gd in data.guardduty
        for f in gd.findings
        if f.unauthorized_access
    ]
