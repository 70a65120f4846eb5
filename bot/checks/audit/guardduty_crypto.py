"""GuardDuty CryptoCurrency findings: mining traffic seen from the account's resources."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import guardduty_findings, guardduty_summary
from bot.checks.audit.registry import check
from bot.model import Finding, Severity

ID = "audit.guardduty_crypto"


def summary(findings: Sequence[Finding]) -> str:
    return guardduty_summary("GuardDuty saw crypto-mining: ", findings)


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
    return guardduty_findings(data, ID, keep=lambda f: f.crypto, severity=lambda f: Severity.CRITICAL)
