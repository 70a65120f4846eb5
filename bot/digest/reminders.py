"""Reminders: what the team already knows but has not closed — read from the store, no AWS request.

One function per reminder, registered in `REMINDERS` (one line each). Each reads what another
area left in the store: the latest `/aws-pastdue` and `/aws-audit` summaries (`runs` table) and the
cleanup requests still waiting for a second person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from bot.accounts import Account
from bot.model import Severity, Verdict, money
from bot.render.blocks import escape
from bot.store import Store
from bot.store.runs import latest_run
from bot.store.tables import CleanupRequest
from bot.store.types import utcnow
from bot.watch.digest import todays_alarms, watcher_problems


@dataclass(frozen=True)
class Reminder:
    severity: Severity
    text: str  # mrkdwn, one line
    short: str  # for the parent's one-line summary


def past_due_91_plus(store: Store, account: Account) -> Reminder | None:
    """Money unpaid for more than 90 days: AWS may suspend the account.

    Seam: this reads the latest `/aws-pastdue` run's summary. When the billing area exposes its aged
    totals as a function, call it here instead (same Reminder out) so the digest does not depend on
    someone having run the command.
    """
    run = latest_run(store, "/aws-pastdue", account.name)
    if run is None:
        return None
    try:
        amount = Decimal(str(run.summary.get("usd_91_plus") or "0"))
    except InvalidOperation:
        return None
    if amount <= 0:
        return None
    approx = "≈ " if run.summary.get("approximate") else ""
    when = run.finished_at.date().isoformat() if run.finished_at else "?"
    return Reminder(
        Severity.HIGH,
        f"💸 {approx}{money(amount)} past due for more than 90 days (`/aws-pastdue` on {when}): "
        "AWS may suspend an account with invoices unpaid this long — pay them or contact the seller.",
        f"{approx}{money(amount)} past due 91+ days",
    )


def pending_cleanups(store: Store, account: Account) -> Reminder | None:
    """Cleanup requests nobody has approved yet: the waste keeps running meanwhile."""
    with store.tx() as tx:
        rows = tx.scalars(
            select(CleanupRequest)
            .where(
                CleanupRequest.account == account.name,
                CleanupRequest.state == "pending",
                CleanupRequest.expires_at > utcnow(),
            )
            .order_by(CleanupRequest.requested_at)
        ).all()
    if not rows:
        return None
    oldest = rows[0]
    plural = "s" if len(rows) > 1 else ""
    what = f"`{escape(oldest.action)}` on `{escape(oldest.resource_id)}`"
    return Reminder(
        Severity.LOW,
        f"🧹 {len(rows)} cleanup request{plural} waiting for approval (oldest: {what} by "
        f"<@{oldest.requester}> on {oldest.requested_at.date().isoformat()}): "
        "someone in APPROVERS other than the requester can approve it in its thread.",
        f"{len(rows)} cleanup request{plural} awaiting approval",
    )


def open_compromise(store: Store, account: Account) -> Reminder | None:
    """The latest audit said "likely compromise" and no audit since has said otherwise."""
    run = latest_run(store, "/aws-audit", account.name)
    if run is None or run.summary.get("verdict") != Verdict.LIKELY_COMPROMISE.value:
        return None
    when = run.finished_at.date().isoformat() if run.finished_at else "?"
    evidence = run.summary.get("evidence") or []
    first = f" ({escape(evidence[0])})" if evidence else ""
    return Reminder(
        Severity.CRITICAL,
        f"🚨 The last `/aws-audit` ({when}) said *likely compromise*{first} and no audit since has "
        "cleared it: contain it, then run `/aws-audit` again.",
        "likely compromise still open",
    )


def _open_checklist(store: Store, account: Account) -> Reminder | None:
    from bot.incident.reminder import open_checklist  # imported late: it builds on Reminder

    return open_checklist(store, account)


REMINDERS: list[Callable[[Store, Account], Reminder | None]] = [
    open_compromise,
    past_due_91_plus,
    pending_cleanups,
    _open_checklist,  # the incident checklist's open items (bot/incident/reminder.py)
    todays_alarms,  # the takeover alarms of the last 24 hours (bot/watch/digest.py)
    watcher_problems,  # regions or queues the takeover alarm could not read: said here, once a day
]


def collect(store: Store, account: Account) -> list[Reminder]:
    found = [r for check in REMINDERS if (r := check(store, account)) is not None]
    return sorted(found, key=lambda r: -r.severity)
