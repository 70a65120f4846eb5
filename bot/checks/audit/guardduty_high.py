"""Other high-severity GuardDuty findings (backdoors, trojans, exfiltration, policy changes)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, listing
from bot.checks.audit.registry import check
from bot.model import Finding, Severity

ID = "audit.guardduty_high"
HIGH = 7.0  # GuardDuty's own bands: low < 4 ≤ medium < 7 ≤ high


def summary(findings: Sequence[Finding]) -> str:
    parts = [f"{f.evidence['type']} on `{f.resource_id}` ({f.region})" for f in findings]
    return "High-severity GuardDuty findings: " + listing(parts, 4, code=False)


@check(
    ID,
    severity=Severity.HIGH,
    title="High-severity GuardDuty finding",
    rationale="GuardDuty rates these 7 or above: a resource is compromised or being used for an attack. "
    "Crypto and unauthorized-access findings are separate checks.",
    area="guardduty",
    signal="guardduty_finding",
    needs=("guardduty",),
    summary=summary,
)
def guardduty_high(data: AuditData) -> list[Finding]:
    return [
        finding(
            data,
            ID,
            severity=Severity.HIGH,
            region=f.region,
            resource_id=f.resource or f.finding_id,
            title=f"{f.type} (severity {f.severity:g}, seen {f.count}×)",
            evidence={"type": f.type, "finding_id": f.finding_id, "severity": f.severity, "count": f.count},
        )
        for gd in data.guardduty
        for f in gd.findings
        if f.severity >= HIGH and not f.crypto and not f.unauthorized_access
    ]
