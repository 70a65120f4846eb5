"""SageMaker user profiles created recently: the door to Canvas sessions billed by the hour."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, listing, when
from bot.checks.audit.registry import check
from bot.model import Finding, Severity

ID = "audit.sagemaker_user_profile"


def summary(findings: Sequence[Finding]) -> str:
    parts = []
    for f in findings:
        by = f" by {f.evidence['created_by']}" if f.evidence.get("created_by") else ""
        parts.append(f"`{f.resource_id}` (domain `{f.evidence['domain_id']}`, {f.region}{by})")
    return f"New SageMaker user profile(s): {listing(parts, 5, code=False)}"


@check(
    ID,
    severity=Severity.HIGH,
    title="New SageMaker user profile",
    rationale="A user profile is what a Canvas or Studio session runs as; one nobody on the team created is "
    "an intruder's seat. CloudTrail's CreateUserProfile names who made it.",
    area="inventory",
    signal="canvas",
    needs=("sagemaker", "cloudtrail"),
    action="sagemaker.delete_user_profile",
    summary=summary,
)
def sagemaker_user_profile(data: AuditData) -> list[Finding]:
    out = []
    for profile in data.user_profiles:
        if not data.is_recent(profile.created) or profile.status in ("Deleting", "Delete_Failed"):
            continue
        event = data.creator("CreateUserProfile", name=profile.name)
        apps = [
            a.name
            for a in data.apps
            if a.user_profile == profile.name and a.domain_id == profile.domain_id and a.live
        ]
        out.append(
            finding(
                data,
                ID,
                severity=Severity.HIGH,
                region=profile.region,
                resource_id=profile.name,
                title=f"user profile created {when(profile.created)}"
                + (f" by {event.actor}" if event else "")
                + (f"; apps: {', '.join(apps)}" if apps else ""),
                evidence={
                    "domain_id": profile.domain_id,
                    "user_profile_name": profile.name,
                    "created": profile.created.isoformat() if profile.created else None,
                    "created_by": event.actor if event else None,
                    "apps": apps,
                },
                action="sagemaker.delete_user_profile",
            )
        )
    return out
