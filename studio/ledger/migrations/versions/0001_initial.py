"""The ledger as Studio created it before migrations (metadata.create_all): briefs and jobs.
Ledgers made that way have no alembic_version table; they are stamped at this revision.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "briefs",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("owner", sa.String(128), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("template_id", sa.String(64)),
        sa.Column("planner", sa.String(64)),
        sa.Column("out_dir", sa.Text),
        sa.Column("manifest", sa.Text),
        sa.Column("plan_json", sa.Text),
        sa.Column("jobs_total", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_briefs_owner", "briefs", ["owner"])
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(96), primary_key=True),
        sa.Column("brief_id", sa.String(64), sa.ForeignKey("briefs.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("generator", sa.String(64)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("outputs_json", sa.Text),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("seconds", sa.Float),
    )
    op.create_index("ix_jobs_brief_id", "jobs", ["brief_id"])


def downgrade() -> None:
    op.drop_index("ix_jobs_brief_id", table_name="jobs")
    op.drop_table("jobs")
    op.drop_index("ix_briefs_owner", table_name="briefs")
    op.drop_table("briefs")
