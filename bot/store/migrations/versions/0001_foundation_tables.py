"""foundation tables

Revision ID: 0001
Revises:
Create Date: 2026-11-23 15:41:03.595600
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("request_id", sa.String(length=40), nullable=True),
        sa.Column("account", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_log")),
    )
    with op.batch_alter_table("action_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_log_request_id"), ["request_id"], unique=False)

    op.create_table(
        "api_call_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("operation", sa.String(length=80), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "account", "service", "operation", name=op.f("pk_api_call_counts")),
    )
    op.create_table(
        "cleanup_offers",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cleanup_offers")),
    )
    op.create_table(
        "cleanup_requests",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("offer_id", sa.String(length=40), nullable=True),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("resource_id", sa.String(length=512), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("requester", sa.String(length=64), nullable=False),
        sa.Column("requested_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("expires_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("approver", sa.String(length=64), nullable=True),
        sa.Column("decided_at", bot.store.types.UtcDateTime(), nullable=True),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("updated_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cleanup_requests")),
    )
    with op.batch_alter_table("cleanup_requests", schema=None) as batch_op:
        batch_op.create_index("ix_cleanup_requests_state", ["state", "expires_at"], unique=False)

    op.create_table(
        "digest_threads",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("posted_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("day", "channel", name=op.f("pk_digest_threads")),
    )
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("expires_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )
    op.create_table(
        "response_cache",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("operation", sa.String(length=80), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_response_cache")),
    )
    with op.batch_alter_table("response_cache", schema=None) as batch_op:
        batch_op.create_index("ix_response_cache_day", ["account", "day"], unique=False)

    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("command", sa.String(length=40), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("started_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("finished_at", bot.store.types.UtcDateTime(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.create_index("ix_runs_latest", ["command", "account", "finished_at"], unique=False)

    op.create_table(
        "seen_anomalies",
        sa.Column("anomaly_id", sa.String(length=128), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("first_seen", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("last_reported_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("last_impact", bot.store.types.Money(length=40), nullable=False),
        sa.PrimaryKeyConstraint("anomaly_id", name=op.f("pk_seen_anomalies")),
    )


def downgrade() -> None:
    op.drop_table("seen_anomalies")
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_index("ix_runs_latest")

    op.drop_table("runs")
    with op.batch_alter_table("response_cache", schema=None) as batch_op:
        batch_op.drop_index("ix_response_cache_day")

    op.drop_table("response_cache")
    op.drop_table("leases")
    op.drop_table("digest_threads")
    with op.batch_alter_table("cleanup_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_cleanup_requests_state")

    op.drop_table("cleanup_requests")
    op.drop_table("cleanup_offers")
    op.drop_table("api_call_counts")
    with op.batch_alter_table("action_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_log_request_id"))

    op.drop_table("action_log")
