"""New users, keys or passwords made by a principal that has not made any in 90 days: persistence.

An intruder's first move after a foothold is a credential of their own. Teams that create users do
so regularly (an admin, a provisioning pipeline): the history of the last 90 days says who does.
"""

from __future__ import annotations

from bot.collect.cloudtrail import created_access_key, target_user
from bot.model import Severity
from bot.watch.rules.base import IAM, Context, Hit, rule
from bot.watch.rules.common import by_principal, deactivate_key, hit, key_containment, listing, user_arn, who
from bot.watch.thresholds import RULES

ID = "watch.new_credentials"
SEVERITY = Severity.HIGH
NAMES = ("CreateUser", "CreateAccessKey", "CreateLoginProfile")
STREAM = "iam"  # IAM's events are recorded in us-east-1: the stream whose history this rule needs


@rule(
    ID,
    title="New credentials",
    severity=SEVERITY,
    threshold=f"CreateUser, CreateAccessKey or CreateLoginProfile by a principal that made none in the "
    f"{RULES.quiet_days} days before",
    events=dict.fromkeys(NAMES, IAM),
)
def new_credentials(ctx: Context) -> list[Hit]:
    if STREAM not in ctx.history.seeded:
        return []  # who normally creates credentials is not known yet: say nothing rather than everything
    out = []
    for principal, events in by_principal(e for e in ctx.named(*NAMES) if e.ok).items():
        first = min(e.time for e in events)
        if ctx.history.created_before(principal, first, ctx.rules.quiet_days):
            continue
        users, keys, passwords, links = [], [], [], []
        containment = key_containment(ID, SEVERITY, ctx.account, events)
        for event in events:
            created = created_access_key(event)
            user = created[0] if created else target_user(event)
            if user:
                links.append(user_arn(ctx.account, user))
            if event.name == "CreateUser" and user:
                users.append(user)
            elif created:
                keys.append(f"{created[1]} for {created[0]}")
                links.append(created[1])
                containment.append(deactivate_key(ID, SEVERITY, ctx.account, created[1], created[0]))
            elif event.name == "CreateLoginProfile" and user:
                passwords.append(user)
        made = [
            f"user {listing(users)}" if users else "",
            f"access key {listing(keys)}" if keys else "",
            f"console password for {listing(passwords)}" if passwords else "",
        ]
        title = (
            f"{who(events)} created {'; '.join(m for m in made if m)} — "
            f"no credentials created by it in the {ctx.rules.quiet_days} days before"
        )
        out.append(hit(ID, SEVERITY, title, events, links=links, containment=containment))
    return out
