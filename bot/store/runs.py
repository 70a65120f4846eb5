"""The latest answer of each command per account, for the Home tab, the digest and the cost gate."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.store import Store
from bot.store.tables import Run
from bot.store.types import utcnow


def record_run(
    store: Store,
    *,
    command: str,
    account: str,
    actor: str,
    headline: str,
    summary: dict[str, Any],
    status: str = "done",
    started_at: datetime | None = None,
    channel: str | None = None,
    ts: str | None = None,
) -> int:
    with store.tx() as tx:
        run = Run(
            command=command,
            account=account,
            actor=actor,
            started_at=started_at or utcnow(),
            finished_at=utcnow(),
            status=status,
            headline=headline,
            summary=summary,
            channel=channel,
            ts=ts,
        )
        tx.add(run)
        tx.flush()
        return run.id


def latest_run(store: Store, command: str, account: str, *, status: str = "done") -> Run | None:
    with store.tx() as tx:
        return tx.scalars(
            select(Run)
            .where(Run.command == command, Run.account == account, Run.status == status)
            .order_by(Run.finished_at.desc(), Run.id.desc())
            .limit(1)
        ).first()
