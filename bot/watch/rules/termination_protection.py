"""Termination protection set on several instances by one principal: so a hurried clean-up fails.

Set at launch (RunInstances with `disableApiTermination`) or later (ModifyInstanceAttribute); both
count, over an hour of what was seen, so protection set over two polls still adds up.
"""

from __future__ import annotations

from bot.collect.cloudtrail import TrailEvent, launched, protection_change, requested_protection
from bot.model import Severity
from bot.watch.rules.base import EC2, Context, Hit, rule
from bot.watch.rules.common import by_principal, hit, key_containment, listing, terminate, who
from bot.watch.thresholds import RULES

ID = "watch.termination_protection"
SEVERITY = Severity.HIGH
NAMES = ("RunInstances", "ModifyInstanceAttribute")


def protected(event: TrailEvent) -> dict[str, TrailEvent]:
    """Instance ID → the event that turned its protection on."""
    if not event.ok:
        return {}
    if event.name == "RunInstances" and requested_protection(event):
        return {item.instance_id: event for item in launched(event)}
    change = protection_change(event)
    return {change[0]: event} if change and change[1] else {}


@rule(
    ID,
    title="Termination protection on several instances",
    severity=SEVERITY,
    threshold=f"`disableApiTermination` set on ≥ {RULES.protection_instances} instances by one principal "
    f"within {RULES.protection_window.seconds // 3600} h",
    events={"RunInstances": EC2, "ModifyInstanceAttribute": EC2},
)
def termination_protection(ctx: Context) -> list[Hit]:
    window = ctx.rules.protection_window
    out = []
    for principal, new in by_principal(e for e in ctx.named(*NAMES) if protected(e)).items():
        start, end = min(e.time for e in new) - window, max(e.time for e in new) + window
        instances: dict[str, TrailEvent] = {}
        for event in ctx.recent(NAMES, start, end):
            if event.principal == principal:
                instances.update(protected(event))
        if len(instances) < ctx.rules.protection_instances:
            continue
        events = list({e.event_id: e for e in instances.values()}.values())
        span = max(e.time for e in events) - min(e.time for e in events)
        if span > window:  # the instances spread wider than the window: keep the newest window's worth
            cut = max(e.time for e in events) - window
            instances = {i: e for i, e in instances.items() if e.time >= cut}
            events = [e for e in events if e.time >= cut]
            if len(instances) < ctx.rules.protection_instances:
                continue
        regions = ", ".join(sorted({e.region for e in events}))
        title = (
            f"`disableApiTermination` set on {len(instances)} instances by {who(events)} in {regions}: "
            f"{listing(sorted(instances))}"
        )
        types = {i.instance_id: (i.instance_type, i.time) for e in events for i in launched(e)}
        containment = [
            terminate(
                ID, SEVERITY, ctx.account, event.region, instance_id, *types.get(instance_id, (None, None))
            )
            for instance_id, event in sorted(instances.items())
        ]
        containment += key_containment(ID, SEVERITY, ctx.account, events)
        out.append(hit(ID, SEVERITY, title, events, containment=containment))
    return out
