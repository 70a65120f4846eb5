"""/aws-idle as Slack sees it: signed command, progress, parent + thread, buttons carrying offer IDs only."""

import re
from decimal import Decimal

import pytest

from bot.aws.fakes import FakeAws
from bot.cleanup.offers import get_offer
from bot.devtools.aws_faults import AwsFaults
from bot.devtools.fake_compute_optimizer import FakeComputeOptimizer
from bot.devtools.fake_pricing import FakePriceList
from bot.devtools.harness import ALICE, Harness
from bot.store.runs import latest_run


@pytest.fixture
def bot(aws, account):
    account["regions"] = ["us-east-1", "eu-west-1", "ap-east-1"]
    fake = FakeAws()
    FakePriceList().attach_to(fake)
    FakeComputeOptimizer().attach_to(fake)
    faults = AwsFaults().fail("OptInRequired", region="ap-east-1", service="ec2")
    with Harness(accounts=[account], base_session=aws, aws_hooks=[faults.attach, fake.attach]) as harness:
        yield harness
        assert harness.slack.violations == []


def _seed(aws):
    ec2 = aws.client("ec2", region_name="us-east-1")
    address = ec2.allocate_address(Domain="vpc")
    volumes = [ec2.create_volume(AvailabilityZone="us-east-1a", Size=size)["VolumeId"] for size in (500, 200)]
    eu = aws.client("ec2", region_name="eu-west-1")
    eu_volume = eu.create_volume(AvailabilityZone="eu-west-1a", Size=100, VolumeType="st1")["VolumeId"]
    return address["AllocationId"], volumes, eu_volume


def test_idle_answers_in_channel_and_thread_with_buttons_that_carry_only_offer_ids(aws, bot):
    allocation, volumes, eu_volume = _seed(aws)
    reply = bot.command("/aws-idle", user=ALICE)
    assert reply.status == 200 and reply.elapsed < 3
    (parent,) = bot.slack.parents()
    ts = parent.args["_ts"]
    final = bot.slack.final(ts)
    # 500 + 200 GiB gp2 at $0.10, 100 GiB st1 at $0.045, one idle address at $3.65
    assert "$78.15/month" in final.text
    assert "ap-east-1" in final.all_text() and "OptInRequired" in final.all_text()  # a region that failed
    progress = [c.text for c in bot.slack.called("chat.update") if "regions read" in c.text]
    assert progress  # "n/3 regions read" while it worked
    thread = bot.slack.thread(ts)
    everything = "\n".join(c.all_text() for c in thread)
    for resource in [allocation, *volumes, eu_volume]:
        assert resource in everything
    buttons = [
        element
        for call in thread
        for block in call.blocks
        for element in block.get("elements", []) + ([block["accessory"]] if "accessory" in block else [])
        if element.get("type") == "button"
    ]
    assert buttons and all(b["action_id"].startswith("cleanup.request") for b in buttons)
    for button in buttons:
        assert re.fullmatch(r"of_[\w-]{20,}", button["value"])  # an unguessable ID, no facts
        stored = get_offer(bot.services.store, button["value"])
        assert stored.source == "/aws-idle" and stored.created_by == ALICE and stored.thread_ts == ts
    volume_offer = next(
        get_offer(bot.services.store, b["value"])
        for b in buttons
        if b["text"]["text"] == "Request cleanup of all 3"
    )
    assert {item["resource_id"] for item in volume_offer.items} == {*volumes, eu_volume}
    assert all(item["action"] == "ec2.delete_volume" for item in volume_offer.items)
    assert {item["facts"]["size_gib"] for item in volume_offer.items} == {500, 200, 100}


def test_the_run_summary_is_kept_for_the_digest_and_home_tab(aws, bot):
    _seed(aws)
    bot.command("/aws-idle")
    run = latest_run(bot.services.store, "/aws-idle", "demo")
    assert run.summary["waste_usd"] == "78.15" and run.summary["items"] == 4
    assert run.summary["by_check"]["idle.ebs_volume_idle"] == {"count": 3, "usd": "74.50"}
    assert Decimal(run.summary["by_check"]["idle.eip_unassociated"]["usd"]) == Decimal("3.65")


def test_an_account_with_nothing_idle_says_so(bot):
    bot.command("/aws-idle")
    final = bot.slack.final(bot.slack.parents()[0].args["_ts"])
    assert "Nothing idle found in demo" in final.text


def test_bad_input_gets_a_clear_private_answer(bot):
    answer = bot.command("/aws-idle", "demo please").json()
    assert answer["response_type"] == "ephemeral" and "Usage: `/aws-idle [account]`" in answer["text"]
    assert bot.slack.parents() == []


def test_without_the_price_list_figures_are_marked_estimates_and_the_answer_says_why(aws, account):
    account["regions"] = ["us-east-1"]
    fake = FakeAws()
    FakePriceList(fail="AccessDeniedException").attach_to(fake)
    FakeComputeOptimizer().attach_to(fake)
    _seed(aws)
    with Harness(accounts=[account], base_session=aws, aws_hooks=[fake.attach]) as harness:
        harness.command("/aws-idle")
        final = harness.slack.final(harness.slack.parents()[0].args["_ts"])
        assert "≈ $73.65/month" in final.text  # 700 GiB gp2 + one idle address, from the bundled table
        assert "could not be used" in final.all_text() and "AccessDeniedException" in final.all_text()
        assert "2025-06-01" in final.all_text()  # the bundled table's date
        assert harness.slack.violations == []
