"""Other high-severity GuardDuty findings (backdoors, trojans, exfiltration, policy changes)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import guardduty_findings, guardduty_summary
from bot.checks.audit.registry import check
from bot.model import Finding, Severity

ID = "audit.guardduty_high"
HIGH = 7.0  # GuardDuty's own bands: low < 4 ≤ medium < 7 ≤ high


def summary(findings: Sequence[Finding]) -> str:
    return guardduty_summary("High-severity GuardDuty findings: ", findings)


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
    return guardduty_findings(
        data,
        ID,
        keep=lambda f: f.severity >= HIGH and not f.crypto and not f.unauthorized_access,
        severity=lambda f: Severity.HIGH,
    )
