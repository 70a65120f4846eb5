"""The takeover alarm's state: where each CloudTrail stream was read up to, the events already seen,
what the account normally does (who creates credentials, which regions it uses) and the alerts.

All of it survives a restart: a poll resumes from `watch_streams`, an event seen before (by the
poll or the push queue) is never alerted again, and an alert keeps its Slack thread.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.tables.base import Base
from bot.store.types import utcnow


class WatchStream(Base):
    """One stream of one account: a region's CloudTrail, IAM's (us-east-1) or the push queue.

    `seeded_until`: the 90 days of history before it were read (who created credentials, whether the
    region is used). `polled_until`: every event before it was read, except those CloudTrail shows
    late, which the next poll's overlap catches. The error columns say why it could not be read.
    """

    __tablename__ = "watch_streams"
    account: Mapped[str] = mapped_column(String(64), primary_key=True)
    stream: Mapped[str] = mapped_column(String(40), primary_key=True)
    seeded_until: Mapped[datetime | None]
    polled_until: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    failing_since: Mapped[datetime | None]
    last_error_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class WatchEvent(Base):
    """A high-signal CloudTrail event already seen: the dedupe set, and the rules' recent context.

    Kept a day (and at least as long as a poll could read it again), then pruned.
    """

    __tablename__ = "watch_events"
    account: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_time: Mapped[datetime]
    name: Mapped[str] = mapped_column(String(80))
    region: Mapped[str] = mapped_column(String(32))
    principal: Mapped[str] = mapped_column(String(512))
    access_key: Mapped[str | None] = mapped_column(String(40))
    via: Mapped[str] = mapped_column(String(8))  # poll | push
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the CloudTrail record as read
    alert_id: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (
        Index("ix_watch_events_time", "account", "event_time"),
        Index("ix_watch_events_alert_id", "alert_id"),
    )


class WatchHistory(Base):
    """What the account normally does: who created credentials, which regions saw writes, and when last."""

    __tablename__ = "watch_history"
    account: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # creator | region
    subject: Mapped[str] = mapped_column(String(512), primary_key=True)  # principal ARN | region name
    last_seen: Mapped[datetime]


class WatchAlert(Base):
    """One alarm: a parent message in the alert channel, its thread, who acknowledged it.

    `updates` is the thread: one entry per batch of rule hits that joined the alert, with the event
    IDs it showed and whether it was posted yet (a post that failed is retried by the next cycle).
    """

    __tablename__ = "watch_alerts"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account: Mapped[str] = mapped_column(String(64))
    severity: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="open")  # open | acknowledged
    headline: Mapped[str] = mapped_column(Text, default="")
    actors: Mapped[list[str]] = mapped_column(JSON, default=list)  # principals, keys, created users/keys
    updates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # who, where, how many
    offers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the parent's containment buttons
    first_event_at: Mapped[datetime]
    last_event_at: Mapped[datetime]
    via: Mapped[str] = mapped_column(String(8))  # poll | push: the source that raised it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    posted_at: Mapped[datetime | None]
    stale: Mapped[bool] = mapped_column(default=True)  # the parent needs (re)posting
    acked_by: Mapped[str | None] = mapped_column(String(64))
    acked_at: Mapped[datetime | None]
    reposts: Mapped[int] = mapped_column(Integer, default=0)
    reposted_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_watch_alerts_recent", "account", "last_event_at"),)
