"""Cache paid AWS answers per account and day, and count the requests actually made.

Cost Explorer bills $0.01 per request: the same question asked twice in a day is answered from
here, and every request that did go out is counted, so the bill for the bot itself is visible.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from bot.store import Store
from bot.store.tables import ApiCallCount, CachedResponse
from bot.store.types import utcnow


def cache_key(account: str, service: str, operation: str, params: dict[str, Any], day: date) -> str:
    blob = json.dumps([account, service, operation, params, day.isoformat()], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def cached_call(
    store: Store,
    *,
    account: str,
    service: str,
    operation: str,
    params: dict[str, Any],
    fetch: Callable[[], Any],
    day: date | None = None,
    count: bool = True,
    days: int = 1,
) -> Any:
    """The answer cached in the last `days` days (today only by default), else `fetch()` stored for today.

    `count=False` when `fetch` counts its own requests (one per page of a paginated answer).
    `days=7` for answers that change rarely and cost many requests (the Price List's).
    """
    day = day or utcnow().date()
    key = cache_key(account, service, operation, params, day)
    with store.tx() as tx:
        for age in range(days):
            hit = tx.get(CachedResponse, cache_key(account, service, operation, params, day - timedelta(age)))
            if hit is not None:
                return hit.payload
    payload = json.loads(json.dumps(fetch(), default=str))
    if count:
        count_call(store, account=account, service=service, operation=operation, day=day)
    try:
        with store.tx() as tx:
            tx.add(
                CachedResponse(
                    key=key, account=account, service=service, operation=operation, day=day, payload=payload
                )
            )
    except IntegrityError:  # another thread cached it meanwhile
        pass
    return payload


def peek(
    store: Store,
    *,
    account: str,
    service: str,
    operation: str,
    params: dict[str, Any],
    day: date | None = None,
) -> Any | None:
    """The answer cached for that day, or None: never a request (the Home tab reads this way)."""
    day = day or utcnow().date()
    with store.tx() as tx:
        hit = tx.get(CachedResponse, cache_key(account, service, operation, params, day))
        return hit.payload if hit is not None else None


def count_call(store: Store, *, account: str, service: str, operation: str, day: date | None = None) -> None:
    day = day or utcnow().date()
    where = (
        ApiCallCount.day == day,
        ApiCallCount.account == account,
        ApiCallCount.service == service,
        ApiCallCount.operation == operation,
    )
    with store.tx() as tx:
        if tx.execute(update(ApiCallCount).where(*where).values(count=ApiCallCount.count + 1)).rowcount:
            return
    try:
        with store.tx() as tx:
            tx.add(ApiCallCount(day=day, account=account, service=service, operation=operation, count=1))
    except IntegrityError:
        with store.tx() as tx:
            tx.execute(update(ApiCallCount).where(*where).values(count=ApiCallCount.count + 1))


def calls_made(store: Store, *, service: str, account: str | None = None, day: date | None = None) -> int:
    query = select(func.coalesce(func.sum(ApiCallCount.count), 0)).where(ApiCallCount.service == service)
    if account is not None:
        query = query.where(ApiCallCount.account == account)
    if day is not None:
        query = query.where(ApiCallCount.day == day)
    with store.tx() as tx:
        return int(tx.scalar(query) or 0)
