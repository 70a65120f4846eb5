"""Running SageMaker Canvas apps and who owns them: each bills per session-hour until deleted."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, listing, when
from bot.checks.audit.registry import check
from bot.model import Finding, Severity

ID = "audit.canvas_app"


def summary(findings: Sequence[Finding]) -> str:
    parts = [
        f"`{f.evidence['app_name']}` of user profile `{f.evidence['user_profile_name']}` ({f.region}, "
        f"since {f.evidence['since']})"
        for f in findings
    ]
    return f"Running Canvas app(s): {listing(parts, 5, code=False)}"


@check(
    ID,
    severity=Severity.MEDIUM,
    title="Running Canvas app",
    rationale="A Canvas app bills about $1.90 per session-hour for as long as it runs, whether anyone uses "
    "it or not; an app owned by an unknown or new user profile is the Canvas takeover pattern.",
    area="inventory",
    signal="canvas",
    needs=("sagemaker",),
    action="sagemaker.delete_app",
    summary=summary,
)
def canvas_app(data: AuditData) -> list[Finding]:
    out = []
    for app in data.apps:
        if not app.canvas or not app.live or not app.user_profile:
            continue
        profile = next(
            (p for p in data.user_profiles if p.name == app.user_profile and p.domain_id == app.domain_id),
            None,
        )
        new_owner = profile is not None and data.is_recent(profile.created)
        event = data.creator("CreateApp", name=app.name)
        out.append(
            finding(
                data,
                ID,
                severity=Severity.HIGH if new_owner or data.is_recent(app.created) else Severity.MEDIUM,
                region=app.region,
                resource_id=f"{app.user_profile}/{app.name}",
                title=f"Canvas app `{app.name}` of `{app.user_profile}` running since {when(app.created)}"
                + (f", started by {event.actor}" if event else ""),
                evidence={
                    "domain_id": app.domain_id,
                    "user_profile_name": app.user_profile,
                    "app_type": app.app_type,
                    "app_name": app.name,
                    "status": app.status,
                    "since": when(app.created),
                    "owner_is_new": new_owner,
                    "started_by": event.actor if event else None,
                },
                action="sagemaker.delete_app",
            )
        )
    return out
