"""Any call or sign-in by the root user: nothing routine needs it, and a stolen root owns the account."""

from __future__ import annotations

from collections import Counter

from bot.collect.cloudtrail import login_succeeded, mfa_used
from bot.model import Severity
from bot.watch.rules.base import Context, Hit, rule
from bot.watch.rules.common import counted, hit

ID = "watch.root_activity"
SEVERITY = Severity.CRITICAL


@rule(
    ID,
    title="Root user activity",
    severity=SEVERITY,
    threshold="any event by the root user (sign-ins and failed attempts included)",
    root=True,
)
def root_activity(ctx: Context) -> list[Hit]:
    events = [e for e in ctx.new if e.principal_type == "Root"]
    if not events:
        return []
    parts = []
    logins = [e for e in events if e.name == "ConsoleLogin"]
    for login in logins:
        outcome = "signed in" if login_succeeded(login) else "failed to sign in"
        mfa = {True: "with MFA", False: "without MFA", None: ""}[mfa_used(login)]
        parts.append(f"{outcome} {mfa} from `{login.source_ip or '?'}`".replace("  ", " "))
    calls = Counter(e.name for e in events if e.name != "ConsoleLogin")
    if calls:
        ips = sorted({e.source_ip for e in events if e.source_ip and e.name != "ConsoleLogin"})
        parts.append(
            f"called {counted(calls)}" + (f" from {', '.join(f'`{ip}`' for ip in ips[:3])}" if ips else "")
        )
    regions = ", ".join(sorted({e.region for e in events}))
    title = f"The root user {'; '.join(parts)} ({regions})"
    return [hit(ID, SEVERITY, title, events)]
