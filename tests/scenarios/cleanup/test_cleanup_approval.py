"""Two-person approval over real HTTP: who may decide, and every attempt on the record."""

from bot.devtools.harness import ALICE, BOB, MALLORY, OPS
from tests.scenarios.cleanup.helpers import PARENT, addresses, eip_finding


def test_click_files_a_request_in_the_offers_thread_with_approve_and_reject(bot, address):
    offer_id = bot.offer([eip_finding(address)])
    [request] = bot.request(offer_id)
    assert request.state == "pending" and request.requester == ALICE
    assert request.resource_id == address["AllocationId"] and request.mode == "dry-run"
    assert request.facts == {"public_ip": address["PublicIp"], "association_id": None}
    posted = bot.h.slack.thread(PARENT)
    assert len(posted) == 1 and posted[0].args["channel"] == OPS
    buttons = [e for b in posted[0].blocks if b["type"] == "actions" for e in b["elements"]]
    assert {(b["action_id"], b["value"]) for b in buttons} == {
        ("cleanup.approve", request.id),
        ("cleanup.reject", request.id),
    }
    text = posted[0].all_text()
    assert address["AllocationId"] in text and address["PublicIp"] in text and "Dry-run" in text
    assert [e.event for e in bot.log(request.id)] == ["requested"]


def test_non_approver_is_refused_privately_and_the_attempt_is_logged(bot, address, aws):
    [request] = bot.request(bot.offer([eip_finding(address)]))
    bot.approve(request.id, user=MALLORY)
    assert bot.get(request.id).state == "pending"
    assert any("Only people listed in APPROVERS" in e for e in bot.h.ephemerals())
    refused = [e for e in bot.log(request.id) if e.event == "approval_refused"]
    assert refused[0].actor == MALLORY and refused[0].detail["reason"] == "not_approver"
    assert addresses(aws) == [address["AllocationId"]]  # untouched


def test_requester_cannot_approve_or_reject_their_own_request(bot, address):
    [request] = bot.request(bot.offer([eip_finding(address)]), user=ALICE)  # ALICE is an approver too
    bot.approve(request.id, user=ALICE)
    bot.reject(request.id, user=ALICE)
    assert bot.get(request.id).state == "pending"
    assert sum("a second person must approve" in e for e in bot.h.ephemerals()) == 2
    reasons = [e.detail["reason"] for e in bot.log(request.id) if e.event == "approval_refused"]
    assert reasons == ["own_request", "own_request"]


def test_reject_closes_the_request_and_shows_who(bot, address):
    [request] = bot.request(bot.offer([eip_finding(address)]))
    bot.reject(request.id, user=BOB)
    row = bot.get(request.id)
    assert row.state == "rejected" and row.approver == BOB and row.decided_at is not None
    assert "Rejected by <@U0BOB00001>" in bot.card(request.id)
    assert "cleanup.approve" not in bot.card(request.id)  # no buttons left
    bot.approve(request.id, user=BOB)  # too late
    assert bot.get(request.id).state == "rejected"
    assert any("already rejected" in e for e in bot.h.ephemerals())
