"""Jobs on a clock: the daily digest, and the periodic jobs of other areas, on every replica at once.

Every replica runs an APScheduler 3 `BackgroundScheduler` over one job store, the store's own
database (`apscheduler_jobs`, migrated with the rest). Three rules make that safe:

- **Run each slot once across replicas.** Whoever fires first takes the job's lease in the database
  (`bot.store.leases`, SQLite and PostgreSQL alike) and keeps it until halfway to the next fire time;
  the other replicas find it held and skip. The lease is never released early: releasing it would
  let a replica that woke up a second later run the same slot again.
- **A bot that was down posts one late run, not several.** Jobs are persisted with their next run
  time; a restart keeps it (the job is only replaced when its trigger changed), `coalesce` folds every
  missed run into one, and a misfire grace (12 hours for the digest) bounds how late is still useful.
- **Jobs are found by reference.** The job store holds only `bot.scheduler:run_job` and the job's
  name; `run_job` finds the scheduler that runs it (each scheduler's worker threads are bound to it)
  and through it the running services, then calls the registered target with them.

Adding a job is one line in `JOBS` below: `every(name, "module:function", seconds)` for a periodic
job (seconds may come from a setting; 0 turns it off), or a `ScheduledJob` with its own trigger.
The target is a module-level function taking the running `Services`.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import obj_to_ref, ref_to_obj

from bot.services import Services
from bot.settings import Settings
from bot.store.leases import acquire
from bot.store.tables.scheduler import JOBS_TABLE
from bot.store.types import utcnow
from bot.watch.status import poll_interval

log = logging.getLogger(__name__)

Target = str | Callable[[Services], object]  # "module:function", or the function itself (tests)
TriggerFor = Callable[[Settings], BaseTrigger | None]  # None: not scheduled with these settings


@dataclass(frozen=True)
class ScheduledJob:
    """One registered job: what to call, and when, given the settings."""

    name: str
    target: Target
    trigger: TriggerFor
    misfire_grace: timedelta = timedelta(minutes=5)

    def resolve(self) -> Callable[[Services], object]:
        return ref_to_obj(self.target) if isinstance(self.target, str) else self.target


def every(
    name: str,
    target: Target,
    seconds: int | Callable[[Settings], int],
    *,
    misfire_grace: timedelta | None = None,
) -> ScheduledJob:
    """A periodic job, registered in one line; `seconds` may read a setting, and 0 turns it off."""

    def trigger(settings: Settings) -> BaseTrigger | None:
        period = seconds(settings) if callable(seconds) else seconds
        return IntervalTrigger(seconds=period, timezone="UTC") if period > 0 else None

    grace = misfire_grace
    if grace is None:  # late by up to one period is still useful; later, the next run does the work
        grace = timedelta(seconds=seconds if isinstance(seconds, int) and seconds > 0 else 300)
    return ScheduledJob(name, target, trigger, grace)


def digest_trigger(settings: Settings) -> BaseTrigger | None:
    """DIGEST_CRON in DIGEST_TIMEZONE (DST-aware: 09:00 stays 09:00 local); no channel, no digest."""
    if not settings.digest_channel:
        return None
    return crontab(settings.digest_cron, ZoneInfo(settings.digest_timezone))


_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def crontab(expression: str, timezone: ZoneInfo | str = "UTC") -> CronTrigger:
    """A 5-field crontab line read as cron reads it.

    APScheduler 3 numbers weekdays from Monday = 0, cron from Sunday = 0 (and 7): "0 9 * * 1-5"
    would fire Tuesday to Saturday. Numeric weekdays are turned into names first. (One difference
    remains: with both day-of-month and weekday restricted, cron fires on either, APScheduler on both.)
    """
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"expected 5 fields (minute hour day month weekday), got {len(fields)}")
    minute, hour, day, month, weekday = fields
    return CronTrigger(
        minute=minute, hour=hour, day=day, month=month, day_of_week=_weekdays(weekday), timezone=timezone
    )


def _weekdays(field: str) -> str:
    parts = []
    for part in field.lower().split(","):
        base, _, step = part.partition("/")
        if base != "*" and not base.replace("-", "").isdigit():
            parts.append(part)  # names ("mon-fri") mean the same to both
            continue
        low, _, high = base.partition("-")
        first, last = (0, 6) if base == "*" else (int(low), int(high or (6 if step else low)))
        if not 0 <= first <= 7 or not 0 <= last <= 7 or first > last:
            raise ValueError(f"weekday out of range 0-7: '{part}'")
        days = range(first, last + 1, int(step) if step else 1)
        parts += [_DAYS[d] for d in days]
    if field == "*":
        return "*"
    return ",".join(dict.fromkeys(parts))


JOBS: list[ScheduledJob] = [
    ScheduledJob("digest", "bot.digest.job:scheduled_digest", digest_trigger, timedelta(hours=12)),
    # ── other areas register their jobs here, one line each ─────────────────────────────────────
    # cleanup: expire requests nobody decided on in time; recover what a dead process left executing
    every("cleanup.expire", "bot.cleanup.flow:expire_due", 300),
    # takeover alarm: poll CloudTrail every WATCH_INTERVAL seconds (0, or no alert channel, turns it off)
    every("watch.cloudtrail", "bot.watch.poll:poll", poll_interval),
    # takeover alarm: post what failed to post, re-post unacknowledged critical alerts after 15 minutes
    every("watch.renotify", "bot.watch.alerts:renotify", lambda s: 60 if s.effective_alert_channel else 0),
]


# --- finding the scheduler (and the services) from inside a job ------------------------------------
_bound = threading.local()
_running: Scheduler | None = None


def current() -> Scheduler:
    """The scheduler running the calling job: its worker threads are bound to it."""
    scheduler = getattr(_bound, "scheduler", None) or _running
    if scheduler is None:
        raise RuntimeError("no scheduler is running in this process")
    return scheduler


def services() -> Services:
    """The running services, for a job that needs more than its argument."""
    return current().services


def run_job(name: str) -> None:
    """What the job store holds for every job (by reference): run `name` on the current scheduler."""
    current().run(name)


def _bind(scheduler: Scheduler) -> None:
    _bound.scheduler = scheduler


# --- the scheduler -------------------------------------------------------------------------------
class Scheduler:
    """One replica's scheduler: APScheduler over the shared job store, jobs guarded by leases."""

    def __init__(
        self,
        services: Services,
        jobs: Sequence[ScheduledJob] = (),
        *,
        holder: str | None = None,
        scheduler_class: type[BaseScheduler] = BackgroundScheduler,
        workers: int = 4,
    ) -> None:
        self.services = services
        self.jobs = {job.name: job for job in (jobs or JOBS)}
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        executor = ThreadPoolExecutor(
            workers,
            pool_kwargs={"thread_name_prefix": "scheduled", "initializer": _bind, "initargs": (self,)},
        )
        self.aps = scheduler_class(
            jobstores={"default": SQLAlchemyJobStore(engine=services.store.engine, tablename=JOBS_TABLE)},
            executors={"default": executor},
            job_defaults={"coalesce": True, "max_instances": 1},
            timezone="UTC",
        )

    # --- life cycle ------------------------------------------------------------------------------
    def start(self) -> None:
        self.aps.start(paused=True)
        self._sync()
        self.aps.resume()
        for job in self.aps.get_jobs():
            log.info("scheduled %s: next run %s", job.id, job.next_run_time)

    def stop(self, wait: bool = True) -> None:
        if self.aps.running:
            self.aps.shutdown(wait=wait)

    def _sync(self) -> None:
        """Make the shared job store match the registry without losing a missed run.

        A job whose trigger and grace are unchanged is kept as stored, with its next run time (maybe
        in the past: it then runs once, late). A changed trigger replaces it; a job no longer
        registered or switched off by the settings is removed.
        """
        settings = self.services.settings
        wanted = {}
        for name, spec in self.jobs.items():
            trigger = spec.trigger(settings)
            if trigger is None:
                continue
            try:
                spec.resolve()
            except (ImportError, AttributeError, LookupError, ValueError) as exc:
                log.error("scheduled job %s: cannot import %s (%s); not scheduled", name, spec.target, exc)
                continue
            wanted[name] = (spec, trigger)
        for job in self.aps.get_jobs():
            if job.id not in wanted:
                log.info("removing scheduled job %s: not registered or switched off", job.id)
                self.aps.remove_job(job.id)
        for name, (spec, trigger) in wanted.items():
            grace = int(spec.misfire_grace.total_seconds())
            stored = self.aps.get_job(name)
            if stored is not None and _same(stored, trigger, grace):
                continue
            self.aps.add_job(
                run_job,
                trigger,
                args=[name],
                id=name,
                name=name,
                replace_existing=True,
                misfire_grace_time=grace,
                coalesce=True,
                max_instances=1,
            )

    # --- running a job ---------------------------------------------------------------------------
    def run(self, name: str) -> bool:
        """Run a registered job now if this replica wins its lease; True when it ran.

        The cron path (`run_job`) and the demo both come here, so the demo runs exactly what the
        scheduler runs, without waiting for a clock.
        """
        spec = self.jobs.get(name)
        if spec is None:
            log.error("scheduled job %s is not registered; skipping", name)
            return False
        if not acquire(self.services.store, f"job:{name}", self.holder, self.lease_ttl(spec)):
            log.info("scheduled job %s: another replica has it; skipping", name)
            return False
        log.info("running scheduled job %s on %s", name, self.holder)
        spec.resolve()(self.services)
        return True

    def lease_ttl(self, spec: ScheduledJob, now: datetime | None = None) -> timedelta:
        """Half the time to the next fire: long enough to cover every replica's copy of this slot,
        short enough to leave the next slot free."""
        now = now or utcnow()
        trigger = spec.trigger(self.services.settings)
        following = trigger.get_next_fire_time(None, now + timedelta(seconds=1)) if trigger else None
        if following is None:
            return spec.misfire_grace
        return max((following - now) / 2, timedelta(seconds=1))


def _same(job: Any, trigger: BaseTrigger, grace: int) -> bool:
    """Same schedule? (An interval trigger's start date is when it was built: not part of it.)"""
    return (
        _schedule(job.trigger) == _schedule(trigger)
        and job.func_ref == obj_to_ref(run_job)
        and job.misfire_grace_time == grace
        and job.coalesce
    )


def _schedule(trigger: BaseTrigger) -> tuple[str, str]:
    return str(trigger), str(getattr(trigger, "timezone", ""))


def start(services: Services) -> Callable[[], None]:
    """The start-up hook: this replica's scheduler, stopped again on shutdown."""
    global _running
    scheduler = Scheduler(services)
    scheduler.start()
    _running = scheduler

    def stop() -> None:
        global _running
        scheduler.stop()
        if _running is scheduler:
            _running = None

    return stop
