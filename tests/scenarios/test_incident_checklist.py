"""The incident checklist over real HTTP, on the demo account's story: opened by /aws-audit in its
thread, assigned and ticked by people, and the bot's items flipping as the evidence changes."""

import json
from decimal import Decimal
from types import SimpleNamespace

import boto3
import pytest
from moto import mock_aws

from bot.aws.fakes import FakeAws
from bot.demo.seeds import audit as audit_seed
from bot.demo.seeds import digest as digest_seed
from bot.demo.seeds import spend as spend_seed
from bot.demo.seeds.pastdue import install, mission_actions, mission_invoices
from bot.devtools.fake_ce import FakeCostExplorer
from bot.devtools.harness import ALICE, BOB, DEMO_ACCOUNT, Harness
from bot.home import refresh
from bot.incident.checklist import open_for
from bot.store.types import utcnow

DIGEST = "C0DIGEST01"


@pytest.fixture(autouse=True)
def _no_debounce_wait(monkeypatch):
    monkeypatch.setattr(refresh, "DELAY", 0)


@pytest.fixture
def world():
    with mock_aws():
        world = SimpleNamespace(
            fake=FakeAws(),
            ce=FakeCostExplorer(),
            account=dict(DEMO_ACCOUNT),
            session=boto3.Session(region_name="us-east-1"),
            invoices=mission_invoices(utcnow().date(), DEMO_ACCOUNT["account_id"]),
        )
        world.ce.attach_to(world.fake)
        spend_seed.seed(world)
        audit_seed.seed(world)
        digest_seed.seed(world)
        install(
            world.fake,
            invoices=world.invoices,
            actions=mission_actions(DEMO_ACCOUNT["account_id"]),
            account_id=DEMO_ACCOUNT["account_id"],
        )
        settings = {"digest_channel": DIGEST, "fx_rates": {"IDR": Decimal(16300)}}
        with Harness(
            accounts=[world.account],
            base_session=world.session,
            aws_hooks=[world.fake.attach],
            settings=settings,
        ) as harness:
            world.harness = harness
            yield world


def _checklist_message(h):
    """The checklist's message as it reads now (its post, or its latest update)."""
    found = open_for(h.services.store, "demo")
    assert found is not None and found.message_ts
    return found, h.slack.final(found.message_ts)


def _item(call, number):
    return next(
        b["text"]["text"]
        for b in call.blocks
        if b["type"] == "section" and f"*{number}. " in b["text"]["text"]
    )


def _buttons(call, key):
    block = next((b for b in call.blocks if b.get("block_id") == f"incident.{key}"), None)
    return {e["action_id"]: e["value"] for e in block["elements"]} if block else {}


def test_a_compromise_verdict_opens_the_checklist_in_the_audit_thread_and_people_work_it(world):
    h = world.harness
    h.command("/aws-audit", "demo")
    [parent] = h.slack.parents()
    _, message = _checklist_message(h)
    assert message.args["thread_ts"] == parent.args["_ts"]  # in the audit's thread
    text = message.all_text()
    for title in (
        "Get read-only access",
        "Inventory all regions",
        "Review 90 days of CloudTrail",
        "Credential report + GuardDuty everywhere",
        "Pay past-due invoices",
        "Remove idle resources once compromise is ruled out",
        "Set up Cost Anomaly Detection + Budgets",
    ):
        assert title in text
    assert "Needs:" in text and "Done when:" in text
    # what the bot could verify from this audit and two reads
    assert _item(message, 1).startswith("✅") and "audit role answered" in _item(message, 1)
    assert "🤖 ✗ GuardDuty off in `eu-west-1`" in _item(message, 4)
    assert "🤖 ? no `/aws-pastdue` yet" in _item(message, 5)
    assert _item(message, 7).startswith("✅") and "`monthly-cost`" in _item(message, 7)
    assert "monitor `services`" in _item(message, 7)
    assert "⏸ after 2, 3, 4" in _item(message, 6)  # idle waits until compromise is ruled out
    # bot-only items offer no "Mark done"; people's items do
    assert "incident.done" not in _buttons(message, "pastdue")
    value = _buttons(message, "inventory")["incident.assign"]

    h.click("incident.assign", value, user=ALICE, thread_ts=parent.args["_ts"])
    _, message = _checklist_message(h)
    assert f"owner <@{ALICE}>" in _item(message, 2)
    h.click("incident.done", value, user=BOB)
    _, message = _checklist_message(h)
    assert _item(message, 2).startswith("✅") and f"marked done by <@{BOB}>" in _item(message, 2)
    assert "incident.reopen" in _buttons(message, "inventory")
    h.click("incident.reopen", value, user=BOB)
    _, message = _checklist_message(h)
    assert _item(message, 2).startswith("⬜")

    # a button value that names no checklist is answered privately, and changes nothing
    h.click("incident.done", "ic_doesnotexist000:inventory", user=BOB)
    assert "don't know this checklist" in h.ephemerals()[-1]
    # ticking an item only the bot can verify changes nothing
    h.click("incident.done", _buttons(message, "pastdue")["incident.assign"], user=BOB)
    assert open_for(h.services.store, "demo").state("pastdue").done_by is None


def test_bot_checked_items_flip_when_the_evidence_changes(world):
    h = world.harness
    h.command("/aws-audit", "demo")
    first, message = _checklist_message(h)
    assert "🤖 ?" in _item(message, 5)

    h.command("/aws-pastdue", "demo")  # 91+ days unpaid: not done
    _, message = _checklist_message(h)
    assert "🤖 ✗" in _item(message, 5) and "91+ days past due" in _item(message, 5)

    world.invoices[:] = [i for i in world.invoices if (utcnow() - i["DueDate"]).days < 91]  # paid
    h.command("/aws-pastdue", "demo")
    _, message = _checklist_message(h)
    assert _item(message, 5).startswith("✅") and "nothing 91+ days past due" in _item(message, 5)

    world.session.client("budgets").delete_budget(AccountId="123456789012", BudgetName="monthly-cost")
    h.command("/aws-digest", "demo")
    _, message = _checklist_message(h)
    assert "🤖 ✗ no cost budget" in _item(message, 7)
    digest = "\n".join(
        c.all_text() for c in h.slack.called("chat.postMessage") if c.args["channel"] == DIGEST
    )
    assert "incident checklist" in digest and "open:" in digest  # the digest reminds open items

    world.session.client("guardduty", "eu-west-1").create_detector(Enable=True)
    h.command("/aws-audit", "demo")  # still a compromise: the same checklist moves to the new thread
    second, message = _checklist_message(h)
    assert second.id == first.id and second.message_ts != first.message_ts
    new_parent = h.slack.parents()[-1].args["_ts"]
    assert message.args["thread_ts"] == new_parent
    assert "🤖 ✓ GuardDuty on in all 3 regions" in _item(message, 4)
    assert "continued in the thread of the latest" in h.slack.final(first.message_ts).text


def test_the_home_tab_shows_the_checklist_progress(world):
    h = world.harness
    h.command("/aws-audit", "demo")
    h.send.event({"type": "app_home_opened", "user": BOB, "channel": "D0HOME0001", "tab": "home"})
    assert h.slack.wait_for(lambda s: s.called("views.publish"), timeout=30)
    h.wait()
    view = h.slack.called("views.publish")[-1].args["view"]
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert "incident checklist: 2 of 7 done" in text and "Inventory all regions" in text
