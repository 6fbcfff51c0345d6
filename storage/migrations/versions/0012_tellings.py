"""Agencies told of the tasks they were given: one row per agency and new task, claimed by
the sweep that writes the chat's grouped message (``tracking.telling``).

Nothing is back-filled: the tasks of an existing database were created before there was
anything to tell, and their focal points already have them in their reminders.

Revision ID: 0012_tellings
Revises: 0011_escalations
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_tellings"
down_revision = "0011_escalations"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "tellings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id"), nullable=False),
        sa.Column("agency_id", sa.String(64), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("role", sa.String(24), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("handled_at", TS, nullable=True),
        sa.Column("claim", sa.String(36), nullable=True),
        sa.Column("outbox_id", sa.Integer, sa.ForeignKey("outbox.id"), nullable=True),
    )
    op.create_index("ix_tellings_state", "tellings", ["state", "created_at"])
    op.create_index("ix_tellings_agency", "tellings", ["agency_id", "state"])
    op.create_index("ix_tellings_claim", "tellings", ["claim"])


def downgrade() -> None:
    op.drop_index("ix_tellings_claim", "tellings")
    op.drop_index("ix_tellings_agency", "tellings")
    op.drop_index("ix_tellings_state", "tellings")
    op.drop_table("tellings")
