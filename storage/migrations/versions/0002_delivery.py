"""Delivery: the reminder plan, the outbox of messages, and one row per send attempt.

Revision ID: 0002_delivery
Revises: 0001_core
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_delivery"
down_revision = "0001_core"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("purpose", sa.String(24), nullable=False),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("chat_row_id", sa.Integer, sa.ForeignKey("chats.id")),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("keyboard", sa.JSON),
        sa.Column("task_ids", sa.JSON, nullable=False),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_at", TS),
        sa.Column("claim", sa.String(36)),
        sa.Column("sent_at", TS),
        sa.Column("message_id", sa.BigInteger),
        sa.Column("last_error", sa.Text, nullable=False),
    )
    op.create_index("ix_outbox_due", "outbox", ["state", "next_attempt_at"])
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id"), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("days_before", sa.Integer),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("handled_at", TS),
        sa.Column("outbox_id", sa.Integer, sa.ForeignKey("outbox.id")),
        sa.Column("claim", sa.String(36)),
    )
    op.create_index("ix_reminders_due", "reminders", ["state", "at"])
    op.create_index("ix_reminders_assignment", "reminders", ["assignment_id", "state"])
    op.create_table(
        "send_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("outbox_id", sa.Integer, sa.ForeignKey("outbox.id"), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("outcome", sa.String(24), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("send_attempts", "reminders", "outbox"):
        op.drop_table(table)
