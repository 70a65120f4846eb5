"""The daily digest end to end: the scheduler's job and `/aws-digest` over real HTTP, moto and the
fake Cost Explorer behind the bot's own clients, the fake Slack recording what is posted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

from bot.aws.fakes import FakeAws
from bot.devtools import fake_anomalies as fa
from bot.devtools.clock import ManualScheduler
from bot.devtools.fake_ce import EC2, FakeCostExplorer
from bot.devtools.harness import ALICE, OPS, Harness
from bot.render.text import blocks_to_text
from bot.scheduler import Scheduler
from bot.store.cache import calls_made
from bot.store.tables import DigestThread

DIGEST = "C0DIGEST01"
TODAY = date(2026, 11, 23)
BROKEN = {
    "name": "broken",
    "account_id": "210987654321",
    "audit_role_arn": "arn:aws:iam::210987654321:role/ChatOpsAudit",
    "external_id": "broken-external-id",
}


def deny_assume_role(arn: str):
    """A client hook: AssumeRole into `arn` is refused, as when the role's trust policy is wrong."""

    def hook(client, service, region):
        if service != "sts":
            return

        def refuse(params, **_):
            if params.get("RoleArn") == arn:
                error = {
                    "Error": {"Code": "AccessDenied", "Message": "not authorized to perform sts:AssumeRole"}
                }
                raise ClientError(error, "AssumeRole")

        client.meta.events.register("provide-client-params.sts.AssumeRole", refuse)

    return hook


@pytest.fixture
def ce(aws):
    """The demo account's bill: $100/day for 90 days, $400 yesterday (GPU in eu-west-1), an anomaly
    monitor with its subscription and the anomaly, and a $3,000 budget."""
    ce = FakeCostExplorer()
    start = TODAY - timedelta(days=89)
    ce.add_series(start, ["100.00"] * 89 + ["50.00"])
    ce.add(
        TODAY - timedelta(days=1),
        "300.00",
        service=EC2,
        region="eu-west-1",
        usage_type="EU-BoxUsage:p3.8xlarge",
    )
    monitor = fa.monitor("services")
    ce.monitors.append(monitor)
    ce.subscriptions.append(fa.subscription([monitor]))
    ce.anomalies.append(
        fa.anomaly(
            "a-gpu",
            monitor=monitor,
            start=TODAY - timedelta(days=1),
            end=TODAY - timedelta(days=1),
            actual="400",
            expected="100",
            causes=[(EC2, "eu-west-1", "EU-BoxUsage:p3.8xlarge", "300")],
        )
    )
    aws.client("budgets").create_budget(
        AccountId="123456789012",
        Budget={
            "BudgetName": "monthly-cost",
            "BudgetLimit": {"Amount": "3000", "Unit": "USD"},
            "TimeUnit": "MONTHLY",
            "BudgetType": "COST",
            "CalculatedSpend": {
                "ActualSpend": {"Amount": "2450", "Unit": "USD"},  # 82%
                "ForecastedSpend": {"Amount": "3350", "Unit": "USD"},  # 112%
            },
        },
    )
    return ce


def _bot(aws, ce, accounts, *, digest_channel=DIGEST, hooks=()) -> Harness:
    fake = ce.attach_to(FakeAws())
    settings = {"digest_channel": digest_channel} if digest_channel else {}
    return Harness(accounts=accounts, settings=settings, base_session=aws, aws_hooks=[fake.attach, *hooks])


@pytest.fixture
def bot(aws, ce, account):
    with _bot(aws, ce, [account]) as h:
        yield h


def _text(call) -> str:
    return blocks_to_text(call.args.get("blocks") or []) or call.args.get("text", "")


def _final_text(slack, call) -> str:
    return _text(slack.final(call.args["_ts"]) or call)


def test_the_scheduled_digest_posts_one_parent_and_a_reply_per_account(bot):
    with freeze_time("2026-11-23 09:00:05"):
        assert Scheduler(bot.services).run("digest")
    [parent] = bot.slack.parents()
    assert parent.args["channel"] == DIGEST
    text = _final_text(bot.slack, parent)
    assert "AWS DIGEST — 2026-11-23" in text
    assert "demo — 1 new anomaly ($300.00) · budget `monthly-cost` actual 82%" in text
    [reply] = bot.slack.thread(parent.args["_ts"])
    details = _text(reply)
    assert (
        "Yesterday (2026-11-22): $400.00 — +$300.00 (+300.0%) against the 7-day average of $100.00" in details
    )
    assert "`monthly-cost` (monthly) — month-to-date $2,450.00 of $3,000.00 (82%) 🟡 warning" in details
    assert "forecast $3,350.00 (112%) 🔴 over" in details
    assert "🆕 $300.00 (+300%) impact, 2026-11-22, monitor `services` — anomaly `a-gpu`" in details
    assert f"↳ {EC2} · eu-west-1 · EU-BoxUsage:p3.8xlarge · account 123456789012 ($300.00)" in details
    with bot.services.store.tx() as tx:
        assert tx.get(DigestThread, (TODAY, DIGEST)).ts == parent.args["_ts"]


def test_the_digest_makes_at_most_three_cost_explorer_requests_per_account(bot, ce):
    with freeze_time("2026-11-23 09:00:05"):
        Scheduler(bot.services).run("digest")
        first = calls_made(bot.services.store, service="ce", account="demo")
        bot.command("/aws-digest")
        second = calls_made(bot.services.store, service="ce", account="demo") - first
    assert first == 3  # the daily series, the monitors, the anomalies
    assert second == 2  # the anomalies again, and the subscriptions with the request left
    assert [op for op, _ in ce.requests].count("GetCostForecast") == 0  # the forecast is the budget's


def test_aws_digest_later_that_day_replies_in_the_same_thread(bot, ce):
    with freeze_time("2026-11-23 09:00:05"):
        Scheduler(bot.services).run("digest")
    [parent] = bot.slack.parents()
    thread = parent.args["_ts"]
    with freeze_time("2026-11-23 15:30:00"):
        ce.anomalies[0]["Impact"]["TotalImpact"] = 900.0  # it went on and grew
        ce.anomalies[0]["AnomalyEndDate"] = "2026-11-23"
        bot.command("/aws-digest", user=ALICE, channel=OPS)
    assert len(bot.slack.parents()) == 1  # no new thread
    header, reply = bot.slack.thread(thread)[1:]
    assert _final_text(bot.slack, header).startswith("🔁 Digest again at 15:30 UTC (asked by @U0ALICE001)")
    assert "📈 grew from $300.00 to $900.00" in _text(reply)
    assert "Posted the digest in <#C0DIGEST01> (today's thread)." in bot.ephemerals()[-1]
    refreshed = [c for c in bot.slack.called("chat.update") if c.args["ts"] == thread][-1]
    assert "1 growing ($900.00)" in _text(refreshed)
    with freeze_time("2026-11-24 09:00:05"):
        bot.command("/aws-digest")
    assert len(bot.slack.parents()) == 2  # a new day, a new thread
    assert "AWS DIGEST — 2026-11-24" in _final_text(bot.slack, bot.slack.parents()[-1])


def test_anomalies_already_posted_are_not_repeated(bot):
    with freeze_time("2026-11-23 09:00:05"):
        Scheduler(bot.services).run("digest")
    with freeze_time("2026-11-24 09:00:05"):
        Scheduler(bot.services).run("digest")
    first, second = bot.slack.parents()
    assert "1 new anomaly" in _final_text(bot.slack, first)
    assert "anomal" not in _final_text(bot.slack, second).split("·", 1)[0]
    [reply] = bot.slack.thread(second.args["_ts"])
    assert "Anomalies: nothing new since 2026-11-22." in _text(reply)


def test_without_a_digest_channel_it_posts_where_asked_and_keeps_to_that_thread(aws, ce, account):
    with freeze_time("2026-11-23 10:00"), _bot(aws, ce, [account], digest_channel=None) as bot:
        bot.command("/aws-digest", channel=OPS)
        bot.command("/aws-digest", channel=OPS)
        [parent] = bot.slack.parents()
        assert parent.args["channel"] == OPS
        assert "AWS DIGEST — 2026-11-23" in _final_text(bot.slack, parent)
        assert len(bot.slack.thread(parent.args["_ts"])) == 1 + 2  # a reply, then a header and a reply
        assert bot.ephemerals() == []


def test_an_account_whose_role_fails_shows_its_error_and_the_others_still_report(aws, ce, account):
    hooks = [deny_assume_role(BROKEN["audit_role_arn"])]
    with freeze_time("2026-11-23 09:00:05"), _bot(aws, ce, [account, BROKEN], hooks=hooks) as bot:
        Scheduler(bot.services).run("digest")
        [parent] = bot.slack.parents()
        lines = _final_text(bot.slack, parent).splitlines()
        assert any(line.startswith("🟠 demo — 1 new anomaly") for line in lines)
        assert any(
            line.startswith("⛔ broken — could not read the account: its role failed") for line in lines
        )
        replies = [_text(r) for r in bot.slack.thread(parent.args["_ts"])]
        assert len(replies) == 2
        [broken] = [r for r in replies if "broken" in r]
        assert "Could not assume `ChatOpsAudit` in `broken` (210987654321): AccessDenied" in broken
        [demo] = [r for r in replies if "demo (123456789012)" in r]
        assert "monthly-cost" in demo


def test_one_account_by_name_and_bad_input(aws, ce, account):
    hooks = [deny_assume_role(BROKEN["audit_role_arn"])]
    with freeze_time("2026-11-23 09:00:05"), _bot(aws, ce, [account, BROKEN], hooks=hooks) as bot:
        bot.command("/aws-digest", "demo")
        [parent] = bot.slack.parents()
        assert "broken" not in _final_text(bot.slack, parent)
        assert len(bot.slack.thread(parent.args["_ts"])) == 1
        reply = bot.command("/aws-digest", "nosuch")
        assert "Unknown account `nosuch`" in reply.json()["text"]
        reply = bot.command("/aws-digest", "demo broken")
        assert "Too many arguments" in reply.json()["text"]
        bot.command("/aws-digest", "broken")  # a named account whose role fails: told privately
        assert "Could not assume" in bot.ephemerals()[-1]
        assert len(bot.slack.parents()) == 1


def test_no_accounts_configured_is_told_privately(aws, ce):
    with freeze_time("2026-11-23 09:00:05"), _bot(aws, ce, []) as bot:
        bot.command("/aws-digest")
        assert "No AWS accounts are configured yet" in bot.ephemerals()[-1]
        assert bot.slack.parents() == []


def test_a_missed_run_posts_one_digest(bot, store):
    services = replace(bot.services, store=store)
    with freeze_time("2026-11-21 08:00") as clock:
        before = Scheduler(services, holder="before", scheduler_class=ManualScheduler)
        before.start()
        before.stop()
        clock.move_to("2026-11-23 11:00")  # down over three 09:00s
        after = Scheduler(services, holder="after", scheduler_class=ManualScheduler)
        after.start()
        after.aps.tick()
        after.aps.tick()
        after.stop()
    [parent] = bot.slack.parents()
    assert "AWS DIGEST — 2026-11-23" in _final_text(bot.slack, parent)


def test_two_replicas_on_one_database_post_one_digest(bot, store):
    services = replace(bot.services, store=store)
    with freeze_time("2026-11-23 08:59:59") as clock:
        replicas = [Scheduler(services, holder=h, scheduler_class=ManualScheduler) for h in ("a", "b")]
        for r in replicas:
            r.start()
        clock.move_to("2026-11-23 09:00:01")
        assert [r.run("digest") for r in replicas] == [True, False]  # both woke for the same slot
        for r in replicas:
            r.aps.tick()
            r.stop()
    assert len(bot.slack.parents()) == 1


def test_digest_money_is_exact(bot):
    from bot.store.runs import latest_run

    with freeze_time("2026-11-23 09:00:05"):
        Scheduler(bot.services).run("digest")
    run = latest_run(bot.services.store, "/aws-digest", "demo")
    assert Decimal(run.summary["yesterday_usd"]) == Decimal("400.00")
    assert run.summary["anomalies_read"] is True and run.summary["ce_requests"] == 3
