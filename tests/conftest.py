"""Shared fixtures: moto, the store on SQLite (and PostgreSQL when TEST_DATABASE_URL is set), the harness."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

# Before boto3 is imported anywhere: tests never reach a real AWS account.
for _key in list(os.environ):
    if _key.startswith(("AWS_", "SLACK_")) or _key in {
        "DATABASE_URL",
        "ACCOUNTS_FILE",
        "APPROVERS",
        "PAYERS",
        "FX_RATES",
        "CLEANUP_MODE",
        "ALERT_CHANNEL",
        "WATCH_INTERVAL",
        "DIGEST_CHANNEL",
        "DIGEST_CRON",
        "DIGEST_TIMEZONE",
        "PORT",
    }:
        del os.environ[_key]
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="us-east-1",
    MOTO_EC2_LOAD_DEFAULT_AMIS="false",
    AWS_CONFIG_FILE="/nonexistent/aws-config",
    AWS_SHARED_CREDENTIALS_FILE="/nonexistent/aws-credentials",
)

import boto3  # noqa: E402
import pytest  # noqa: E402
from botocore.retries.adaptive import ClientRateLimiter  # noqa: E402
from botocore.retries.standard import ExponentialBackoff  # noqa: E402
from moto import mock_aws  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bot.devtools.harness import DEMO_ACCOUNT, Harness  # noqa: E402
from bot.store import Store  # noqa: E402

PG_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(autouse=True)
def _no_retry_sleep(monkeypatch):
    """Retries still happen (and are counted); only the waits between them are skipped.

    That is the exponential back-off and adaptive mode's client-side rate limiter, which after a
    throttle would pace a test's calls for seconds. The bench measures them for real.
    """
    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0)
    monkeypatch.setattr(ClientRateLimiter, "on_sending_request", lambda self, request, **kwargs: None)


@pytest.fixture
def aws() -> Iterator[boto3.Session]:
    """An empty moto world; the session is the bot's own identity."""
    with mock_aws():
        yield boto3.Session(region_name="us-east-1")


@pytest.fixture
def account() -> dict:
    return dict(DEMO_ACCOUNT)


@pytest.fixture
def harness(aws, account) -> Iterator[Harness]:
    with Harness(accounts=[account], base_session=aws) as h:
        yield h
        assert h.slack.violations == [], "a message broke a Block Kit limit"


def _sqlite_store(tmp_path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'store.db'}")


def _pg_store() -> Iterator[Store]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = Store(PG_URL)
    with admin.engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    store = Store(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield store
    finally:
        store.dispose()
        with admin.engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


STORE_BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(params=STORE_BACKENDS)
def empty_store(request, tmp_path) -> Iterator[Store]:
    """A store with no schema yet, on each backend under test."""
    if request.param == "sqlite":
        store = _sqlite_store(tmp_path)
        yield store
        store.dispose()
    else:
        yield from _pg_store()


@pytest.fixture
def store(empty_store) -> Store:
    empty_store.migrate()
    return empty_store
