"""The mission's second story end to end below Slack: three sellers, three currencies, four buckets."""

from datetime import date
from decimal import Decimal

import pytest
from freezegun import freeze_time

from bot.aws.errors import ProblemKind
from bot.billing.ledger import record_payment
from bot.billing.pastdue import summarize
from bot.demo.seeds.pastdue import ID, KR, US, mission_actions, mission_invoices
from bot.devtools.billing_stubs import FX, TODAY, summary
from bot.render.pastdue import render_aging

D = Decimal
MISSION_TABLE = {
    "USD": {
        "current": D(0),
        "1-30": D("2717.07"),
        "31-60": D("2595.99"),
        "61-90": D("2669.19"),
        "91+": D("1568.40"),
    },
    "KRW": {"current": D(0), "1-30": D(4068347), "31-60": D(3887657), "61-90": D(3997650), "91+": D(2369067)},
    "IDR": {"current": D(0), "1-30": D(541284), "31-60": D(510234), "61-90": D(520212), "91+": D(70923)},
}


def _pages(items, size=5):
    return [items[i : i + size] for i in range(0, len(items), size)]


@pytest.fixture
def mission(stubbed):
    return stubbed.invoices(*_pages(mission_invoices(TODAY))).actions(mission_actions()).state("ACTIVE")


@freeze_time("2026-11-23 10:00:00")
def test_the_mission_table_aged_by_due_date_across_three_pages(mission, store):
    with mission:
        report = summarize(mission, store, fx_rates=FX)
    aging = report.aging
    assert report.invoices_read == 12  # all three pages were read
    assert aging.by_currency() == MISSION_TABLE
    assert list(aging.by_currency()) == ["USD", "KRW", "IDR"]
    totals = {c: sum(row.values()) for c, row in aging.by_currency().items()}
    assert totals == {"USD": D("9550.65"), "KRW": D(14322721), "IDR": D(1642653)}
    assert {(s.seller, s.currency) for s in aging.sellers} == {(US, "USD"), (KR, "KRW"), (ID, "IDR")}
    # KRW at each invoice's own rate, IDR at FX_RATES 16300 (approximate): ≈ $20k in all.
    assert aging.past_due_usd == D("19946.07")
    assert aging.usd_91_plus == D("3298.91")  # 1,568.40 + 2,369,067/1372.45 + 70,923/16300
    assert report.summary() == {
        "past_due_usd": "19946.07",
        "usd_91_plus": "3298.91",
        "oldest_bucket": "91+",
        "approximate": True,
    }
    lines = [" ".join(line.split()) for line in render_aging(aging, FX).blocks[1]["text"]["text"].split("\n")]
    assert "USD 0.00 2,717.07 2,595.99 2,669.19 1,568.40 9,550.65" in lines
    assert "KRW 0 4,068,347 3,887,657 3,997,650 2,369,067 14,322,721" in lines
    assert "IDR 0 541,284 510,234 520,212 70,923 1,642,653" in lines


@freeze_time("2026-11-23 10:00:00")
def test_aws_payment_signals_are_read(mission, store):
    with mission:
        report = summarize(mission, store, fx_rates=FX)
    assert [a.type for a in report.past_due_actions] == ["PAYMENTS_PAST_DUE"]
    assert report.actions[0].severity == "CRITICAL"
    assert report.account_state == "ACTIVE" and not report.account_in_trouble
    assert not report.aws_contradicts_ledger
    assert report.problems == {}


@freeze_time("2026-11-23 10:00:00")
def test_a_credit_memo_reduces_the_bucket_of_the_invoice_it_credits(stubbed, store):
    credit = summary(
        "CM-2159086317-1",
        "100.00",
        InvoiceType="CREDIT_MEMO",
        OriginalInvoiceId="2159086317",  # the October USD invoice, 1–30 days late
        DueDate=None,
    )
    del credit["DueDate"]
    invoices = [*mission_invoices(TODAY), credit]
    with stubbed.invoices(*_pages(invoices)).actions([]).state():
        aging = summarize(stubbed, store, fx_rates=FX).aging
    usd = aging.by_currency()["USD"]
    assert usd["1-30"] == D("2617.07")
    assert sum(usd.values()) == D("9450.65")
    memo = next(i for i in aging.items if i.invoice.invoice_id == "CM-2159086317-1")
    assert memo.invoice.amount == D("-100.00") and memo.bucket == "1-30" and memo.days_late == 6


@freeze_time("2026-11-23 10:00:00")
def test_an_invoice_recorded_paid_leaves_the_table(mission, store):
    record_payment(
        store, "2078514362", paid_date=date(2026, 11, 20), recorded_by="U0BOB00001", source="slack-button"
    )
    with mission:
        report = summarize(mission, store, fx_rates=FX)
    aging = report.aging
    assert aging.by_currency()["USD"]["91+"] == D(0)
    assert sum(aging.by_currency()["USD"].values()) == D("7982.25")
    assert "2078514362" not in {i.invoice.invoice_id for i in aging.items}
    assert [(inv.invoice_id, p.recorded_by) for inv, p in aging.paid] == [("2078514362", "U0BOB00001")]
    assert aging.oldest_bucket == "91+"  # Korea and Indonesia are still 91+ days late
    assert aging.usd_91_plus == D("1730.51")
    assert report.ledger.entries == 1 and report.ledger.last_by == "U0BOB00001"


@freeze_time("2026-11-23 10:00:00")
def test_paying_every_91_plus_invoice_moves_the_oldest_bucket(mission, store):
    for invoice_id in ("2078514362", "KR-2607-094127", "ID-2607-007712"):
        record_payment(
            store, invoice_id, paid_date=date(2026, 11, 22), recorded_by="cli:ops", source="cli-csv"
        )
    with mission:
        report = summarize(mission, store, fx_rates=FX)
    assert report.aging.oldest_bucket == "61-90"
    assert report.summary()["usd_91_plus"] == "0.00"


@freeze_time("2026-11-23 10:00:00")
def test_without_any_rate_idr_stays_in_idr_and_out_of_the_usd_total(mission, store):
    with mission:
        aging = summarize(mission, store, fx_rates={}).aging
    assert aging.past_due_usd == D("9550.65") + D("10294.65")
    assert not aging.approximate  # what is in the total comes from the invoices themselves
    assert [(s.seller, s.currency) for s in aging.unconverted] == [(ID, "IDR")]
    assert aging.by_currency()["IDR"]["91+"] == D(70923)  # still shown, in its own currency


@freeze_time("2026-11-23 10:00:00")
def test_access_denied_on_invoicing_is_reported_not_fatal(stubbed, store):
    with stubbed.invoices_fail().actions(mission_actions()).state("SUSPENDED"):
        report = summarize(stubbed, store, fx_rates=FX)
    assert report.aging is None
    assert report.problems["invoices"].kind is ProblemKind.ACCESS_DENIED
    assert report.problems["invoices"].code == "AccessDeniedException"
    assert report.past_due_actions and report.account_in_trouble  # the other sources still answer
    assert report.summary()["past_due_usd"] is None


@freeze_time("2026-11-23 10:00:00")
def test_recommended_actions_denied_still_ages_the_invoices(stubbed, store):
    with stubbed.invoices(mission_invoices(TODAY)).actions_fail().state():
        report = summarize(stubbed, store, fx_rates=FX)
    assert report.actions is None and report.problems["actions"].kind is ProblemKind.ACCESS_DENIED
    assert report.aging.oldest_bucket == "91+"
    assert not report.aws_contradicts_ledger  # unknown is not "AWS says nothing is due"


@freeze_time("2026-11-23 10:00:00")
def test_aws_reporting_nothing_past_due_is_pointed_out(store, stubbed):
    with stubbed.invoices(mission_invoices(TODAY)).actions([]).state():
        report = summarize(stubbed, store, fx_rates=FX)
    assert report.aws_contradicts_ledger
