"""cleanup engine: request batches, one open request per offer item, the executing process

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cleanup_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch_id", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("item_index", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("open_key", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("executor", sa.String(length=120), nullable=True))
        batch_op.create_index("ix_cleanup_requests_batch_id", ["batch_id"], unique=False)
        batch_op.create_index("uq_cleanup_requests_open_key", ["open_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("cleanup_requests", schema=None) as batch_op:
        batch_op.drop_index("uq_cleanup_requests_open_key")
        batch_op.drop_index("ix_cleanup_requests_batch_id")
        batch_op.drop_column("executor")
        batch_op.drop_column("open_key")
        batch_op.drop_column("item_index")
        batch_op.drop_column("batch_id")
