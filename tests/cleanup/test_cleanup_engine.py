"""The state machine in the store (SQLite, and PostgreSQL when configured): each transition once."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from bot.cleanup import engine
from bot.cleanup.engine import NewRequest
from bot.cleanup.offers import get_offer, offer
from bot.model import Finding, Severity

ALICE, BOB, CAROL = "U0ALICE001", "U0BOB00001", "U0CAROL001"


def _offer(store, n: int = 1):
    findings = [
        Finding(
            check="idle.eip_unassociated",
            severity=Severity.LOW,
            account="demo",
            region="us-east-1",
            resource_id=f"eipalloc-{i:08d}",
            title="idle",
            evidence={"public_ip": f"10.0.0.{i}", "association_id": None},
            action="ec2.release_address",
        )
        for i in range(n)
    ]
    return get_offer(store, offer(store, findings, account="demo", source="/aws-idle", created_by=ALICE))


def _items(o, refusal=None):
    return [
        NewRequest(i, it["action"], it["region"], it["resource_id"], it["facts"], refusal)
        for i, it in enumerate(o.items)
    ]


def _file(store, n: int = 1, **kw):
    o = _offer(store, n)
    filed, _ = engine.file_requests(
        store, o, _items(o), requester=ALICE, mode="dry-run", channel="C1", thread_ts="1.2", **kw
    )
    return filed


def test_filing_twice_files_each_item_once_until_decided(store):
    o = _offer(store, 2)
    first, dupes = engine.file_requests(
        store, o, _items(o), requester=ALICE, mode="dry-run", channel="C", thread_ts=None
    )
    assert len(first) == 2 and dupes == []
    again, dupes = engine.file_requests(
        store, o, _items(o), requester=BOB, mode="dry-run", channel="C", thread_ts=None
    )
    assert again == [] and len(dupes) == 2
    assert engine.reject(store, first[0].id, BOB)
    third, dupes = engine.file_requests(
        store, o, _items(o), requester=BOB, mode="dry-run", channel="C", thread_ts=None
    )
    assert [r.resource_id for r in third] == [first[0].resource_id] and len(dupes) == 1


def test_refused_items_are_filed_as_decided_and_never_block_a_later_request(store):
    o = _offer(store)
    [refused], _ = engine.file_requests(
        store,
        o,
        _items(o, refusal="protected"),
        requester=ALICE,
        mode="dry-run",
        channel=None,
        thread_ts=None,
    )
    assert refused.state == "failed" and refused.outcome["result"] == "refused" and refused.open_key is None
    assert [e.event for e in engine.history(store, refused.id)] == ["requested", "refused"]


def test_approve_once_and_never_by_the_requester(store):
    [r] = _file(store)
    assert not engine.approve(store, r.id, ALICE)
    assert engine.approve(store, r.id, BOB)
    assert not engine.approve(store, r.id, CAROL)
    assert not engine.reject(store, r.id, CAROL)
    row = engine.get(store, r.id)
    assert row.state == "approved" and row.approver == BOB


def test_expired_requests_cannot_be_approved_or_rejected(store):
    [r] = _file(store, ttl=timedelta(hours=24))
    with freeze_time(datetime.now(UTC) + timedelta(hours=25)):
        assert not engine.approve(store, r.id, BOB)
        assert not engine.reject(store, r.id, BOB)
        assert [x.id for x in engine.due_for_expiry(store)] == [r.id]
        assert engine.pending_requests(store) == []
        assert engine.expire(store, r.id)
        assert not engine.expire(store, r.id)
    assert engine.get(store, r.id).state == "expired"


def test_claim_once_then_finish_once(store):
    [r] = _file(store)
    assert not engine.claim(store, r.id, "me")  # not approved yet
    engine.approve(store, r.id, BOB)
    assert engine.claim(store, r.id, "me")
    assert not engine.claim(store, r.id, "other")
    assert not engine.finish(store, r.id, {"result": "done"}, succeeded=True, executor="other")
    assert engine.finish(store, r.id, {"result": "done"}, succeeded=True, executor="me")
    assert not engine.finish(store, r.id, {"result": "done"}, succeeded=True, executor="me")
    events = [e.event for e in engine.history(store, r.id)]
    assert events == [
        "requested",
        "approved",
        "executing",
        "outcome_not_recorded",
        "outcome",
        "outcome_not_recorded",
    ]


def test_the_executor_corrects_a_recovery_that_thought_it_dead(store):
    [r] = _file(store)
    engine.approve(store, r.id, BOB)
    engine.claim(store, r.id, "slow-replica")
    assert engine.finish(store, r.id, {"result": "interrupted"}, succeeded=False, executor=None)
    assert not engine.still_mine(store, r.id, "slow-replica")  # it will not act after this
    assert engine.finish(
        store, r.id, {"result": "done", "summary": "released"}, succeeded=True, executor="slow-replica"
    )
    row = engine.get(store, r.id)
    assert row.state == "done" and row.outcome["summary"] == "released"


def test_progress_is_kept_and_marks_the_executor_alive(store):
    [r] = _file(store)
    engine.approve(store, r.id, BOB)
    with freeze_time(datetime.now(UTC) - timedelta(minutes=10)):
        engine.claim(store, r.id, "me")
    assert [x.id for x in engine.stale(store, timedelta(minutes=3))] == [r.id]
    engine.progress(store, r.id, ["Snapshot `snap-1` started"], "me")
    assert engine.stale(store, timedelta(minutes=3)) == []
    assert engine.get(store, r.id).outcome["steps"] == ["Snapshot `snap-1` started"]


def test_pending_requests_by_account_oldest_first(store):
    with freeze_time(datetime.now(UTC) - timedelta(hours=1)):
        older = _file(store)
    newer = _file(store)
    assert [r.id for r in engine.pending_requests(store)] == [older[0].id, newer[0].id]
    assert engine.pending_requests(store, account="other") == []
    assert len(engine.pending_requests(store, account="demo")) == 2


@pytest.mark.parametrize("racers", [8])
def test_concurrent_approvals_have_one_winner(store, racers):
    [r] = _file(store)
    start = threading.Barrier(racers)
    wins = []

    def approve(i: int) -> None:
        start.wait()
        wins.append(engine.approve(store, r.id, f"U0APPROVER{i}"))

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1
    assert [e.event for e in engine.history(store, r.id)].count("approved") == 1
