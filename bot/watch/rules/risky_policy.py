"""Admin, IAM full access or SES sending attached to a user: full takeover, or spam on the account's name."""

from __future__ import annotations

from bot.collect.cloudtrail import TrailEvent, target_user
from bot.collect.iam import policy_risk
from bot.model import Severity
from bot.watch.rules.base import IAM, Context, Hit, rule
from bot.watch.rules.common import by_principal, hit, key_containment, user_arn, who

ID = "watch.risky_policy"
SEVERITY = Severity.CRITICAL
RISK_WORDS = {"admin": "admin", "iam": "IAM full access", "ses": "SES sending"}


def granted(event: TrailEvent) -> tuple[str, str | None]:
    """(policy name, "admin" | "iam" | "ses" | None) of an AttachUserPolicy or PutUserPolicy."""
    if event.name == "AttachUserPolicy":
        policy = str(event.request.get("policyArn") or "?")
        return policy.rsplit("/", 1)[-1], policy_risk(policy)
    name = str(event.request.get("policyName") or "inline policy")
    return name, policy_risk(document=event.request.get("policyDocument"))


@rule(
    ID,
    title="Admin or SES policy attached",
    severity=SEVERITY,
    threshold="AttachUserPolicy or PutUserPolicy granting admin (every action on every resource, "
    "AdministratorAccess), IAM full access or SES sending",
    events={"AttachUserPolicy": IAM, "PutUserPolicy": IAM},
)
def risky_policy(ctx: Context) -> list[Hit]:
    out = []
    for _, events in by_principal(e for e in ctx.named("AttachUserPolicy", "PutUserPolicy") if e.ok).items():
        risky = [(e, *granted(e)) for e in events]
        risky = [(e, name, risk) for e, name, risk in risky if risk]
        if not risky:
            continue
        grants = [f"`{name}` ({RISK_WORDS[risk]}) to `{target_user(e) or '?'}`" for e, name, risk in risky]
        acted = [e for e, _, _ in risky]
        users = [target_user(e) for e in acted]
        title = f"{who(acted)} granted {'; '.join(grants)}"
        links = [user_arn(ctx.account, u) for u in users if u]
        out.append(
            hit(
                ID,
                SEVERITY,
                title,
                acted,
                links=links,
                containment=key_containment(ID, SEVERITY, ctx.account, acted),
            )
        )
    return out
