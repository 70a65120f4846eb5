from datetime import timedelta
from decimal import Decimal

from bot.checks.audit.cost_spike import cost_spike, summary


def test_a_recent_vertical_spike_is_named_with_what_drove_it(b):
    b.cost(
        ["50"] * 88 + ["1500", "900"],
        recent_by_region={"eu-west-1": "2900"},
        baseline_by_region={"us-east-1": "3800"},
    )
    b.data.cost.recent_by_service.update({"Amazon EC2": Decimal("3000")})
    b.data.cost.baseline_by_service.update({"Amazon EC2": Decimal("700")})
    found = cost_spike(b.build())
    assert [f.resource_id for f in found] == [str(b.now.date() - timedelta(days=1)), str(b.now.date())]
    assert "Amazon EC2 +$2,300.00" in summary(found) and "eu-west-1 +$" in summary(found)


def test_a_flat_bill_and_an_old_spike_are_not_flagged(b):
    assert cost_spike(b.cost(["50"] * 90).build()) == []
    assert cost_spike(b.cost(["50"] * 30 + ["900"] + ["50"] * 59).build()) == []  # two months ago
    b.data.cost = None
    assert cost_spike(b.data) == []
