"""/aws-audit over real HTTP, on the demo account's story (the seeds `make demo` uses)."""

import json
from types import SimpleNamespace

import boto3
import pytest
from moto import mock_aws

from bot.aws.fakes import FakeAws
from bot.cleanup.catalog import ACTIONS
from bot.cleanup.offers import get_offer
from bot.demo.seeds import audit as audit_seed
from bot.demo.seeds import spend as spend_seed
from bot.devtools.fake_ce import FakeCostExplorer
from bot.devtools.harness import DEMO_ACCOUNT, OPS, Harness
from bot.store.runs import latest_run


@pytest.fixture(scope="module")
def answered():
    with mock_aws():
        world = SimpleNamespace(
            fake=FakeAws(),
            ce=FakeCostExplorer(),
            account=dict(DEMO_ACCOUNT),
            session=boto3.Session(region_name="us-east-1"),
        )
        world.ce.attach_to(world.fake)
        spend_seed.seed(world)
        audit_seed.seed(world)
        with Harness(
            accounts=[world.account], base_session=world.session, aws_hooks=[world.fake.attach]
        ) as harness:
            reply = harness.command("/aws-audit", "demo incident")
            [parent] = harness.slack.parents()
            ts = parent.args["_ts"]
            yield SimpleNamespace(
                harness=harness,
                reply=reply,
                ts=ts,
                final=harness.slack.final(ts),
                thread=harness.slack.thread(ts),
            )


def test_acked_at_once_with_the_option_and_progress_in_regions(answered):
    assert answered.reply.status == 200 and answered.reply.elapsed < 3
    assert answered.harness.ephemerals() == []  # "incident" is a valid option
    updates = [c.text for c in answered.harness.slack.called("chat.update")]
    assert any("/3 regions" in text for text in updates)


def test_parent_is_the_verdict_with_named_evidence_and_counts(answered):
    text = answered.final.all_text()
    assert "Likely compromise" in text and "demo (123456789012)" in text
    assert "user-x1x2x3x4" in text and "p3.8xlarge" in text and "eu-west-1" in text
    assert "Regions scanned" in text and "Findings" in text
    assert "Could not read" not in text  # the demo role reads everything


def test_thread_has_one_reply_per_area_with_identifiers_and_the_guardrail(answered):
    texts = [c.all_text() for c in answered.thread]
    for area in ("Inventory", "CloudTrail", "Credentials", "GuardDuty", "S3", "Cost", "Guardrail"):
        assert any(area in t for t in texts), area
    everything = "\n".join(texts)
    for name in ("canvas-x9k2m4", "canvas-exports-7f3a9b", "user-x1x2x3x4", "eu-west-1"):
        assert name in everything
    assert "Next steps" in everything and "AWS Support" in everything
    uploaded = [
        f["title"]
        for c in answered.harness.slack.called("files.completeUploadExternal")
        for f in (json.loads(c.args["files"]) if isinstance(c.args["files"], str) else c.args["files"])
    ]
    assert "Guardrail SCP" in uploaded
    scp = next(data for data in answered.harness.slack.uploads.values() if b"DenyRootUser" in data)
    assert json.loads(scp)["Statement"][0]["Condition"]["StringNotEquals"]["aws:RequestedRegion"] == [
        "ap-northeast-2",
        "us-east-1",
    ]


def test_buttons_carry_only_stored_offer_ids_with_the_catalog_facts(answered):
    buttons = [e for c in answered.thread for b in c.blocks if b["type"] == "actions" for e in b["elements"]]
    buttons = [e for e in buttons if not e["action_id"].startswith("incident.")]  # the checklist's own
    assert len(buttons) >= 5
    store = answered.harness.services.store
    actions = set()
    for button in buttons:
        assert button["action_id"].startswith("cleanup.request")
        offer = get_offer(store, button["value"])
        assert offer is not None and offer.source == "/aws-audit" and offer.thread_ts == answered.ts
        for item in offer.items:
            actions.add(item["action"])
            assert set(ACTIONS[item["action"]]) <= set(item["facts"])
    assert {
        "ec2.terminate_instance",
        "iam.deactivate_access_key",
        "sagemaker.delete_app",
        "sagemaker.delete_user_profile",
        "s3.block_public_access",
        "guardduty.enable_detector",
    } <= actions


def test_the_run_is_recorded_for_the_digest_and_home_tab(answered):
    run = latest_run(answered.harness.services.store, "/aws-audit", "demo")
    assert run.summary["verdict"] == "likely compromise" and run.summary["regions"] == 3
    assert run.summary["by_severity"]["critical"] >= 2 and len(run.summary["evidence"]) == 5
    assert run.channel == OPS and run.ts == answered.ts


def test_a_bad_argument_gets_a_private_usage_answer(answered):
    reply = answered.harness.command("/aws-audit", "demo everything")
    assert reply.json()["response_type"] == "ephemeral"
    assert "/aws-audit [account] [incident]" in reply.json()["text"]
