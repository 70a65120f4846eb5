"""Where the account lives: regions with history before the recent window, and what is new since.

Shared by the never-used-region check and the guardrail SCP (which allows only the regions in use).
"""

from __future__ import annotations

from bot.audit.data import AuditData
from bot.audit.launches import all_launches
from bot.collect.cloudtrail import resource_name


def regions_with_history(data: AuditData) -> set[str]:
    """Regions that show use before the recent window: spend, older resources, or older events."""
    start = data.recent_start
    used: set[str] = set()
    if data.cost is not None:
        used.update(data.cost.regions_with_history())
    recent_ids = {launch.instance_id for launch in all_launches(data) if data.is_recent(launch.time)}
    used.update(i.region for i in data.instances if i.instance_id not in recent_ids and i.launch_time < start)
    used.update(fn.region for fn in data.lambdas if fn.last_modified and fn.last_modified < start)
    used.update(c.region for c in data.emr_clusters if c.created and c.created < start)
    for sm in data.sagemaker:
        dates = [d.created for d in sm.domains] + [p.created for p in sm.user_profiles]
        dates += [n.created for n in sm.notebooks] + [e.created for e in sm.endpoints]
        if any(d and d < start for d in dates):
            used.add(sm.region)
    new_clusters = {
        (e.region, resource_name(e)) for e in data.events_named("CreateCluster") if data.is_recent(e.time)
    }
    used.update(c.region for c in data.ecs_clusters if (c.region, c.name) not in new_clusters)
    used.update(e.region for e in data.events if e.time < start and e.name != "ConsoleLogin")
    return used


def legitimate_gpu_types(data: AuditData) -> set[str]:
    """GPU types the account ran before the recent window: the guardrail must not deny those."""
    recent = {launch.instance_id for launch in all_launches(data) if data.is_recent(launch.time)}
    return {
        i.instance_type
        for i in data.instances
        if i.gpu and i.instance_id not in recent and i.launch_time < data.recent_start
    }
