"""A moto account aged with freezegun, the fakes moto lacks, and `idle(check)` to scan it.

Check tests scan one region with the bundled price table (no Price List), so a figure in an
assertion is `quantity × bundled us-east-1 price`; Price List behaviour has its own tests.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import boto3
import botocore.session
import pytest
from freezegun import freeze_time
from idle_helpers import REGION, T0
from moto import mock_aws

from bot.accounts import parse_accounts
from bot.aws.fakes import FakeAws
from bot.aws.regions import FanOut
from bot.aws.session import _LOADER, AwsAccess
from bot.checks.idle.scan import scan
from bot.checks.idle.thresholds import THRESHOLDS
from bot.checks.registry import CHECKS, checks_of
from bot.devtools.aws_faults import AwsFaults
from bot.devtools.fake_compute_optimizer import FakeComputeOptimizer
from bot.devtools.fake_pricing import FakePriceList
from bot.pricing.book import PriceBook
from bot.store.types import utcnow


@pytest.fixture(scope="session")
def fanout():
    pool = FanOut(8)
    yield pool
    pool.shutdown()


@pytest.fixture
def aws():
    """The shared `aws` fixture, with the parsed service models shared between tests (as the bot does)."""
    with mock_aws():
        core = botocore.session.Session()
        core.register_component("data_loader", _LOADER)
        yield boto3.Session(botocore_session=core, region_name="us-east-1")


@pytest.fixture
def clock():
    """Frozen at T0 (a Monday); tests create resources, then `clock.move_to(later)` and scan."""
    with freeze_time(T0) as frozen:
        yield frozen


@pytest.fixture
def fakes():
    fake = FakeAws()
    co = FakeComputeOptimizer()
    prices = FakePriceList()
    co.attach_to(fake)
    prices.attach_to(fake)
    return SimpleNamespace(fake=fake, co=co, prices=prices, faults=AwsFaults())


@pytest.fixture
def session(aws, account, fakes):
    account["regions"] = [REGION]
    access = AwsAccess(aws, client_hooks=[fakes.faults.attach, fakes.fake.attach])
    return access.for_account(parse_accounts([account])[0], "U0ALICE001")


@pytest.fixture
def idle(session, fanout):
    """`idle("idle.eip_unassociated")` → the report of a scan limited to that check (all checks if None)."""

    def run(check_id=None, *, thresholds=THRESHOLDS, regions=None, price_book=None):
        checks_of("idle")
        checks = [CHECKS[check_id]] if check_id else None
        return scan(
            session,
            fanout,
            price_book=price_book or PriceBook(),
            checks=checks,
            thresholds=thresholds,
            regions=regions,
        )

    return run


@pytest.fixture
def ec2(aws):
    return aws.client("ec2", region_name=REGION)


@pytest.fixture
def put_metric(aws):
    """put_metric(namespace, name, {dimension: value}, [values], days_ago=[…]) — daily points before now."""

    def put(namespace, name, dimensions, values, *, end=None):
        # utcnow, not datetime.now: pytest may drop this conftest from sys.modules (another conftest
        # takes the name), and freezegun only patches the `datetime` names of modules listed there.
        end = end or utcnow()
        aws.client("cloudwatch", region_name=REGION).put_metric_data(
            Namespace=namespace,
            MetricData=[
                {
                    "MetricName": name,
                    "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()],
                    "Timestamp": end - timedelta(days=i, hours=1),
                    "Value": float(value),
                }
                for i, value in enumerate(values)
            ],
        )

    return put
