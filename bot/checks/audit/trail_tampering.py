"""CloudTrail stopped or deleted: someone turning the lights off."""

from __future__ import annotations

from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, when
from bot.checks.audit.registry import check
from bot.collect.cloudtrail import resource_name
from bot.model import Finding, Severity

ID = "audit.trail_tampering"


def summary(findings: Sequence[Finding]) -> str:
    parts = [
        f"{f.evidence['event']} on `{f.resource_id}` by {f.evidence['by']} {f.evidence['at']}"
        for f in findings
    ]
    return "CloudTrail tampered with: " + "; ".join(parts)


@check(
    ID,
    severity=Severity.CRITICAL,
    title="CloudTrail stopped or deleted",
    rationale="StopLogging and DeleteTrail blind the account's own audit log; intruders do it before they "
    "act. Any occurrence in 90 days needs an explanation.",
    area="cloudtrail",
    signal="trail_tampering",
    needs=("cloudtrail",),
    summary=summary,
)
def trail_tampering(data: AuditData) -> list[Finding]:
    out = []
    for event in data.events_named("StopLogging", "DeleteTrail"):
        if not event.ok:
            continue
        trail = resource_name(event) or "?"
        out.append(
            finding(
                data,
                ID,
                severity=Severity.CRITICAL,
                region=event.region,
                resource_id=trail.rsplit("/", 1)[-1],
                title=f"{event.name} {when(event.time)} by {event.actor}",
                evidence={"event": event.name, "by": event.actor, "at": when(event.time), "trail": trail},
            )
        )
    return out
