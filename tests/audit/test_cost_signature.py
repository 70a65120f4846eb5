from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.audit.cost import cost_signature
from bot.devtools.fake_ce import EC2
from bot.spend.explorer import CostExplorer
from bot.spend.signals import Signal
from bot.store.cache import calls_made

TODAY = date(2026, 11, 23)


@pytest.fixture
def ce_session(aws, account):
    from bot.accounts import parse_accounts
    from bot.aws.fakes import FakeAws
    from bot.aws.session import AwsAccess
    from bot.devtools.fake_ce import FakeCostExplorer

    ce = FakeCostExplorer()
    session = AwsAccess(aws, client_hooks=[ce.attach_to(FakeAws()).attach]).for_account(
        parse_accounts([account])[0], "U1"
    )
    return ce, session


def test_flat_months_then_a_spike_in_a_new_region_in_three_requests(ce_session, store):
    ce, session = ce_session
    start = TODAY - timedelta(days=89)
    ce.add_series(start, ["100"] * 90, service=EC2, region="us-east-1")
    ce.add_series(start, ["20"] * 90, service="Amazon RDS", region="us-east-1")
    ce.add(TODAY - timedelta(days=1), "1400", service=EC2, region="eu-west-1")
    sig = cost_signature(CostExplorer(session, store, today=TODAY))
    assert sig.signal is Signal.SPIKE and [s.day.day for s in sig.recent_spikes()] == [
        TODAY - timedelta(days=1)
    ]
    assert sig.run_rate is not None and sig.run_rate.daily_mean == Decimal("120.00")  # before the spike
    assert sig.regions_without_history(Decimal(1)) == ["eu-west-1"]
    assert sig.regions_with_history() == ["us-east-1"]
    [top] = sig.movers("region", 1)
    assert top.key == "eu-west-1" and top.delta == Decimal("1400")
    assert sig.movers("service", 1)[0].key == EC2
    assert sig.requests == 3 and calls_made(store, service="ce") == 3
    again = cost_signature(CostExplorer(session, store, today=TODAY))
    assert again.requests == 0 and calls_made(store, service="ce") == 3  # cached for the day
