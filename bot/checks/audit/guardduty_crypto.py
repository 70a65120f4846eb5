"""GuardDuty CryptoCurrency findings: mining traffic seen from the account's resources."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, listing
from bot.checks.audit.registry import check
from bot.model import Finding, Severity

ID = "audit.guardduty_crypto"


def summary(findings: Sequence[Finding]) -> str:
    parts = [f"{f.evidence['type']} on `{f.resource_id}` ({f.region})" for f in findings]
    return "GuardDuty saw crypto-mining: " + listing(parts, 4, code=False)


@check(
    ID,
    severity=Severity.CRITICAL,
    title="GuardDuty crypto-mining finding",
    rationale="CryptoCurrency:* findings mean resources talk to mining pools or Bitcoin nodes; in an "
    "account that does not mine on purpose, that is a compromise.",
    area="guardduty",
    signal="crypto_finding",
    needs=("guardduty",),
    summary=summary,
)
def guardduty_crypto(data: AuditData) -> list[Finding]:
    return [
        finding(
            data,
            ID,
            severity=Severity.CRITICAL,
            region=f.region,
            resource_id=f.resource or f.finding_id,
            title=f"{f.type} (severity {f.severity:g}, seen {f.count}×)",
            evidence={"type": f.type, "finding_id": f.finding_id, "severity": f.severity, "count": f.count},
        )
        for gd in data.guardduty
        for f in gd.findings
        if f.crypto
    ]
