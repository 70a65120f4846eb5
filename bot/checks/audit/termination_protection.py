"""Termination protection on freshly launched instances: an intruder making the miners hard to kill."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.audit.launches import recent_launches
from bot.checks.audit.common import counted, finding, listing, when
from bot.checks.audit.registry import check
from bot.collect.cloudtrail import short_principal
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
    out = []
    for launch in recent_launches(data):
        if not launch.protected:
            continue
        key = f" with key {launch.access_key}" if launch.access_key else ""
        out.append(
            finding(
                data,
                ID,
                severity=Severity.HIGH,
                region=launch.region,
                resource_id=launch.instance_id,
                title=f"{launch.instance_type} launched {when(launch.time)}{key}, termination protection on",
                evidence={
                    "launch_time": (launch.launch_time or launch.time).isoformat(),
                    "instance_type": launch.instance_type,
                    "state": launch.state or "gone",
                    "launched_by": short_principal(launch.principal) if launch.principal else None,
                    "access_key": launch.access_key,
                },
                action="ec2.terminate_instance" if launch.live else None,
            )
        )
    return out
