"""The scheduler over the store's database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).

APScheduler's own wake-up thread is replaced by `ManualScheduler`, so a test decides when the
scheduler looks for due jobs while freezegun decides what time it is; the jobs still run on the
scheduler's worker threads, through the persisted job store and the lease, as in production.
The scheduled digest itself, posting to Slack, is in tests/scenarios/test_daily_digest.py.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from bot import scheduler as scheduling
from bot.accounts import Accounts
from bot.aws.session import AwsAccess
from bot.devtools.clock import ManualScheduler
from bot.errors import ConfigError
from bot.jobs import JobRunner
from bot.scheduler import JOBS, ScheduledJob, Scheduler, crontab, digest_trigger, every
from bot.services import Services
from bot.settings import Settings, load_settings
from bot.store.types import utcnow

NEW_YORK = ZoneInfo("America/New_York")


class Replica:
    """One replica's scheduler, driven by hand."""

    def __init__(self, services: Services, jobs, holder: str) -> None:
        self.scheduler = Scheduler(services, jobs, holder=holder, scheduler_class=ManualScheduler)
        self.aps: ManualScheduler = self.scheduler.aps  # type: ignore[assignment]

    @property
    def missed(self) -> int:
        return self.aps.missed

    def start(self) -> Replica:
        self.scheduler.start()
        return self

    def tick(self) -> None:
        self.aps.tick()

    def next_run(self, name: str = "digest") -> datetime:
        return self.aps.get_job(name).next_run_time

    def stop(self) -> None:
        self.scheduler.stop()


def make_services(store, **settings) -> Services:
    values = {"database_url": "sqlite://", "accounts_file": "/nonexistent.yaml", **settings}
    return Services(
        settings=Settings(_env_file=None, **values),
        accounts=Accounts([]),
        store=store,
        aws=AwsAccess(),
        fanout=None,  # type: ignore[arg-type]
        jobs=JobRunner(1),
        slack=None,  # type: ignore[arg-type]
    )


@pytest.fixture
def fired():
    return []


@pytest.fixture
def record(fired):
    def target(services: Services) -> None:
        fired.append(utcnow())

    return target


def digest_job(target) -> ScheduledJob:
    return replace(JOBS[0], target=target)


@pytest.mark.parametrize(
    ("start", "days", "utc_hours"),
    [
        ("2026-10-31 12:00", 3, [13, 14, 14]),  # EDT → EST on Sunday 1 November 2026
        ("2026-03-07 12:00", 3, [14, 13, 13]),  # EST → EDT on Sunday 8 March 2026
    ],
)
def test_the_digest_fires_at_nine_local_time_across_a_dst_change(
    store, fired, record, start, days, utc_hours
):
    services = make_services(store, digest_channel="C0DIGEST01", digest_timezone="America/New_York")
    with freeze_time(start) as clock:
        replica = Replica(services, [digest_job(record)], "replica-a").start()
        for _ in range(days * 48):  # every half hour, for `days` days
            clock.tick(timedelta(minutes=30))
            replica.tick()
        replica.stop()
    assert [t.astimezone(NEW_YORK).strftime("%H:%M") for t in fired] == ["09:00"] * days
    assert [t.hour for t in fired] == utc_hours


def test_a_bot_that_was_down_runs_once_late_not_once_per_missed_day(store, fired, record):
    services = make_services(store, digest_channel="C0DIGEST01")
    with freeze_time("2026-11-23 08:00") as clock:
        Replica(services, [digest_job(record)], "before-restart").start().stop()
        clock.move_to("2026-11-25 10:30")  # down through three 09:00s
        replica = Replica(services, [digest_job(record)], "after-restart").start()
        replica.tick()
        replica.tick()
        assert fired == [datetime(2026, 11, 25, 10, 30, tzinfo=UTC)]
        assert replica.next_run() == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
        replica.stop()


def test_a_run_later_than_the_grace_is_skipped_for_the_next_one(store, fired, record):
    services = make_services(store, digest_channel="C0DIGEST01")
    with freeze_time("2026-11-23 08:00") as clock:
        Replica(services, [digest_job(record)], "a").start().stop()
        clock.move_to("2026-11-23 22:00")  # 13 hours late: tomorrow's digest is closer than today's
        replica = Replica(services, [digest_job(record)], "b").start()
        replica.tick()
        assert fired == [] and replica.missed == 1
        clock.move_to("2026-11-24 09:00")
        replica.tick()
        assert len(fired) == 1
        replica.stop()


def test_two_replicas_on_one_database_run_each_slot_once(store, fired, record):
    services = make_services(store, digest_channel="C0DIGEST01")
    with freeze_time("2026-11-23 08:59") as clock:
        replicas = [Replica(services, [digest_job(record)], f"replica-{n}").start() for n in "ab"]
        for day in range(3):
            clock.move_to(datetime(2026, 11, 23 + day, 9, 0, 0, tzinfo=UTC))
            barrier = threading.Barrier(2)

            def tick(replica: Replica, barrier: threading.Barrier) -> None:
                barrier.wait()
                replica.tick()

            threads = [threading.Thread(target=tick, args=(r, barrier)) for r in replicas]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            for replica in replicas:  # and a late wake-up a minute after
                clock.tick(timedelta(minutes=1))
                replica.tick()
        for replica in replicas:
            replica.stop()
    assert [t.date().day for t in fired] == [23, 24, 25]


def test_the_lease_lets_one_replica_run_a_slot_and_frees_the_next(store, fired, record):
    services = make_services(store, digest_channel="C0DIGEST01")
    a = Scheduler(services, [digest_job(record)], holder="a", scheduler_class=ManualScheduler)
    b = Scheduler(services, [digest_job(record)], holder="b", scheduler_class=ManualScheduler)
    with freeze_time("2026-11-23 09:00:00") as clock:
        assert a.run("digest") is True
        clock.tick(timedelta(seconds=2))
        assert b.run("digest") is False  # the same 09:00 slot, seen two seconds later
        assert a.lease_ttl(a.jobs["digest"]) == timedelta(hours=12) - timedelta(seconds=1)
        clock.move_to("2026-11-24 09:00:01")
        assert b.run("digest") is True
    assert len(fired) == 2


def test_a_restart_keeps_the_schedule_and_a_changed_cron_replaces_it(store, fired, record):
    with freeze_time("2026-11-23 07:00"):
        Replica(make_services(store, digest_channel="C1"), [digest_job(record)], "a").start().stop()
        same = Replica(make_services(store, digest_channel="C1"), [digest_job(record)], "b").start()
        assert same.next_run() == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        same.stop()
        later = make_services(store, digest_channel="C1", digest_cron="30 10 * * 1-5")
        changed = Replica(later, [digest_job(record)], "c").start()
        assert changed.next_run() == datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
        changed.stop()
        off = Replica(make_services(store), [digest_job(record)], "d").start()  # DIGEST_CHANNEL unset
        assert off.scheduler.aps.get_jobs() == []
        off.stop()


def test_an_interval_job_is_one_line_and_zero_turns_it_off(store, fired, record):
    services = make_services(store, watch_interval=300)
    jobs = [every("watch", record, lambda s: s.watch_interval), every("never", record, 0)]
    with freeze_time("2026-11-23 12:00") as clock:
        replica = Replica(services, jobs, "a").start()
        assert [j.id for j in replica.scheduler.aps.get_jobs()] == ["watch"]
        for _ in range(4):
            clock.tick(timedelta(minutes=5))
            replica.tick()
        replica.stop()
    assert len(fired) == 4


def test_a_job_whose_target_cannot_be_imported_is_not_scheduled(store, caplog):
    services = make_services(store)
    replica = Replica(services, [every("ghost", "bot.nowhere:nothing", 60)], "a").start()
    assert replica.scheduler.aps.get_jobs() == []
    assert "cannot import bot.nowhere:nothing" in caplog.text
    replica.stop()


@pytest.mark.parametrize(
    ("weekdays", "fires_on"),
    [
        ("1-5", ["Mon", "Tue", "Wed", "Thu", "Fri"]),
        ("0", ["Sun"]),
        ("7", ["Sun"]),
        ("*/2", ["Sun", "Tue", "Thu", "Sat"]),
        ("mon,wed", ["Mon", "Wed"]),
    ],
)
def test_cron_weekdays_count_from_sunday_as_cron_does(weekdays, fires_on):
    trigger = crontab(f"0 9 * * {weekdays}", "UTC")
    fire, days = datetime(2026, 11, 22, 0, 0, tzinfo=UTC), []  # a Sunday
    while (fire := trigger.get_next_fire_time(None, fire)) < datetime(2026, 11, 29, tzinfo=UTC):
        days.append(fire.strftime("%a"))
        fire += timedelta(minutes=1)
    assert sorted(days, key=["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].index) == fires_on


@pytest.mark.parametrize("bad", ["0 9 * *", "0 9 * * 8", "0 25 * * *", "0 9 * * 5-1"])
def test_a_bad_digest_cron_stops_start_up_with_one_line(bad):
    with pytest.raises(ConfigError, match="DIGEST_CRON"):
        load_settings(_env_file=None, digest_cron=bad)


def test_every_registered_job_can_be_imported():
    for job in JOBS:
        assert callable(job.resolve()), job.name
    assert digest_trigger(Settings(_env_file=None, digest_channel=None)) is None


def test_the_start_up_hook_runs_jobs_on_a_real_clock_and_stops(store, monkeypatch):
    from bot import startup

    seen = []
    monkeypatch.setattr(
        scheduling, "JOBS", [every("heartbeat", lambda s: seen.append(scheduling.services()), 1)]
    )
    services = make_services(store)
    stops = startup.start(services)
    try:
        deadline = time.monotonic() + 10
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert seen and seen[0] is services  # the job found the running services via the scheduler
        assert scheduling.current().services is services
    finally:
        for stop in stops:
            stop()
    with pytest.raises(RuntimeError, match="no scheduler"):
        scheduling.current()
