"""The long-lived key that recently minted users, keys or passwords: likely the leaked one."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import counted, finding, listing
from bot.checks.audit.registry import check
from bot.collect.cloudtrail import TrailEvent, short_principal
from bot.model import GLOBAL, Finding, Severity

ID = "audit.minting_key"
MINTING = ("CreateUser", "CreateAccessKey", "CreateLoginProfile", "AttachUserPolicy", "PutUserPolicy",
           "CreateUserProfile")  # fmt: skip


def summary(findings: Sequence[Finding]) -> str:
    parts = [f"`{f.resource_id}` of {f.evidence['principal']} ({f.evidence['made_text']})" for f in findings]
    return "Long-lived key minting credentials: " + listing(parts, 3, code=False)


@check(
    ID,
    severity=Severity.HIGH,
    title="Access key that created credentials",
    rationale="People create users and keys from the console or a short SSO session; a long-lived access "
    "key (AKIA…) doing it is usually automation — or the leaked key an intruder uses to make their own.",
    area="cloudtrail",
    signal="new_credentials",
    needs=("cloudtrail",),
    action="iam.deactivate_access_key",
    summary=summary,
)
def minting_key(data: AuditData) -> list[Finding]:
    by_key: defaultdict[str, list[TrailEvent]] = defaultdict(list)
    for event in data.events_named(*MINTING):
        if event.ok and data.is_recent(event.time) and (event.access_key or "").startswith("AKIA"):
            by_key[str(event.access_key)].append(event)
    status = {k.key_id: k.status for k in data.access_keys}
    out = []
    for key_id, events in sorted(by_key.items()):
        made = Counter(e.name for e in events)
        user = next((e.user_name for e in events if e.user_name), None)
        current = status.get(key_id, "Active")
        out.append(
            finding(
                data,
                ID,
                severity=Severity.HIGH,
                region=GLOBAL,
                resource_id=key_id,
                title=f"key of {short_principal(events[0].principal)} made {counted(made, 4)} from "
                + ", ".join(sorted({e.source_ip for e in events if e.source_ip})[:3] or ["?"]),
                evidence={
                    "user_name": user,
                    "status": current,
                    "principal": short_principal(events[0].principal),
                    "made": dict(made),
                    "made_text": counted(made, 4),
                    "source_ips": sorted({e.source_ip for e in events if e.source_ip})[:5],
                },
                action="iam.deactivate_access_key" if user and current == "Active" else None,
            )
        )
    return out
