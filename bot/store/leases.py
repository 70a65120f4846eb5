"""A lease in the database: one holder at a time across replicas, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from bot.store import Store
from bot.store.tables import Lease
from bot.store.types import utcnow


def acquire(store: Store, name: str, holder: str, ttl: timedelta) -> bool:
    """Take or renew the lease; True when `holder` has it until now + ttl.

    A conditional UPDATE decides between replicas racing for an expired lease (only one
    matches the old row), and the primary key decides between replicas creating it.
    """
    now = utcnow()
    with store.tx() as tx:
        taken = tx.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.expires_at <= now, Lease.holder == holder))
            .values(holder=holder, expires_at=now + ttl)
        ).rowcount
    if taken:
        return True
    try:
        with store.tx() as tx:
            if tx.get(Lease, name) is not None:
                return False
            tx.add(Lease(name=name, holder=holder, expires_at=now + ttl))
        return True
    except IntegrityError:
        return False


def release(store: Store, name: str, holder: str) -> None:
    with store.tx() as tx:
        tx.execute(
            update(Lease).where(Lease.name == name, Lease.holder == holder).values(expires_at=utcnow())
        )
