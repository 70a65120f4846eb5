from decimal import Decimal

from bot.audit.cost import CostSignature
from bot.checks.audit.new_region import new_region, summary
from bot.spend.signals import Change, Signal


def _cost(b, recent, baseline):
    return CostSignature(
        today=b.now.date(),
        series=(),
        signal=Signal.FLAT,
        spikes=(),
        run_rate=None,
        month_over_month=Change(Decimal(0), Decimal(0)),
        recent_start=b.ago(13).date(),
        recent_by_service={},
        recent_by_region={k: Decimal(v) for k, v in recent.items()},
        baseline_by_service={},
        baseline_by_region={k: Decimal(v) for k, v in baseline.items()},
        baseline_days=76,
        requests=3,
    )


def test_launches_in_a_region_without_history_are_flagged(b):
    b.instance("i-web", region="us-east-1", launched=b.ago(200))
    b.trail.run_instances(region="eu-west-1", time=b.ago(1), instances=[("i-new", "p3.8xlarge")])
    b.instance("i-new", region="eu-west-1", launched=b.ago(1))
    found = new_region(b.build())
    assert [f.resource_id for f in found] == ["eu-west-1"]
    assert "1 instance launched" in summary(found)
    assert found[0].evidence["judged_by"] == "older resources only"


def test_a_region_with_spend_before_the_window_is_not_new_even_without_old_resources(b):
    b.trail.run_instances(region="eu-west-1", time=b.ago(1), instances=[("i-new", "m5.large")])
    b.instance("i-new", region="eu-west-1", launched=b.ago(1))
    data = b.build()
    data.cost = _cost(b, recent={"eu-west-1": "30"}, baseline={"eu-west-1": "500"})
    assert new_region(data) == []


def test_spend_alone_in_a_region_with_none_before_is_flagged(b):
    data = b.build()
    data.cost = _cost(b, recent={"sa-east-1": "812.40", "us-east-1": "100"}, baseline={"us-east-1": "900"})
    found = new_region(data)
    assert [f.region for f in found] == ["sa-east-1"]
    assert "$812.40 spent recently" in found[0].title
