from decimal import Decimal

import pytest
from botocore.stub import Stubber

from bot.accounts import parse_accounts
from bot.aws.errors import ProblemKind
from bot.aws.regions import FanOut
from bot.aws.session import AwsAccess
from bot.spend.rightsizing import right_sizing


@pytest.fixture
def session(aws, account):
    return AwsAccess(aws).for_account(parse_accounts([account])[0], "U1")


def _rec(
    instance_id, finding, current, recommended=None, savings=None, after_discounts=None, region="us-east-1"
):
    option = {"instanceType": recommended or current, "rank": 1, "performanceRisk": 1.0}
    if savings is not None:
        option["savingsOpportunity"] = {
            "savingsOpportunityPercentage": 50.0,
            "estimatedMonthlySavings": {"currency": "USD", "value": savings},
        }
    if after_discounts is not None:
        option["savingsOpportunityAfterDiscounts"] = {
            "savingsOpportunityPercentage": 40.0,
            "estimatedMonthlySavings": {"currency": "USD", "value": after_discounts},
        }
    worse = {"instanceType": "m5.xlarge", "rank": 2, "performanceRisk": 3.0}
    return {
        "instanceArn": f"arn:aws:ec2:{region}:123456789012:instance/{instance_id}",
        "accountId": "123456789012",
        "instanceName": f"name-{instance_id}",
        "currentInstanceType": current,
        "finding": finding,
        "recommendationOptions": [worse, option],  # the best (rank 1) is not always listed first
    }


def _stub_enrollment(session, status, reason=None):
    stub = Stubber(session.client("compute-optimizer", "us-east-1"))
    answer = {"status": status}
    if reason:
        answer["statusReason"] = reason
    stub.add_response("get_enrollment_status", answer, {})
    return stub


def test_not_opted_in_is_said_and_nothing_else_is_asked(session):
    with _stub_enrollment(session, "Inactive") as stub:
        found = right_sizing(session, ["us-east-1", "eu-west-1"])
        stub.assert_no_pending_responses()  # no recommendation request was made
    assert not found.enrolled and found.status == "Inactive" and found.items == []


def test_enrollment_access_denied_is_a_problem_not_a_crash(session):
    with Stubber(session.client("compute-optimizer", "us-east-1")) as stub:
        stub.add_client_error("get_enrollment_status", "AccessDeniedException", "not authorized", 400)
        found = right_sizing(session, ["us-east-1"])
    assert found.status == "unknown" and found.problems["enrollment"].kind is ProblemKind.ACCESS_DENIED


def test_recommendations_across_pages_and_regions_with_one_region_failing(session):
    east = session.client("compute-optimizer", "us-east-1")
    seoul = session.client("compute-optimizer", "ap-northeast-2")
    ireland = session.client("compute-optimizer", "eu-west-1")
    with Stubber(east) as east_stub, Stubber(seoul) as seoul_stub, Stubber(ireland) as ireland_stub:
        east_stub.add_response("get_enrollment_status", {"status": "Active"}, {})
        east_stub.add_response(
            "get_ec2_instance_recommendations",
            {
                "instanceRecommendations": [
                    _rec("i-0aaa", "Overprovisioned", "m5.2xlarge", "m5.large", savings=210.24),
                    _rec("i-0bbb", "Optimized", "t3.micro"),
                ],
                "nextToken": "page-2",
            },
            {},
        )
        east_stub.add_response(
            "get_ec2_instance_recommendations",
            {"instanceRecommendations": [_rec("i-0ccc", "Underprovisioned", "t3.small", "t3.large")]},
            {"nextToken": "page-2"},
        )
        seoul_stub.add_response(
            "get_ec2_instance_recommendations",
            {
                "instanceRecommendations": [
                    _rec(
                        "i-0ddd",
                        "Overprovisioned",
                        "r5.2xlarge",
                        "r5.xlarge",
                        savings=300.0,
                        after_discounts=221.92,
                        region="ap-northeast-2",
                    )
                ]
            },
            {},
        )
        ireland_stub.add_client_error(
            "get_ec2_instance_recommendations", "OptInRequiredException", "not opted in here", 400
        )
        found = right_sizing(session, ["us-east-1", "ap-northeast-2", "eu-west-1"])
        for stub in (east_stub, seoul_stub, ireland_stub):
            stub.assert_no_pending_responses()
    assert found.enrolled
    assert [i.instance_id for i in found.over] == ["i-0ddd", "i-0aaa"]  # largest saving first
    seoul_item = found.over[0]
    assert seoul_item.monthly_savings == Decimal("221.92")  # after the account's discounts
    assert seoul_item.recommended_type == "r5.xlarge" and seoul_item.performance_risk == Decimal(1)
    assert seoul_item.instance_arn.endswith("instance/i-0ddd") and seoul_item.region == "ap-northeast-2"
    assert [i.instance_id for i in found.under] == ["i-0ccc"]
    assert found.findings == {"Overprovisioned": 2, "Optimized": 1, "Underprovisioned": 1}
    assert found.monthly_savings == Decimal("432.16")
    assert found.problems["eu-west-1"].code == "OptInRequiredException"


def test_regions_are_read_in_parallel_through_the_fan_out(session):
    clients = {r: session.client("compute-optimizer", r) for r in ("us-east-1", "eu-west-1")}
    stubs = {r: Stubber(c) for r, c in clients.items()}
    stubs["us-east-1"].add_response("get_enrollment_status", {"status": "Active"}, {})
    for region, stub in stubs.items():
        stub.add_response(
            "get_ec2_instance_recommendations",
            {
                "instanceRecommendations": [
                    _rec(f"i-{region}", "Overprovisioned", "m5.xlarge", "m5.large", 70.08)
                ]
            },
            {},
        )
        stub.activate()
    pool = FanOut(4)
    try:
        found = right_sizing(session, list(stubs), pool)
    finally:
        pool.shutdown()
        for stub in stubs.values():
            stub.deactivate()
    assert sorted(i.instance_id for i in found.over) == ["i-eu-west-1", "i-us-east-1"]
    assert found.problems == {}
