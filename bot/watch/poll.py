"""The poll: every WATCH_INTERVAL seconds, each account's CloudTrail since its checkpoints (the scheduler's
`watch.cloudtrail` job, as `chatops-scheduler` through the read-only audit role).

Per account, every stream is read at once through the shared fan-out (a region's chains run one
after another on one client, whose adaptive retries keep to LookupEvents' 2 calls a second):

- **Window.** From the stream's checkpoint minus 20 minutes (CloudTrail shows events up to ~15 minutes
  late; the overlap re-reads them, the store's seen IDs drop the duplicates) to now. A stream never
  read before starts an hour back, after its 90 days of history were read (`bot.watch.history`).
- **Checkpoint.** Moved to the window's end only after the events were judged and the alerts stored,
  and only for streams that were read whole: a restart, a failed region or a failed judgement reads
  the same window again — no event skipped, none alerted twice.
- **Failures.** A region that cannot be read (AccessDenied, OptInRequired…) keeps its checkpoint and
  does not stop the others; the log says so when it starts and stops failing, the digest once a day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.accounts import Account
from bot.aws.errors import classify
from bot.aws.session import SCHEDULER, AccountSession, AssumeRoleError
from bot.collect.cloudtrail import TrailEvent, lookup_attribute
from bot.services import Services
from bot.store.types import utcnow
from bot.watch import alerts, detect, history, seen
from bot.watch.lock import Busy
from bot.watch.rules import watched
from bot.watch.status import watching
from bot.watch.streams import Stream, mark_failed, mark_ok, states, streams_for
from bot.watch.thresholds import RULES, WatchRules

log = logging.getLogger(__name__)


@dataclass
class StreamRead:
    events: list[TrailEvent]
    until: datetime
    seed: list[history.Entry] | None = None  # read now: the stream was not seeded yet
    seeded_until: datetime | None = None
    cut: list[str] = field(default_factory=list)  # chains stopped at the page budget


@dataclass
class PollResult:
    account: str
    read: dict[str, int] = field(default_factory=dict)  # stream → new-or-not events read
    failed: dict[str, str] = field(default_factory=dict)  # stream → why it could not be read
    alerts: list[str] = field(default_factory=list)


def poll(services: Services) -> None:
    """The scheduled job: every account, one after another (each account's regions in parallel)."""
    if not watching(services.settings):
        log.info("watch: neither ALERT_CHANNEL nor DIGEST_CHANNEL is set; not polling")
        return
    alerts.post_pending(services)
    for account in services.accounts:
        try:
            poll_account(services, account)
        except Busy as exc:
            log.warning(
                "watch: %s skipped this cycle (%s); the next one reads the same window", account.name, exc
            )
        except Exception:
            log.exception("watch: polling %s failed; the next cycle reads the same window", account.name)


def poll_account(
    services: Services, account: Account, *, now: datetime | None = None, rules: WatchRules = RULES
) -> PollResult:
    now = now or utcnow()
    result = PollResult(account.name)
    session = services.aws.for_account(account, SCHEDULER)
    try:
        session.verify()
        regions = session.regions()
    except AssumeRoleError as exc:
        return _failed(services, account, result, "role", str(exc), now)
    except Exception as exc:
        return _failed(
            services, account, result, "regions", f"listing regions: {classify(exc).describe()}", now
        )
    streams = streams_for(regions)
    with services.store.tx() as tx:
        known = {key: (row.seeded_until, row.polled_until) for key, row in states(tx, account.name).items()}
    reads = services.fanout.run(
        {
            s.key: (lambda s=s: read_stream(session, s, *known.get(s.key, (None, None)), now, rules))
            for s in streams
        }
    )
    good = {key: r.value for key, r in reads.items() if r.ok and r.value is not None}
    with services.store.tx() as tx:  # history first: the rules compare with it
        for key, read in good.items():
            if read.seed is not None and read.seeded_until is not None:
                history.save_seed(tx, account.name, key, read.seed, read.seeded_until)
    events = [e for read in good.values() for e in read.events]
    result.alerts = detect.judge(services, account, events, via="poll", now=now)
    with services.store.tx() as tx:  # judged and stored: now the checkpoints may move
        for key, read in good.items():
            mark_ok(tx, account.name, key, now, polled_until=read.until)
            result.read[key] = len(read.events)
            if read.cut:
                problem = (f"more than {rules.poll_max_pages * 50} {', '.join(read.cut)} events in one poll: "
                           "the oldest of that window were not read")  # fmt: skip
                mark_failed(tx, account.name, key, problem, now)
        for key, r in reads.items():
            if not r.ok and r.error is not None:
                result.failed[key] = r.error.describe()
                mark_failed(tx, account.name, key, result.failed[key], now)
        for key in ("role", "regions"):
            mark_ok(tx, account.name, key, now)
        seen.prune(tx, account.name, _forget_before(tx, account.name, now, rules))
    return result


def read_stream(
    session: AccountSession,
    stream: Stream,
    seeded_until: datetime | None,
    polled_until: datetime | None,
    now: datetime,
    rules: WatchRules = RULES,
) -> StreamRead:
    """One stream's window (and, the first time, its 90 days of history): a leaf task of the fan-out."""
    seed = None
    if seeded_until is None:
        seeded_until = now - rules.first_window
        seed = history.seed(session, stream, seeded_until, rules)
    start = polled_until - rules.delivery_overlap if polled_until else seeded_until
    start = max(start, now - timedelta(days=rules.quiet_days))  # all CloudTrail keeps
    events: dict[str, TrailEvent] = {}
    cut = []
    for key, value in stream.lookups:
        chain = lookup_attribute(
            session, stream.region, key, value, start, now, max_pages=rules.poll_max_pages, wanted=watched
        )
        events.update((e.event_id, e) for e in chain.events)
        if chain.truncated:
            cut.append(chain.event_name)
    ordered = sorted(events.values(), key=lambda e: (e.time, e.event_id))
    return StreamRead(ordered, now, seed, seeded_until if seed is not None else None, cut)


def ensure_seeded(
    services: Services, account: Account, keys: set[str], *, now: datetime | None = None
) -> None:
    """Read the history of streams the push path brought events for, if the poll has not yet."""
    now = now or utcnow()
    with services.store.tx() as tx:
        done = {key for key, row in states(tx, account.name).items() if row.seeded_until is not None}
    regions = sorted(k for k in keys - done if k != "iam")
    missing = [s for s in streams_for(regions) if s.key in keys - done]
    if not missing:
        return
    session = services.aws.for_account(account, SCHEDULER)
    end = now - RULES.first_window
    seeds = services.fanout.run({s.key: (lambda s=s: history.seed(session, s, end)) for s in missing})
    with services.store.tx() as tx:
        for key, r in seeds.items():
            if r.ok and r.value is not None:
                history.save_seed(tx, account.name, key, r.value, end)
            elif r.error is not None:
                log.warning(
                    "watch: cannot learn the history of %s/%s: %s", account.name, key, r.error.describe()
                )


def _forget_before(tx: object, account: str, now: datetime, rules: WatchRules) -> datetime:
    """The oldest event time any poll could still read again, or a day ago, whichever is earlier."""
    oldest = now - rules.seen_retention
    for row in states(tx, account).values():  # type: ignore[arg-type]
        start = row.polled_until or row.seeded_until
        if start is not None:
            oldest = min(oldest, start - rules.delivery_overlap - timedelta(minutes=5))
    return oldest


def _failed(
    services: Services, account: Account, result: PollResult, key: str, problem: str, now: datetime
) -> PollResult:
    result.failed[key] = problem
    with services.store.tx() as tx:
        mark_failed(tx, account.name, key, problem, now)
    return result
