"""payment ledger: invoices recorded paid, and the threads that accept a payments CSV

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:57:41.081649
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invoice_payments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("invoice_id", sa.String(length=128), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=True),
        sa.Column("paid_date", sa.Date(), nullable=False),
        sa.Column("amount", bot.store.types.Money(length=40), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_payments")),
        sa.UniqueConstraint("invoice_id", name=op.f("uq_invoice_payments_invoice_id")),
    )
    with op.batch_alter_table("invoice_payments", schema=None) as batch_op:
        batch_op.create_index("ix_invoice_payments_recorded_at", ["recorded_at"], unique=False)

    op.create_table(
        "payment_upload_threads",
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=True),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "thread_ts", name=op.f("pk_payment_upload_threads")),
    )


def downgrade() -> None:
    op.drop_table("payment_upload_threads")
    with op.batch_alter_table("invoice_payments", schema=None) as batch_op:
        batch_op.drop_index("ix_invoice_payments_recorded_at")

    op.drop_table("invoice_payments")
