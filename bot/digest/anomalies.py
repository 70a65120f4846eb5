"""Cost Anomaly Detection within a budget of Cost Explorer requests — what catches spikes.

Every anomaly API is a Cost Explorer request at $0.01 (each page counts), and a digest may make at
most `CE_REQUESTS_PER_DIGEST` of them per account, the daily cost series included. Three answers
are needed: the monitors (which exist, their names), the alert subscriptions (is anyone told), and
the anomalies since the last digest. Anomalies are read every digest; the two lists are settings
that rarely change, so each is kept in the store and re-read when the budget leaves room:

1. A list read today is reused for free (the store's per-day cache).
2. One request is kept for the anomalies, unless the account is known to have no monitor (then
   there is nothing to read and no request is made).
3. The rest refreshes the lists: one never read first, then one that showed a gap (so a fix shows
   up at the next digest), then the older one. With the daily series and the anomalies, one list is
   refreshed per digest: each is at most two days old.

Each anomaly is reported once; one still open is reported again only when its impact grew by
`Rules.regrow_pct` (and `Rules.regrow_min_usd`) since it was last reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from sqlalchemy import select

from bot.aws.errors import AwsProblem, classify
from bot.aws.session import AccountSession
from bot.store import Store
from bot.store.cache import cache_key, cached_call, count_call
from bot.store.tables import CachedResponse, SeenAnomaly
from bot.store.types import utcnow

CE_REQUESTS_PER_DIGEST = 3
MONITORS = "GetAnomalyMonitors"
SUBSCRIPTIONS = "GetAnomalySubscriptions"
_ITEMS = {MONITORS: "AnomalyMonitors", SUBSCRIPTIONS: "AnomalySubscriptions", "GetAnomalies": "Anomalies"}


@dataclass(frozen=True)
class Rules:
    regrow_pct: Decimal = Decimal(10)  # an open anomaly is reported again once its impact grew this much…
    regrow_min_usd: Decimal = Decimal(1)  # …and by at least this many dollars


RULES = Rules()


class RequestBudget:
    """Cost Explorer requests this digest may still make for one account."""

    def __init__(self, limit: int = CE_REQUESTS_PER_DIGEST) -> None:
        self.limit = limit
        self.spent = 0

    @property
    def left(self) -> int:
        return self.limit - self.spent


@dataclass(frozen=True)
class Listing:
    """A coverage list (monitors or subscriptions) as last read, and when."""

    items: tuple[Mapping[str, Any], ...]
    day: date


@dataclass(frozen=True)
class RootCause:
    service: str | None
    region: str | None
    usage_type: str | None
    linked_account: str | None
    linked_account_name: str | None
    contribution: Decimal | None


@dataclass(frozen=True)
class Anomaly:
    id: str
    monitor_arn: str
    monitor_name: str | None
    start: date | None
    end: date | None
    impact: Decimal  # total impact: actual minus expected spend, in USD
    impact_pct: Decimal | None
    actual: Decimal | None
    expected: Decimal | None
    root_causes: tuple[RootCause, ...] = ()
    previous_impact: Decimal | None = None  # set when reported again because it grew

    @property
    def grew(self) -> bool:
        return self.previous_impact is not None


@dataclass
class AnomalyWatch:
    """What this digest knows of the account's anomaly detection."""

    monitors: Listing | None = None  # None: never read (or the read failed)
    subscriptions: Listing | None = None
    anomalies: list[Anomaly] | None = None  # to report (new or grown); None: not read
    since: date | None = None
    problems: list[AwsProblem] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # what the request budget left for the next digest

    @property
    def has_monitor(self) -> bool | None:
        return None if self.monitors is None else bool(self.monitors.items)

    def monitor_name(self, arn: str) -> str | None:
        for monitor in self.monitors.items if self.monitors else ():
            if monitor.get("MonitorArn") == arn:
                return monitor.get("MonitorName")
        return None


def watch(
    session: AccountSession,
    store: Store,
    *,
    today: date,
    since: date,
    budget: RequestBudget,
    rules: Rules = RULES,
) -> AnomalyWatch:
    """Read monitors, subscriptions and anomalies without exceeding `budget` (see the module doc)."""
    account = session.account.name
    result = AnomalyWatch(since=since)
    known = {op: _last_read(store, account, op) for op in (MONITORS, SUBSCRIPTIONS)}

    def priority(op: str) -> tuple[int, date, int]:
        listing = known[op]
        if listing is None:
            return (0, date.min, op != MONITORS)
        return (1 if listing.items else 0, listing.day, op != MONITORS)

    for op in sorted(known, key=priority):
        listing = known[op]
        if listing is not None and listing.day == today:
            continue  # read today already: free from the cache
        monitors = known[MONITORS]
        no_monitor = monitors is not None and not monitors.items
        if op == SUBSCRIPTIONS and no_monitor:
            continue  # a subscription needs a monitor: the gap is already known
        reserve = 0 if no_monitor else 1
        if budget.left - reserve < 1:
            if listing is None:
                result.deferred.append(_ITEMS[op])
            continue
        try:
            known[op] = _read_list(session, store, op, today, budget)
        except (ClientError, BotoCoreError) as exc:
            result.problems.append(classify(exc))
    result.monitors, result.subscriptions = known[MONITORS], known[SUBSCRIPTIONS]

    if result.has_monitor is False:
        result.anomalies = []  # no monitor: nothing can have been detected, no request made
    elif budget.left < 1:
        result.deferred.append("Anomalies")
    else:
        try:
            raw = _read_anomalies(session, store, since, budget)
            result.anomalies = to_report(store, account, [parse_anomaly(a, result) for a in raw], rules)
        except (ClientError, BotoCoreError) as exc:
            result.problems.append(classify(exc))
    return result


def parse_anomaly(raw: Mapping[str, Any], known: AnomalyWatch | None = None) -> Anomaly:
    impact = raw.get("Impact") or {}
    causes = tuple(
        RootCause(
            service=c.get("Service"),
            region=c.get("Region"),
            usage_type=c.get("UsageType"),
            linked_account=c.get("LinkedAccount"),
            linked_account_name=c.get("LinkedAccountName"),
            contribution=_dec((c.get("Impact") or {}).get("Contribution")),
        )
        for c in raw.get("RootCauses") or []
    )
    arn = raw.get("MonitorArn", "")
    return Anomaly(
        id=raw["AnomalyId"],
        monitor_arn=arn,
        monitor_name=known.monitor_name(arn) if known else None,
        start=_day(raw.get("AnomalyStartDate")),
        end=_day(raw.get("AnomalyEndDate")),
        impact=_dec(impact.get("TotalImpact")) or _dec(impact.get("MaxImpact")) or Decimal(0),
        impact_pct=_dec(impact.get("TotalImpactPercentage")),
        actual=_dec(impact.get("TotalActualSpend")),
        expected=_dec(impact.get("TotalExpectedSpend")),
        root_causes=tuple(sorted(causes, key=lambda c: -(c.contribution or 0))),
    )


def to_report(
    store: Store, account: str, anomalies: Sequence[Anomaly], rules: Rules = RULES
) -> list[Anomaly]:
    """The anomalies never reported, and those reported before whose impact grew enough since."""
    ids = [a.id for a in anomalies]
    if not ids:
        return []
    with store.tx() as tx:
        seen = {
            row.anomaly_id: row
            for row in tx.scalars(select(SeenAnomaly).where(SeenAnomaly.anomaly_id.in_(ids)))
        }
    out = []
    for anomaly in anomalies:
        row = seen.get(anomaly.id)
        if row is None:
            out.append(anomaly)
            continue
        growth = anomaly.impact - row.last_impact
        if growth >= rules.regrow_min_usd and growth * 100 >= rules.regrow_pct * abs(row.last_impact):
            out.append(replace(anomaly, previous_impact=row.last_impact))
    out.sort(key=lambda a: -a.impact)
    return out


def mark_reported(store: Store, account: str, anomalies: Sequence[Anomaly]) -> None:
    """Remember what was posted (only after it was), with the impact it was reported at."""
    now = utcnow()
    with store.tx() as tx:
        for anomaly in anomalies:
            row = tx.get(SeenAnomaly, anomaly.id)
            if row is None:
                tx.add(SeenAnomaly(anomaly_id=anomaly.id, account=account, last_impact=anomaly.impact))
            else:
                row.last_impact = anomaly.impact
                row.last_reported_at = now


def current_monitors(session: AccountSession, store: Store, *, today: date, max_age_days: int = 2) -> Listing:
    """The monitors list for other readers (the incident checklist): the digest's own copy when it
    is at most `max_age_days` old (free), else one cached request that the next digest reuses."""
    known = _last_read(store, session.account.name, MONITORS)
    if known is not None and (today - known.day).days <= max_age_days:
        return known
    return _read_list(session, store, MONITORS, today, RequestBudget(limit=1))


# --- requests ------------------------------------------------------------------------------------
def _read_list(session: AccountSession, store: Store, op: str, today: date, budget: RequestBudget) -> Listing:
    """Every page of a coverage list, cached for the day (the pages' format of `CostExplorer`)."""
    account = session.account.name
    pages = cached_call(
        store,
        account=account,
        service="ce",
        operation=op,
        params={},
        fetch=lambda: _pages(session, store, op, {}, budget),
        day=today,
        count=False,
    )
    return Listing(_items(op, pages), today)


def _read_anomalies(
    session: AccountSession, store: Store, since: date, budget: RequestBudget
) -> list[Mapping[str, Any]]:
    """Anomalies whose last day falls on or after `since` — never cached: they change during the day."""
    pages = _pages(session, store, "GetAnomalies", {"DateInterval": {"StartDate": since.isoformat()}}, budget)
    return list(_items("GetAnomalies", pages))


def _pages(
    session: AccountSession, store: Store, op: str, params: dict[str, Any], budget: RequestBudget
) -> list[dict[str, Any]]:
    client = session.client("ce")
    name = "".join("_" + c.lower() if c.isupper() else c for c in op).lstrip("_")
    pages = []
    for page in client.get_paginator(name).paginate(**params):
        budget.spent += 1  # each page is a billed request
        count_call(store, account=session.account.name, service="ce", operation=op)
        page.pop("ResponseMetadata", None)
        pages.append(page)
    return pages


def _last_read(store: Store, account: str, op: str) -> Listing | None:
    """The newest cached answer of a coverage list, from any day (the digest's own parameters only)."""
    with store.tx() as tx:
        rows = tx.scalars(
            select(CachedResponse)
            .where(
                CachedResponse.account == account,
                CachedResponse.service == "ce",
                CachedResponse.operation == op,
            )
            .order_by(CachedResponse.day.desc())
            .limit(10)
        ).all()
    for row in rows:
        if row.key == cache_key(account, "ce", op, {}, row.day):
            return Listing(_items(op, row.payload), row.day)
    return None


def _items(op: str, pages: Sequence[Mapping[str, Any]]) -> tuple[Mapping[str, Any], ...]:
    return tuple(item for page in pages for item in page.get(_ITEMS[op], []))


def _dec(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _day(value: object) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None
