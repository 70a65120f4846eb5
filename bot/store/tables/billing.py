"""The invoice payment ledger: AWS has no per-invoice paid flag, so who paid what is recorded here.

One row per invoice marked paid (a "Mark paid" button or an imported CSV), with who recorded it,
when and from where, so the answer can always say where its paid status came from. The upload
threads are the Slack threads in which the bot accepts a payments CSV.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.tables.base import Base
from bot.store.types import utcnow


class InvoicePayment(Base):
    """An invoice (or credit memo) recorded as settled; the invoice ID is AWS's, verbatim."""

    __tablename__ = "invoice_payments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    invoice_id: Mapped[str] = mapped_column(String(128), unique=True)
    account: Mapped[str | None] = mapped_column(String(64))
    paid_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal | None]
    currency: Mapped[str | None] = mapped_column(String(3))
    reference: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20))  # slack-button | slack-csv | cli-csv
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_invoice_payments_recorded_at", "recorded_at"),)


class PaymentUploadThread(Base):
    """A `/aws-pastdue` thread where a payments CSV uploaded as a reply is imported."""

    __tablename__ = "payment_upload_threads"
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(32), primary_key=True)
    account: Mapped[str | None] = mapped_column(String(64))
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
