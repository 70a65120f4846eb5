"""IAM user names that look machine-generated (`user-x1x2x3x4`): what takeover scripts create."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, listing, when
from bot.checks.audit.registry import check
from bot.collect.cloudtrail import target_user
from bot.model import GLOBAL, Finding, Severity

ID = "audit.generated_user_name"
_HEX = re.compile(r"^[0-9a-f]{8,}$")


def looks_generated(name: str) -> bool:
    """A part of the name that reads like a random token: letters and digits interleaved.

    `user-x1x2x3x4`, `svc7f3a9b2c`, `admin_8f3k2j9d` → yes; `ci-deploy-2024`, `user01`, `k8s-admin`,
    `john.doe`, `s3-backup` → no. A part counts when it has ≥ 6 characters, at least two letters
    and two digits, and switches between letters and digits at least three times (or is hex).
    """
    for part in re.split(r"[-_.@+=,]", name.lower()):
        if len(part) < 6:
            continue
        letters = sum(c.isalpha() for c in part)
        digits = sum(c.isdigit() for c in part)
        if letters < 2 or digits < 2:
            continue
        switches = sum(1 for a, b in itertools.pairwise(part) if a.isdigit() != b.isdigit())
        if switches >= 3 or _HEX.match(part):
            return True
    return False


def summary(findings: Sequence[Finding]) -> str:
    return "Generated-looking IAM user name(s): " + listing(f.resource_id for f in findings)


@check(
    ID,
    severity=Severity.HIGH,
    title="Generated-looking user name",
    rationale="People name users after people or jobs; scripts that hijack accounts create users with "
    "random suffixes. A name like `user-x1x2x3x4` deserves a look at who created it.",
    area="credentials",
    signal="generated_user",
    needs=("iam.credential_report",),
    summary=summary,
)
def generated_user_name(data: AuditData) -> list[Finding]:
    created = {row.user: row.created for row in (data.credentials.iam_users if data.credentials else ())}
    for event in data.events_named("CreateUser"):
        if event.ok and (user := target_user(event)):
            created.setdefault(user, event.time)
    out = []
    for user, at in sorted(created.items()):
        if not looks_generated(user):
            continue
        event = data.creator("CreateUser", user=user)
        out.append(
            finding(
                data,
                ID,
                severity=Severity.HIGH,
                region=GLOBAL,
                resource_id=user,
                title=f"user created {when(at)}" + (f" by {event.actor}" if event else ""),
                evidence={"created": when(at), "created_by": event.actor if event else None},
            )
        )
    return out
