import pytest

from bot.accounts import parse_accounts
from bot.aws.fakes import FakeAws
from bot.aws.session import AwsAccess
from bot.devtools.fake_ce import FakeCostExplorer


@pytest.fixture
def ce():
    return FakeCostExplorer()


@pytest.fixture
def session(aws, account, ce):
    fake = ce.attach_to(FakeAws())
    return AwsAccess(aws, client_hooks=[fake.attach]).for_account(parse_accounts([account])[0], "U1")
