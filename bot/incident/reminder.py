"""The digest's reminder of an open incident checklist: what is still open, and who owns it."""

from __future__ import annotations

from bot.accounts import Account
from bot.digest.reminders import Reminder
from bot.incident.checklist import open_for
from bot.model import Severity
from bot.render.incident import summary_line, when
from bot.store import Store


def open_checklist(store: Store, account: Account) -> Reminder | None:
    checklist = open_for(store, account.name)
    if checklist is None or not checklist.open_items:
        return None
    count = len(checklist.open_items)
    where = f" (in <#{checklist.channel}>)" if checklist.channel else ""
    return Reminder(
        Severity.HIGH,
        f"{summary_line(checklist)} — opened {when(checklist.opened_at)}{where}: assign yourself an item "
        "in the audit thread, and tick it when it is done.",
        f"{count} incident item{'s' if count > 1 else ''} open",
    )
