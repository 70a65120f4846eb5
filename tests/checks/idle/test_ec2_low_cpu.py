from datetime import timedelta
from decimal import Decimal

import pytest
from idle_helpers import T0, ids, launch

CHECK = "idle.ec2_low_cpu"


@pytest.fixture
def instance(ec2, clock):
    (instance_id,) = launch(ec2, "m5.2xlarge")
    clock.move_to(T0 + timedelta(days=20))
    return instance_id


def _cpu(put_metric, instance, value):
    put_metric("AWS/EC2", "CPUUtilization", {"InstanceId": instance}, [value] * 14)


def test_average_cpu_at_or_under_5_percent_is_a_right_size_hint(instance, put_metric, idle):
    _cpu(put_metric, instance, 5.0)
    report = idle(CHECK)
    assert ids(report) == {instance}
    (finding,) = report.findings
    assert finding.monthly_cost == Decimal("140.16")  # half of 730 h × $0.384
    assert finding.action == "ec2.stop_instance"  # non-destructive
    assert finding.evidence["cpu_average"] == 5.0
    assert "not opted in" in report.notes[CHECK]


def test_average_cpu_over_5_percent_is_not(instance, put_metric, idle):
    _cpu(put_metric, instance, 5.1)
    assert ids(idle(CHECK)) == set()


def test_no_datapoints_or_a_recent_start_is_not_judged(ec2, clock, put_metric, idle, instance):
    assert ids(idle(CHECK)) == set()  # no CPU datapoints: cannot tell
    (young,) = launch(ec2, "m5.large")
    clock.move_to(T0 + timedelta(days=30))
    _cpu(put_metric, young, 1.0)
    assert young not in ids(idle(CHECK))  # launched 10 days ago: under the 14-day window


def test_compute_optimizer_finding_wins_when_opted_in(instance, ec2, put_metric, fakes, idle):
    _cpu(put_metric, instance, 1.0)
    launch(ec2, "m5.xlarge")  # no datapoints, no recommendation: not listed either way
    arn = f"arn:aws:ec2:us-east-1:123456789012:instance/{instance}"
    fakes.co.status = "Active"
    fakes.co.optimized(arn, "m5.2xlarge")
    report = idle(CHECK)
    assert ids(report) == set()  # low CPU, but Compute Optimizer weighed it and found it right-sized
    assert "opted in" in report.notes[CHECK] and "not opted in" not in report.notes[CHECK]
    fakes.co.recommendations.clear()
    fakes.co.over_provisioned(arn, "m5.2xlarge", "m5.large", 210.24)
    (finding,) = idle(CHECK).findings
    assert finding.resource_id == instance and finding.monthly_cost == Decimal("210.24")
    assert finding.evidence["recommended_type"] == "m5.large"
    assert finding.evidence["price_basis"] == "Compute Optimizer"


def test_compute_optimizer_denied_is_said_and_the_cpu_rule_applies(instance, put_metric, fakes, idle):
    fakes.co.fail = "AccessDeniedException"
    _cpu(put_metric, instance, 1.0)
    report = idle(CHECK)
    assert ids(report) == {instance}
    assert "could not be read" in report.notes[CHECK] and "AccessDeniedException" in report.notes[CHECK]
    assert report.gaps == []  # an enrichment missing is not a region missing
