"""The events already seen, per account: claimed once, read back as the rules' recent context, pruned.

Claiming is what makes "no event alerted twice" hold: the poll reads every window with an overlap
(CloudTrail shows events late), the push queue delivers at least once, both may deliver the same
event, and a restart re-reads from the last checkpoint. Whoever inserts an event's ID first owns
it; everyone else sees it as old. The primary key (account, event ID) settles races between replicas.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.collect.cloudtrail import TrailEvent, parse_record
from bot.store.tables import WatchEvent


def event_id(event: TrailEvent) -> str:
    """CloudTrail's event ID; a digest of the record for the rare event without one."""
    if event.event_id:
        return event.event_id[:64]
    blob = json.dumps(dict(event.record), sort_keys=True, default=str)
    return "sha1-" + hashlib.sha1(blob.encode()).hexdigest()


def claim(tx: Session, account: str, events: Sequence[TrailEvent], via: str) -> list[TrailEvent]:
    """Record the events not seen before and return them, oldest first; the rest were seen already."""
    unique = {event_id(e): replace(e, event_id=event_id(e)) for e in events}
    known: set[str] = set()
    ids = list(unique)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        known.update(
            tx.scalars(
                select(WatchEvent.event_id).where(
                    WatchEvent.account == account, WatchEvent.event_id.in_(chunk)
                )
            )
        )
    fresh = sorted((e for i, e in unique.items() if i not in known), key=lambda e: (e.time, e.event_id))
    tx.add_all(
        WatchEvent(
            account=account,
            event_id=e.event_id,
            event_time=e.time,
            name=e.name[:80],
            region=e.region[:32],
            principal=e.principal[:512],
            access_key=(e.access_key or None) and e.access_key[:40],
            via=via,
            record=_record(e),
        )
        for e in fresh
    )
    tx.flush()  # a replica that claimed one meanwhile makes this fail: the caller retries
    return fresh


def recent(
    tx: Session, account: str, names: Iterable[str], start: datetime, end: datetime
) -> list[TrailEvent]:
    """Seen events of these names with start ≤ time ≤ end, oldest first (the rules' sliding windows)."""
    rows = tx.scalars(
        select(WatchEvent)
        .where(
            WatchEvent.account == account,
            WatchEvent.name.in_(list(names)),
            WatchEvent.event_time >= start,
            WatchEvent.event_time <= end,
        )
        .order_by(WatchEvent.event_time, WatchEvent.event_id)
    )
    return [e for row in rows if (e := restore(row)) is not None]


def by_ids(tx: Session, account: str, ids: Sequence[str]) -> list[TrailEvent]:
    out: list[TrailEvent] = []
    for i in range(0, len(ids), 500):
        rows = tx.scalars(
            select(WatchEvent).where(
                WatchEvent.account == account, WatchEvent.event_id.in_(list(ids[i : i + 500]))
            )
        )
        out.extend(e for row in rows if (e := restore(row)) is not None)
    return sorted(out, key=lambda e: (e.time, e.event_id))


def link(tx: Session, account: str, ids: Iterable[str], alert_id: str) -> None:
    wanted = list(ids)
    for i in range(0, len(wanted), 500):
        for row in tx.scalars(
            select(WatchEvent).where(
                WatchEvent.account == account, WatchEvent.event_id.in_(wanted[i : i + 500])
            )
        ):
            row.alert_id = row.alert_id or alert_id


def prune(tx: Session, account: str, before: datetime) -> int:
    """Forget events older than `before` (by event time): no poll will read them again."""
    result = tx.execute(
        delete(WatchEvent).where(WatchEvent.account == account, WatchEvent.event_time < before)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def restore(row: WatchEvent) -> TrailEvent | None:
    record = dict(row.record or {})
    event = parse_record(record, row.region)
    if event is None:
        return None
    # as it was claimed: the envelope that supplied some fields is gone, the principal must not change
    return replace(event, event_id=row.event_id, principal=row.principal, access_key=row.access_key)


def _record(event: TrailEvent) -> dict:
    """The CloudTrail record, with the fields a LookupEvents envelope supplied when the record lacked them."""
    record = dict(event.record)
    record.setdefault("eventName", event.name)
    record.setdefault("eventSource", event.source)
    record.setdefault("eventTime", event.time.isoformat())
    record.setdefault("eventID", event.event_id)
    record.setdefault("awsRegion", event.region)
    return json.loads(json.dumps(record, default=str))
