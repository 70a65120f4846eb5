"""The root user signing in to the console recently (with MFA)."""

from __future__ import annotations

from bot.audit.data import AuditData
from bot.checks.audit.common import finding, when
from bot.checks.audit.registry import check
from bot.collect.cloudtrail import login_succeeded, mfa_used
from bot.model import GLOBAL, Finding, Severity

ID = "audit.root_console_login"


@check(
    ID,
    severity=Severity.MEDIUM,
    title="Root console sign-in",
    rationale="Root is needed for a handful of billing and account tasks only; every sign-in should be "
    "known to someone. Sign-ins without MFA are a separate, stronger finding.",
    area="cloudtrail",
    signal="root_login",
    needs=("cloudtrail",),
)
def root_console_login(data: AuditData) -> list[Finding]:
    return [
        finding(
            data,
            ID,
            severity=Severity.MEDIUM,
            region=GLOBAL,
            resource_id="root",
            title=f"root signed in {when(event.time)} from {event.source_ip or 'unknown'} with MFA",
            evidence={"at": when(event.time), "source_ip": event.source_ip, "region": event.region},
        )
        for event in data.events_named("ConsoleLogin")
        if data.is_recent(event.time) and login_succeeded(event) and mfa_used(event) is not False
    ]
