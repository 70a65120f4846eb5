from datetime import timedelta

from freezegun import freeze_time

from bot.digest.reminders import collect
from bot.model import Severity, Verdict
from bot.store.runs import record_run
from bot.store.tables import CleanupRequest
from bot.store.types import utcnow


def _run(store, command, summary, account="demo"):
    record_run(store, command=command, account=account, actor="U1", headline="", summary=summary)


def test_nothing_to_remind_without_runs(store, demo_account):
    assert collect(store, demo_account) == []


def test_money_past_due_91_plus_is_a_reminder(store, demo_account):
    with freeze_time("2026-11-20 10:00"):
        _run(store, "/aws-pastdue", {"past_due_usd": "900.00", "usd_91_plus": "412.50", "approximate": True})
    [reminder] = collect(store, demo_account)
    assert reminder.severity is Severity.HIGH
    assert "≈ $412.50 past due for more than 90 days" in reminder.text and "2026-11-20" in reminder.text


def test_nothing_in_the_91_plus_bucket_is_no_reminder(store, demo_account):
    _run(store, "/aws-pastdue", {"past_due_usd": "900.00", "usd_91_plus": "0", "approximate": False})
    _run(store, "/aws-pastdue", {"usd_91_plus": "not a number"}, account="other")
    assert collect(store, demo_account) == []


def test_cleanup_requests_waiting_for_approval(store, demo_account):
    now = utcnow()
    with store.tx() as tx:
        for i, state in enumerate(["pending", "pending", "approved", "pending"]):
            tx.add(
                CleanupRequest(
                    id=f"r{i}",
                    account="demo" if i < 3 else "other",
                    region="us-east-1",
                    action="ec2.release_address",
                    resource_id=f"eipalloc-0{i}",
                    requester="U0ALICE001",
                    requested_at=now - timedelta(days=3 - i),
                    expires_at=now + timedelta(days=1),
                    state=state,
                )
            )
        tx.add(
            CleanupRequest(
                id="expired",
                account="demo",
                region="us-east-1",
                action="ec2.release_address",
                resource_id="eipalloc-old",
                requester="U0ALICE001",
                expires_at=now - timedelta(minutes=1),
            )
        )
    [reminder] = collect(store, demo_account)
    assert reminder.short == "2 cleanup requests awaiting approval"
    assert "`eipalloc-00`" in reminder.text and "<@U0ALICE001>" in reminder.text


def test_a_compromise_verdict_stays_until_an_audit_clears_it(store, demo_account):
    with freeze_time("2026-11-21 10:00"):
        _run(
            store,
            "/aws-audit",
            {"verdict": Verdict.LIKELY_COMPROMISE.value, "evidence": ["GPU in eu-west-1"]},
        )
    with freeze_time("2026-11-22 10:00"):
        _run(store, "/aws-idle", {"waste_usd": "10"})
    [reminder] = collect(store, demo_account)
    assert reminder.severity is Severity.CRITICAL and "(GPU in eu-west-1)" in reminder.text
    with freeze_time("2026-11-23 10:00"):
        _run(store, "/aws-audit", {"verdict": Verdict.LIKELY_LEGITIMATE.value, "evidence": []})
    assert collect(store, demo_account) == []


def test_reminders_come_worst_first(store, demo_account):
    _run(store, "/aws-pastdue", {"usd_91_plus": "10"})
    _run(store, "/aws-audit", {"verdict": Verdict.LIKELY_COMPROMISE.value})
    assert [r.severity for r in collect(store, demo_account)] == [Severity.CRITICAL, Severity.HIGH]
