from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.spend.explorer import DailyCost
from bot.spend.signals import RULES, Change, Signal, reading, run_rate, spikes, top_movers

START = date(2026, 8, 26)


def series(amounts):
    return [DailyCost(START + timedelta(days=i), Decimal(str(a))) for i, a in enumerate(amounts)]


def test_vertical_spike_on_both_sides_of_the_factor():
    base = [10] * 20
    assert spikes(series([*base, 29.99])) == []  # just under 3× (and $19.99 above)
    found = spikes(series([*base, 30]))  # exactly 3× and $20 above
    assert len(found) == 1 and found[0].day.amount == Decimal(30) and found[0].ratio == Decimal("3.0")
    assert found[0].baseline == Decimal("10.00")


def test_a_tripled_cent_is_not_a_spike():
    assert spikes(series([0.01] * 20 + [0.05])) == []  # 5× but not $10 above the baseline


def test_spike_from_zero_baseline_counts_when_large_enough():
    assert spikes(series([0] * 20 + [586]))[0].day.amount == Decimal(586)
    assert spikes(series([0] * 20 + [9])) == []


def test_flat_run_rate_on_both_sides_of_the_variation_threshold():
    flat = [160 + (5 if i % 2 else -5) for i in range(90)]  # cv ≈ 3%
    rate = run_rate(series(flat))
    assert rate is not None and rate.monthly == Decimal("4864.00") and rate.days == 90
    wobbly = [100 if i % 2 else 140 for i in range(90)]  # cv ≈ 16.7% > 15%
    assert run_rate(series(wobbly)) is None
    just_flat = [115 if i % 2 else 85 for i in range(90)]  # cv = 15% exactly
    assert run_rate(series(just_flat)) is not None


def test_flat_needs_enough_days():
    assert run_rate(series([160] * (RULES.flat_min_days - 1))) is None
    assert run_rate(series([160] * RULES.flat_min_days)) is not None


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        ([160] * 90, Signal.FLAT),
        ([160] * 89 + [2000], Signal.SPIKE),
        ([50 + (i * 7) % 90 for i in range(90)], Signal.NORMAL),
        ([0] * 90, Signal.UNKNOWN),
        ([10] * 5, Signal.UNKNOWN),
    ],
)
def test_reading(amounts, expected):
    assert reading(series(amounts)) is expected


def test_month_over_month_change():
    change = Change(Decimal("586"), Decimal("146.5"))
    assert change.delta == Decimal("439.5") and change.pct == Decimal("300.0")
    assert change.describe() == "+$439.50 (+300.0%)"
    assert Change(Decimal(5), Decimal(0)).pct is None
    assert Change(Decimal(90), Decimal(100)).describe() == "-$10.00 (-10.0%)"


def test_top_movers_explain_the_change():
    now = {"SageMaker": Decimal(420), "EC2": Decimal(100), "S3": Decimal(5)}
    before = {"EC2": Decimal(110), "S3": Decimal(5), "Lambda": Decimal(20)}
    movers = top_movers(now, before, n=3)
    assert [m.key for m in movers] == ["SageMaker", "Lambda", "EC2"]
    assert movers[0].delta == Decimal(420) and movers[0].share == Decimal("1.08")  # 420 of a 390 net rise
