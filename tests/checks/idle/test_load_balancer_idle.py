from datetime import timedelta
from decimal import Decimal

import pytest
from idle_helpers import T0, ids, launch

from bot.checks.idle.load_balancer_idle import _query
from bot.collect.elbv2 import LoadBalancer

CHECK = "idle.load_balancer_idle"


@pytest.fixture
def alb(aws, ec2, clock):
    subnets = ec2.describe_subnets()["Subnets"]
    elbv2 = aws.client("elbv2", region_name="us-east-1")
    lb = elbv2.create_load_balancer(Name="web", Subnets=[s["SubnetId"] for s in subnets[:2]])[
        "LoadBalancers"
    ][0]
    group = elbv2.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=subnets[0]["VpcId"])
    arn = group["TargetGroups"][0]["TargetGroupArn"]
    elbv2.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": arn}],
    )
    return {
        "arn": lb["LoadBalancerArn"],
        "group": arn,
        "client": elbv2,
        "dimension": lb["LoadBalancerArn"].split("loadbalancer/")[1],
    }


def test_alb_without_targets_is_idle_at_any_age(alb, idle):
    report = idle(CHECK)
    assert ids(report) == {alb["arn"]}
    (finding,) = report.findings
    assert finding.title == "no registered targets"
    assert finding.monthly_cost == Decimal("16.43")  # 730 h × $0.0225
    assert finding.action == "elbv2.delete_load_balancer"
    assert finding.evidence["name"] == "web" and finding.evidence["type"] == "application"


def test_alb_with_healthy_targets_is_judged_on_its_requests(alb, ec2, clock, put_metric, idle):
    (instance,) = launch(ec2)
    alb["client"].register_targets(TargetGroupArn=alb["group"], Targets=[{"Id": instance}])
    assert ids(idle(CHECK)) == set()  # serving, and too young to judge on traffic
    clock.move_to(T0 + timedelta(days=20))
    put_metric("AWS/ApplicationELB", "RequestCount", {"LoadBalancer": alb["dimension"]}, [0] * 13 + [3])
    assert ids(idle(CHECK)) == set()
    clock.move_to(T0 + timedelta(days=40))  # the last request is now outside the 14-day window
    report = idle(CHECK)
    assert ids(report) == {alb["arn"]} and report.findings[0].title == "0 requests in 14 days"


def test_classic_elb_without_instances_in_service_is_idle(aws, ec2, idle):
    elb = aws.client("elb", region_name="us-east-1")
    for name in ("empty", "serving"):
        elb.create_load_balancer(
            LoadBalancerName=name,
            Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080}],
            AvailabilityZones=["us-east-1a"],
        )
    (instance,) = launch(ec2)
    elb.register_instances_with_load_balancer(
        LoadBalancerName="serving", Instances=[{"InstanceId": instance}]
    )
    report = idle(CHECK)
    assert ids(report) == {"empty"}
    (finding,) = report.findings
    assert finding.action == "elb.delete_load_balancer" and finding.monthly_cost == Decimal("18.25")


def test_network_load_balancers_are_judged_on_new_flows():
    nlb = LoadBalancer(
        arn="arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/edge/50dc6c495c0c9188",
        region="us-east-1",
        name="edge",
        type="network",
        state="active",
        created_time=None,
        scheme="internet-facing",
    )
    query = _query(nlb, 14)
    assert (query.namespace, query.name, query.stat) == ("AWS/NetworkELB", "NewFlowCount", "Sum")
    assert query.dimensions == (("LoadBalancer", "net/edge/50dc6c495c0c9188"),)
