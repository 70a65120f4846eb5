"""Time and restarts: expired requests cannot be approved; a restart mid-way loses nothing."""

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

from bot.cleanup import engine
from bot.cleanup.flow import expire_due
from bot.devtools.harness import BOB
from bot.model import Finding, Severity
from bot.startup import start
from tests.scenarios.cleanup.helpers import PARENT, Bot, addresses, eip_finding, make_bot


def test_expired_request_is_refused_at_click_time(bot, address, aws, calls):
    [request] = bot.request(bot.offer([eip_finding(address)]))
    with freeze_time(datetime.now(UTC) + timedelta(hours=24, minutes=1), tick=True):
        bot.approve(request.id, user=BOB)
    row = bot.get(request.id)
    assert row.state == "expired" and row.approver is None
    assert any("expired" in e and "nothing was done" in e for e in bot.h.ephemerals())
    assert "Expired at" in bot.card(request.id) and "cleanup.approve" not in bot.card(request.id)
    assert calls.of("ReleaseAddress") == [] and addresses(aws) == [address["AllocationId"]]
    assert [e.event for e in bot.log(request.id)] == ["requested", "expired", "approval_refused"]


def test_a_request_is_still_approvable_just_before_it_expires(bot, address):
    [request] = bot.request(bot.offer([eip_finding(address)]))
    with freeze_time(datetime.now(UTC) + timedelta(hours=23, minutes=59), tick=True):
        bot.approve(request.id, user=BOB)
    assert bot.get(request.id).state == "done"


def test_expire_due_marks_expired_requests_and_updates_their_messages(bot, aws):
    ec2 = aws.client("ec2", region_name="us-east-1")
    old, fresh = (ec2.allocate_address(Domain="vpc") for _ in range(2))
    with freeze_time(datetime.now(UTC) - timedelta(hours=30), tick=True):
        [stale] = bot.request(bot.offer([eip_finding(old)]))
    [current] = bot.request(bot.offer([eip_finding(fresh)]))
    assert [r.id for r in engine.pending_requests(bot.store)] == [current.id]

    assert expire_due(bot.h.services) == 1
    assert expire_due(bot.h.services) == 0  # once
    assert bot.get(stale.id).state == "expired" and bot.get(current.id).state == "pending"
    assert "Expired at" in bot.card(stale.id)
    assert "Expired" in bot.h.slack.thread(PARENT)[-1].all_text()


def test_restart_during_executing_is_recovered_and_recorded(aws, calls, tmp_path):
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    ec2 = aws.client("ec2", region_name="us-east-1")
    untouched, finished = (ec2.allocate_address(Domain="vpc") for _ in range(2))
    with make_bot(aws, calls, cleanup_mode="execute", database_url=url) as first:
        bot = Bot(first, calls)
        requests = [bot.request(bot.offer([eip_finding(a)]))[0] for a in (untouched, finished)]
        with freeze_time(datetime.now(UTC) - timedelta(minutes=10), tick=True):
            for r in requests:  # approved and claimed by a process that then died
                assert engine.approve(bot.store, r.id, BOB)
                assert engine.claim(bot.store, r.id, executor="old-host:4242:dead")
    # the dead process had released the second address before it stopped
    ec2.release_address(AllocationId=finished["AllocationId"])

    with make_bot(aws, calls, cleanup_mode="execute", database_url=url) as second:
        bot = Bot(second, calls)
        stops = start(second.services)
        try:
            second.wait()
        finally:
            for stop in stops:
                stop()
        interrupted, done = (bot.get(r.id) for r in requests)
        assert interrupted.state == "failed" and interrupted.outcome["result"] == "interrupted"
        assert "restarted before this took effect" in interrupted.outcome["summary"]
        assert done.state == "done" and done.outcome["result"] == "already"
        assert calls.of("ReleaseAddress") == []  # recovery re-checks; it never acts again
        assert addresses(aws) == [untouched["AllocationId"]]
        assert "restarted" in bot.thread_text()
        assert [e.event for e in bot.log(done.id)][-1] == "outcome"


def test_a_recent_executing_request_is_left_to_its_process(aws, calls, tmp_path):
    with make_bot(aws, calls, database_url=f"sqlite:///{tmp_path / 'live.db'}") as h:
        bot = Bot(h, calls)
        address = aws.client("ec2", region_name="us-east-1").allocate_address(Domain="vpc")
        [request] = bot.request(bot.offer([eip_finding(address)]))
        assert engine.approve(bot.store, request.id, BOB)
        assert engine.claim(bot.store, request.id, executor="other-replica:1:alive")
        stops = start(h.services)
        h.wait()
        for stop in stops:
            stop()
        assert bot.get(request.id).state == "executing"


def test_a_confirmation_submitted_after_expiry_is_refused_in_the_modal(aws, calls):
    ec2 = aws.client("ec2", region_name="us-east-1")
    snapshot = ec2.create_snapshot(
        VolumeId=ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    )
    finding = Finding(
        check="idle.snapshot_orphaned",
        severity=Severity.LOW,
        account="demo",
        region="us-east-1",
        resource_id=snapshot["SnapshotId"],
        title="old snapshot",
        evidence={"volume_size_gib": 8, "start_time": snapshot["StartTime"]},
        action="ec2.delete_snapshot",
    )
    with make_bot(aws, calls, cleanup_mode="execute") as h:
        bot = Bot(h, calls)
        [request] = bot.request(bot.offer([finding]))
        bot.approve(request.id, user=BOB)  # the modal opens…
        with freeze_time(datetime.now(UTC) + timedelta(hours=25), tick=True):  # …and is submitted a day later
            typed = {"account_name": {"value": {"type": "plain_text_input", "value": "demo"}}}
            reply = h.send.view_submission("cleanup.confirm", typed, private_metadata=request.id, user_id=BOB)
            h.wait()
        assert "expired" in reply.json()["errors"]["account_name"]
        assert bot.get(request.id).state == "expired"
        assert "Expired at" in bot.card(request.id)
    assert ec2.describe_snapshots(SnapshotIds=[snapshot["SnapshotId"]])["Snapshots"]
