"""Dozens of ECS clusters created within minutes: Fargate mining at scale."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.audit.launches import bursts
from bot.checks.audit.common import finding, listing, minutes, span
from bot.checks.audit.registry import check
from bot.collect.cloudtrail import resource_name
from bot.model import Finding, Severity

ID = "audit.ecs_cluster_burst"


def summary(findings: Sequence[Finding]) -> str:
    ev = findings[0].evidence
    return (
        f"{ev['burst_size']} ECS clusters created within {ev['burst_minutes']} ({ev['burst_span']}) in "
        f"{', '.join(ev['burst_regions'])} by {ev['principal'] or 'an unknown principal'}: "
        + listing(f.resource_id for f in findings)
    )


@check(
    ID,
    severity=Severity.CRITICAL,
    title="ECS cluster burst",
    rationale="Fifty or more ECS clusters in ten minutes is scripted abuse (Fargate miners); ECS clusters "
    "are free, so nobody creates them in bulk by hand.",
    area="inventory",
    signal="cluster_burst",
    needs=("cloudtrail",),
    summary=summary,
)
def ecs_cluster_burst(data: AuditData) -> list[Finding]:
    events = [e for e in data.events_named("CreateCluster") if e.ok]
    clusters = {(c.region, c.name): c for c in data.ecs_clusters}
    out = []
    for first, last, _peak in bursts(
        [e.time for e in events], data.rules.burst_window, data.rules.burst_ecs_clusters
    ):
        chunk = events[first : last + 1]
        regions = sorted({e.region for e in chunk})
        for event in chunk:
            name = resource_name(event) or "?"
            live = clusters.get((event.region, name))
            out.append(
                finding(
                    data,
                    ID,
                    severity=Severity.CRITICAL,
                    region=event.region,
                    resource_id=name,
                    title=f"ECS cluster created in a burst of {len(chunk)} by {event.actor}",
                    evidence={
                        "created": event.time.isoformat(),
                        "principal": event.actor,
                        "burst_size": len(chunk),
                        "burst_span": span(chunk[0].time, chunk[-1].time),
                        "burst_minutes": minutes(chunk[0].time, chunk[-1].time),
                        "burst_regions": regions,
                        "running_tasks": live.running_tasks if live else None,
                    },
                )
            )
    return out
