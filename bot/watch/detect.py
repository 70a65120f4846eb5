"""From new CloudTrail events to alerts: the one path both sources (poll and push) feed.

1. Keep the events some rule reads; claim them (an event seen before, by either source, stops here).
2. Run every rule on the new events, with the recent ones and the account's history as context.
3. Update the history with the new events (after the rules: an event never vouches for itself).
4. Group the hits into alerts. Steps 1–4 are one transaction, under the account's lock; then post.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from bot.accounts import Account
from bot.collect.cloudtrail import TrailEvent
from bot.services import Services
from bot.store.types import utcnow
from bot.watch import alerts, history, seen
from bot.watch.lock import account_lock
from bot.watch.rules import REGISTRY, Context, Hit, watched

log = logging.getLogger(__name__)


def judge(
    services: Services,
    account: Account,
    events: Sequence[TrailEvent],
    *,
    via: str,
    now: datetime | None = None,
) -> list[str]:
    """Alert on what is new among `events`; returns the IDs of the alerts raised or extended."""
    wanted = [e for e in events if watched(e)]
    if not wanted:
        return []
    now = now or utcnow()
    with account_lock(services.store, account.name):
        try:
            touched = _judge(services, account, wanted, via, now)
        except IntegrityError:  # another replica claimed some of these meanwhile: judge what is left
            touched = _judge(services, account, wanted, via, now)
    alerts.post(services, touched)
    return touched


def _judge(
    services: Services, account: Account, events: list[TrailEvent], via: str, now: datetime
) -> list[str]:
    with services.store.tx() as tx:
        new = seen.claim(tx, account.name, events, via)
        if not new:
            return []
        ctx = Context(
            account=account,
            new=new,
            history=history.load(tx, account.name),
            now=now,
            recent_events=lambda names, start, end: seen.recent(tx, account.name, names, start, end),
        )
        hits = evaluate(ctx)
        history.remember(tx, account.name, history.entries(new, account))
        channel = services.settings.effective_alert_channel
        return alerts.attach(tx, account, hits, new, via=via, channel=channel, now=now)


def evaluate(ctx: Context) -> list[Hit]:
    """Every rule; one that fails is logged and the others still run."""
    hits: list[Hit] = []
    for spec in REGISTRY.values():
        try:
            hits += spec.evaluate(ctx)
        except Exception:
            log.exception(
                "watch: rule %s failed on %d event(s); the other rules still ran", spec.id, len(ctx.new)
            )
    return hits
