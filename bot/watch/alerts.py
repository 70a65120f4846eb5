"""Alerts: rule hits grouped into one Slack thread per incident, posted at once, acknowledged, re-posted.

- **Grouping.** A hit joins an alert of the same account when they share an actor — the principal,
  an access key, or a user or key the alert's principal created (so a takeover's chain, leaked key →
  new user → that user's key launching GPUs, stays in one thread) — and the hit's events fall within
  30 minutes of the alert's. Otherwise it opens a new alert. New events of a known actor that fire no
  rule join as "related events". Hits are stored in the same transaction that claims their events,
  so a crash between detecting and posting loses nothing: the next cycle posts what is unposted.
- **Posting.** The parent goes to the alert channel (ALERT_CHANNEL, else DIGEST_CHANNEL); each batch
  of hits is a reply in its thread with the raw events; the parent is edited as the alert grows.
- **Acknowledge.** Anyone in the channel may take it; who and when are kept and shown.
- **Re-post.** An unacknowledged critical alert is broadcast again from its thread (`reply_broadcast`)
  every 15 minutes, three times at most: a reply keeps the discussion in one thread, the broadcast
  puts it back at the bottom of the channel with `@here`, where a fresh message would split the thread.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.accounts import Account
from bot.cleanup.offers import new_id, offer_items
from bot.collect.cloudtrail import TrailEvent, launched, short_principal
from bot.model import Severity
from bot.render.blocks import MAX_TEXT, clip
from bot.render.watch import render_acknowledged, render_alert, render_repost, render_update
from bot.services import Services
from bot.slack.answer import Answer
from bot.store.tables import CleanupOffer, WatchAlert
from bot.store.types import utcnow
from bot.watch import containment, seen
from bot.watch.lock import account_lock
from bot.watch.rules import REGISTRY, Hit
from bot.watch.thresholds import RULES, WatchRules

log = logging.getLogger(__name__)


# --- grouping (inside the transaction that claimed the events) -------------------------------------
def attach(
    tx: Session,
    account: Account,
    hits: Sequence[Hit],
    new: Sequence[TrailEvent],
    *,
    via: str,
    channel: str | None,
    now: datetime,
    rules: WatchRules = RULES,
) -> list[str]:
    """Store the hits in alerts (joining related ones); return the IDs of the alerts that changed."""
    batch: dict[str, dict[str, Any]] = {}  # alert ID → this batch's update
    alerts: dict[str, WatchAlert] = {}
    for hit in sorted(hits, key=lambda h: (h.first, -h.severity, h.rule)):
        alert = _related(tx, account.name, hit.actors, hit.first, hit.last, rules, alerts)
        if alert is None:
            alert = _new_alert(account, hit, via=via, channel=channel, now=now)
            tx.add(alert)
        alerts[alert.id] = alert
        update = batch.setdefault(alert.id, _new_update(alert, now))
        spec = REGISTRY[hit.rule]
        update["hits"].append(
            {"rule": hit.rule, "label": spec.title, "severity": int(hit.severity), "title": hit.title,
             "threshold": spec.threshold}
        )  # fmt: skip
        _add_events(tx, account.name, alert, update, hit.events)
        _add_containment(update, hit)
        alert.actors = sorted(set(alert.actors or []) | hit.actors)
        alert.severity = max(alert.severity, int(hit.severity))
        rules_seen = dict((alert.summary or {}).get("rules") or {})
        before = rules_seen.get(hit.rule) or {}
        rules_seen[hit.rule] = {
            "label": spec.title,
            "severity": max(int(hit.severity), int(before.get("severity", 0))),
            "title": hit.title,  # the latest: a burst's latest title counts the whole burst
            "hits": int(before.get("hits", 0)) + 1,
        }
        alert.summary = {**(alert.summary or {}), "rules": rules_seen}
        worst = max(rules_seen.values(), key=lambda r: r["severity"])
        alert.headline = worst["title"]
    covered = {e.event_id for update in batch.values() for e in update["_events"]}
    for event in new:  # no rule of their own, but the same actor as a live alert: they join its thread
        if event.event_id in covered:
            continue
        actors = {event.principal, event.access_key or ""} - {""}
        alert = _related(tx, account.name, actors, event.time, event.time, rules, alerts)
        if alert is None:
            continue
        alerts[alert.id] = alert
        update = batch.setdefault(alert.id, _new_update(alert, now))
        update["related"].append(event.event_id)
        _add_events(tx, account.name, alert, update, [event])
    for alert_id, update in batch.items():
        alert = alerts[alert_id]
        update.pop("_events")
        update["index"] = len(alert.updates or [])
        alert.updates = [*(alert.updates or []), update]
        alert.stale = True
    return list(batch)


def _related(
    tx: Session,
    account: str,
    actors: set[str],
    first: datetime,
    last: datetime,
    rules: WatchRules,
    fresh: dict[str, WatchAlert],
) -> WatchAlert | None:
    candidates = list(fresh.values()) + list(
        tx.scalars(
            select(WatchAlert)
            .where(
                WatchAlert.account == account,
                WatchAlert.last_event_at >= first - rules.join_window,
                WatchAlert.first_event_at <= last + rules.join_window,
            )
            .order_by(WatchAlert.last_event_at.desc())
        )
    )
    for alert in candidates:
        near = (
            alert.last_event_at >= first - rules.join_window
            and alert.first_event_at <= last + rules.join_window
        )
        if near and actors & set(alert.actors or []):
            return alert
    return None


def _new_alert(account: Account, hit: Hit, *, via: str, channel: str | None, now: datetime) -> WatchAlert:
    return WatchAlert(
        id=new_id("al"),
        account=account.name,
        severity=int(hit.severity),
        state="open",
        headline=hit.title,
        actors=sorted(hit.actors),
        updates=[],
        summary={"events": 0, "principals": [], "keys": [], "ips": [], "regions": [], "instances": []},
        offers={},
        first_event_at=hit.first,
        last_event_at=hit.last,
        via=via,
        created_at=now,
        channel=channel,
        stale=True,
        reposts=0,
    )


def _new_update(alert: WatchAlert, now: datetime) -> dict[str, Any]:
    return {"at": now.isoformat(), "hits": [], "event_ids": [], "related": [], "containment": [],
            "posted": False, "_events": []}  # fmt: skip


def _add_events(
    tx: Session, account: str, alert: WatchAlert, update: dict[str, Any], events: Iterable[TrailEvent]
) -> None:
    shown = {i for u in alert.updates or [] for i in u.get("event_ids", [])} | set(update["event_ids"])
    added = [e for e in events if e.event_id not in shown]
    if not added:
        return
    update["event_ids"] += [e.event_id for e in added]
    update["_events"] += added
    seen.link(tx, account, [e.event_id for e in added], alert.id)
    s = dict(alert.summary or {})
    s["events"] = int(s.get("events", 0)) + len(added)
    for key, values in (
        ("principals", [short_principal(e.principal) for e in added]),
        ("keys", [e.access_key for e in added if e.access_key]),
        ("ips", [e.source_ip for e in added if e.source_ip]),
        ("regions", [e.region for e in added]),
        ("instances", [i.instance_id for e in added for i in launched(e)]),
    ):
        s[key] = list(dict.fromkeys([*s.get(key, []), *values]))
    alert.summary = s
    alert.first_event_at = min(alert.first_event_at, *(e.time for e in added))
    alert.last_event_at = max(alert.last_event_at, *(e.time for e in added))


def _add_containment(update: dict[str, Any], hit: Hit) -> None:
    known = {(i["action"], i["region"], i["resource_id"]) for i in update["containment"]}
    for item in offer_items(hit.containment):
        if (item["action"], item["region"], item["resource_id"]) not in known:
            update["containment"].append(item)


# --- posting ---------------------------------------------------------------------------------------
def post(services: Services, alert_ids: Iterable[str]) -> None:
    """Post or update each alert; a failure is logged and retried by the next cycle (`post_pending`)."""
    for alert_id in alert_ids:
        try:
            with services.store.tx() as tx:
                account = tx.scalar(select(WatchAlert.account).where(WatchAlert.id == alert_id))
            if account is None:
                continue
            with account_lock(services.store, account):  # one poster per alert: no reply posted twice
                _post(services, alert_id)
        except SlackApiError as exc:
            log.error(
                "watch: could not post alert %s: %s (retried next cycle)", alert_id, exc.response.get("error")
            )
        except Exception:
            log.exception("watch: could not post alert %s (retried next cycle)", alert_id)


def post_pending(services: Services) -> None:
    with services.store.tx() as tx:
        ids = list(
            tx.scalars(select(WatchAlert.id).where(or_(WatchAlert.stale.is_(True), WatchAlert.ts.is_(None))))
        )
    post(services, ids)


def _post(services: Services, alert_id: str) -> None:
    with services.store.tx() as tx:
        alert = tx.get(WatchAlert, alert_id)
    if alert is None or not alert.channel:
        return
    account = next((a for a in services.accounts if a.name == alert.account), None)
    shown, offers = [], dict(alert.offers or {})
    if account is not None:
        items = containment.refresh(services, account, containment.items_of(alert.updates or []))
        shown, offers = containment.buttons(services, account, items, offers, alert.channel)
    now = utcnow()
    first_post = alert.ts is None
    if first_post:
        alert.posted_at = now
        newest = max(
            (e.time for e in _events(services, alert, alert.updates[0])), default=alert.last_event_at
        )
        alert.summary = {**alert.summary, "latency_s": round((now - newest).total_seconds())}
    parent = render_alert(alert, account, shown)
    slack = services.slack
    if first_post:
        text = clip(parent.text, MAX_TEXT)
        answer = slack.chat_postMessage(
            channel=alert.channel, text=text, blocks=parent.blocks, unfurl_links=False
        )
        alert.ts, alert.channel = str(answer["ts"]), str(answer.get("channel") or alert.channel)
        _save(services, alert.id, ts=alert.ts, channel=alert.channel, posted_at=now, summary=alert.summary)
        _thread_offers(services, offers, alert)
    else:
        slack.chat_update(
            channel=alert.channel, ts=alert.ts, text=clip(parent.text, MAX_TEXT), blocks=parent.blocks
        )
    _save(services, alert.id, offers=offers)
    thread = Answer(slack, alert.channel, thread_ts=alert.ts)
    for index, update in enumerate(alert.updates or []):
        if update.get("posted"):
            continue
        thread.reply(render_update(alert, update, _events(services, alert, update), first=index == 0))
        _mark_posted(services, alert.id, index)
    _save(services, alert.id, stale=False)


def _events(services: Services, alert: WatchAlert, update: dict[str, Any]) -> list[TrailEvent]:
    with services.store.tx() as tx:
        return seen.by_ids(tx, alert.account, update.get("event_ids") or [])


def _save(services: Services, alert_id: str, **values: Any) -> None:
    with services.store.tx() as tx:
        row = tx.get(WatchAlert, alert_id)
        if row is not None:
            for key, value in values.items():
                setattr(row, key, value)


def _mark_posted(services: Services, alert_id: str, index: int) -> None:
    with services.store.tx() as tx:
        row = tx.get(WatchAlert, alert_id)
        if row is not None:
            updates = [dict(u) for u in row.updates]
            updates[index]["posted"] = True
            row.updates = updates


def _thread_offers(services: Services, offers: dict[str, Any], alert: WatchAlert) -> None:
    """Requests filed from the parent's buttons are posted in the alert's thread."""
    with services.store.tx() as tx:
        for entry in offers.values():
            row = tx.get(CleanupOffer, entry["offer"])
            if row is not None and row.thread_ts is None:
                row.thread_ts = alert.ts


# --- acknowledge and re-post -------------------------------------------------------------------------
def acknowledge(services: Services, alert_id: str, user: str) -> tuple[bool, WatchAlert | None]:
    """(True, alert) when `user` took it now; (False, alert) when someone already had; (False, None)."""
    now = utcnow()
    with services.store.tx() as tx:
        alert = tx.get(WatchAlert, alert_id)
        if alert is None:
            return False, None
        if alert.state == "acknowledged":
            return False, alert
        alert.state, alert.acked_by, alert.acked_at, alert.stale = "acknowledged", user, now, True
    post(services, [alert_id])
    if alert.ts and alert.channel:
        message = render_acknowledged(alert)
        try:
            services.slack.chat_postMessage(channel=alert.channel, thread_ts=alert.ts, text=message.text,
                                            blocks=message.blocks)  # fmt: skip
        except SlackApiError as exc:
            log.warning("watch: could not say who acknowledged %s: %s", alert_id, exc.response.get("error"))
    return True, alert


def renotify(services: Services, rules: WatchRules = RULES) -> int:
    """The scheduled job: post what is pending, then re-post unacknowledged critical alerts that are due."""
    from bot.watch.status import watching

    if not watching(services.settings):
        return 0
    post_pending(services)
    now = utcnow()
    with services.store.tx() as tx:
        due = [
            a
            for a in tx.scalars(
                select(WatchAlert).where(
                    WatchAlert.state == "open",
                    WatchAlert.severity >= int(Severity.CRITICAL),
                    WatchAlert.ts.is_not(None),
                    WatchAlert.reposts < rules.repost_max,
                )
            )
            if (a.reposted_at or a.posted_at or now) + rules.repost_after <= now
        ]
    count = 0
    for alert in due:
        assert alert.channel and alert.ts
        waited = int(((now - (alert.posted_at or now)).total_seconds() + 30) // 60)
        message = render_repost(alert, waited)
        try:
            services.slack.chat_postMessage(channel=alert.channel, thread_ts=alert.ts, reply_broadcast=True,
                                            text=message.text, blocks=message.blocks)  # fmt: skip
        except SlackApiError as exc:
            log.error("watch: could not re-post alert %s: %s", alert.id, exc.response.get("error"))
            continue
        _save(services, alert.id, reposts=alert.reposts + 1, reposted_at=now)
        count += 1
    return count
