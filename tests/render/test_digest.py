from datetime import date, timedelta
from decimal import Decimal

from bot.accounts import parse_accounts
from bot.devtools import fake_anomalies as fa
from bot.devtools.harness import DEMO_ACCOUNT
from bot.digest.anomalies import AnomalyWatch, Listing, parse_anomaly
from bot.digest.budgets import BudgetStatus
from bot.digest.coverage import gaps
from bot.digest.reminders import Reminder
from bot.digest.report import AccountDigest, Spend
from bot.model import Severity
from bot.render.blocks import violations
from bot.render.digest import account_line, account_reply, parent
from bot.render.text import blocks_to_text

DAY = date(2026, 11, 23)


def _account(name):
    return parse_accounts([{**DEMO_ACCOUNT, "name": name, "default": False}])[0]


def _budget(actual, forecast, name="monthly"):
    return BudgetStatus(name, "COST", "MONTHLY", Decimal(1000), "USD", Decimal(actual), Decimal(forecast))


def _spend(amount="100", average="100"):
    return Spend(DAY - timedelta(days=1), Decimal(amount), Decimal(average), Decimal(2000), Decimal(3000))


def _covered():
    m = fa.monitor()
    return AnomalyWatch(
        monitors=Listing((m,), DAY), subscriptions=Listing((fa.subscription([m]),), DAY), anomalies=[]
    )


def test_the_parent_lists_accounts_worst_first_with_their_reasons():
    quiet = AccountDigest(
        _account("aaa-quiet"), spend=_spend(), budgets=[_budget(100, 500)], watch=_covered()
    )
    creeping = AccountDigest(
        _account("creep"), spend=_spend(), budgets=[_budget(810, 1200)], watch=_covered()
    )
    broken = AccountDigest(_account("broken"), error="Could not assume `ChatOpsAudit` in `broken`")
    compromised = AccountDigest(
        _account("zz-prod"),
        spend=_spend("900", "100"),
        budgets=[_budget(100, 500)],
        watch=_covered(),
        reminders=[Reminder(Severity.CRITICAL, "🚨 …", "likely compromise still open")],
    )
    message = parent(DAY, [account_line(d) for d in (quiet, creeping, broken, compromised)])
    text = blocks_to_text(message.blocks)
    lines = [line for line in text.splitlines() if " — " in line and "DIGEST" not in line]
    assert [line.split(" — ")[0] for line in lines] == ["🔴 zz-prod", "⛔ broken", "🟡 creep", "✅ aaa-quiet"]
    assert lines[0].endswith("likely compromise still open · yesterday $900.00 (+800% vs 7-day avg)")
    assert lines[2] == "🟡 creep — budget `monthly` actual 81% · yesterday $100.00 (+0% vs 7-day avg)"
    assert lines[3] == "✅ aaa-quiet — yesterday $100.00 (+0% vs 7-day avg) · nothing new"
    assert message.text == "AWS digest — 2026-11-23: 3 of 4 accounts need attention"


def test_a_huge_account_reply_stays_within_block_kit_limits():
    m = fa.monitor("services")
    anomalies = [
        parse_anomaly(
            fa.anomaly(
                f"anomaly-{i:03d}",
                monitor=m,
                start=DAY,
                actual=1000 + i,
                expected=10,
                causes=[
                    (f"Service {j} " + "x" * 80, "eu-west-1", "BoxUsage:" + "y" * 80, 10) for j in range(5)
                ],
            )
        )
        for i in range(60)
    ]
    digest = AccountDigest(
        _account("big"),
        spend=_spend(),
        budgets=[_budget(i * 20, i * 30, name=f"budget-{i:02d}-" + "b" * 60) for i in range(80)],
        watch=AnomalyWatch(
            monitors=Listing((m,), DAY), subscriptions=Listing((), DAY), anomalies=anomalies, since=DAY
        ),
        reminders=[Reminder(Severity.LOW, "r" * 400, "r") for _ in range(5)],
        problems=["Budgets: " + "p" * 300] * 5,
    )
    digest.gaps = gaps(digest.account, digest.watch, digest.budgets)
    message = account_reply(digest)
    assert violations(message.blocks) == []
    text = blocks_to_text(message.blocks)
    assert "anomaly-059" in text and "…and 50 more" in text  # largest impact first, the rest counted
    assert "aws ce create-anomaly-subscription" in text
    assert "…and 65 more, no worse than these" in text and "Cost Explorer requests" in text


def test_an_anomaly_without_a_known_monitor_shows_its_id():
    raw = fa.anomaly(
        "a1", monitor=fa.monitor("gone", key="abc-123"), start=DAY, end=DAY, actual=50, expected=0
    )
    digest = AccountDigest(
        _account("demo"),
        watch=AnomalyWatch(monitors=Listing((), DAY), anomalies=[parse_anomaly(raw)], since=DAY),
    )
    text = blocks_to_text(account_reply(digest).blocks)
    assert "🆕 $50.00 impact, 2026-11-23, monitor `abc-123` — anomaly `a1`" in text
