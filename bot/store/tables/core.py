"""The foundation's tables: command runs, cleanup offers and requests, the action log, digest
threads, seen anomalies, the response cache, call counts and leases."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.tables.base import Base
from bot.store.types import utcnow


class Run(Base):
    """What a command found last time, per account: read by the Home tab, the digest and cost gating."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    command: Mapped[str] = mapped_column(String(40))
    account: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")
    headline: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (Index("ix_runs_latest", "command", "account", "finished_at"),)


class CleanupOffer(Base):
    """Resources shown with a cleanup button: the facts as shown, so a request can be re-checked."""

    __tablename__ = "cleanup_offers"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    channel: Mapped[str | None] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(Text, default="")
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class CleanupRequest(Base):
    """One action on one resource, from request to outcome: the state machine of the approval engine."""

    __tablename__ = "cleanup_requests"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    offer_id: Mapped[str | None] = mapped_column(String(40))
    account: Mapped[str] = mapped_column(String(64))
    region: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(80))
    resource_id: Mapped[str] = mapped_column(String(512))
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    requester: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(20), default="pending")
    approver: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None]
    mode: Mapped[str] = mapped_column(String(16), default="dry-run")
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    channel: Mapped[str | None] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Revision 0002 (cleanup engine):
    batch_id: Mapped[str | None] = mapped_column(String(40))  # the requests one click filed together
    item_index: Mapped[int | None] = mapped_column(Integer)  # which item of the offer (title, cost shown)
    # "<offer>:<item>" while the request is open, NULL once decided: at most one open request per item.
    open_key: Mapped[str | None] = mapped_column(String(120))
    executor: Mapped[str | None] = mapped_column(String(120))  # the process that claimed the execution

    __table_args__ = (
        Index("ix_cleanup_requests_state", "state", "expires_at"),
        Index("ix_cleanup_requests_batch_id", "batch_id"),
        Index("uq_cleanup_requests_open_key", "open_key", unique=True),
    )


class ActionLog(Base):
    """Append-only: every request, approval, refusal, rejection and outcome, with who and when."""

    __tablename__ = "action_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(40))
    request_id: Mapped[str | None] = mapped_column(String(40), index=True)
    account: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DigestThread(Base):
    """The day's digest parent message, so a later `/aws-digest` replies in the same thread."""

    __tablename__ = "digest_threads"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    ts: Mapped[str] = mapped_column(String(32))
    posted_at: Mapped[datetime] = mapped_column(default=utcnow)


class SeenAnomaly(Base):
    """Anomalies already reported, so each is reported once (again only when its impact grows)."""

    __tablename__ = "seen_anomalies"
    anomaly_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    account: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_reported_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_impact: Mapped[Decimal]


class CachedResponse(Base):
    """Paid or slow AWS answers (Cost Explorer at $0.01 a request, Price List) kept per account and day."""

    __tablename__ = "response_cache"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    account: Mapped[str] = mapped_column(String(64))
    service: Mapped[str] = mapped_column(String(40))
    operation: Mapped[str] = mapped_column(String(80))
    day: Mapped[date] = mapped_column(Date)
    payload: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_response_cache_day", "account", "day"),)


class ApiCallCount(Base):
    """How many billable requests were made, per day, account and operation."""

    __tablename__ = "api_call_counts"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    account: Mapped[str] = mapped_column(String(64), primary_key=True)
    service: Mapped[str] = mapped_column(String(40), primary_key=True)
    operation: Mapped[str] = mapped_column(String(80), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class Lease(Base):
    """A named lease, so only one of several replicas runs a scheduled job."""

    __tablename__ = "leases"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime]
