from datetime import date

import pytest

from bot.accounts import parse_accounts
from bot.aws.fakes import FakeAws
from bot.aws.session import AwsAccess
from bot.devtools.fake_ce import FakeCostExplorer

TODAY = date(2026, 11, 23)


@pytest.fixture
def ce():
    return FakeCostExplorer()


@pytest.fixture
def fake(ce):
    return ce.attach_to(FakeAws())


@pytest.fixture
def demo_account(account):
    return parse_accounts([account])[0]


@pytest.fixture
def session(aws, demo_account, fake):
    return AwsAccess(aws, client_hooks=[fake.attach]).for_account(demo_account, "U1")
