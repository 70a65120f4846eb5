"""The digest's reminders list the last day's alarms (who took each) and what the alarm cannot read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

from bot.accounts import parse_accounts
from bot.devtools.harness import DEMO_ACCOUNT
from bot.digest.reminders import collect
from bot.model import Severity
from bot.store.tables import WatchAlert, WatchStream

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ACCOUNT = parse_accounts([DEMO_ACCOUNT])[0]


def _alert(store, alert_id, *, at, severity=Severity.CRITICAL, acked_by=None, headline="a burst"):
    with store.tx() as tx:
        tx.add(
            WatchAlert(
                id=alert_id,
                account="demo",
                severity=int(severity),
                headline=headline,
                first_event_at=at,
                last_event_at=at,
                via="poll",
                created_at=at,
                channel="C0ALARMS01",
                ts="1700000000.000001",
                state="acknowledged" if acked_by else "open",
                acked_by=acked_by,
            )
        )


def test_the_days_alarms_worst_first_with_who_took_them(store):
    _alert(store, "al_old", at=T0 - timedelta(hours=30), headline="yesterday's")
    _alert(
        store,
        "al_taken",
        at=T0 - timedelta(hours=5),
        severity=Severity.HIGH,
        acked_by="U0BOB00001",
        headline="GPU launched",
    )
    _alert(store, "al_open", at=T0 - timedelta(hours=1), headline="StopLogging `management`")
    with freeze_time(T0):
        [reminder] = [r for r in collect(store, ACCOUNT) if "takeover alarm" in r.text]
    assert reminder.severity == Severity.CRITICAL and reminder.short == "2 takeover alarms (1 unacknowledged)"
    assert reminder.text.index("StopLogging") < reminder.text.index("GPU launched")
    assert "taken by <@U0BOB00001>" in reminder.text and "*unacknowledged*" in reminder.text
    assert "yesterday's" not in reminder.text


def test_a_quiet_day_says_nothing(store):
    with freeze_time(T0):
        assert [r for r in collect(store, ACCOUNT) if "alarm" in r.text] == []


def test_what_the_alarm_cannot_read_is_said_once_a_day(store):
    with store.tx() as tx:
        tx.add(
            WatchStream(
                account="demo",
                stream="ap-south-1",
                error="region not enabled (OptInRequired)",
                failing_since=T0 - timedelta(days=2),
            )
        )
        tx.add(WatchStream(account="demo", stream="us-east-1", polled_until=T0))
    with freeze_time(T0):
        [reminder] = [r for r in collect(store, ACCOUNT) if "cannot read" in r.text]
    assert "`ap-south-1` since 2026-11-21 09:00 UTC: region not enabled (OptInRequired)" in reminder.text
    assert "us-east-1" not in reminder.text
