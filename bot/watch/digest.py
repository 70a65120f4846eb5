"""What the daily digest says about the takeover alarm: the day's alerts, and what it could not watch.

Problems of the watcher itself (a region denied, a queue unreadable) are reported here once a day
rather than as alerts: an alarm about the alarm every five minutes would teach the channel to
ignore the channel. The log says it when a stream starts and stops failing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.accounts import Account
from bot.model import Severity
from bot.render.blocks import escape
from bot.store import Store
from bot.store.tables import WatchAlert, WatchStream
from bot.store.types import utcnow
from bot.watch.thresholds import RULES

SHOWN = 3

if TYPE_CHECKING:
    from bot.digest.reminders import Reminder


def todays_alarms(store: Store, account: Account) -> Reminder | None:
    """The takeover alarms of the last 24 hours, worst first, with who took each."""
    since = utcnow() - RULES.digest_window
    with store.tx() as tx:
        rows = list(
            tx.scalars(
                select(WatchAlert)
                .where(WatchAlert.account == account.name, WatchAlert.created_at >= since)
                .order_by(WatchAlert.severity.desc(), WatchAlert.created_at)
            )
        )
    if not rows:
        return None
    from bot.digest.reminders import Reminder  # the reminders registry imports this module

    open_ = [a for a in rows if a.state != "acknowledged"]
    parts = []
    for alert in rows[:SHOWN]:
        who = f"taken by <@{alert.acked_by}>" if alert.acked_by else "*unacknowledged*"
        link = f" in <#{alert.channel}>" if alert.channel else ""
        parts.append(f"{Severity(alert.severity).emoji} {escape(alert.headline)} — {who}{link}")
    more = f"; and {len(rows) - SHOWN} more" if len(rows) > SHOWN else ""
    plural = "s" if len(rows) > 1 else ""
    return Reminder(
        Severity(max(a.severity for a in open_)) if open_ else Severity.MEDIUM,
        f"🚨 {len(rows)} takeover alarm{plural} in the last 24 h: " + "; ".join(parts) + more,
        f"{len(rows)} takeover alarm{plural}" + (f" ({len(open_)} unacknowledged)" if open_ else ""),
    )


def watcher_problems(store: Store, account: Account) -> Reminder | None:
    """Streams the alarm could not read: what happens there is not watched until it is fixed."""
    with store.tx() as tx:
        rows = list(
            tx.scalars(
                select(WatchStream)
                .where(WatchStream.account == account.name, WatchStream.error.is_not(None))
                .order_by(WatchStream.stream)
            )
        )
    if not rows:
        return None
    from bot.digest.reminders import Reminder

    parts = [f"`{row.stream}` since {_since(row)}: {escape(row.error or '')}" for row in rows[:5]]
    return Reminder(
        Severity.MEDIUM,
        "🔇 The takeover alarm cannot read "
        + "; ".join(parts)
        + ". Events there raise no alarm until fixed.",
        f"alarm blind in {len(rows)} place(s)",
    )


def _since(row: WatchStream) -> str:
    return row.failing_since.strftime("%Y-%m-%d %H:%M UTC") if row.failing_since else "?"
