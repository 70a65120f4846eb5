"""The demo account as /aws-audit sees it: months of always-on resources, then a three-day takeover.

The story (the same as the bill seeded by `spend.py`): a CI user's long-lived key leaks. Three days
ago it is used to create a SageMaker Canvas user profile and app in us-east-1, and an export bucket
is made public. Thirty hours ago it creates the IAM user `user-x1x2x3x4` with a key and
an inline admin policy; a day ago that new key launches five p3.8xlarge instances with termination
protection in eu-west-1, a region the account never used — where GuardDuty is off.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import boto3

from bot.devtools.fake_audit import FakeAuditApis
from bot.devtools.moto_clock import set_bucket_created, set_key_used, set_launch_time, set_user_created
from bot.store.types import utcnow

if TYPE_CHECKING:
    from bot.demo.world import DemoWorld

NEW_USER = "user-x1x2x3x4"
CANVAS_PROFILE = "canvas-x9k2m4"
PUBLIC_BUCKET = "canvas-exports-7f3a9b"
AMI = "ami-0abcdef1234567890"


def seed(world: DemoWorld) -> None:
    now = utcnow()
    account = world.account["account_id"]
    apis = FakeAuditApis(account_id=account)
    apis.attach_to(world.fake)
    world.trail = apis  # the account's CloudTrail: later steps add events (the takeover alarm's replay)
    session = world.session
    leaked = _team(session, account, now)
    _always_on(session, apis, account, now, leaked)
    _canvas(session, apis, account, now, leaked)
    _public_bucket(session, account, now)
    key = _new_admin_user(session, apis, account, now, leaked)
    _gpu_burst(session, apis, account, now, key)
    for region in ("us-east-1", "ap-northeast-2"):  # eu-west-1 has no detector: the intruder's blind spot
        session.client("guardduty", region).create_detector(Enable=True)
    world.fake.on("iam", "SimulatePrincipalPolicy")(_cleanup_role_may)
    apis.guardduty_finding(  # the leaked key, used from a known-bad address: GuardDuty noticed, mildly
        "us-east-1",
        "Recon:IAMUser/MaliciousIPCaller",
        severity=5.0,
        time=now - timedelta(days=3),
        access_key=(leaked, "ci-deploy"),
        count=4,
    )


def _team(session: boto3.Session, account: str, now: datetime) -> str:
    """The team's IAM users, years old; ci-deploy's long-lived key is the one that leaks."""
    iam = session.client("iam")
    for user in ("ci-deploy", "alice", "bob"):
        iam.create_user(UserName=user)
    key = iam.create_access_key(UserName="ci-deploy")["AccessKey"]["AccessKeyId"]
    iam.create_login_profile(UserName="bob", Password="Demo-password-1!")
    for user, age in (("ci-deploy", 400), ("alice", 300), ("bob", 250)):
        set_user_created(account, user, now - timedelta(days=age))
    set_key_used(account, "ci-deploy", now - timedelta(hours=26), service="iam")
    return str(key)


def _always_on(session: boto3.Session, apis: FakeAuditApis, account: str, now: datetime, leaked: str) -> None:
    """The flat run-rate: web servers in us-east-1 and a batch box in Seoul for months; CI test boxes."""
    for region, count, kind, name, age in (
        ("us-east-1", 3, "m5.2xlarge", "web", 200),
        ("ap-northeast-2", 1, "r5.xlarge", "batch", 150),
    ):
        tags = [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}]
        answer = session.client("ec2", region).run_instances(
            ImageId=AMI, MinCount=count, MaxCount=count, InstanceType=kind, TagSpecifications=tags
        )
        set_launch_time(
            account, region, [i["InstanceId"] for i in answer["Instances"]], now - timedelta(days=age)
        )
    for days_ago in (84, 63, 41, 20):  # CI's short-lived test instances, long terminated
        apis.run_instances(region="us-east-1", time=now - timedelta(days=days_ago, hours=3),
                           instances=[(f"i-0c1{days_ago:03d}e5f6a7b8c9d0", "t3.small")],
                           access_key=leaked, source_ip="192.0.2.10")  # fmt: skip


def _canvas(session: boto3.Session, apis: FakeAuditApis, account: str, now: datetime, leaked: str) -> None:
    """Three days ago, with the leaked key: a Canvas user profile and its app in the team's domain."""
    domain = session.client("sagemaker", "us-east-1").create_domain(
        DomainName="analytics", AuthMode="IAM",
        DefaultUserSettings={"ExecutionRole": f"arn:aws:iam::{account}:role/SageMakerExecution"},
        SubnetIds=["subnet-0a1b2c3d"], VpcId="vpc-0a1b2c3d",
    )["DomainArn"].rsplit("/", 1)[-1]  # fmt: skip
    created = now - timedelta(days=3, hours=2)
    apis.user_profile("us-east-1", domain, CANVAS_PROFILE, created=created)
    apis.app("us-east-1", domain, CANVAS_PROFILE, created=created + timedelta(minutes=10))
    apis.event("CreateUserProfile", region="us-east-1", time=created, source="sagemaker.amazonaws.com",
               access_key=leaked, source_ip="45.137.21.9",
               request={"domainId": domain, "userProfileName": CANVAS_PROFILE})  # fmt: skip
    apis.event("CreateApp", region="us-east-1", time=created + timedelta(minutes=10),
               source="sagemaker.amazonaws.com", access_key=leaked, source_ip="45.137.21.9",
               request={"domainId": domain, "userProfileName": CANVAS_PROFILE, "appType": "Canvas",
                        "appName": "default"})  # fmt: skip


def _public_bucket(session: boto3.Session, account: str, now: datetime) -> None:
    s3 = session.client("s3", "us-east-1")
    s3.create_bucket(Bucket="demo-app-assets")
    s3.create_bucket(Bucket=PUBLIC_BUCKET)
    tags = {"TagSet": [{"Key": "created-by", "Value": CANVAS_PROFILE}]}
    s3.put_bucket_tagging(Bucket=PUBLIC_BUCKET, Tagging=tags)
    statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": f"arn:aws:s3:::{PUBLIC_BUCKET}/*"}  # fmt: skip
    s3.put_bucket_policy(
        Bucket=PUBLIC_BUCKET, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    )
    set_bucket_created(account, "demo-app-assets", now - timedelta(days=500))
    set_bucket_created(account, PUBLIC_BUCKET, now - timedelta(days=3, hours=1))


def _new_admin_user(
    session: boto3.Session, apis: FakeAuditApis, account: str, now: datetime, leaked: str
) -> str:
    """Thirty hours ago, with the leaked key: a new user, its key, and an inline `*:*` policy."""
    iam = session.client("iam")
    iam.create_user(UserName=NEW_USER)
    key = iam.create_access_key(UserName=NEW_USER)["AccessKey"]["AccessKeyId"]
    admin = json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    )
    iam.put_user_policy(UserName=NEW_USER, PolicyName="ops", PolicyDocument=admin)
    created = now - timedelta(hours=30)
    set_user_created(account, NEW_USER, created)
    who = {"access_key": leaked, "source_ip": "45.137.21.9"}
    apis.create_user(NEW_USER, time=created, **who)
    apis.create_access_key(NEW_USER, key, time=created + timedelta(minutes=2), **who)
    policy = {"userName": NEW_USER, "policyName": "ops", "policyDocument": admin}
    apis.iam_event("PutUserPolicy", time=created + timedelta(minutes=3), request=policy, **who)
    return key


def _gpu_burst(session: boto3.Session, apis: FakeAuditApis, account: str, now: datetime, key: str) -> None:
    """A day ago, with the new key: five p3.8xlarge in eu-west-1, protected against termination."""
    ec2 = session.client("ec2", "eu-west-1")
    answer = ec2.run_instances(ImageId=AMI, MinCount=5, MaxCount=5, InstanceType="p3.8xlarge")
    ids = [i["InstanceId"] for i in answer["Instances"]]
    for instance_id in ids:
        ec2.modify_instance_attribute(InstanceId=instance_id, DisableApiTermination={"Value": True})
    launched = now - timedelta(hours=26)
    set_launch_time(account, "eu-west-1", ids, launched)
    apis.run_instances(region="eu-west-1", time=launched, instances=[(i, "p3.8xlarge") for i in ids],
                       protection=True, user=NEW_USER, access_key=key, source_ip="45.137.21.9")  # fmt: skip


def _cleanup_role_may(params: dict[str, Any], region: str) -> dict[str, Any]:
    """iam:SimulatePrincipalPolicy, which moto lacks: the demo's cleanup role may run the containment
    actions the audit offers (their dry-run asks this instead of calling with DryRun)."""
    results = [{"EvalActionName": a, "EvalDecision": "allowed"} for a in params["ActionNames"]]
    return {"EvaluationResults": results, "IsTruncated": False}
