"""Hundreds of instances launched within minutes: the signature of a hijacked account being mined."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.audit.launches import all_launches, launch_bursts
from bot.checks.audit.common import counted, finding, listing, minutes, span
from bot.checks.audit.registry import check
from bot.collect.cloudtrail import short_principal
from bot.model import Finding, Severity

ID = "audit.launch_burst"


def summary(findings: Sequence[Finding]) -> str:
    bursts: dict[str, list[Finding]] = {}
    for f in findings:
        bursts.setdefault(f.evidence["burst_start"], []).append(f)
    lines = []
    for items in bursts.values():
        ev = items[0].evidence
        who = ", ".join(ev["burst_principals"]) or "an unknown principal (inventory only)"
        keys = f" with key {listing(ev['burst_access_keys'], 3)}" if ev["burst_access_keys"] else ""
        types = counted(Counter(f.evidence["instance_type"] for f in items))
        lines.append(
            f"{ev['burst_size']} instances launched within {ev['burst_minutes']} ({ev['burst_span']}) in "
            f"{', '.join(ev['burst_regions'])} by {who}{keys}: {types} — "
            + listing(f.resource_id for f in items)
        )
    return "; ".join(lines)


@check(
    ID,
    severity=Severity.CRITICAL,
    title="Launch burst",
    rationale="Hundreds of instances inside one 10-minute window is how a stolen key is turned into a mining "
    "farm; a team scaling out does it through an Auto Scaling group, gradually, not all at once.",
    area="inventory",
    signal="launch_burst",
    needs=("cloudtrail", "ec2"),
    action="ec2.terminate_instance",
    summary=summary,
)
def launch_burst(data: AuditData) -> list[Finding]:
    rules = data.rules
    out = []
    for burst in launch_bursts(all_launches(data), rules.burst_window, rules.burst_instances):
        shared = {
            "burst_start": burst.start.isoformat(),
            "burst_span": span(burst.start, burst.end),
            "burst_minutes": minutes(burst.start, burst.end),
            "burst_size": len(burst.launches),
            "burst_peak": burst.peak,
            "burst_regions": burst.regions,
            "burst_principals": [short_principal(p) for p in burst.principals],
            "burst_access_keys": burst.access_keys,
        }
        for launch in burst.launches:
            out.append(
                finding(
                    data,
                    ID,
                    severity=Severity.CRITICAL,
                    region=launch.region,
                    resource_id=launch.instance_id,
                    title=f"{launch.instance_type} launched in a burst of {len(burst.launches)} "
                    f"({shared['burst_span']})",
                    evidence={
                        **shared,
                        "launch_time": (launch.launch_time or launch.time).isoformat(),
                        "instance_type": launch.instance_type,
                        "state": launch.state or "gone",
                        "principal": launch.principal,
                        "access_key": launch.access_key,
                        "protected": launch.protected,
                    },
                    action="ec2.terminate_instance" if launch.live else None,
                )
            )
    return out
