"""A fast miner: hundreds of GPU instances in two regions within minutes, protected, with a new key."""

from datetime import timedelta

import pytest

from bot.audit.containment import containments
from bot.cleanup.catalog import ACTIONS
from bot.devtools.moto_clock import set_launch_time
from bot.model import Verdict
from bot.render.audit import render_audit
from bot.render.blocks import violations
from bot.store.types import utcnow

ACCOUNT = "123456789012"
SIZES = {"eu-west-1": 90, "ap-northeast-2": 70}


@pytest.fixture(scope="module")
def miner(module_store, new_audit_world):
    with new_audit_world() as world:
        now = utcnow()
        web = world.base.client("ec2", "us-east-1").run_instances(
            ImageId="ami-12345678", MinCount=2, MaxCount=2, InstanceType="m5.large"
        )["Instances"]
        set_launch_time(ACCOUNT, "us-east-1", [i["InstanceId"] for i in web], now - timedelta(days=300))
        world.ce.add_series(
            now.date() - timedelta(days=89), ["80"] * 88 + ["2400", "3100"], region="us-east-1"
        )
        iam = world.base.client("iam")
        iam.create_user(UserName="ci")
        iam.create_user(UserName="user-x1x2x3x4")
        key = iam.create_access_key(UserName="user-x1x2x3x4")["AccessKey"]["AccessKeyId"]
        world.apis.create_user(
            "user-x1x2x3x4", time=now - timedelta(hours=3), user="ci", access_key="AKIALEAKEDCI00000001"
        )
        world.apis.create_access_key(
            "user-x1x2x3x4", key, time=now - timedelta(hours=3), user="ci", access_key="AKIALEAKEDCI00000001"
        )
        start = now - timedelta(hours=2)
        ids = {}
        for offset, (region, count) in enumerate(SIZES.items()):
            launched = world.base.client("ec2", region).run_instances(
                ImageId="ami-12345678", MinCount=count, MaxCount=count, InstanceType="p3.16xlarge"
            )["Instances"]
            ids[region] = [i["InstanceId"] for i in launched]
            for n in range(0, count, 20):  # batches of 20 every 40 s: all within 6 minutes
                at = start + timedelta(minutes=offset, seconds=40 * n // 20)
                world.apis.run_instances(
                    region=region,
                    time=at,
                    protection=True,
                    user="user-x1x2x3x4",
                    access_key=key,
                    instances=[(i, "p3.16xlarge") for i in ids[region][n : n + 20]],
                )
            set_launch_time(ACCOUNT, region, ids[region], start)
        report, faults, progress = world.audit(module_store)
        yield report, faults, progress, ids, key, world.apis


def test_verdict_is_likely_compromise_naming_the_instances_and_the_key(miner):
    report, _, _, ids, key, _ = miner
    assert report.assessment.verdict is Verdict.LIKELY_COMPROMISE
    assert report.assessment.reason.startswith("Decisive takeover sign: launch burst")
    top = report.assessment.strongest(5)
    burst = top[0]
    assert burst.check == "audit.launch_burst" and "160 instances" in burst.text
    assert key in burst.text and "user/user-x1x2x3x4" in burst.text
    assert any(i in burst.text for i in ids["eu-west-1"] + ids["ap-northeast-2"])  # all 160 are in the thread
    assert any(key in e.text for e in top if e.check == "audit.fresh_key_used")
    burst_ids = {f.resource_id for f in report.findings if f.check == "audit.launch_burst"}
    assert burst_ids == set(ids["eu-west-1"]) | set(ids["ap-northeast-2"])


def test_protection_came_from_cloudtrail_without_a_lookup_per_instance(miner):
    report, faults, *_ = miner
    protected = [f for f in report.findings if f.check == "audit.termination_protection"]
    assert len(protected) == 160
    assert sum(n for (svc, _, op), n in faults.calls.items() if op == "DescribeInstanceAttribute") == 0


def test_containment_is_one_click_per_group_and_carries_the_catalog_facts(miner):
    report = miner[0]
    groups = {g.label: g for g in containments(report.findings)}
    assert "Terminate 160 instances" in groups
    assert any(label.startswith("Deactivate key") for label in groups)
    for finding in report.findings:
        if finding.action:
            missing = set(ACTIONS[finding.action]) - set(finding.evidence)
            assert not missing, f"{finding.check} {finding.resource_id} lacks {missing}"


def test_progress_reports_regions_and_every_chain_was_read_once(miner):
    report, _, progress, *_ = miner
    assert progress[-1] == (3, 3, "regions") and [p[0] for p in progress] == [1, 2, 3]
    assert report.data.trail_complete and not report.gaps
    lookups = [call for call in miner[5].calls if call[0] == "LookupEvents"]
    assert (
        len(lookups) == 3 * 8 + 5
    )  # one call per event name and region (each fits a page); IAM in us-east-1


def test_the_answer_fits_slack_and_lists_every_instance(miner):
    report = miner[0]
    groups = containments(report.findings)
    parent, thread = render_audit(report, groups, {g.key: f"of_{i}" for i, g in enumerate(groups)})
    assert violations(parent.blocks) == [] and len(parent.blocks) <= 10
    assert "Likely compromise" in parent.blocks[0]["text"]["text"]
    for message in thread:
        assert all(
            violations(chunk) == []
            for chunk in [message.blocks[i : i + 50] for i in range(0, len(message.blocks), 50)]
        )
    csv_text = "".join(f.content() for m in thread for f in m.files if f.filename.endswith(".csv"))
    assert all(i in csv_text for i in miner[3]["eu-west-1"] + miner[3]["ap-northeast-2"])
    buttons = [e for m in thread for b in m.blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons and all(
        e["action_id"].startswith("cleanup.request") and e["value"].startswith("of_") for e in buttons
    )
