from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from freezegun import freeze_time
from sqlalchemy import select, text

from bot.store import normalize_url
from bot.store.cache import cached_call, calls_made
from bot.store.leases import acquire, release
from bot.store.runs import latest_run, record_run
from bot.store.tables import Base, SeenAnomaly


def test_migrated_schema_matches_the_tables(store):
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert store.pending_migrations() == []


def test_upgrade_keeps_rows(empty_store):
    empty_store.migrate("0001")
    with empty_store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO runs (command, account, actor, started_at, status, headline, summary) "
                "VALUES ('/aws-audit', 'demo', 'U1', '2026-11-01 00:00:00', 'done', 'kept', '{}')"
            )
        )
    empty_store.migrate()
    assert empty_store.pending_migrations() == []
    with empty_store.engine.connect() as connection:
        assert connection.execute(text("SELECT headline FROM runs")).scalar_one() == "kept"


def test_migrating_twice_is_harmless(store):
    store.migrate()
    assert store.pending_migrations() == []


def test_money_and_times_round_trip_exactly(store):
    with store.tx() as tx:
        tx.add(SeenAnomaly(anomaly_id="a1", account="demo", last_impact=Decimal("14322721.000001")))
    with store.tx() as tx:
        row = tx.get(SeenAnomaly, "a1")
        assert row.last_impact == Decimal("14322721.000001")
        assert row.first_seen.tzinfo is not None


def test_naive_datetimes_are_refused(store):
    with pytest.raises(Exception, match="naive datetime"), store.tx() as tx:
        tx.add(SeenAnomaly(anomaly_id="a2", account="d", last_impact=1, first_seen=datetime(2026, 1, 1)))


def test_latest_run_per_command_and_account(store):
    with freeze_time("2026-11-20"):
        record_run(store, command="/aws-audit", account="demo", actor="U1", headline="old", summary={"v": 1})
    with freeze_time("2026-11-22"):
        record_run(store, command="/aws-audit", account="demo", actor="U2", headline="new", summary={"v": 2})
        record_run(store, command="/aws-idle", account="demo", actor="U2", headline="idle", summary={})
    run = latest_run(store, "/aws-audit", "demo")
    assert (run.headline, run.summary, run.actor) == ("new", {"v": 2}, "U2")
    assert latest_run(store, "/aws-audit", "other") is None


def test_lease_has_one_holder_until_it_expires(store):
    with freeze_time("2026-11-23 09:00:00") as clock:
        assert acquire(store, "digest", "replica-a", timedelta(minutes=5))
        assert not acquire(store, "digest", "replica-b", timedelta(minutes=5))
        assert acquire(store, "digest", "replica-a", timedelta(minutes=5))  # renew
        clock.tick(timedelta(minutes=6))
        assert acquire(store, "digest", "replica-b", timedelta(minutes=5))
        assert not acquire(store, "digest", "replica-a", timedelta(minutes=5))
        release(store, "digest", "replica-b")
        assert acquire(store, "digest", "replica-a", timedelta(minutes=5))


def test_cached_call_asks_once_a_day_and_counts_requests(store):
    asked = []

    def fetch():
        asked.append(1)
        return {"ResultsByTime": [{"Total": {"UnblendedCost": {"Amount": "1.5"}}}], "at": datetime.now(UTC)}

    params = {"Granularity": "DAILY"}
    with freeze_time("2026-11-23 10:00"):
        first = cached_call(
            store, account="demo", service="ce", operation="GetCostAndUsage", params=params, fetch=fetch
        )
        again = cached_call(
            store, account="demo", service="ce", operation="GetCostAndUsage", params=params, fetch=fetch
        )
        assert first == again and len(asked) == 1
        other = {"Granularity": "MONTHLY"}
        cached_call(
            store, account="demo", service="ce", operation="GetCostAndUsage", params=other, fetch=fetch
        )
        assert len(asked) == 2
    with freeze_time("2026-11-24 10:00"):
        cached_call(
            store, account="demo", service="ce", operation="GetCostAndUsage", params=params, fetch=fetch
        )
    assert len(asked) == 3
    assert calls_made(store, service="ce") == 3
    assert calls_made(store, service="ce", account="demo", day=datetime(2026, 11, 23).date()) == 2


def test_cached_call_can_keep_an_answer_for_days(store):
    asked = []

    def ask(day):
        with freeze_time(day):
            return cached_call(
                store,
                account="aws-price-list",
                service="pricing",
                operation="GetProducts",
                params={"ServiceCode": "AmazonEC2"},
                fetch=lambda: asked.append(day) or len(asked),
                days=7,
            )

    assert ask("2026-11-23 10:00") == ask("2026-11-29 23:59") == 1  # the 7th day still answers
    assert ask("2026-11-30 00:00") == 2 and len(asked) == 2  # the 8th asks again


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/x", "postgresql+psycopg://u:p@db:5432/x"),
        ("postgresql://u@db/x", "postgresql+psycopg://u@db/x"),
        ("postgresql+psycopg://u@db/x", "postgresql+psycopg://u@db/x"),
        ("sqlite:///chatops.db", "sqlite:///chatops.db"),
    ],
)
def test_heroku_style_urls_work(given, expected):
    assert normalize_url(given) == expected


def test_store_tables_are_all_migrated(store):
    with store.tx() as tx:
        for table in Base.metadata.sorted_tables:
            tx.execute(select(table).limit(1)).all()
