"""A freshly created access key used right away to launch, create users or attach policies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import counted, finding, when
from bot.checks.audit.registry import check
from bot.collect.cloudtrail import created_access_key
from bot.model import GLOBAL, Finding, Severity

ID = "audit.fresh_key_used"
# what a stolen identity does with a new key; read-only calls are not in the audit's event list anyway
HIGH_SIGNAL = {
    "RunInstances", "CreateCluster", "CreateUser", "CreateAccessKey", "CreateLoginProfile",
    "AttachUserPolicy", "PutUserPolicy", "CreateUserProfile", "CreateApp", "StopLogging", "DeleteTrail",
    "ModifyInstanceAttribute",
}  # fmt: skip


def summary(findings: Sequence[Finding]) -> str:
    parts = [
        f"key `{f.resource_id}` of user `{f.evidence['user_name']}` created {f.evidence['created_at']} "
        f"by {f.evidence['created_by']} and used for {f.evidence['used_for_text']} in "
        f"{', '.join(f.evidence['regions'])}"
        for f in findings
    ]
    return "Fresh access key used at once: " + "; ".join(parts)


@check(
    ID,
    severity=Severity.CRITICAL,
    title="New access key used to launch or escalate",
    rationale="The classic takeover: a leaked key creates a user and a new key, and the new key launches "
    "compute or grants itself policies within hours. Deactivating the key (never deleting: it is "
    "evidence) stops it at once.",
    area="cloudtrail",
    signal="fresh_key_used",
    needs=("cloudtrail",),
    action="iam.deactivate_access_key",
    summary=summary,
)
def fresh_key_used(data: AuditData) -> list[Finding]:
    status = {k.key_id: k.status for k in data.access_keys}
    out = []
    for event in data.events_named("CreateAccessKey"):
        created = created_access_key(event)
        if created is None or not event.ok or not data.is_recent(event.time):
            continue
        user, key_id = created
        uses = [
            e
            for e in data.events
            if e.access_key == key_id and e.name in HIGH_SIGNAL and e.time >= event.time
        ]
        if not uses:
            continue
        used_for = Counter(e.name for e in uses)
        regions = sorted({e.region for e in uses})
        out.append(
            finding(
                data,
                ID,
                severity=Severity.CRITICAL,
                region=GLOBAL,
                resource_id=key_id,
                title=f"key of `{user}` created {when(event.time)} by {event.actor}, then used for "
                f"{counted(used_for, 4)}",
                evidence={
                    "user_name": user,
                    "status": status.get(key_id, "Active"),
                    "created_at": when(event.time),
                    "created_by": event.actor,
                    "used_for": dict(used_for),
                    "used_for_text": counted(used_for, 4),
                    "regions": regions,
                    "first_use": uses[0].time.isoformat(),
                    "source_ips": sorted({e.source_ip for e in uses if e.source_ip})[:5],
                },
                action="iam.deactivate_access_key" if status.get(key_id, "Active") == "Active" else None,
            )
        )
    return out
