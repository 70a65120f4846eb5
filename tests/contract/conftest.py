"""The bot over real HTTP in front of an empty moto account, with the AWS APIs moto lacks faked empty."""

from collections.abc import Iterator

import pytest

from bot.aws.fakes import FakeAws
from bot.devtools.fake_ce import FakeCostExplorer
from bot.devtools.fake_compute_optimizer import FakeComputeOptimizer
from bot.devtools.fake_pricing import FakePriceList
from bot.devtools.harness import Harness


@pytest.fixture
def bot(aws, account) -> Iterator[Harness]:
    fake = FakeCostExplorer().attach_to(FakeAws())
    FakePriceList().attach_to(fake)
    FakeComputeOptimizer().attach_to(fake)
    with Harness(accounts=[account], base_session=aws, aws_hooks=[fake.attach]) as harness:
        yield harness
        assert harness.slack.violations == []
