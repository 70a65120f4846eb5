"""A flat, over-provisioned account: always-on instances for months, nothing new, GuardDuty off in one region.

The same account is audited several times, through roles that lack one permission or another.
"""

from datetime import timedelta

import pytest

from bot.aws.errors import ProblemKind
from bot.devtools.aws_faults import AwsFaults
from bot.devtools.fake_ce import EC2
from bot.devtools.moto_clock import set_launch_time, set_user_created
from bot.model import Verdict
from bot.render.audit import render_audit
from bot.store.types import utcnow

ACCOUNT = "123456789012"


@pytest.fixture(scope="module")
def flat(module_store, new_audit_world):
    with new_audit_world() as world:
        now = utcnow()
        for region, count, kind, age in (
            ("us-east-1", 4, "m5.2xlarge", 200),
            ("ap-northeast-2", 1, "r5.xlarge", 150),
        ):
            ids = [
                i["InstanceId"]
                for i in world.base.client("ec2", region).run_instances(
                    ImageId="ami-12345678", MinCount=count, MaxCount=count, InstanceType=kind
                )["Instances"]
            ]
            set_launch_time(ACCOUNT, region, ids, now - timedelta(days=age))
        recent = world.base.client("ec2", "us-east-1").run_instances(
            ImageId="ami-12345678", MinCount=1, MaxCount=1, InstanceType="t3.small"
        )["Instances"][0]["InstanceId"]
        set_launch_time(ACCOUNT, "us-east-1", [recent], now - timedelta(days=1))
        for days in (70, 45, 20):
            world.apis.run_instances(
                region="us-east-1",
                time=now - timedelta(days=days),
                instances=[(f"i-0ci{days:014d}", "t3.small")],
                user="ci",
            )
        world.apis.run_instances(
            region="us-east-1", time=now - timedelta(days=1), instances=[(recent, "t3.small")], user="ci"
        )
        iam = world.base.client("iam")
        iam.create_user(UserName="ci")
        iam.create_access_key(UserName="ci")
        iam.create_user(UserName="alice")
        iam.create_login_profile(UserName="alice", Password="Pa55-word-long!")
        for user in ("ci", "alice"):
            set_user_created(ACCOUNT, user, now - timedelta(days=500))
        for region in ("us-east-1", "ap-northeast-2"):
            world.base.client("guardduty", region).create_detector(Enable=True)
        world.base.client("s3", "us-east-1").create_bucket(Bucket="acme-private-logs")
        start = now.date() - timedelta(days=89)
        wobble = [f"{120 + (i % 5) - 2}" for i in range(90)]
        world.ce.add_series(start, wobble, service=EC2, region="us-east-1")
        world.ce.add_series(start, ["44"] * 90, service=EC2, region="ap-northeast-2")
        yield world, module_store, recent


def test_flat_run_rate_without_takeover_signs_is_likely_legitimate(flat):
    world, store, _ = flat
    report, faults, _ = world.audit(store)
    a = report.assessment
    assert a.verdict is Verdict.LIKELY_LEGITIMATE, a.reason
    assert "flat ≈ $" in a.reason and "/aws-idle" in a.reason
    assert any("low-and-slow miner" in c for c in a.caveats)
    assert not report.gaps
    parent, thread = render_audit(report)
    assert "Likely legitimate over-provisioning" in parent.blocks[0]["text"]["text"]
    assert "Next steps" not in str(thread[-1].blocks)  # no incident checklist for a legitimate account
    assert sum(n for (_, _, op), n in faults.calls.items() if op == "DescribeInstanceAttribute") == 0


def test_a_region_without_guardduty_is_a_finding_with_an_enable_button(flat):
    world, store, _ = flat
    report = world.audit(store)[0]
    [off] = [f for f in report.findings if f.check == "audit.guardduty_disabled"]
    assert (
        off.region == "eu-west-1"
        and off.action == "guardduty.enable_detector"
        and off.evidence["detector_id"] is None
    )
    assert report.assessment.verdict is Verdict.LIKELY_LEGITIMATE  # a blind spot, not evidence


def test_access_denied_on_one_service_leaves_the_rest_and_shows_the_gap(flat):
    world, store, _ = flat
    report = world.audit(store, faults=AwsFaults().fail("AccessDeniedException", service="lambda"))[0]
    lambda_gaps = [g for g in report.gaps if g.service == "lambda"]
    assert sorted(g.region for g in lambda_gaps) == ["ap-northeast-2", "eu-west-1", "us-east-1"]
    assert all(g.problem.kind is ProblemKind.ACCESS_DENIED for g in lambda_gaps)
    assert len([i for i in report.data.instances if i.live]) == 6 and report.data.credentials is not None
    assert report.assessment.verdict is Verdict.LIKELY_LEGITIMATE
    parent, _ = render_audit(report)
    text = str(parent.blocks)
    assert "Could not read" in text
    assert "Lambda in ap-northeast-2, eu-west-1, us-east-1: ListFunctions: access denied" in text


def test_cloudtrail_unreadable_is_never_legitimate_and_protection_is_looked_up_instead(flat):
    world, store, recent = flat
    world.apis.denied.add(("LookupEvents", "*"))
    try:
        report, faults, _ = world.audit(store)
    finally:
        world.apis.denied.clear()
    assert not report.data.trail_readable
    assert report.assessment.verdict is Verdict.INCONCLUSIVE
    assert "low-and-slow miner" in report.assessment.reason
    parent, _ = render_audit(report)
    assert "CloudTrail (13 event names" in str(parent.blocks)
    # the one recent launch CloudTrail could not explain is looked up; months-old instances are not
    looked_up = {key: n for key, n in faults.calls.items() if key[2] == "DescribeInstanceAttribute"}
    assert looked_up == {("ec2", "us-east-1", "DescribeInstanceAttribute"): 1}
    assert report.data.instance(recent).protected is False
