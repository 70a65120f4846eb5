"""Activity in a region the account never used: intruders go where nobody looks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from bot.audit.data import AuditData
from bot.audit.footprint import regions_with_history
from bot.audit.launches import all_launches
from bot.checks.audit.common import finding, plural, when
from bot.checks.audit.registry import check
from bot.model import Finding, Severity

ID = "audit.new_region"


def summary(findings: Sequence[Finding]) -> str:
    parts = [f"`{f.region}` ({'; '.join(f.evidence['activity'])})" for f in findings]
    return "Activity in regions with no spend or resources before the last " + (
        f"{findings[0].evidence['window_days']} days: " + ", ".join(parts)
    )


@check(
    ID,
    severity=Severity.HIGH,
    title="Activity in a never-used region",
    rationale="A takeover often launches in regions the owner never looks at; recent spend or resources in "
    "a region with no history (Cost Explorer baseline, older resources) is a strong sign.",
    area="inventory",
    signal="new_region",
    needs=("cost", "ec2", "cloudtrail"),
    summary=summary,
)
def new_region(data: AuditData) -> list[Finding]:
    activity = _recent_activity(data)
    history = regions_with_history(data)
    cost = data.cost
    if cost is not None:
        for region in cost.regions_without_history(data.rules.new_region_min_usd):
            activity[region].append(f"${cost.recent_by_region[region]:,.2f} spent recently")
    out = []
    for region, what in sorted(activity.items()):
        if region in history:
            continue
        first = min(_times(data, region), default=None)
        out.append(
            finding(
                data,
                ID,
                severity=Severity.HIGH,
                region=region,
                resource_id=region,
                title=f"First activity in {region}"
                + (f" since {when(first)}" if first else "")
                + f": {'; '.join(what)}",
                evidence={
                    "activity": what,
                    "first_seen": first.isoformat() if first else None,
                    "baseline_usd": str(cost.baseline_by_region.get(region, Decimal(0))) if cost else None,
                    "window_days": data.rules.recent_days,
                    "judged_by": "cost history and older resources" if cost else "older resources only",
                },
            )
        )
    return out


def _recent_activity(data: AuditData) -> defaultdict[str, list[str]]:
    activity: defaultdict[str, list[str]] = defaultdict(list)
    launched: defaultdict[str, int] = defaultdict(int)
    for launch in all_launches(data):
        if data.is_recent(launch.time):
            launched[launch.region] += 1
    for region, n in launched.items():
        activity[region].append(f"{plural(n, 'instance')} launched")
    clusters: defaultdict[str, int] = defaultdict(int)
    for event in data.events_named("CreateCluster"):
        if event.ok and data.is_recent(event.time):
            clusters[event.region] += 1
    for region, n in clusters.items():
        activity[region].append(f"{plural(n, 'ECS cluster')} created")
    for sm in data.sagemaker:
        made = [p for p in sm.user_profiles if data.is_recent(p.created)]
        made += [n for n in sm.notebooks if data.is_recent(n.created)]
        made += [e for e in sm.endpoints if data.is_recent(e.created)]
        if made:
            activity[sm.region].append(f"{plural(len(made), 'SageMaker resource')} created")
    for fn in data.lambdas:
        if data.is_recent(fn.last_modified):
            activity[fn.region].append(f"Lambda `{fn.name}` changed")
    for cluster in data.emr_clusters:
        if data.is_recent(cluster.created):
            activity[cluster.region].append(f"EMR `{cluster.cluster_id}` started")
    return activity


def _times(data: AuditData, region: str) -> list[datetime]:
    times = [
        launch.time
        for launch in all_launches(data)
        if launch.region == region and data.is_recent(launch.time)
    ]
    times += [e.time for e in data.events if e.region == region and data.is_recent(e.time)]
    for sm in data.sagemaker:
        if sm.region == region:
            times += [p.created for p in sm.user_profiles if data.is_recent(p.created)]
    return times
