"""The payment ledger: which invoices a person recorded as paid, by whom, when and from where.

No AWS API says whether a given invoice is paid, so this is the bot's only source for it, and
every answer names it. Recording is idempotent: an invoice is recorded once; a second attempt
returns the existing record instead of overwriting it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.store import Store
from bot.store.tables import InvoicePayment, PaymentUploadThread
from bot.store.types import utcnow

SOURCES = {
    "slack-button": "Mark paid button",
    "slack-csv": "CSV uploaded in Slack",
    "cli-csv": "CSV imported with import-payments",
}


@dataclass(frozen=True)
class Payment:
    invoice_id: str
    paid_date: date
    recorded_by: str
    recorded_at: datetime
    source: str
    amount: Decimal | None = None
    currency: str | None = None
    reference: str | None = None
    account: str | None = None

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.source, self.source)


@dataclass(frozen=True)
class LedgerStatus:
    """How much the ledger holds and when it last changed: shown under every answer."""

    entries: int
    last_updated: datetime | None
    last_by: str | None
    last_source: str | None


def _payment(row: InvoicePayment) -> Payment:
    return Payment(
        invoice_id=row.invoice_id,
        paid_date=row.paid_date,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        source=row.source,
        amount=row.amount,
        currency=row.currency,
        reference=row.reference,
        account=row.account,
    )


def record_payment(
    store: Store,
    invoice_id: str,
    *,
    paid_date: date,
    recorded_by: str,
    source: str,
    amount: Decimal | None = None,
    currency: str | None = None,
    reference: str | None = None,
    account: str | None = None,
) -> tuple[Payment, bool]:
    """Record an invoice as paid; returns (the record, whether it is new). Never overwrites."""
    existing = payment_for(store, invoice_id)
    if existing is not None:
        return existing, False
    row = InvoicePayment(
        invoice_id=invoice_id,
        account=account,
        paid_date=paid_date,
        amount=amount,
        currency=currency,
        reference=reference or None,
        source=source,
        recorded_by=recorded_by,
        recorded_at=utcnow(),
    )
    try:
        with store.tx() as tx:
            tx.add(row)
    except IntegrityError:  # recorded by someone else at the same moment
        again = payment_for(store, invoice_id)
        if again is None:
            raise
        return again, False
    return _payment(row), True


def payment_for(store: Store, invoice_id: str) -> Payment | None:
    with store.tx() as tx:
        row = tx.scalars(select(InvoicePayment).where(InvoicePayment.invoice_id == invoice_id)).first()
        return _payment(row) if row else None


def payments_for(store: Store, invoice_ids: Iterable[str]) -> dict[str, Payment]:
    ids = sorted(set(invoice_ids))
    found: dict[str, Payment] = {}
    with store.tx() as tx:
        for start in range(0, len(ids), 500):  # stay under every backend's bound-parameter limit
            chunk = ids[start : start + 500]
            for row in tx.scalars(select(InvoicePayment).where(InvoicePayment.invoice_id.in_(chunk))):
                found[row.invoice_id] = _payment(row)
    return found


def ledger_status(store: Store) -> LedgerStatus:
    with store.tx() as tx:
        entries = tx.scalar(select(func.count()).select_from(InvoicePayment)) or 0
        last = tx.scalars(
            select(InvoicePayment).order_by(InvoicePayment.recorded_at.desc(), InvoicePayment.id.desc())
        ).first()
        if last is None:
            return LedgerStatus(entries, None, None, None)
        return LedgerStatus(entries, last.recorded_at, last.recorded_by, last.source)


# --- the Slack threads that accept a payments CSV ----------------------------------------------------
def open_upload_thread(store: Store, channel: str, thread_ts: str, *, account: str | None, by: str) -> None:
    with store.tx() as tx:
        if tx.get(PaymentUploadThread, (channel, thread_ts)) is None:
            tx.add(PaymentUploadThread(channel=channel, thread_ts=thread_ts, account=account, opened_by=by))


def upload_thread(store: Store, channel: str, thread_ts: str) -> PaymentUploadThread | None:
    with store.tx() as tx:
        return tx.get(PaymentUploadThread, (channel, thread_ts))
