"""Invoices from the AWS Invoicing API, as plain records: what is owed, to which seller, by when.

`ListInvoiceSummaries` (invoicing, 2024-12-01) is the only API that gives invoices with their
seller of record (`Entity.InvoicingEntity`), due date and the three currency views of the amount
(base, payment, tax) with AWS's own exchange details. It does not say whether an invoice is paid:
that comes from the ledger (`bot.billing.ledger`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

LOOKBACK_DAYS = 400  # invoices issued in the last ~13 months: older unpaid ones mean a suspended account

INVOICE = "INVOICE"
CREDIT_MEMO = "CREDIT_MEMO"
PAYMENT_RECEIPT = "PAYMENT_RECEIPT"


@dataclass(frozen=True)
class ExchangeRate:
    """`1 source = rate target`, as printed on the invoice."""

    source: str
    target: str
    rate: Decimal


@dataclass(frozen=True)
class Invoice:
    """One invoice or credit memo. `amount` is what it asks for in `currency` (negative for a credit)."""

    invoice_id: str
    kind: str  # INVOICE | CREDIT_MEMO | PAYMENT_RECEIPT
    seller: str
    amount: Decimal
    currency: str
    issued: date | None = None
    due: date | None = None
    period: tuple[int, int] | None = None  # (year, month) of usage
    original_invoice_id: str | None = None
    base_amount: Decimal | None = None
    base_currency: str | None = None
    tax_amount: Decimal | None = None
    tax_currency: str | None = None
    rates: tuple[ExchangeRate, ...] = field(default=(), compare=False)

    @property
    def is_credit(self) -> bool:
        return self.kind == CREDIT_MEMO

    @property
    def period_label(self) -> str:
        return f"{self.period[0]:04d}-{self.period[1]:02d}" if self.period else "—"


class MalformedInvoice(ValueError):
    """An invoice summary without the facts needed to age it (kept out, and reported)."""


def _decimal(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).date()
    if isinstance(value, date):
        return value
    return None


def _rate(block: Mapping[str, Any]) -> ExchangeRate | None:
    details = block.get("CurrencyExchangeDetails") or {}
    rate = _decimal(details.get("Rate"))
    source, target = details.get("SourceCurrencyCode"), details.get("TargetCurrencyCode")
    if rate is None or rate <= 0 or not source or not target:
        return None
    return ExchangeRate(str(source).upper(), str(target).upper(), rate)


def parse_summary(summary: Mapping[str, Any]) -> Invoice:
    """One `InvoiceSummaries` item → Invoice. The payment currency is what must be paid."""
    invoice_id = str(summary.get("InvoiceId") or "").strip()
    if not invoice_id:
        raise MalformedInvoice("an invoice summary has no InvoiceId")
    payment = summary.get("PaymentCurrencyAmount") or {}
    base = summary.get("BaseCurrencyAmount") or {}
    tax = summary.get("TaxCurrencyAmount") or {}
    owed_block = payment if _decimal(payment.get("TotalAmount")) is not None else base
    amount = _decimal(owed_block.get("TotalAmount"))
    currency = str(owed_block.get("CurrencyCode") or "").upper()
    if amount is None or not currency:
        raise MalformedInvoice(f"invoice {invoice_id} has no amount in a currency")
    kind = str(summary.get("InvoiceType") or INVOICE)
    if kind == CREDIT_MEMO:
        amount = -abs(amount)  # a credit memo reduces what is owed, whatever sign AWS prints
    period = summary.get("BillingPeriod") or {}
    rates = tuple(r for r in (_rate(b) for b in (payment, base, tax)) if r is not None)
    return Invoice(
        invoice_id=invoice_id,
        kind=kind,
        seller=str((summary.get("Entity") or {}).get("InvoicingEntity") or "unknown seller"),
        amount=amount,
        currency=currency,
        issued=_day(summary.get("IssuedDate")),
        due=_day(summary.get("DueDate")),
        period=(int(period["Year"]), int(period["Month"])) if period.get("Year") else None,
        original_invoice_id=summary.get("OriginalInvoiceId") or None,
        base_amount=_decimal(base.get("TotalAmount")),
        base_currency=str(base.get("CurrencyCode") or "").upper() or None,
        tax_amount=_decimal(tax.get("TotalAmount")),
        tax_currency=str(tax.get("CurrencyCode") or "").upper() or None,
        rates=rates,
    )


def parse_summaries(items: Iterable[Mapping[str, Any]]) -> tuple[list[Invoice], list[str]]:
    """Every parsable summary, and one line per summary that could not be used."""
    invoices: list[Invoice] = []
    problems: list[str] = []
    for item in items:
        try:
            invoices.append(parse_summary(item))
        except MalformedInvoice as exc:
            problems.append(str(exc))
    return invoices, problems


def list_invoice_summaries(
    client: Any, account_id: str, *, today: date, lookback_days: int = LOOKBACK_DAYS
) -> list[dict[str, Any]]:
    """Every invoice summary of the account issued in the lookback window, all pages."""
    start = today - timedelta(days=lookback_days)
    end = today + timedelta(days=1)  # the end is exclusive
    pages = client.get_paginator("list_invoice_summaries").paginate(
        Selector={"ResourceType": "ACCOUNT_ID", "Value": account_id},
        Filter={
            "TimeInterval": {
                "StartDate": datetime(start.year, start.month, start.day, tzinfo=UTC),
                "EndDate": datetime(end.year, end.month, end.day, tzinfo=UTC),
            }
        },
    )
    return [item for page in pages for item in page.get("InvoiceSummaries", [])]


def invoice_pdf(client: Any, invoice_id: str) -> dict[str, Any]:
    """A short-lived download link for one invoice (and its supplemental documents); never stored."""
    return client.get_invoice_pdf(InvoiceId=invoice_id).get("InvoicePDF") or {}
