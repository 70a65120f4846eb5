"""Adversarial cases over real HTTP: what a tired operator or a determined clicker could make the bot do."""

import json
import urllib.error
from urllib.parse import urlencode

from sqlalchemy.exc import OperationalError

from bot.cleanup import engine
from bot.devtools.aws_faults import AwsFaults
from bot.devtools.harness import ALICE, BOB, DEMO_ACCOUNT, Harness
from bot.model import Finding, Severity
from tests.scenarios.cleanup.helpers import CAROL, Bot, addresses, eip_finding, make_bot


def test_switching_back_to_dry_run_stops_requests_filed_in_execute_mode(aws, calls, tmp_path, address):
    """At 3 a.m. the operator sets CLEANUP_MODE=dry-run and restarts: nothing may be changed any more,
    whatever mode the still-pending requests were filed in."""
    url = f"sqlite:///{tmp_path / 'mode.db'}"
    with make_bot(aws, calls, cleanup_mode="execute", database_url=url) as first:
        [request] = Bot(first, calls).request(Bot(first, calls).offer([eip_finding(address)]))
        assert request.mode == "execute"
    with make_bot(aws, calls, cleanup_mode="dry-run", database_url=url) as second:
        bot = Bot(second, calls)
        bot.approve(request.id, user=BOB)
        assert addresses(aws) == [address["AllocationId"]]  # still there
        [release] = calls.of("ReleaseAddress")
        assert release.params.get("DryRun") is True
        row = bot.get(request.id)
        assert row.state == "done" and row.mode == "dry-run" and row.outcome["result"] == "would-succeed"
        assert "dry-run" in bot.thread_text() and "execute mode" not in bot.thread_text()
        [executing] = [e for e in bot.log(request.id) if e.event == "executing"]
        assert executing.detail.get("mode") == "dry-run"


def test_typed_confirmation_cannot_be_skipped_when_the_click_could_not_be_screened(aws, calls):
    """The approver group cannot be read while Slack acknowledges the click (rate-limited), so no dialog
    opens; the approval that follows must still demand the typed account name, not delete at once."""
    ec2 = aws.client("ec2", region_name="us-east-1")
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)
    snapshot = ec2.create_snapshot(VolumeId=volume["VolumeId"])
    finding = Finding(
        check="idle.snapshot_orphaned",
        severity=Severity.LOW,
        account="demo",
        region="us-east-1",
        resource_id=snapshot["SnapshotId"],
        title="Snapshot of a deleted volume",
        evidence={"volume_size_gib": 8, "start_time": snapshot["StartTime"]},
        action="ec2.delete_snapshot",
    )
    settings = {
        "cleanup_mode": "execute",
        "approvers": ["S0APPROVE1"],
        "user_groups": {"S0APPROVE1": [CAROL]},
    }
    with make_bot(aws, calls, **settings) as h:
        bot = Bot(h, calls)
        [request] = bot.request(bot.offer([finding]))
        h.slack.fail_next("usergroups.users.list", status=200, error="ratelimited", times=1)
        bot.approve(request.id, user=CAROL)
        assert calls.of("DeleteSnapshot") == []
        assert bot.get(request.id).state == "pending"
        assert any("type the account name" in e for e in h.ephemerals())
        refusals = [e.detail.get("reason") for e in bot.log(request.id) if e.event == "approval_refused"]
        assert refusals == ["confirmation_required"]
    assert [s["SnapshotId"] for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]] == [
        snapshot["SnapshotId"]
    ]


def test_approve_all_never_approves_for_the_requester(bot, aws):
    ec2 = aws.client("ec2", region_name="us-east-1")
    eips = [ec2.allocate_address(Domain="vpc") for _ in range(2)]
    requests = bot.request(bot.offer([eip_finding(e) for e in eips]))
    bot.h.click("cleanup.approve_all", requests[0].batch_id, user=ALICE)
    assert {bot.get(r.id).state for r in requests} == {"pending"}
    assert any("second person" in e for e in bot.h.ephemerals())


def test_slack_unreachable_for_the_approver_group_fails_closed_with_an_answer(aws, calls, address):
    """Slack's API times out while the approver group is read: no approval, a 200 to Slack, a private
    answer and a logged refusal (not a 500 and silence)."""
    settings = {"approvers": ["S0APPROVE1"], "user_groups": {"S0APPROVE1": [CAROL]}}
    with make_bot(aws, calls, **settings) as h:
        bot = Bot(h, calls)
        [request] = bot.request(bot.offer([eip_finding(address)]))

        def unreachable(**_: object) -> None:
            raise urllib.error.URLError(TimeoutError("timed out"))

        h.services.slack.usergroups_users_list = unreachable  # type: ignore[method-assign]
        reply = h.click("cleanup.approve", request.id, user=CAROL)
        assert reply.status == 200
        assert bot.get(request.id).state == "pending" and calls.of("ReleaseAddress") == []
        assert any("could not read the approver group" in e for e in h.ephemerals())
        refusals = [e.detail.get("reason") for e in bot.log(request.id) if e.event == "approval_refused"]
        assert refusals == ["not_approver"]


def test_slack_unreachable_while_acting_still_records_the_outcome(execute_bot, address, aws, calls):
    """Slack's API cannot be reached when the card should change: the store is the record, so the
    request still runs once and ends with its outcome (not stuck `executing` until a recovery)."""
    bot = execute_bot
    [request] = bot.request(bot.offer([eip_finding(address)]))
    slack = bot.h.services.slack

    def unreachable(**_: object) -> None:
        raise urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))

    slack.chat_update = unreachable  # type: ignore[method-assign]
    slack.chat_postMessage = unreachable  # type: ignore[method-assign]
    bot.approve(request.id, user=BOB)
    row = bot.get(request.id)
    assert (row.state, row.outcome["result"]) == ("done", "done")
    assert len(calls.of("ReleaseAddress")) == 1 and addresses(aws) == []
    assert [e.event for e in bot.log(request.id)][-1] == "outcome"


def test_a_click_whose_work_fails_is_told_so_with_a_reference(bot, address, monkeypatch):
    [request] = bot.request(bot.offer([eip_finding(address)]))

    def store_down(*_: object, **__: object) -> bool:
        raise OperationalError("UPDATE cleanup_requests", {}, Exception("database is locked"))

    monkeypatch.setattr(engine, "approve", store_down)
    bot.approve(request.id, user=BOB)
    assert bot.get(request.id).state == "pending"
    told = [e for e in bot.h.ephemerals() if "reference" in e]
    assert told and "database" not in told[-1]


def test_refused_attempts_on_unknown_requests_are_kept_with_what_was_tried(bot):
    bot.h.click("cleanup.approve", "rq_guessed000000000000000", user=BOB)
    bot.h.click("cleanup.approve_all", "rb_guessed000000000000000", user=BOB)
    bot.h.click("cleanup.reject", "x" * 300, user=BOB)
    refusals = [e for e in bot.log() if e.event == "approval_refused"]
    assert [(e.actor, e.detail["reason"], e.detail["attempted"]) for e in refusals] == [
        (BOB, "unknown", "approve"),
        (BOB, "unknown", "approve all"),
        (BOB, "unknown", "reject"),
    ]
    targets = [e.detail.get("target") for e in refusals]
    assert targets == ["rq_guessed000000000000000", "rb_guessed000000000000000", "x" * 80]


def test_a_failure_half_way_keeps_the_steps_already_done_in_the_outcome(aws, calls):
    """The snapshot was taken, then AWS refused the delete: the outcome must still name the snapshot
    (and a termination-protection change and the like), or what the bot did is lost from the record."""
    ec2 = aws.client("ec2", region_name="us-east-1")
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, VolumeType="gp2")
    finding = Finding(
        check="idle.ebs_unattached",
        severity=Severity.LOW,
        account="demo",
        region="us-east-1",
        resource_id=volume["VolumeId"],
        title="Unattached volume",
        evidence={"state": "available", "size_gib": 8, "volume_type": "gp2"},
        action="ec2.delete_volume",
    )
    faults = AwsFaults().fail("UnauthorizedOperation", service="ec2", operation="DeleteVolume")
    harness = Harness(
        accounts=[dict(DEMO_ACCOUNT)],
        base_session=aws,
        aws_hooks=[calls.attach, faults.attach],
        settings={"cleanup_mode": "execute", "approvers": [BOB]},
    )
    with harness as h:
        bot = Bot(h, calls)
        [request] = bot.request(bot.offer([finding]))
        bot.approve(request.id, user=BOB)
        row = bot.get(request.id)
        [snapshot] = ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
        assert row.state == "failed" and "UnauthorizedOperation" in row.outcome["summary"]
        assert any(snapshot["SnapshotId"] in step for step in row.outcome["steps"])
        assert snapshot["SnapshotId"] in bot.card(request.id)


def test_a_click_naming_nobody_files_nothing(bot, address):
    """The two-person rule rests on who asked: a request click without a user files no request."""
    offer_id = bot.offer([eip_finding(address)])
    payload = {
        "type": "block_actions",
        "team": {"id": "T0000000001"},
        "channel": {"id": "C0OPS00001"},
        "actions": [{"action_id": "cleanup.request.0", "value": offer_id}],
    }
    reply = bot.h.send.post(urlencode({"payload": json.dumps(payload)}))
    bot.h.wait()
    assert reply.status == 200 and bot.requests() == []
