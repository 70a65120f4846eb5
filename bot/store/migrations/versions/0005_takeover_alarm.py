"""takeover alarm: CloudTrail streams read, events seen, the account's history, alerts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_alerts",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("updates", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("offers", sa.JSON(), nullable=False),
        sa.Column("first_event_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("last_event_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("via", sa.String(length=8), nullable=False),
        sa.Column("created_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("posted_at", bot.store.types.UtcDateTime(), nullable=True),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("acked_by", sa.String(length=64), nullable=True),
        sa.Column("acked_at", bot.store.types.UtcDateTime(), nullable=True),
        sa.Column("reposts", sa.Integer(), nullable=False),
        sa.Column("reposted_at", bot.store.types.UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_alerts")),
    )
    with op.batch_alter_table("watch_alerts", schema=None) as batch_op:
        batch_op.create_index("ix_watch_alerts_recent", ["account", "last_event_at"], unique=False)

    op.create_table(
        "watch_events",
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("event_time", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("principal", sa.String(length=512), nullable=False),
        sa.Column("access_key", sa.String(length=40), nullable=True),
        sa.Column("via", sa.String(length=8), nullable=False),
        sa.Column("received_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("alert_id", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("account", "event_id", name=op.f("pk_watch_events")),
    )
    with op.batch_alter_table("watch_events", schema=None) as batch_op:
        batch_op.create_index("ix_watch_events_alert_id", ["alert_id"], unique=False)
        batch_op.create_index("ix_watch_events_time", ["account", "event_time"], unique=False)

    op.create_table(
        "watch_history",
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=512), nullable=False),
        sa.Column("last_seen", bot.store.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("account", "kind", "subject", name=op.f("pk_watch_history")),
    )
    op.create_table(
        "watch_streams",
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("stream", sa.String(length=40), nullable=False),
        sa.Column("seeded_until", bot.store.types.UtcDateTime(), nullable=True),
        sa.Column("polled_until", bot.store.types.UtcDateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("failing_since", bot.store.types.UtcDateTime(), nullable=True),
        sa.Column("last_error_at", bot.store.types.UtcDateTime(), nullable=True),
        sa.Column("updated_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("account", "stream", name=op.f("pk_watch_streams")),
    )


def downgrade() -> None:
    op.drop_table("watch_streams")
    op.drop_table("watch_history")
    with op.batch_alter_table("watch_events", schema=None) as batch_op:
        batch_op.drop_index("ix_watch_events_time")
        batch_op.drop_index("ix_watch_events_alert_id")

    op.drop_table("watch_events")
    with op.batch_alter_table("watch_alerts", schema=None) as batch_op:
        batch_op.drop_index("ix_watch_alerts_recent")

    op.drop_table("watch_alerts")
