"""Activity in a region the account has not used in 90 days: intruders go where nobody looks.

"Used" means a write by someone other than AWS services and the bot itself, learnt from 90 days of
CloudTrail when the region is first watched and kept up to date since. IAM and sign-in events are
global (recorded in us-east-1) and say nothing about regions.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from bot.collect.cloudtrail import GLOBAL_EVENTS, TrailEvent
from bot.model import Severity
from bot.watch.rules.base import Context, Hit, rule
from bot.watch.rules.common import AWS_SERVICE, counted, hit, key_containment, who
from bot.watch.thresholds import RULES

ID = "watch.new_region"
SEVERITY = Severity.HIGH


def regional(event: TrailEvent) -> bool:
    return (
        event.name not in GLOBAL_EVENTS
        and event.name != "ConsoleLogin"
        and event.principal_type != AWS_SERVICE
    )


@rule(
    ID,
    title="Activity in an unused region",
    severity=SEVERITY,
    threshold=f"any watched event in a region with no write (other than AWS's and the bot's) in the "
    f"{RULES.quiet_days} days before",
)
def new_region(ctx: Context) -> list[Hit]:
    groups: dict[tuple[str, str], list[TrailEvent]] = defaultdict(list)
    for event in ctx.new:
        if not regional(event) or event.region not in ctx.history.seeded:
            continue
        if ctx.history.used_before(event.region, event.time, ctx.rules.quiet_days):
            continue
        groups[(event.region, event.principal)].append(event)
    out = []
    for (region, _), events in sorted(groups.items()):
        tried = "" if any(e.ok for e in events) else " (every call refused)"
        title = (
            f"{counted(Counter(e.name for e in events))} in {region} by {who(events)}{tried} — "
            f"no activity there in the {ctx.rules.quiet_days} days before"
        )
        out.append(
            hit(ID, SEVERITY, title, events, containment=key_containment(ID, SEVERITY, ctx.account, events))
        )
    return out
