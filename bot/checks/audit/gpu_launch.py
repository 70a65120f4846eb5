"""GPU and other accelerated instances launched recently: what a miner rents first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.audit.launches import recent_launches
from bot.checks.audit.common import counted, launch_finding, listing, when
from bot.checks.audit.registry import check
from bot.collect.cloudtrail import short_principal
from bot.collect.inventory_ec2 import is_gpu
from bot.model import Finding, Severity

ID = "audit.gpu_launch"


def summary(findings: Sequence[Finding]) -> str:
    regions = sorted({f.region for f in findings})
    return (
        f"{len(findings)} GPU instance(s) launched in the last {findings[0].evidence['window_days']} days in "
        f"{', '.join(regions)}: {counted(Counter(f.evidence['instance_type'] for f in findings))} — "
        + listing(f.resource_id for f in findings)
    )


@check(
    ID,
    severity=Severity.HIGH,
    title="New GPU instances",
    rationale="Accelerated instances (p, g, inf, trn, dl, f families) cost $1–$100 an hour each and are "
    "the miner's favourite; a new one deserves a name and an owner.",
    area="inventory",
    signal="gpu_launch",
    needs=("cloudtrail", "ec2"),
    action="ec2.terminate_instance",
    summary=summary,
)
def gpu_launch(data: AuditData) -> list[Finding]:
    return [
        launch_finding(
            data,
            ID,
            launch,
            title=f"{launch.instance_type} launched {when(launch.time)}{_by(launch.principal)}",
            window_days=data.rules.recent_days,
        )
        for launch in recent_launches(data)
        if is_gpu(launch.instance_type)
    ]


def _by(principal: str | None) -> str:
    return f" by {short_principal(principal)}" if principal else ""
