"""The checklist's stored state and the bot's verifications, below Slack."""

from bot.accounts import Account
from bot.devtools.harness import ALICE, BOB, DEMO_ACCOUNT
from bot.incident import checklist as ops
from bot.incident import verify
from bot.incident.items import ITEMS
from bot.incident.reminder import open_checklist
from bot.incident.verify import Verification
from bot.model import Severity
from bot.store.runs import record_run


def _audit(store, verdict="likely compromise", **extra):
    summary = {"verdict": verdict, "evidence": [], "by_severity": {}, "regions": 3, **extra}
    record_run(store, command="/aws-audit", account="demo", actor=ALICE, headline="", summary=summary)


def _pastdue(store, **summary):
    record_run(store, command="/aws-pastdue", account="demo", actor=ALICE, headline="", summary=summary)


def test_an_account_has_one_open_checklist_with_every_item(store):
    created = ops.create(store, "demo", opened_by=ALICE, reason="test")
    assert [s.item.key for s in created.items] == [i.key for i in ITEMS]
    assert ops.open_for(store, "demo").id == created.id
    assert ops.open_for(store, "other") is None
    assert created.done_count == 0 and len(created.open_items) == 7


def test_people_tick_their_items_and_only_theirs(store):
    c = ops.create(store, "demo", opened_by=ALICE, reason="test")
    assert ops.assign(store, c.id, "inventory", ALICE)
    assert not ops.assign(store, c.id, "inventory", ALICE)  # already hers: nothing changes
    assert ops.assign(store, c.id, "inventory", BOB)  # taken over
    assert ops.mark_done(store, c.id, "inventory", BOB)
    assert not ops.mark_done(store, c.id, "inventory", ALICE)  # twice: once
    assert not ops.mark_done(store, c.id, "pastdue", BOB)  # the bot's to tick
    assert not ops.mark_done(store, c.id, "nonsense", BOB)
    state = ops.get(store, c.id).state("inventory")
    assert state.owner == BOB and state.done_by == BOB and state.done
    assert ops.reopen(store, c.id, "inventory", ALICE)
    assert not ops.get(store, c.id).state("inventory").done


def test_an_item_with_both_halves_needs_both(store):
    c = ops.create(store, "demo", opened_by=ALICE, reason="test")
    ops.mark_done(store, c.id, "credentials", BOB)
    assert not ops.get(store, c.id).state("credentials").done  # GuardDuty not verified yet
    ops.record_checks(store, c.id, {"credentials": Verification(True, "on everywhere")})
    assert ops.get(store, c.id).state("credentials").done


def test_record_checks_says_whether_anything_changed(store):
    c = ops.create(store, "demo", opened_by=ALICE, reason="test")
    assert ops.record_checks(store, c.id, {"pastdue": Verification(False, "$1 91+")})
    assert not ops.record_checks(store, c.id, {"pastdue": Verification(False, "$1 91+")})
    assert ops.record_checks(store, c.id, {"pastdue": Verification(True, "nothing 91+")})


def test_the_checklist_closes_when_everything_is_done_and_reopens_with_an_item(store):
    c = ops.create(store, "demo", opened_by=ALICE, reason="test")
    for item in ITEMS:
        if item.manual:
            ops.mark_done(store, c.id, item.key, BOB)
    assert not ops.close_if_done(store, c.id)
    ops.record_checks(store, c.id, {i.key: Verification(True, "ok") for i in ITEMS if i.verify})
    assert ops.close_if_done(store, c.id)
    assert ops.open_for(store, "demo") is None
    ops.reopen(store, c.id, "inventory", ALICE)
    assert ops.open_for(store, "demo").id == c.id


def test_guardduty_verification_from_the_latest_audit(store):
    assert verify.guardduty(store, "demo").ok is None
    _audit(store)  # an audit from before the summary had GuardDuty: cannot tell
    assert verify.guardduty(store, "demo").ok is None
    _audit(store, guardduty_off=["eu-west-1"], guardduty_unread=[])
    check = verify.guardduty(store, "demo")
    assert check.ok is False and "eu-west-1" in check.detail
    _audit(store, guardduty_off=[], guardduty_unread=["ap-northeast-2"])
    assert verify.guardduty(store, "demo").ok is None
    _audit(store, guardduty_off=[], guardduty_unread=[])
    assert verify.guardduty(store, "demo").ok is True


def test_pastdue_verification_from_the_latest_pastdue(store):
    assert verify.pastdue(store, "demo").ok is None
    _pastdue(store, past_due_usd="100.00", usd_91_plus="40.00", approximate=True)
    check = verify.pastdue(store, "demo")
    assert check.ok is False and "≈ $40.00" in check.detail
    _pastdue(store, past_due_usd=None, usd_91_plus=None)
    assert verify.pastdue(store, "demo").ok is None
    _pastdue(store, past_due_usd="100.00", usd_91_plus="0.00")
    assert verify.pastdue(store, "demo").ok is True


def test_compromise_is_ruled_out_by_a_later_legitimate_audit(store):
    _audit(store)
    assert not verify.compromise_ruled_out(store, "demo")
    _audit(store, verdict="likely legitimate over-provisioning")
    assert verify.compromise_ruled_out(store, "demo")


def test_the_digest_reminds_open_items_with_their_owners(store):
    account = Account(**DEMO_ACCOUNT)
    assert open_checklist(store, account) is None
    c = ops.create(store, "demo", opened_by=ALICE, reason="test")
    ops.assign(store, c.id, "inventory", BOB)
    reminder = open_checklist(store, account)
    assert reminder.severity == Severity.HIGH
    assert "0 of 7 done" in reminder.text and f"Inventory all regions (<@{BOB}>)" in reminder.text
    assert reminder.short == "7 incident items open"
