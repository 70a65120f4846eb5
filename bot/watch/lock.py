"""One account's events are judged by one thread at a time, across threads and replicas.

The poll job and the push reader can hold new events of the same account at the same moment, on
one replica or two. Judged side by side, a burst split between them would be two halves below the
threshold. A lock per account in this process, and a lease per account in the database, serialize
them; claiming by primary key (`bot.watch.seen.claim`) is the last line if a lease ever expired.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from bot.store import Store
from bot.store.leases import acquire, release

TTL = timedelta(minutes=5)  # longer than judging and posting one batch ever takes
_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()
_HOLDER = f"{os.getpid()}:{secrets.token_hex(3)}"


class Busy(Exception):
    """Another replica judged this account's events for too long; try again later."""


@contextmanager
def account_lock(store: Store, account: str, wait: float = 120.0) -> Iterator[None]:
    with _guard:
        local = _locks.setdefault(account, threading.Lock())
    if not local.acquire(timeout=wait):
        raise Busy(f"watch:{account} is busy in this process")
    name, holder = f"watch:{account}", f"{_HOLDER}:{threading.get_ident()}"
    try:
        deadline = time.monotonic() + wait
        while not acquire(store, name, holder, TTL):
            if time.monotonic() > deadline:
                raise Busy(f"watch:{account} is held by another replica")
            time.sleep(0.2)
        try:
            yield
        finally:
            release(store, name, holder)
    finally:
        local.release()
