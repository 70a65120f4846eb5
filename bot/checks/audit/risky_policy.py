"""SES full access or admin policies attached to a user recently: spam runs and full takeover."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, when
from bot.checks.audit.registry import check
from bot.collect.cloudtrail import target_user
from bot.collect.iam import policy_risk
from bot.model import GLOBAL, Finding, Severity

ID = "audit.risky_policy"
RISK_WORDS = {"admin": "admin", "iam": "IAM full access", "ses": "SES sending"}


def summary(findings: Sequence[Finding]) -> str:
    parts = [
        f"`{f.evidence['policy']}` ({RISK_WORDS[f.evidence['risk']]}) attached to `{f.resource_id}` by "
        f"{f.evidence['attached_by']} {f.evidence['attached_at']}"
        for f in findings
    ]
    return "Risky policy attached: " + "; ".join(parts)


@check(
    ID,
    severity=Severity.CRITICAL,
    title="SES or admin policy attached",
    rationale="Intruders grant their new user AdministratorAccess to persist, or SES full access to send "
    "spam from the account's reputation; both show in CloudTrail as AttachUserPolicy or PutUserPolicy.",
    area="cloudtrail",
    signal="risky_policy",
    needs=("cloudtrail",),
    summary=summary,
)
def risky_policy(data: AuditData) -> list[Finding]:
    out = []
    for event in data.events_named("AttachUserPolicy", "PutUserPolicy"):
        if not event.ok or not data.is_recent(event.time):
            continue
        if event.name == "AttachUserPolicy":
            policy = str(event.request.get("policyArn") or "?")
            risk = policy_risk(policy)
        else:
            policy = str(event.request.get("policyName") or "inline policy")
            risk = policy_risk(document=event.request.get("policyDocument"))
        if risk is None:
            continue
        user = target_user(event) or "?"
        name = policy.rsplit("/", 1)[-1]
        out.append(
            finding(
                data,
                ID,
                severity=Severity.CRITICAL,
                region=GLOBAL,
                resource_id=user,
                title=f"{name} ({RISK_WORDS[risk]}) attached {when(event.time)} by {event.actor}",
                evidence={
                    "policy": name,
                    "risk": risk,
                    "event": event.name,
                    "attached_by": event.actor,
                    "attached_at": when(event.time),
                },
            )
        )
    return out
