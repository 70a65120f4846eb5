"""The checklist's state in the store: open one per account, assign, tick, reopen, record checks.

Nothing here talks to Slack or AWS. Every change is one small transaction keyed by checklist and
item; the result says whether anything changed, so callers only re-render when it did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from bot.cleanup.offers import new_id
from bot.incident.items import BY_KEY, ITEMS, Item
from bot.incident.verify import Verification
from bot.store import Store
from bot.store.tables import IncidentChecklist, IncidentItem
from bot.store.types import utcnow


@dataclass(frozen=True)
class ItemState:
    item: Item
    owner: str | None = None
    done_by: str | None = None
    done_at: datetime | None = None
    verified: bool | None = None
    verified_detail: str | None = None
    verified_at: datetime | None = None

    @property
    def ticked_by_person(self) -> bool:
        return self.done_by is not None

    @property
    def done(self) -> bool:
        person = self.ticked_by_person or not self.item.manual
        bot = self.item.verify is None or self.verified is True
        return person and bot


@dataclass(frozen=True)
class Checklist:
    id: str
    account: str
    opened_at: datetime
    opened_by: str
    reason: str
    channel: str | None
    thread_ts: str | None
    message_ts: str | None
    closed_at: datetime | None
    items: tuple[ItemState, ...]

    @property
    def done_count(self) -> int:
        return sum(1 for i in self.items if i.done)

    @property
    def open_items(self) -> list[ItemState]:
        return [i for i in self.items if not i.done]

    def state(self, key: str) -> ItemState:
        return next(i for i in self.items if i.item.key == key)


def _load(tx: object, row: IncidentChecklist) -> Checklist:
    rows = {
        r.key: r
        for r in tx.scalars(select(IncidentItem).where(IncidentItem.checklist_id == row.id))  # type: ignore[attr-defined]
    }
    items = []
    for item in ITEMS:
        r = rows.get(item.key)
        items.append(
            ItemState(item)
            if r is None
            else ItemState(
                item,
                owner=r.owner,
                done_by=r.done_by,
                done_at=r.done_at,
                verified=r.verified,
                verified_detail=r.verified_detail,
                verified_at=r.verified_at,
            )
        )
    return Checklist(
        id=row.id,
        account=row.account,
        opened_at=row.opened_at,
        opened_by=row.opened_by,
        reason=row.reason,
        channel=row.channel,
        thread_ts=row.thread_ts,
        message_ts=row.message_ts,
        closed_at=row.closed_at,
        items=tuple(items),
    )


def get(store: Store, checklist_id: str) -> Checklist | None:
    with store.tx() as tx:
        row = tx.get(IncidentChecklist, checklist_id)
        return _load(tx, row) if row is not None else None


def open_for(store: Store, account: str) -> Checklist | None:
    """The account's open checklist (the newest, should two replicas ever have raced)."""
    with store.tx() as tx:
        row = tx.scalars(
            select(IncidentChecklist)
            .where(IncidentChecklist.account == account, IncidentChecklist.closed_at.is_(None))
            .order_by(IncidentChecklist.opened_at.desc())
            .limit(1)
        ).first()
        return _load(tx, row) if row is not None else None


def create(store: Store, account: str, *, opened_by: str, reason: str) -> Checklist:
    checklist_id = new_id("ic")
    with store.tx() as tx:
        tx.add(IncidentChecklist(id=checklist_id, account=account, opened_by=opened_by, reason=reason))
        tx.flush()
        for item in ITEMS:
            tx.add(IncidentItem(checklist_id=checklist_id, key=item.key))
    found = get(store, checklist_id)
    assert found is not None
    return found


def set_message(store: Store, checklist_id: str, *, channel: str, thread_ts: str | None, ts: str) -> None:
    with store.tx() as tx:
        tx.execute(
            update(IncidentChecklist)
            .where(IncidentChecklist.id == checklist_id)
            .values(channel=channel, thread_ts=thread_ts, message_ts=ts, updated_at=utcnow())
        )


def _update_item(store: Store, checklist_id: str, key: str, *where: object, **values: object) -> bool:
    with store.tx() as tx:
        changed = tx.execute(
            update(IncidentItem)
            .where(IncidentItem.checklist_id == checklist_id, IncidentItem.key == key, *where)
            .values(**values)
        ).rowcount
        if changed:
            tx.execute(
                update(IncidentChecklist)
                .where(IncidentChecklist.id == checklist_id)
                .values(updated_at=utcnow())
            )
    return bool(changed)


def assign(store: Store, checklist_id: str, key: str, user: str) -> bool:
    """The clicker owns the item now (taking it over from someone else is allowed and shown)."""
    if key not in BY_KEY:
        return False
    return _update_item(
        store,
        checklist_id,
        key,
        (IncidentItem.owner.is_(None)) | (IncidentItem.owner != user),
        owner=user,
        owned_at=utcnow(),
    )


def mark_done(store: Store, checklist_id: str, key: str, user: str) -> bool:
    """A person ticks an item they can vouch for; only items people tick (the bot's are its own)."""
    item = BY_KEY.get(key)
    if item is None or not item.manual:
        return False
    return _update_item(
        store, checklist_id, key, IncidentItem.done_by.is_(None), done_by=user, done_at=utcnow()
    )


def reopen(store: Store, checklist_id: str, key: str, user: str) -> bool:
    item = BY_KEY.get(key)
    if item is None or not item.manual:
        return False
    changed = _update_item(
        store, checklist_id, key, IncidentItem.done_by.is_not(None), done_by=None, done_at=None
    )
    if changed:
        with store.tx() as tx:  # an item reopened reopens a finished checklist
            tx.execute(
                update(IncidentChecklist).where(IncidentChecklist.id == checklist_id).values(closed_at=None)
            )
    return changed


def record_checks(store: Store, checklist_id: str, checks: Mapping[str, Verification]) -> bool:
    """Keep what the bot verified; True when any item's verdict or its detail changed."""
    changed = False
    now = utcnow()
    with store.tx() as tx:
        rows = {
            r.key: r
            for r in tx.scalars(select(IncidentItem).where(IncidentItem.checklist_id == checklist_id))
        }
        for key, check in checks.items():
            row = rows.get(key)
            if row is None:
                continue
            if row.verified != check.ok or row.verified_detail != check.detail:
                row.verified, row.verified_detail, row.verified_at = check.ok, check.detail, now
                changed = True
        if changed:
            tx.execute(
                update(IncidentChecklist).where(IncidentChecklist.id == checklist_id).values(updated_at=now)
            )
    return changed


def close_if_done(store: Store, checklist_id: str) -> bool:
    """Every item done: the checklist is closed (kept, no longer reminded); True when it just closed."""
    found = get(store, checklist_id)
    if found is None or found.closed_at is not None or found.open_items:
        return False
    with store.tx() as tx:
        return bool(
            tx.execute(
                update(IncidentChecklist)
                .where(IncidentChecklist.id == checklist_id, IncidentChecklist.closed_at.is_(None))
                .values(closed_at=utcnow())
            ).rowcount
        )
