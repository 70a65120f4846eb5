"""Aging: which unpaid money is how late, per seller of record and currency. Pure functions.

An invoice is aged by its due date (an invoice without one is due on issue): not yet due is
Current, then 1–30, 31–60, 61–90 and 91+ days past due. 91+ is the pre-suspension bucket. A credit
memo is aged with the invoice it credits, so it reduces that invoice's bucket; a credit memo of
an invoice recorded paid is settled with it. Amounts are summed in their own currency; USD
figures come from `bot.billing.fx` and a currency without a rate stays out of USD totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bot.billing.fx import Usd, to_usd
from bot.billing.invoices import PAYMENT_RECEIPT, Invoice
from bot.billing.ledger import Payment

BUCKETS = ("current", "1-30", "31-60", "61-90", "91+")
PAST_DUE = BUCKETS[1:]
LABELS = {"current": "Current", "1-30": "1–30", "31-60": "31–60", "61-90": "61–90", "91+": "91+"}
ZERO = Decimal(0)


def bucket_for(days_late: int | None) -> str:
    if days_late is None or days_late <= 0:
        return "current"
    if days_late <= 30:
        return "1-30"
    if days_late <= 60:
        return "31-60"
    if days_late <= 90:
        return "61-90"
    return "91+"


def _empty() -> dict[str, Decimal]:
    return dict.fromkeys(BUCKETS, ZERO)


@dataclass(frozen=True)
class OpenItem:
    """An unpaid invoice or an unsettled credit memo, with its age and USD value."""

    invoice: Invoice
    bucket: str
    days_late: int | None
    usd: Usd

    @property
    def past_due(self) -> bool:
        return self.bucket != "current"


@dataclass
class SellerDue:
    """One seller of record in one currency: each is paid separately."""

    seller: str
    currency: str
    buckets: dict[str, Decimal] = field(default_factory=_empty)
    usd_buckets: dict[str, Decimal] = field(default_factory=_empty)
    unconverted: bool = False  # some amount has no USD rate
    approximate: bool = False  # some USD figure comes from FX_RATES

    @property
    def past_due(self) -> Decimal:
        return sum((self.buckets[b] for b in PAST_DUE), ZERO)

    @property
    def past_due_usd(self) -> Decimal:
        return sum((self.usd_buckets[b] for b in PAST_DUE), ZERO)

    @property
    def total(self) -> Decimal:
        return sum(self.buckets.values(), ZERO)

    @property
    def oldest_bucket(self) -> str | None:
        return next((b for b in reversed(PAST_DUE) if self.buckets[b] > 0), None)


@dataclass
class Aging:
    as_of: date
    items: list[OpenItem] = field(default_factory=list)  # oldest due first
    paid: list[tuple[Invoice, Payment]] = field(default_factory=list)
    sellers: list[SellerDue] = field(default_factory=list)  # most past-due USD first
    receipts: int = 0  # PAYMENT_RECEIPT documents: not amounts owed

    def by_currency(self) -> dict[str, dict[str, Decimal]]:
        """Bucket totals per currency: USD first, then the others by their USD weight."""
        table: dict[str, dict[str, Decimal]] = {}
        weight: dict[str, Decimal] = {}
        for seller in self.sellers:
            row = table.setdefault(seller.currency, _empty())
            for bucket in BUCKETS:
                row[bucket] += seller.buckets[bucket]
            weight[seller.currency] = weight.get(seller.currency, ZERO) + sum(
                seller.usd_buckets.values(), ZERO
            )
        order = sorted(table, key=lambda c: (c != "USD", -weight[c], c))
        return {currency: table[currency] for currency in order}

    def usd_by_bucket(self) -> dict[str, Decimal]:
        row = _empty()
        for seller in self.sellers:
            for bucket in BUCKETS:
                row[bucket] += seller.usd_buckets[bucket]
        return row

    @property
    def past_due_usd(self) -> Decimal:
        return sum((s.past_due_usd for s in self.sellers), ZERO)

    @property
    def usd_91_plus(self) -> Decimal:
        return sum((s.usd_buckets["91+"] for s in self.sellers), ZERO)

    @property
    def oldest_bucket(self) -> str | None:
        """The oldest past-due bucket that holds money for any seller."""
        return next((b for b in reversed(PAST_DUE) if any(s.buckets[b] > 0 for s in self.sellers)), None)

    @property
    def approximate(self) -> bool:
        return any(i.usd.approximate for i in self.items if i.past_due)

    @property
    def unconverted(self) -> list[SellerDue]:
        """Sellers whose past-due amount could not be put in USD (left out of the USD total)."""
        return [s for s in self.sellers if s.unconverted and s.past_due != 0]

    def sellers_in(self, bucket: str) -> list[SellerDue]:
        return [s for s in self.sellers if s.buckets[bucket] > 0]


def age(
    invoices: Iterable[Invoice],
    payments: Mapping[str, Payment],
    fx_rates: Mapping[str, Decimal],
    today: date,
) -> Aging:
    """Age every unpaid invoice and unsettled credit memo as of `today`."""
    aging = Aging(as_of=today)
    documents = list(invoices)
    aging.receipts = sum(1 for d in documents if d.kind == PAYMENT_RECEIPT)
    documents = [d for d in documents if d.kind != PAYMENT_RECEIPT]
    by_id = {d.invoice_id: d for d in documents}

    def settled_by(doc: Invoice) -> Payment | None:
        if doc.invoice_id in payments:
            return payments[doc.invoice_id]
        if doc.is_credit and doc.original_invoice_id in payments:
            return payments[doc.original_invoice_id]
        return None

    def days_late(doc: Invoice) -> int | None:
        original = by_id.get(doc.original_invoice_id or "") if doc.is_credit else None
        due = (original or doc).due or (original or doc).issued
        return (today - due).days if due else None

    sellers: dict[tuple[str, str], SellerDue] = {}
    for doc in documents:
        payment = settled_by(doc)
        if payment is not None:
            aging.paid.append((doc, payment))
            continue
        late = days_late(doc)
        item = OpenItem(doc, bucket_for(late), late, to_usd(doc, fx_rates))
        aging.items.append(item)
        seller = sellers.setdefault((doc.seller, doc.currency), SellerDue(doc.seller, doc.currency))
        seller.buckets[item.bucket] += doc.amount
        if item.usd.value is None:
            seller.unconverted = True
        else:
            seller.usd_buckets[item.bucket] += item.usd.value
            seller.approximate = seller.approximate or item.usd.approximate
    aging.items.sort(key=lambda i: (-(i.days_late or -(10**6)), i.invoice.seller, i.invoice.invoice_id))
    aging.sellers = sorted(sellers.values(), key=lambda s: (-s.past_due_usd, -s.past_due, s.seller))
    return aging
