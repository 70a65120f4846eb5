"""The first hour and the incident: who opened the bot's Home tab, and each account's checklist.

An incident checklist is one row per account and incident, one row per item: who owns it, who
ticked it (people) and what the bot last verified (bot-checked items), so the checklist message,
the Home tab and the digest all read the same state, across restarts and replicas.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.tables.base import Base
from bot.store.types import utcnow


class HomeViewer(Base):
    """Someone who opened the Home tab: republished for them when what it shows changes."""

    __tablename__ = "home_viewers"
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]


class IncidentChecklist(Base):
    """An account's incident checklist; at most one open per account (closed_at NULL)."""

    __tablename__ = "incident_checklists"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")  # "/aws-audit said likely compromise"
    channel: Mapped[str | None] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_incident_checklists_account", "account", "closed_at"),)


class IncidentItem(Base):
    """One item of a checklist: its owner, a person's tick, and the bot's last verification."""

    __tablename__ = "incident_items"
    checklist_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("incident_checklists.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(64))
    owned_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(64))  # a person ticked it
    done_at: Mapped[datetime | None]
    verified: Mapped[bool | None] = mapped_column(Boolean)  # None: the bot could not tell (yet)
    verified_detail: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[datetime | None]
