"""The request state machine, in the store: every change is one conditional UPDATE.

    pending ──approve──▶ approved ──claim──▶ executing ──▶ done | failed
       │ └──reject──▶ rejected
       └──(expires_at passed)──▶ expired

Each transition names the state it leaves (`WHERE id = ? AND state = ?`), so of two clicks, two
approvers or two replicas exactly one sees `rowcount == 1` and goes on; the others are told what
happened instead. Every transition and every refused attempt is appended to the action log in the
same transaction. Nothing here talks to Slack or AWS.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.cleanup.offers import new_id
from bot.store import Store
from bot.store.tables import ActionLog, CleanupOffer, CleanupRequest
from bot.store.types import utcnow

REQUEST_TTL = timedelta(hours=24)
OPEN = ("pending", "approved", "executing")
# This process, as the executor of the requests it claims (host, pid, and a nonce for pid reuse).
INSTANCE = f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass(frozen=True)
class NewRequest:
    """One offer item as a request to file (the facts come from the offer, never from Slack)."""

    index: int
    action: str
    region: str
    resource_id: str
    facts: dict[str, Any]
    refusal: str | None = None  # filed already decided: why it cannot be carried out


def log(
    tx: Session,
    event: str,
    actor: str,
    *,
    request: CleanupRequest | None = None,
    request_id: str | None = None,
    account: str | None = None,
    **detail: Any,
) -> None:
    tx.add(
        ActionLog(
            actor=actor,
            event=event,
            request_id=request.id if request else request_id,
            account=request.account if request else account,
            detail=detail,
        )
    )


def file_requests(
    store: Store,
    offer: CleanupOffer,
    items: Sequence[NewRequest],
    *,
    requester: str,
    mode: str,
    channel: str | None,
    thread_ts: str | None,
    ttl: timedelta = REQUEST_TTL,
) -> tuple[list[CleanupRequest], list[NewRequest]]:
    """File one request per item; items with an open request already are returned as duplicates.

    The unique `open_key` (offer and item, cleared when a request is decided) is what makes a
    double click, or the same click on two replicas, file each item once.
    """
    batch = new_id("rb")
    filed: list[CleanupRequest] = []
    duplicates: list[NewRequest] = []
    for item in items:
        now = utcnow()
        refused = item.refusal is not None
        request = CleanupRequest(
            id=new_id("rq"),
            offer_id=offer.id,
            account=offer.account,
            region=item.region,
            action=item.action,
            resource_id=item.resource_id,
            facts=item.facts,
            requester=requester,
            requested_at=now,
            expires_at=now + ttl,
            state="failed" if refused else "pending",
            decided_at=now if refused else None,
            mode=mode,
            outcome={"result": "refused", "summary": item.refusal, "at": now.isoformat()}
            if refused
            else None,
            channel=channel,
            thread_ts=thread_ts,
            updated_at=now,
            batch_id=batch,
            item_index=item.index,
            open_key=None if refused else f"{offer.id}:{item.index}",
        )
        try:
            with store.tx() as tx:
                tx.add(request)
                tx.flush()
                log(
                    tx, "requested", requester, request=request, action=item.action, resource=item.resource_id
                )
                if refused:
                    log(tx, "refused", "bot", request=request, reason=item.refusal)
        except IntegrityError:
            duplicates.append(item)
            continue
        filed.append(request)
    return filed, duplicates


def set_message(store: Store, request_id: str, message_ts: str) -> None:
    with store.tx() as tx:
        tx.execute(
            update(CleanupRequest).where(CleanupRequest.id == request_id).values(message_ts=message_ts)
        )


def get(store: Store, request_id: str) -> CleanupRequest | None:
    with store.tx() as tx:
        return tx.get(CleanupRequest, request_id)


def batch(store: Store, batch_id: str) -> list[CleanupRequest]:
    with store.tx() as tx:
        rows = tx.scalars(
            select(CleanupRequest)
            .where(CleanupRequest.batch_id == batch_id)
            .order_by(CleanupRequest.requested_at)
        )
        return list(rows)


def record_refusal(
    store: Store, request: CleanupRequest | None, actor: str, reason: str, **detail: Any
) -> None:
    """An attempt that was not allowed (not an approver, own request, expired…): kept, with who and when."""
    with store.tx() as tx:
        log(
            tx,
            "approval_refused",
            actor,
            request=request,
            request_id=None if request else detail.pop("request_id", None),
            reason=reason,
            **detail,
        )


def approve(store: Store, request_id: str, approver: str) -> bool:
    """pending → approved, only if still pending and not expired; True for the one click that wins."""
    now = utcnow()
    return _leave_pending(
        store,
        request_id,
        "approved",
        approver,
        (CleanupRequest.expires_at > now, CleanupRequest.requester != approver),
        approver=approver,
        decided_at=now,
        updated_at=now,
    )


def reject(store: Store, request_id: str, approver: str) -> bool:
    now = utcnow()
    return _leave_pending(
        store,
        request_id,
        "rejected",
        approver,
        (CleanupRequest.expires_at > now,),
        approver=approver,
        decided_at=now,
        updated_at=now,
        open_key=None,
        outcome={"result": "rejected", "summary": "Rejected; nothing was done.", "at": now.isoformat()},
    )


def claim(store: Store, request_id: str, executor: str = INSTANCE, *, dry_run_only: bool = False) -> bool:
    """approved → executing for exactly one process, which then owns the outcome.

    `dry_run_only` (CLEANUP_MODE is dry-run now): a request filed in execute mode is carried out as a
    dry-run. The stricter of the two modes wins, so switching back to dry-run stops every request
    at once, whenever it was filed; the row and the log keep the mode it really ran in.
    """
    now = utcnow()
    values: dict[str, Any] = {"state": "executing", "executor": executor, "updated_at": now}
    if dry_run_only:
        values["mode"] = "dry-run"
    with store.tx() as tx:
        won = tx.execute(
            update(CleanupRequest)
            .where(CleanupRequest.id == request_id, CleanupRequest.state == "approved")
            .values(**values)
        ).rowcount
        if won:
            log(
                tx,
                "executing",
                "bot",
                request_id=request_id,
                account=_account(tx, request_id),
                executor=executor,
                mode=tx.scalar(select(CleanupRequest.mode).where(CleanupRequest.id == request_id)),
            )
    return bool(won)


def still_mine(store: Store, request_id: str, executor: str = INSTANCE) -> bool:
    """Checked right before writing to AWS: a recovery elsewhere may have closed the request."""
    with store.tx() as tx:
        row = tx.get(CleanupRequest, request_id)
        return row is not None and row.state == "executing" and row.executor == executor


def progress(store: Store, request_id: str, steps: Sequence[str], executor: str = INSTANCE) -> None:
    """Keep the steps so far (a restart then knows e.g. which snapshot was taken); proves liveness."""
    now = utcnow()
    with store.tx() as tx:
        tx.execute(
            update(CleanupRequest)
            .where(CleanupRequest.id == request_id, CleanupRequest.state == "executing")
            .where(CleanupRequest.executor == executor)
            .values(updated_at=now, outcome={"result": "in-progress", "steps": list(steps)})
        )


def finish(
    store: Store,
    request_id: str,
    outcome: dict[str, Any],
    *,
    succeeded: bool,
    actor: str = "bot",
    executor: str | None = INSTANCE,
) -> bool:
    """executing → done | failed, by the process that claimed it (`executor=None`: the recovery).

    If a recovery elsewhere closed the request as "interrupted" while this process was in fact
    still working, the executor's word replaces that provisional verdict: it knows what happened.
    An outcome that cannot be recorded on the request is still kept in the action log.
    """
    now = utcnow()
    state = "done" if succeeded else "failed"
    outcome = {**outcome, "at": now.isoformat()}
    with store.tx() as tx:
        row = tx.get(CleanupRequest, request_id)
        if row is None:
            return False
        condition: Any = None
        if executor is None or (row.state == "executing" and row.executor == executor):
            condition = CleanupRequest.state == "executing"
        elif row.state == "failed" and row.executor == executor and _interrupted(row):
            condition = and_(CleanupRequest.state == "failed", CleanupRequest.updated_at == row.updated_at)
        won = 0
        if condition is not None:
            won = tx.execute(
                update(CleanupRequest)
                .where(CleanupRequest.id == request_id, condition)
                .values(state=state, outcome=outcome, updated_at=now, open_key=None)
            ).rowcount
        event = "outcome" if won else "outcome_not_recorded"
        log(tx, event, actor, request_id=request_id, account=row.account, state=state, **outcome)
    return bool(won)


def expire(store: Store, request_id: str) -> bool:
    now = utcnow()
    return _leave_pending(
        store,
        request_id,
        "expired",
        "bot",
        (CleanupRequest.expires_at <= now,),
        updated_at=now,
        open_key=None,
        outcome={
            "result": "expired",
            "summary": "Nobody decided in time; nothing was done.",
            "at": now.isoformat(),
        },
    )


def _leave_pending(
    store: Store, request_id: str, state: str, actor: str, conditions: Sequence[Any], **values: Any
) -> bool:
    """pending → `state` if still pending and `conditions` hold, logged as `state` by `actor`; True
    for the one caller that wins."""
    with store.tx() as tx:
        won = tx.execute(
            update(CleanupRequest)
            .where(CleanupRequest.id == request_id, CleanupRequest.state == "pending", *conditions)
            .values(state=state, **values)
        ).rowcount
        if won:
            log(tx, state, actor, request_id=request_id, account=_account(tx, request_id))
    return bool(won)


def due_for_expiry(store: Store, now: datetime | None = None) -> list[CleanupRequest]:
    now = now or utcnow()
    with store.tx() as tx:
        rows = tx.scalars(
            select(CleanupRequest).where(CleanupRequest.state == "pending", CleanupRequest.expires_at <= now)
        )
        return list(rows)


def stale(store: Store, older_than: timedelta) -> list[CleanupRequest]:
    """Approved or executing requests nobody has touched for a while: their process died."""
    cutoff = utcnow() - older_than
    with store.tx() as tx:
        rows = tx.scalars(
            select(CleanupRequest)
            .where(CleanupRequest.state.in_(("approved", "executing")), CleanupRequest.updated_at <= cutoff)
            .order_by(CleanupRequest.updated_at)
        )
        return list(rows)


def pending_requests(store: Store, account: str | None = None) -> list[CleanupRequest]:
    """Requests waiting for a decision (not yet expired), oldest first: for the App Home and the digest."""
    now = utcnow()
    query = select(CleanupRequest).where(CleanupRequest.state == "pending", CleanupRequest.expires_at > now)
    if account is not None:
        query = query.where(CleanupRequest.account == account)
    with store.tx() as tx:
        return list(tx.scalars(query.order_by(CleanupRequest.requested_at)))


def history(store: Store, request_id: str) -> list[ActionLog]:
    with store.tx() as tx:
        return list(
            tx.scalars(select(ActionLog).where(ActionLog.request_id == request_id).order_by(ActionLog.id))
        )


def _account(tx: Session, request_id: str) -> str | None:
    return tx.scalar(select(CleanupRequest.account).where(CleanupRequest.id == request_id))


def _interrupted(row: CleanupRequest) -> bool:
    return bool(row.outcome and row.outcome.get("result") == "interrupted")
