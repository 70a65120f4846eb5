"""IAM users holding admin, IAM-full or SES-full policies today (however long ago they got them)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, listing
from bot.checks.audit.registry import check
from bot.model import GLOBAL, Finding, Severity

ID = "audit.admin_user"


def summary(findings: Sequence[Finding]) -> str:
    return "Users with admin, IAM or SES full access: " + listing(f.resource_id for f in findings)


@check(
    ID,
    severity=Severity.MEDIUM,
    title="User with admin, IAM or SES full access",
    rationale="Long-lived users with these policies are the keys intruders want; people should use roles "
    "with short sessions instead, and nobody needs SES full access outside the team that sends mail.",
    area="credentials",
    signal="hygiene",
    needs=("iam.policies",),
    summary=summary,
)
def admin_user(data: AuditData) -> list[Finding]:
    out = []
    for user in data.user_policies or ():
        risks = user.risks()
        if not risks:
            continue
        policies = sorted(p.rsplit("/", 1)[-1] for p in risks)
        out.append(
            finding(
                data,
                ID,
                severity=Severity.MEDIUM,
                region=GLOBAL,
                resource_id=user.user,
                title=f"holds {', '.join(policies)}"
                + (f" (groups: {', '.join(user.groups)})" if user.groups else ""),
                evidence={
                    "policies": policies,
                    "risks": sorted(set(risks.values())),
                    "groups": list(user.groups),
                },
                arn=user.arn or None,
            )
        )
    return out
