"""Free text as TEXT: an owner, a template id, a planner label or a generator name can be
longer than the VARCHARs 0001 gave them (PostgreSQL enforced those lengths, so a long
fallback planner label crashed a run; SQLite never did). Ids and states stay VARCHARs.
SQLite cannot change a column's type in place: batch mode copies the table.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (table, column, type before, nullable)
_CHANGES = [
    ("briefs", "owner", sa.String(128), False),
    ("briefs", "template_id", sa.String(64), True),
    ("briefs", "planner", sa.String(64), True),
    ("jobs", "generator", sa.String(64), True),
]


def upgrade() -> None:
    for table in ("briefs", "jobs"):
        with op.batch_alter_table(table) as batch:
            for name, column, old, nullable in _CHANGES:
                if name == table:
                    batch.alter_column(
                        column, type_=sa.Text(), existing_type=old, existing_nullable=nullable
                    )


def downgrade() -> None:
    for table in ("briefs", "jobs"):
        with op.batch_alter_table(table) as batch:
            for name, column, old, nullable in _CHANGES:
                if name == table:
                    batch.alter_column(
                        column, type_=old, existing_type=sa.Text(), existing_nullable=nullable
                    )
