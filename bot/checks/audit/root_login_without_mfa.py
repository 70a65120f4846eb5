"""The root user signing in to the console without MFA."""

from __future__ import annotations

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, when
from bot.checks.audit.registry import check
from bot.collect.cloudtrail import login_succeeded, mfa_used
from bot.model import GLOBAL, Finding, Severity

ID = "audit.root_login_without_mfa"


@check(
    ID,
    severity=Severity.CRITICAL,
    title="Root sign-in without MFA",
    rationale="A root password alone opens everything, including closing the account; a sign-in without "
    "MFA in the last 90 days means the password is the only thing standing in the way.",
    area="cloudtrail",
    signal="root_login_without_mfa",
    needs=("cloudtrail",),
)
def root_login_without_mfa(data: AuditData) -> list[Finding]:
    return [
        finding(
            data,
            ID,
            severity=Severity.CRITICAL,
            region=GLOBAL,
            resource_id="root",
            title=f"root signed in without MFA {when(event.time)} from {event.source_ip or 'unknown'}",
            evidence={"at": when(event.time), "source_ip": event.source_ip, "region": event.region},
        )
        for event in data.events_named("ConsoleLogin")
        if login_succeeded(event) and mfa_used(event) is False
    ]
