"""home viewers and incident checklists

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "home_viewers",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("opened_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("published_at", bot.store.types.UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_home_viewers")),
    )
    op.create_table(
        "incident_checklists",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("opened_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("updated_at", bot.store.types.UtcDateTime(), nullable=False),
        sa.Column("closed_at", bot.store.types.UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_checklists")),
    )
    with op.batch_alter_table("incident_checklists", schema=None) as batch_op:
        batch_op.create_index("ix_incident_checklists_account", ["account", "closed_at"], unique=False)
    op.create_table(
        "incident_items",
        sa.Column("checklist_id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=True),
        sa.Column("owned_at", bot.store.types.UtcDateTime(), nullable=True),
        sa.Column("done_by", sa.String(length=64), nullable=True),
        sa.Column("done_at", bot.store.types.UtcDateTime(), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=True),
        sa.Column("verified_detail", sa.Text(), nullable=True),
        sa.Column("verified_at", bot.store.types.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["checklist_id"],
            ["incident_checklists.id"],
            name=op.f("fk_incident_items_checklist_id_incident_checklists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("checklist_id", "key", name=op.f("pk_incident_items")),
    )


def downgrade() -> None:
    op.drop_table("incident_items")
    with op.batch_alter_table("incident_checklists", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_checklists_account")
    op.drop_table("incident_checklists")
    op.drop_table("home_viewers")
