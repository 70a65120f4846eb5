"""The Home tab over real HTTP: `app_home_opened`, what each person sees, deciding from it, and updates."""

from decimal import Decimal

import pytest

from bot.aws.fakes import FakeAws
from bot.cleanup import engine
from bot.cleanup.offers import offer
from bot.demo.seeds.pastdue import install, mission_actions, mission_invoices
from bot.devtools.harness import ALICE, BOB, MALLORY, OPS, Harness
from bot.home import refresh
from bot.model import Finding, Severity
from bot.store.runs import record_run
from bot.store.tables import ActionLog
from bot.store.types import utcnow

ACCOUNT_ID = "123456789012"


@pytest.fixture(autouse=True)
def _no_debounce_wait(monkeypatch):
    monkeypatch.setattr(refresh, "DELAY", 0)


@pytest.fixture
def bot(aws, account):
    fake = FakeAws()
    install(
        fake,
        invoices=mission_invoices(utcnow().date(), ACCOUNT_ID),
        actions=mission_actions(ACCOUNT_ID),
        account_id=ACCOUNT_ID,
    )
    settings = {"fx_rates": {"IDR": Decimal(16300)}}
    with Harness(accounts=[account], base_session=aws, aws_hooks=[fake.attach], settings=settings) as h:
        store = h.services.store
        record_run(
            store,
            command="/aws-audit",
            account="demo",
            actor=ALICE,
            headline="🚨 demo: likely compromise",
            summary={"verdict": "likely compromise", "evidence": [], "by_severity": {}, "regions": 3},
        )
        record_run(
            store,
            command="/aws-cost",
            account="demo",
            actor=ALICE,
            headline="💰",
            summary={"mtd_usd": "6142.02", "forecast_usd": "9658.44", "last_month_usd": "5085.46"},
        )
        record_run(
            store,
            command="/aws-idle",
            account="demo",
            actor=ALICE,
            headline="💸",
            summary={"waste_usd": "1787.52", "items": 25, "by_check": {}},
        )
        yield h


def _request_release(h, aws):
    """Alice asks to release an idle Elastic IP (the button /aws-idle shows): one pending request."""
    address = aws.client("ec2", region_name="us-east-1").allocate_address(Domain="vpc")
    finding = Finding(
        check="idle.eip_unassociated",
        severity=Severity.LOW,
        account="demo",
        region="us-east-1",
        resource_id=address["AllocationId"],
        title="Elastic IP attached to nothing",
        evidence={"public_ip": address["PublicIp"], "association_id": None},
        monthly_cost=Decimal("3.65"),
        action="ec2.release_address",
    )
    posted = h.services.slack.chat_postMessage(channel=OPS, text="idle")
    offer_id = offer(
        h.services.store, [finding], account="demo", source="/aws-idle", created_by=ALICE,
        channel=OPS, thread_ts=posted["ts"],
    )  # fmt: skip
    h.click("cleanup.request.0", offer_id, user=ALICE, thread_ts=posted["ts"])
    [request] = engine.pending_requests(h.services.store)
    return request


def _open_home(h, user):
    before = len(h.slack.called("views.publish"))
    reply = h.send.event({"type": "app_home_opened", "user": user, "channel": "D0HOME0001", "tab": "home"})
    assert reply.status == 200
    # Bolt acknowledges an event before its listener runs: wait for what the listener publishes.
    assert h.slack.wait_for(lambda s: len(s.called("views.publish")) > before, timeout=30)
    h.wait()
    return _views_for(h, user)[-1]


def _views_for(h, user):
    return [c.args["view"] for c in h.slack.called("views.publish") if c.args["user_id"] == user]


def _text(view):
    import json

    return json.dumps(view["blocks"], ensure_ascii=False)


def _buttons(view):
    return [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_opening_home_shows_each_account_s_latest_findings_without_asking_aws(bot, aws):
    calls_before = len(bot.slack.calls)
    view = _open_home(bot, MALLORY)
    assert view["type"] == "home"
    text = _text(view)
    assert "demo" in text and ACCOUNT_ID in text
    assert "likely compromise" in text
    assert "$6,142.02 month to date" in text and "forecast $9,658.44" in text
    assert "≈ $1,787.52/month in 25 items" in text
    assert "not checked yet" in text and "/aws-pastdue demo" in text  # never run: says what to run
    assert len(bot.slack.calls) == calls_before + 1  # just views.publish


def test_the_messages_tab_opening_publishes_nothing(bot):
    bot.send.event({"type": "app_home_opened", "user": BOB, "channel": "D0HOME0001", "tab": "messages"})
    _open_home(bot, MALLORY)  # a later event's publish proves the first one was handled meanwhile
    assert {c.args["user_id"] for c in bot.slack.called("views.publish")} == {MALLORY}


def test_approvers_get_approve_and_reject_others_and_the_requester_do_not(bot, aws):
    request = _request_release(bot, aws)
    bob = _open_home(bot, BOB)
    approve = [b for b in _buttons(bob) if b["action_id"] == "cleanup.approve"]
    reject = [b for b in _buttons(bob) if b["action_id"] == "cleanup.reject"]
    assert [b["value"] for b in approve] == [request.id] and [b["value"] for b in reject] == [request.id]
    assert request.resource_id in _text(bob)

    mallory = _open_home(bot, MALLORY)
    assert request.resource_id in _text(mallory) and "Waiting for approval" in _text(mallory)
    assert not [b for b in _buttons(mallory) if b["action_id"].startswith("cleanup.")]

    alice = _open_home(bot, ALICE)  # she asked, and may not approve anyway
    assert not [b for b in _buttons(alice) if b["action_id"].startswith("cleanup.")]


def test_a_non_approver_clicking_approve_from_home_anyway_is_refused_by_the_engine(bot, aws):
    request = _request_release(bot, aws)
    _open_home(bot, MALLORY)
    reply = bot.click("cleanup.approve", request.id, user=MALLORY, view_id="V0HOME0001")
    assert reply.status == 200
    assert engine.get(bot.services.store, request.id).state == "pending"
    with bot.services.store.tx() as tx:
        refusals = tx.query(ActionLog).filter_by(event="approval_refused", actor=MALLORY).all()
    assert refusals and refusals[0].detail["reason"] == "not_approver"
    told = [c for c in bot.slack.called("chat.postEphemeral") if c.args["user"] == MALLORY]
    assert told and "APPROVERS" in told[-1].text  # said privately, in the request's channel


def test_approving_from_home_acts_like_the_card_and_republishes_for_everyone(bot, aws):
    request = _request_release(bot, aws)
    for user in (BOB, MALLORY):
        _open_home(bot, user)
    published = len(bot.slack.called("views.publish"))
    bot.click("cleanup.approve", request.id, user=BOB, view_id="V0HOME0001")
    done = engine.get(bot.services.store, request.id)
    assert done.state == "done" and done.approver == BOB  # dry-run through the cleanup role
    card = bot.slack.final(done.message_ts)
    assert "Dry-run passed" in card.all_text()
    after = bot.slack.called("views.publish")[published:]
    assert {c.args["user_id"] for c in after} == {BOB, MALLORY}
    assert "Waiting for approval" not in _text(_views_for(bot, BOB)[-1])


def test_a_command_recording_its_run_republishes_home(bot):
    _open_home(bot, BOB)
    assert "not checked yet" in _text(_views_for(bot, BOB)[-1])
    bot.command("/aws-pastdue", "demo")
    latest = _text(_views_for(bot, BOB)[-1])
    assert "past due" in latest.lower() and "91+ days" in latest and "not checked yet" not in latest
