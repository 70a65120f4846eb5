from decimal import Decimal

import pytest
from botocore.stub import Stubber

from bot.accounts import parse_accounts
from bot.aws.session import AwsAccess
from bot.collect import compute_optimizer

ARN = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc"


@pytest.fixture
def session(aws, account):
    return AwsAccess(aws).for_account(parse_accounts([account])[0], "U1")


def test_recommendations_follow_next_token_and_take_the_best_ranked_option(session):
    client = session.client("compute-optimizer", "eu-west-1")
    option = {
        "instanceType": "m5.xlarge",
        "rank": 2,
        "savingsOpportunity": {"estimatedMonthlySavings": {"currency": "USD", "value": 70.08}},
    }
    best = {
        "instanceType": "m5.large",
        "rank": 1,
        "savingsOpportunity": {"estimatedMonthlySavings": {"currency": "USD", "value": 210.24}},
    }
    with Stubber(client) as stub:
        stub.add_response(
            "get_ec2_instance_recommendations",
            {"instanceRecommendations": [], "nextToken": "more"},
            {},
        )
        stub.add_response(
            "get_ec2_instance_recommendations",
            {
                "instanceRecommendations": [
                    {
                        "instanceArn": ARN,
                        "currentInstanceType": "m5.2xlarge",
                        "finding": "Overprovisioned",
                        "lookBackPeriodInDays": 14.0,
                        "recommendationOptions": [option, best],
                    }
                ]
            },
            {"nextToken": "more"},
        )
        found = compute_optimizer.ec2_recommendations(session, "eu-west-1")
    recommendation = found[ARN]
    assert recommendation.over_provisioned and recommendation.recommended_type == "m5.large"
    assert recommendation.monthly_savings == Decimal("210.24") and recommendation.lookback_days == 14


def test_an_account_never_opted_in_is_inactive_not_an_error(session):
    client = session.client("compute-optimizer")
    with Stubber(client) as stub:
        stub.add_client_error("get_enrollment_status", "OptInRequiredException", "not opted in", 400)
        (enrollment,) = compute_optimizer.enrollment(session, "us-east-1")
    assert not enrollment.active and enrollment.status == "Inactive"


def test_access_denied_is_an_error_the_scan_reports(session):
    from botocore.exceptions import ClientError

    client = session.client("compute-optimizer")
    with Stubber(client) as stub, pytest.raises(ClientError):
        stub.add_client_error("get_enrollment_status", "AccessDeniedException", "denied", 400)
        compute_optimizer.enrollment(session, "us-east-1")
