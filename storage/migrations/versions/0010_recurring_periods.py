"""Recurring duties are followed period by period: ``tasks.recurrence`` (the RFC 5545
RRULE of the periods) and ``assignments.period_due`` (the due date of the current period).

Both are filled in at the next start, not here (the rule is read from the task's wording by
the deadline parser, which a migration should not import): every unfinished obligation of a
recurring task with a period is flagged ``replan``, and the start-up's re-planning computes
its rule and current period and replaces its old end-of-period reminder with the period's
windows.

Revision ID: 0010_recurring_periods
Revises: 0009_office_digest
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_recurring_periods"
down_revision = "0009_office_digest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of these tables would trip their foreign keys on SQLite.
    op.add_column("tasks", sa.Column("recurrence", sa.String(120), nullable=True))
    op.add_column("assignments", sa.Column("period_due", sa.Date, nullable=True))
    tasks = sa.table(
        "tasks",
        sa.column("id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("granularity", sa.String),
    )
    assignments = sa.table(
        "assignments",
        sa.column("task_id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("replan", sa.Boolean),
    )
    recurring = sa.select(tasks.c.id).where(
        tasks.c.kind == "recurring",
        tasks.c.granularity.in_(("weekly", "monthly", "quarterly", "yearly")),
    )
    op.execute(
        assignments.update()
        .where(
            assignments.c.task_id.in_(recurring),
            assignments.c.status.in_(("open", "late")),
        )
        .values(replan=True)
    )


def downgrade() -> None:
    op.execute("ALTER TABLE assignments DROP COLUMN period_due")
    op.execute("ALTER TABLE tasks DROP COLUMN recurrence")
