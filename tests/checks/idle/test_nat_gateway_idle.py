from datetime import timedelta
from decimal import Decimal

import pytest
from idle_helpers import T0, ids

CHECK = "idle.nat_gateway_idle"


@pytest.fixture
def nat(ec2, clock):
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    address = ec2.allocate_address(Domain="vpc")
    return ec2.create_nat_gateway(SubnetId=subnet, AllocationId=address["AllocationId"])["NatGateway"][
        "NatGatewayId"
    ]


def test_no_bytes_out_over_the_window_is_idle(nat, clock, put_metric, idle):
    clock.move_to(T0 + timedelta(days=30))
    put_metric("AWS/NATGateway", "BytesOutToDestination", {"NatGatewayId": nat}, [0] * 14)
    report = idle(CHECK)
    assert ids(report) == {nat}
    assert report.findings[0].monthly_cost == Decimal("32.85")  # 730 h × $0.045
    assert report.findings[0].title == "no traffic out in 14 days"


def test_traffic_inside_the_window_is_not_idle(nat, clock, put_metric, idle):
    clock.move_to(T0 + timedelta(days=30))
    put_metric("AWS/NATGateway", "BytesOutToDestination", {"NatGatewayId": nat}, [0] * 13 + [1024])
    assert ids(idle(CHECK)) == set()


def test_traffic_only_before_the_window_is_idle(nat, clock, put_metric, idle):
    clock.move_to(T0 + timedelta(days=30))
    put_metric(
        "AWS/NATGateway", "BytesOutToDestination", {"NatGatewayId": nat}, [5e9], end=T0 + timedelta(days=10)
    )
    report = idle(CHECK)
    assert ids(report) == {nat}
    assert "no datapoints" in report.findings[0].title  # CloudWatch publishes nothing when nothing flows


def test_younger_than_the_window_is_not_judged(nat, clock, idle):
    clock.move_to(T0 + timedelta(days=13, hours=23))
    assert ids(idle(CHECK)) == set()
    clock.move_to(T0 + timedelta(days=14, hours=1))
    assert ids(idle(CHECK)) == {nat}
