"""Active access keys older than 90 days, or unused for 90 days: the keys that leak."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, key_id_for, listing, when
from bot.checks.audit.registry import check
from bot.model import GLOBAL, Finding, Severity

ID = "audit.stale_access_key"


def summary(findings: Sequence[Finding]) -> str:
    return "Old or unused access keys: " + listing(
        (f"{f.resource_id} ({f.evidence['user_name']})" for f in findings), code=False
    )


@check(
    ID,
    severity=Severity.LOW,
    title="Old or unused access key",
    rationale="Long-lived keys end up in repositories, laptops and CI logs; keys unused for 90 days can be "
    "deactivated at no cost, older ones should be rotated.",
    area="credentials",
    signal="hygiene",
    needs=("iam.credential_report", "iam.access_keys"),
    action="iam.deactivate_access_key",
    summary=summary,
)
def stale_access_key(data: AuditData) -> list[Finding]:
    rules = data.rules
    old_before = data.now - timedelta(days=rules.key_max_age_days)
    unused_before = data.now - timedelta(days=rules.key_unused_days)
    out = []
    for user in data.credentials.iam_users if data.credentials else ():
        for slot in user.active_keys:
            created = slot.last_rotated
            last_used = slot.last_used
            unused = (last_used or created or data.now) < unused_before
            old = created is not None and created < old_before
            if not (unused or old):
                continue
            key_id = key_id_for(data, user.user, created)
            reasons = []
            if unused:
                reasons.append(f"unused since {when(last_used)}" if last_used else "never used")
            if old:
                reasons.append(f"created {when(created)}")
            out.append(
                finding(
                    data,
                    ID,
                    severity=Severity.LOW,
                    region=GLOBAL,
                    resource_id=key_id or f"{user.user} key {slot.slot}",
                    title=f"active key of `{user.user}`: {', '.join(reasons)}",
                    evidence={
                        "user_name": user.user,
                        "status": "Active",
                        "created": when(created),
                        "last_used": when(last_used) if last_used else "never",
                        "unused": unused,
                    },
                    action="iam.deactivate_access_key" if unused and key_id else None,
                )
            )
    return out
