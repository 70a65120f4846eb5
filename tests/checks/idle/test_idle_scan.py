"""The scan as a whole: totals, gaps per region and service, progress, batching, nothing twice."""

from datetime import timedelta
from decimal import Decimal

import pytest
from idle_helpers import T0, ids, volume

from bot.aws.errors import ProblemKind
from bot.checks.idle import load_balancer_idle, rds_idle
from bot.checks.registry import CHECKS
from bot.model import Severity

REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-2"]


def test_waste_totals_and_the_run_summary(ec2, aws, idle):
    ec2.allocate_address(Domain="vpc")
    big = volume(ec2, 1500)
    volume(ec2, 100, "st1")
    aws.client("ec2", region_name="eu-west-1").create_volume(AvailabilityZone="eu-west-1a", Size=10)
    report = idle(regions=["us-east-1", "eu-west-1"])
    costs = sorted(f.monthly_cost for f in report.findings)
    assert costs == [Decimal("1.00"), Decimal("3.65"), Decimal("4.50"), Decimal("150.00")]
    assert report.total == Decimal("159.15")
    assert report.findings[0].resource_id == big  # most expensive first
    assert report.findings[0].severity is Severity.MEDIUM and report.findings[-1].severity is Severity.LOW
    assert report.summary() == {
        "waste_usd": "159.15",
        "items": 4,
        "by_check": {
            "idle.ebs_volume_idle": {"count": 3, "usd": "155.50"},
            "idle.eip_unassociated": {"count": 1, "usd": "3.65"},
        },
    }


def test_a_disabled_region_and_a_denied_service_are_gaps_not_failures(ec2, aws, fakes, idle):
    ec2.allocate_address(Domain="vpc")
    aws.client("ec2", region_name="eu-west-1").allocate_address(Domain="vpc")
    fakes.faults.fail("OptInRequired", region="ap-northeast-2")
    fakes.faults.fail("AccessDenied", service="elbv2", region="eu-west-1")
    report = idle(regions=REGIONS)
    assert {f.region for f in report.findings} == {"us-east-1", "eu-west-1"}
    unread = report.unread_regions()
    assert set(unread) == {"ap-northeast-2", "eu-west-1"}
    assert {g.problem.kind for g in unread["ap-northeast-2"]} == {ProblemKind.REGION_DISABLED}
    (denied,) = unread["eu-west-1"]
    assert denied.source == "elbv2.load_balancers" and denied.problem.kind is ProblemKind.ACCESS_DENIED
    assert denied.checks == (load_balancer_idle.ID,)


def test_cloudwatch_failing_skips_only_the_checks_that_need_metrics(ec2, clock, put_metric, fakes, idle):
    ec2.allocate_address(Domain="vpc")
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    address = ec2.allocate_address(Domain="vpc")
    ec2.create_nat_gateway(SubnetId=subnet, AllocationId=address["AllocationId"])
    clock.move_to(T0 + timedelta(days=30))
    fakes.faults.fail("AccessDenied", service="cloudwatch")
    report = idle()
    assert {f.check for f in report.findings} == {"idle.eip_unassociated"}
    (gap,) = report.gaps
    assert (
        gap.source == "cloudwatch" and rds_idle.ID in gap.checks and "idle.eip_unassociated" not in gap.checks
    )


def test_one_metric_request_per_region_for_every_resource(aws, ec2, clock, fakes, idle):
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    for _ in range(3):
        address = ec2.allocate_address(Domain="vpc")
        ec2.create_nat_gateway(SubnetId=subnet, AllocationId=address["AllocationId"])
    ec2.run_instances(ImageId="ami-0test00000000000a", MinCount=4, MaxCount=4, InstanceType="m5.large")
    clock.move_to(T0 + timedelta(days=30))
    report = idle()
    assert len(ids(report, "idle.nat_gateway_idle")) == 3
    assert fakes.faults.calls[("cloudwatch", "us-east-1", "GetMetricData")] == 1  # 3 NATs + 4 instances


def test_progress_counts_regions_read(ec2, session, fanout):
    from bot.checks.idle.scan import scan
    from bot.pricing.book import PriceBook

    seen = []
    scan(session, fanout, price_book=PriceBook(), regions=REGIONS, progress=lambda *p: seen.append(p))
    read = [p for p in seen if p[2] == "regions read"]
    assert [p[0] for p in read] == [1, 2, 3] and all(p[1] == 3 for p in read)


def test_nothing_is_listed_twice(ec2, idle, monkeypatch):
    spare = ec2.allocate_address(Domain="vpc")["AllocationId"]
    check = CHECKS["idle.eip_unassociated"]
    twice = type(check)(**{**check.__dict__, "run": lambda view: [*check.run(view), *check.run(view)]})
    monkeypatch.setitem(CHECKS, check.id, twice)
    report = idle("idle.eip_unassociated", regions=["us-east-1", "us-east-1"])  # a region named twice, too
    assert [f.resource_id for f in report.findings] == [spare]


def test_a_check_that_crashes_costs_only_itself(ec2, idle, monkeypatch):
    ec2.allocate_address(Domain="vpc")
    volume(ec2, 10)
    broken = CHECKS["idle.ebs_volume_idle"]
    monkeypatch.setitem(CHECKS, broken.id, type(broken)(**{**broken.__dict__, "run": lambda view: 1 / 0}))
    report = idle()
    assert {f.check for f in report.findings} == {"idle.eip_unassociated"}
    (gap,) = report.gaps
    assert gap.source == broken.id and gap.problem.code == "ZeroDivisionError"


@pytest.mark.parametrize("status", ["Inactive", "Pending"])
def test_compute_optimizer_not_active_is_a_note_and_no_recommendation_call(ec2, fakes, idle, status):
    fakes.co.status = status
    report = idle()
    assert "not opted in" in report.notes["idle.ec2_low_cpu"]
    assert ("GetEC2InstanceRecommendations", "us-east-1") not in fakes.co.requests
