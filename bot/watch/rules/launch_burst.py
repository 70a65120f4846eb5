"""Many instances, or many launch calls, by one principal inside ten minutes: a miner filling its quota.

The window slides over everything seen recently, not only this poll's events, so a burst that
straddles two polls (or arrives half by push, half by poll) is still one burst; once it has raised
the alarm, its later launches join the same alert's thread.
"""

from __future__ import annotations

from datetime import timedelta

from bot.audit.launches import bursts
from bot.collect.cloudtrail import TrailEvent, launched
from bot.model import Severity
from bot.watch.rules.base import EC2, Context, Hit, rule
from bot.watch.rules.common import by_principal, hit, instance_containment, key_containment, minutes, who
from bot.watch.thresholds import RULES

ID = "watch.launch_burst"
SEVERITY = Severity.CRITICAL


@rule(
    ID,
    title="Launch burst",
    severity=SEVERITY,
    threshold=f"≥ {RULES.burst_instances} instances or ≥ {RULES.burst_launches} RunInstances calls by one "
    f"principal within {RULES.burst_window.seconds // 60} min",
    events={"RunInstances": EC2},
)
def launch_burst(ctx: Context) -> list[Hit]:
    window = ctx.rules.burst_window
    out = []
    for principal, new in by_principal(ctx.named("RunInstances")).items():
        fresh = {e.event_id for e in new}
        # look back far enough to see the whole of a burst still going on (its windows chain together)
        start = min(e.time for e in new) - max(window, ctx.rules.join_window)
        end = max(e.time for e in new) + window
        calls = [e for e in ctx.recent(("RunInstances",), start, end) if e.principal == principal]
        involved = _in_bursts(calls, window, ctx.rules.burst_launches, ctx.rules.burst_instances)
        if not fresh & {e.event_id for e in involved}:
            continue  # only old events qualify: that burst already raised its alarm
        instances = sum(len(launched(e)) for e in involved)
        refused = sum(1 for e in involved if not e.ok)
        span = minutes(involved[0].time, involved[-1].time)
        regions = ", ".join(sorted({e.region for e in involved}))
        title = (
            f"{instances} instance(s) launched in {len(involved)} RunInstances call(s) within {span} by "
            f"{who(involved)} in {regions}" + (f" ({refused} call(s) refused)" if refused else "")
        )
        containment = instance_containment(ID, SEVERITY, ctx.account, involved)
        containment += key_containment(ID, SEVERITY, ctx.account, involved)
        out.append(hit(ID, SEVERITY, title, involved, containment=containment))
    return out


def _in_bursts(calls: list[TrailEvent], window: timedelta, launches: int, instances: int) -> list[TrailEvent]:
    """The calls inside any window holding ≥ `launches` calls or ≥ `instances` instances, oldest first."""
    calls = sorted(calls, key=lambda e: (e.time, e.event_id))
    chosen: dict[str, TrailEvent] = {}
    for first, last, _ in bursts([e.time for e in calls], window, launches):
        chosen.update((e.event_id, e) for e in calls[first : last + 1])
    starts = sorted(
        ((item.time, e) for e in calls for item in launched(e)), key=lambda p: (p[0], p[1].event_id)
    )
    for first, last, _ in bursts([t for t, _ in starts], window, instances):
        chosen.update((e.event_id, e) for _, e in starts[first : last + 1])
    return sorted(chosen.values(), key=lambda e: (e.time, e.event_id))
