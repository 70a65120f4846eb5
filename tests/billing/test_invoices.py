from datetime import UTC, date, datetime
from decimal import Decimal

from freezegun import freeze_time

from bot.billing.fx import UsdSource, to_usd
from bot.billing.invoices import list_invoice_summaries, parse_summaries, parse_summary
from bot.devtools.billing_stubs import TODAY, summary


def test_what_is_owed_is_the_payment_currency_amount():
    invoice = parse_summary(
        summary(
            "KR-1",
            "1380000",
            "KRW",
            BaseCurrencyAmount={"TotalAmount": "1000.00", "CurrencyCode": "USD"},
            Entity={"InvoicingEntity": "Amazon Web Services Korea LLC"},
        )
    )
    assert (invoice.amount, invoice.currency) == (Decimal(1380000), "KRW")
    assert invoice.seller == "Amazon Web Services Korea LLC"
    assert invoice.due == date(2026, 10, 17) and invoice.issued == date(2026, 10, 2)
    assert invoice.period_label == "2026-09"


def test_base_currency_is_used_when_there_is_no_payment_amount():
    item = summary("1", "0")
    del item["PaymentCurrencyAmount"]
    item["BaseCurrencyAmount"] = {"TotalAmount": "12.50", "CurrencyCode": "usd"}
    invoice = parse_summary(item)
    assert (invoice.amount, invoice.currency) == (Decimal("12.50"), "USD")


def test_a_credit_memo_is_negative_whatever_sign_aws_prints():
    for printed in ("40.00", "-40.00"):
        memo = parse_summary(summary("CM-1", printed, InvoiceType="CREDIT_MEMO", OriginalInvoiceId="9"))
        assert memo.amount == Decimal("-40.00") and memo.is_credit and memo.original_invoice_id == "9"


def test_due_dates_are_utc_days():
    item = summary("1", "1.00", DueDate=datetime(2026, 10, 17, 23, 30, tzinfo=UTC))
    assert parse_summary(item).due == date(2026, 10, 17)


def test_unusable_summaries_are_reported_not_raised():
    no_amount = summary("2", "")
    no_amount["PaymentCurrencyAmount"] = {"CurrencyCode": "USD"}
    invoices, problems = parse_summaries([summary("1", "1.00"), {"AccountId": "1"}, no_amount])
    assert [i.invoice_id for i in invoices] == ["1"]
    assert problems == ["an invoice summary has no InvoiceId", "invoice 2 has no amount in a currency"]


def test_usd_comes_from_the_invoice_before_fx_rates():
    fx = {"KRW": Decimal("1300"), "IDR": Decimal("16300")}
    in_usd = parse_summary(summary("1", "10.005"))
    assert to_usd(in_usd, fx).value == Decimal("10.01") and to_usd(in_usd, fx).source is UsdSource.USD

    base_usd = parse_summary(
        summary("2", "1380000", "KRW", BaseCurrencyAmount={"TotalAmount": "1000.00", "CurrencyCode": "USD"})
    )
    assert to_usd(base_usd, fx).value == Decimal("1000.00")
    assert to_usd(base_usd, fx).source is UsdSource.INVOICE_AMOUNT

    rate = {"SourceCurrencyCode": "USD", "TargetCurrencyCode": "KRW", "Rate": "1,380.00"}
    with_rate = parse_summary(
        summary("3", "1380000", "KRW", PaymentCurrencyAmount={
            "TotalAmount": "1380000", "CurrencyCode": "KRW", "CurrencyExchangeDetails": rate})
    )  # fmt: skip
    usd = to_usd(with_rate, fx)
    assert (usd.value, usd.source, usd.approximate) == (Decimal("1000.00"), UsdSource.INVOICE_RATE, False)

    inverse = {"SourceCurrencyCode": "IDR", "TargetCurrencyCode": "USD", "Rate": "0.00006"}
    reverse_rate = parse_summary(
        summary("4", "1000000", "IDR", TaxCurrencyAmount={
            "TotalAmount": "0", "CurrencyCode": "IDR", "CurrencyExchangeDetails": inverse})
    )  # fmt: skip
    assert to_usd(reverse_rate, fx).value == Decimal("60.00")

    no_details = parse_summary(summary("5", "1630000", "IDR"))
    usd = to_usd(no_details, fx)
    assert (usd.value, usd.source, usd.approximate) == (Decimal("100.00"), UsdSource.FX_RATES, True)

    unknown = parse_summary(summary("6", "100", "JPY"))
    assert to_usd(unknown, fx).value is None and to_usd(unknown, fx).source is UsdSource.NONE


def test_a_credit_memo_in_usd_terms_stays_negative():
    memo = parse_summary(
        summary(
            "CM-2",
            "138000",
            "KRW",
            InvoiceType="CREDIT_MEMO",
            BaseCurrencyAmount={"TotalAmount": "100.00", "CurrencyCode": "USD"},
        )
    )
    assert to_usd(memo, {}).value == Decimal("-100.00")


@freeze_time("2026-11-23")
def test_every_page_is_read_with_the_account_selector_and_a_time_window(stubbed):
    pages = [[summary(f"{p}-{n}", "1.00") for n in range(3)] for p in range(3)]
    with stubbed.invoices(*pages):  # the Stubber checks Selector, Filter and NextToken of each call
        items = list_invoice_summaries(stubbed.client("invoicing"), "123456789012", today=TODAY)
    assert [i["InvoiceId"] for i in items] == [f"{p}-{n}" for p in range(3) for n in range(3)]
