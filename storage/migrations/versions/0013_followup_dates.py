"""The first follow-up date an admin chose for an undated task (``tasks.followup_on``): its
first progress request goes out that morning instead of one interval after assignment.

Nothing is back-filled: existing tasks keep being followed up at the interval.

Revision ID: 0013_followup_dates
Revises: 0012_tellings
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_followup_dates"
down_revision = "0012_tellings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of the table would trip its foreign keys on SQLite.
    op.add_column("tasks", sa.Column("followup_on", sa.Date, nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE tasks DROP COLUMN followup_on")
