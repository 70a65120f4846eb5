"""What one poll reads: a stream per region (the regional event names, and everything root did) and
one for IAM (global: its events are recorded in us-east-1 only), each with its own checkpoint.

`LookupEvents` takes one lookup attribute per call, so a stream is one paginated chain per event
name, plus `Username=root`. A stream's state row says how far it was read and why it could not be
read (the digest reports it once a day; the log says it when it starts and stops failing).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.collect.cloudtrail import GLOBAL_EVENTS, IAM_REGION, TrailEvent
from bot.store.tables import WatchStream
from bot.watch.rules import global_names, reads_root, regional_names

log = logging.getLogger(__name__)

IAM_STREAM = "iam"
PUSH_STREAM = "push"  # not read by the poll: the state row of the account's push queue
Lookup = tuple[str, str]  # (AttributeKey, AttributeValue)


@dataclass(frozen=True)
class Stream:
    key: str  # the region, or "iam"
    region: str  # where it is read
    lookups: tuple[Lookup, ...]

    @property
    def label(self) -> str:
        return "IAM (us-east-1)" if self.key == IAM_STREAM else self.key


def streams_for(regions: list[str]) -> list[Stream]:
    regional: tuple[Lookup, ...] = tuple(("EventName", name) for name in regional_names())
    if reads_root():
        regional += (("Username", "root"),)
    out = [Stream(region, region, regional) for region in regions]
    out.append(Stream(IAM_STREAM, IAM_REGION, tuple(("EventName", name) for name in global_names())))
    return out


def stream_of(event: TrailEvent) -> str:
    """The stream whose history an event belongs to."""
    return IAM_STREAM if event.name in GLOBAL_EVENTS else event.region


def states(tx: Session, account: str) -> dict[str, WatchStream]:
    return {row.stream: row for row in tx.scalars(select(WatchStream).where(WatchStream.account == account))}


def state(tx: Session, account: str, key: str) -> WatchStream:
    row = tx.get(WatchStream, (account, key))
    if row is None:
        row = WatchStream(account=account, stream=key)
        tx.add(row)
    return row


def mark_ok(
    tx: Session, account: str, key: str, now: datetime, *, polled_until: datetime | None = None
) -> None:
    row = state(tx, account, key)
    if row.failing_since is not None:
        log.info("watch: %s/%s readable again (failing since %s)", account, key, row.failing_since)
    row.error = row.failing_since = row.last_error_at = None
    if polled_until is not None:
        row.polled_until = polled_until
    row.updated_at = now


def mark_failed(tx: Session, account: str, key: str, problem: str, now: datetime) -> None:
    """Keep the checkpoint (the next poll reads from it: no gap); log once when it starts failing."""
    row = state(tx, account, key)
    if row.failing_since is None or row.error != problem:
        log.warning(
            "watch: cannot read %s/%s: %s (reported in the digest until it recovers)", account, key, problem
        )
        row.failing_since = row.failing_since or now
    row.error = problem[:1000]
    row.last_error_at = now
    row.updated_at = now
