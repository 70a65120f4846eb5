from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.billing.aging import age, bucket_for
from bot.billing.invoices import Invoice
from bot.billing.ledger import Payment
from bot.store.types import utcnow

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(None, "current"), (-3, "current"), (0, "current"), (1, "1-30"), (30, "1-30"), (31, "31-60"),
     (60, "31-60"), (61, "61-90"), (90, "61-90"), (91, "91+"), (400, "91+")],
)  # fmt: skip
def test_bucket_boundaries(days, bucket):
    assert bucket_for(days) == bucket


def _invoice(invoice_id, amount, *, late=None, currency="USD", seller="AWS", kind="INVOICE", **extra):
    due = TODAY - timedelta(days=late) if late is not None else None
    return Invoice(invoice_id, kind, seller, Decimal(amount), currency, due=due, **extra)


def _paid(invoice_id):
    return Payment(invoice_id, TODAY, "U0BOB00001", utcnow(), "slack-button")


def test_not_yet_due_is_current_and_not_past_due():
    aging = age([_invoice("a", "10", late=-5), _invoice("b", "5", late=3)], {}, {}, TODAY)
    seller = aging.sellers[0]
    assert seller.buckets["current"] == Decimal(10) and seller.past_due == Decimal(5)
    assert aging.oldest_bucket == "1-30" and aging.past_due_usd == Decimal(5)


def test_an_invoice_without_due_date_is_due_on_issue():
    invoice = _invoice("a", "10", issued=TODAY - timedelta(days=45))
    assert age([invoice], {}, {}, TODAY).items[0].bucket == "31-60"


def test_a_credit_memo_of_a_paid_invoice_is_settled_with_it():
    invoice = _invoice("inv", "100", late=40)
    memo = _invoice("cm", "-30", kind="CREDIT_MEMO", original_invoice_id="inv")
    aging = age([invoice, memo], {"inv": _paid("inv")}, {}, TODAY)
    assert aging.items == [] and {i.invoice_id for i, _ in aging.paid} == {"inv", "cm"}


def test_a_credit_larger_than_its_bucket_does_not_count_as_money_owed_there():
    old = _invoice("old", "50", late=100)
    memo = _invoice("cm", "-80", kind="CREDIT_MEMO", original_invoice_id="old")
    aging = age([old, memo, _invoice("new", "20", late=10)], {}, {}, TODAY)
    assert aging.oldest_bucket == "1-30"  # the 91+ bucket holds a credit, not money owed


def test_payment_receipts_are_not_amounts_owed():
    aging = age([_invoice("r", "10", late=50, kind="PAYMENT_RECEIPT")], {}, {}, TODAY)
    assert aging.items == [] and aging.receipts == 1


def test_one_line_per_seller_and_currency_most_usd_first():
    invoices = [
        _invoice("a", "10", late=5, seller="AWS Inc"),
        _invoice("b", "1380000", late=5, seller="AWS Korea", currency="KRW"),
        _invoice("c", "5", late=5, seller="AWS Marketplace"),
    ]
    aging = age(invoices, {}, {"KRW": Decimal(1380)}, TODAY)
    assert [(s.seller, s.currency) for s in aging.sellers] == [
        ("AWS Korea", "KRW"), ("AWS Inc", "USD"), ("AWS Marketplace", "USD")]  # fmt: skip
    assert aging.by_currency()["USD"]["1-30"] == Decimal(15)
