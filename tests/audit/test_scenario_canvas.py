"""An unauthorized SageMaker Canvas user who made a bucket public, in an otherwise quiet account."""

import json
from datetime import timedelta

import pytest

from bot.audit.containment import containments
from bot.devtools.fake_ce import EC2
from bot.devtools.harness import DEMO_ACCOUNT
from bot.model import Verdict
from bot.store.types import utcnow

BUCKET = "canvas-exports-7f3a9b"
ONE_REGION = {**DEMO_ACCOUNT, "regions": ["us-east-1"]}  # each region moto serves costs a second to start


@pytest.fixture(scope="module")
def canvas(module_store, new_audit_world):
    with new_audit_world() as world:
        now = utcnow()
        domain = (
            world.base.client("sagemaker", "us-east-1")
            .create_domain(
                DomainName="analytics",
                AuthMode="IAM",
                SubnetIds=["subnet-0a1b2c3d"],
                VpcId="vpc-0a1b2c3d",
                DefaultUserSettings={"ExecutionRole": "arn:aws:iam::123456789012:role/SageMakerExecution"},
            )["DomainArn"]
            .rsplit("/", 1)[-1]
        )
        created = now - timedelta(days=3)
        world.apis.user_profile("us-east-1", domain, "canvas-x9k2m4", created=created)
        world.apis.app("us-east-1", domain, "canvas-x9k2m4", created=created + timedelta(minutes=5))
        world.apis.event(
            "CreateUserProfile",
            region="us-east-1",
            time=created,
            source="sagemaker.amazonaws.com",
            user="ci-deploy",
            access_key="AKIALEAKEDCI00000001",
            request={"domainId": domain, "userProfileName": "canvas-x9k2m4"},
        )
        s3 = world.base.client("s3", "us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{BUCKET}/*",
                }
            ],
        }
        s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))
        world.ce.add_series(now.date() - timedelta(days=89), ["60"] * 90, service=EC2, region="us-east-1")
        world.base.client("guardduty", "us-east-1").create_detector(Enable=True)
        yield world.audit(module_store, account=ONE_REGION)[0], domain


def test_the_canvas_user_its_app_and_the_public_bucket_are_named(canvas):
    report, _ = canvas
    assert report.assessment.verdict is Verdict.INCONCLUSIVE
    text = " ".join(e.text for e in report.assessment.evidence)
    assert "`canvas-x9k2m4`" in text and "AKIALEAKEDCI00000001" in text  # the profile and who made it
    assert "`default` of user profile `canvas-x9k2m4`" in text  # the app and its owner
    assert f"`{BUCKET}`" in text and "bucket policy allows public access" in text


def test_each_gets_its_containment_with_the_facts_the_engine_rechecks(canvas):
    report, domain = canvas
    groups = {g.action: g for g in containments(report.findings)}
    app = groups["sagemaker.delete_app"].findings[0].evidence
    assert (app["domain_id"], app["user_profile_name"], app["app_type"], app["app_name"]) == (
        domain,
        "canvas-x9k2m4",
        "Canvas",
        "default",
    )
    profile = groups["sagemaker.delete_user_profile"].findings[0]
    assert profile.resource_id == "canvas-x9k2m4" and profile.evidence["domain_id"] == domain
    assert groups["s3.block_public_access"].findings[0].evidence["bucket"] == BUCKET
