"""A SageMaker user profile or Canvas app created: Canvas sessions bill by the hour, and a stranger's
profile in the team's domain is a door back in."""

from __future__ import annotations

from bot.collect.cloudtrail import resource_name
from bot.model import Severity
from bot.watch.rules.base import Context, Hit, rule
from bot.watch.rules.common import by_principal, hit, key_containment, who

ID = "watch.sagemaker_canvas"
SEVERITY = Severity.HIGH
SAGEMAKER = "sagemaker.amazonaws.com"


@rule(
    ID,
    title="SageMaker user profile or Canvas app",
    severity=SEVERITY,
    threshold="CreateUserProfile, or CreateApp of type Canvas",
    events={"CreateUserProfile": SAGEMAKER, "CreateApp": SAGEMAKER},
)
def sagemaker_canvas(ctx: Context) -> list[Hit]:
    chosen = [
        e
        for e in ctx.named("CreateUserProfile", "CreateApp")
        if e.ok and (e.name == "CreateUserProfile" or str(e.request.get("appType")) == "Canvas")
    ]
    out = []
    for _, events in by_principal(chosen).items():
        parts = []
        for event in events:
            domain = event.request.get("domainId") or "?"
            if event.name == "CreateUserProfile":
                parts.append(f"user profile `{resource_name(event)}` in domain `{domain}` ({event.region})")
            else:
                owner = event.request.get("userProfileName") or "?"
                parts.append(f"Canvas app `{resource_name(event)}` for `{owner}` ({event.region})")
        title = f"{who(events)} created {'; '.join(parts)}"
        out.append(
            hit(ID, SEVERITY, title, events, containment=key_containment(ID, SEVERITY, ctx.account, events))
        )
    return out
