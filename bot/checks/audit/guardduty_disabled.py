"""Regions where GuardDuty is off: blind spots where a miner runs unseen."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import finding
from bot.checks.audit.registry import check
from bot.model import Finding, Severity

ID = "audit.guardduty_disabled"


def summary(findings: Sequence[Finding]) -> str:
    return "GuardDuty off in " + ", ".join(f"`{f.region}`" for f in findings)


@check(
    ID,
    severity=Severity.MEDIUM,
    title="GuardDuty off",
    rationale="GuardDuty is what notices crypto-mining traffic and stolen credentials; a region without an "
    "enabled detector is where an intruder can work without an alarm. It costs little in quiet regions.",
    area="guardduty",
    signal="hygiene",
    needs=("guardduty",),
    action="guardduty.enable_detector",
    summary=summary,
)
def guardduty_disabled(data: AuditData) -> list[Finding]:
    return [
        finding(
            data,
            ID,
            severity=Severity.MEDIUM,
            region=gd.region,
            resource_id=gd.region,
            title="no GuardDuty detector"
            if gd.detector_id is None
            else f"GuardDuty detector {gd.status.lower()}",
            evidence={"detector_id": gd.detector_id, "status": gd.status},
            action="guardduty.enable_detector",
        )
        for gd in data.guardduty
        if not gd.enabled
    ]
