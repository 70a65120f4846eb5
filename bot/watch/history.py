"""What the account normally does, learnt once from 90 days of CloudTrail and kept up to date since.

Two facts per account: who creates credentials (CreateUser, CreateAccessKey, CreateLoginProfile),
and which regions see writes. A stream is *seeded* when its 90 days were read: the IAM stream for
creators (three chains in us-east-1), a regional stream for its region (`ReadOnly=false`, newest
first, stopping at the first write that counts — usually one call). The seed ends where the first
poll's window starts, so the events the first poll judges are never part of what they are judged by.
Afterwards every new event updates the history *after* the rules have read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.accounts import Account
from bot.aws.session import AccountSession
from bot.collect.cloudtrail import TrailEvent, lookup_attribute, pages_of
from bot.store.tables import WatchHistory, WatchStream
from bot.watch.rules import History
from bot.watch.rules.common import AWS_SERVICE
from bot.watch.streams import IAM_STREAM, Stream, state
from bot.watch.thresholds import RULES, WatchRules

CREATOR = "creator"
REGION = "region"
CREATOR_NAMES = ("CreateUser", "CreateAccessKey", "CreateLoginProfile")
Entry = tuple[str, str, datetime]  # (kind, subject, last seen)
# global services record their events in us-east-1 (or the caller's region): they say nothing of regions
GLOBAL_SOURCES = frozenset(
    {"iam.amazonaws.com", "sts.amazonaws.com", "signin.amazonaws.com", "organizations.amazonaws.com",
     "account.amazonaws.com", "support.amazonaws.com", "health.amazonaws.com", "billingconsole.amazonaws.com"}
)  # fmt: skip


def load(tx: Session, account: str) -> History:
    creators: dict[str, datetime] = {}
    regions: dict[str, datetime] = {}
    for row in tx.scalars(select(WatchHistory).where(WatchHistory.account == account)):
        (creators if row.kind == CREATOR else regions)[row.subject] = row.last_seen
    seeded = tx.scalars(
        select(WatchStream.stream).where(
            WatchStream.account == account, WatchStream.seeded_until.is_not(None)
        )
    )
    return History(creators=creators, regions=regions, seeded=frozenset(seeded))


def bot_role(event: TrailEvent, account: Account) -> bool:
    """A call by the bot's own roles in this account (its clean-ups are not the account's activity)."""
    names = [arn.rsplit("/", 1)[-1] for arn in (account.audit_role_arn, account.cleanup_role_arn) if arn]
    return any(f":assumed-role/{name}/" in event.principal for name in names)


def counts_as_use(event: TrailEvent, account: Account) -> bool:
    """A successful write by a person or their automation (not AWS acting for itself, not the bot)."""
    return (
        event.ok
        and event.principal_type != AWS_SERVICE
        and event.name != "ConsoleLogin"
        and event.source not in GLOBAL_SOURCES
        and str(event.record.get("readOnly", False)).lower() != "true"
        and not bot_role(event, account)
    )


def entries(events: Iterable[TrailEvent], account: Account) -> list[Entry]:
    out: list[Entry] = []
    for event in events:
        if event.name in CREATOR_NAMES and event.ok and event.principal_type != AWS_SERVICE:
            out.append((CREATOR, event.principal, event.time))
        if counts_as_use(event, account):
            out.append((REGION, event.region, event.time))
    return out


def remember(tx: Session, account: str, found: Iterable[Entry]) -> None:
    """Keep the latest time per (kind, subject)."""
    latest: dict[tuple[str, str], datetime] = {}
    for kind, subject, when in found:
        key = (kind, subject[:512])
        latest[key] = max(when, latest.get(key, when))
    for (kind, subject), when in latest.items():
        row = tx.get(WatchHistory, (account, kind, subject))
        if row is None:
            tx.add(WatchHistory(account=account, kind=kind, subject=subject, last_seen=when))
        elif when > row.last_seen:
            row.last_seen = when


def seed(session: AccountSession, stream: Stream, end: datetime, rules: WatchRules = RULES) -> list[Entry]:
    """Read the 90 days before `end` for one stream (AWS calls; no store access)."""
    start = end - timedelta(days=rules.quiet_days)
    account = session.account
    if stream.key == IAM_STREAM:
        found: list[Entry] = []
        for name in CREATOR_NAMES:
            chain = lookup_attribute(
                session, stream.region, "EventName", name, start, end,
                max_pages=rules.seed_pages, wanted=lambda e: e.ok and e.principal_type != AWS_SERVICE,
            )  # fmt: skip
            found += entries(chain.events, account)
        return found
    chain = pages_of(session, stream.region, "ReadOnly", "false", start, end)
    for pages, (page, more) in enumerate(chain, start=1):
        used = [e for e in page if counts_as_use(e, account)]
        if used:  # newest first: the first write that counts is the region's last use
            return [(REGION, stream.region, max(e.time for e in used))]
        if pages >= rules.region_seed_pages or not more:
            break
    return []


def save_seed(tx: Session, account: str, stream: str, found: list[Entry], end: datetime) -> None:
    remember(tx, account, found)
    row = state(tx, account, stream)
    row.seeded_until = end
