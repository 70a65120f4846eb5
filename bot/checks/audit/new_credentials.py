"""IAM users, access keys and console passwords created recently."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, key_id_for, listing, when
from bot.checks.audit.registry import check
from bot.collect.cloudtrail import created_access_key, target_user
from bot.model import GLOBAL, Finding, Severity

ID = "audit.new_credentials"


def summary(findings: Sequence[Finding]) -> str:
    users = [f.resource_id for f in findings if f.evidence["kind"] == "user"]
    keys = [f"{f.resource_id} ({f.evidence['user_name']})" for f in findings if f.evidence["kind"] == "key"]
    parts = []
    if users:
        parts.append(f"users {listing(users)}")
    if keys:
        parts.append(f"access keys {listing(keys, code=False)}")
    return f"New credentials in the last {findings[0].evidence['window_days']} days: " + "; ".join(parts)


@check(
    ID,
    severity=Severity.MEDIUM,
    title="New IAM users and keys",
    rationale="Intruders make their own users and keys to keep access after the leaked one is rotated; "
    "every credential created recently should have a known owner.",
    area="credentials",
    signal="new_credentials",
    needs=("iam.credential_report", "cloudtrail"),
    action="iam.deactivate_access_key",
    summary=summary,
)
def new_credentials(data: AuditData) -> list[Finding]:
    window = data.rules.recent_days
    users: dict[str, dict[str, Any]] = {}
    keys: dict[str, dict[str, Any]] = {}
    passwords: dict[str, dict[str, Any]] = {}
    report = data.credentials.iam_users if data.credentials else ()
    for row in report:
        if data.is_recent(row.created):
            users.setdefault(row.user, {"created": when(row.created), "created_by": None})
        for slot in row.active_keys:
            if data.is_recent(slot.last_rotated):
                key_id = key_id_for(data, row.user, slot.last_rotated) or f"{row.user} key {slot.slot}"
                keys.setdefault(key_id, {"user_name": row.user, "created": when(slot.last_rotated)})
    for event in data.events_named("CreateUser", "CreateAccessKey", "CreateLoginProfile"):
        if not event.ok or not data.is_recent(event.time):
            continue
        if event.name == "CreateAccessKey" and (created := created_access_key(event)):
            entry = keys.setdefault(created[1], {"user_name": created[0], "created": when(event.time)})
            entry["created_by"] = event.actor
            continue
        user = target_user(event) or "?"
        if event.name == "CreateUser":
            users.setdefault(user, {"created": when(event.time)})["created_by"] = event.actor
        else:
            passwords[user] = {"created": when(event.time), "created_by": event.actor}
    for user, facts in passwords.items():
        if user in users:
            users[user]["console_password_by"] = facts["created_by"]
    status = {k.key_id: k.status for k in data.access_keys}
    out = [
        finding(
            data,
            ID,
            severity=Severity.MEDIUM,
            region=GLOBAL,
            resource_id=user,
            title=f"user created {facts['created']}"
            + (f" by {facts['created_by']}" if facts.get("created_by") else ""),
            evidence={"kind": "user", "window_days": window, **facts},
        )
        for user, facts in sorted(users.items())
    ]
    for user, facts in sorted(passwords.items()):
        if user in users:
            continue  # said with the user
        out.append(
            finding(
                data,
                ID,
                severity=Severity.MEDIUM,
                region=GLOBAL,
                resource_id=user,
                title=f"console password created {facts['created']} by {facts['created_by']}",
                evidence={"kind": "password", "window_days": window, **facts},
            )
        )
    for key_id, facts in sorted(keys.items()):
        known = key_id.startswith(("AKIA", "ASIA")) or key_id in status
        current = status.get(key_id, "Active")
        out.append(
            finding(
                data,
                ID,
                severity=Severity.MEDIUM,
                region=GLOBAL,
                resource_id=key_id,
                title=f"access key of `{facts['user_name']}` created {facts['created']}"
                + (f" by {facts['created_by']}" if facts.get("created_by") else ""),
                evidence={"kind": "key", "window_days": window, "status": current, **facts},
                action="iam.deactivate_access_key" if known and current == "Active" else None,
            )
        )
    return out
