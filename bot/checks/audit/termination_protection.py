"""Termination protection on freshly launched instances: an intruder making the miners hard to kill."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.audit.launches import recent_launches
from bot.checks.audit.common import counted, launch_finding, listing, when
from bot.checks.audit.registry import check
from bot.model import Finding, Severity

ID = "audit.termination_protection"


def summary(findings: Sequence[Finding]) -> str:
    who = sorted({f.evidence["launched_by"] for f in findings if f.evidence.get("launched_by")})
    regions = sorted({f.region for f in findings})
    by = f" by {', '.join(who)}" if who else ""
    return (
        f"Termination protection set on {len(findings)} recently launched instance(s) in {', '.join(regions)}"
        f"{by}: {counted(Counter(f.evidence['instance_type'] for f in findings))} — "
        + listing(f.resource_id for f in findings)
    )


@check(
    ID,
    severity=Severity.HIGH,
    title="Termination protection on new instances",
    rationale="Attackers set disableApiTermination so the owner's clean-up script fails; a team rarely "
    "protects instances it launched days ago. The containment clears protection, then terminates.",
    area="inventory",
    signal="termination_protection",
    needs=("cloudtrail", "ec2", "ec2.protection"),
    action="ec2.terminate_instance",
    summary=summary,
)
def termination_protection(data: AuditData) -> list[Finding]:
    return [
        launch_finding(
            data,
            ID,
            launch,
            title=f"{launch.instance_type} launched {when(launch.time)}{_key(launch.access_key)}, "
            "termination protection on",
        )
        for launch in recent_launches(data)
        if launch.protected
    ]


def _key(access_key: str | None) -> str:
    return f" with key {access_key}" if access_key else ""
