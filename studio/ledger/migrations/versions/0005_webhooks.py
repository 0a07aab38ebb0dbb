"""Webhooks: each brief's subscription and its deliveries (an outbox); an index for paging an
owner's briefs newest first.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhooks",
        sa.Column("brief_id", sa.String(64), sa.ForeignKey("briefs.id"), primary_key=True),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("events_json", sa.Text(), nullable=False),
        sa.Column("seen", sa.Integer(), nullable=False),
        sa.Column("stream", sa.Text(), nullable=True),
        sa.Column("base", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.String(96), primary_key=True),
        sa.Column("brief_id", sa.String(64), sa.ForeignKey("webhooks.brief_id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_webhook_deliveries_brief_id", "webhook_deliveries", ["brief_id"])
    op.create_index("ix_briefs_owner_created_at_id", "briefs", ["owner", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_briefs_owner_created_at_id", table_name="briefs")
    op.drop_index("ix_webhook_deliveries_brief_id", table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhooks")
