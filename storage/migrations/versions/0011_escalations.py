"""Escalation and leadership chats: ``escalations`` (an obligation escalated after
unanswered chases), ``leadership_chats`` (an agency's leadership, registered with an
invitation of the kind "lãnh đạo": ``invites.role``), and ``leadership_summaries`` (one row
per weekly slot, unique on it, the claim of the leadership's weekly summary).

Revision ID: 0011_escalations
Revises: 0010_recurring_periods
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_escalations"
down_revision = "0010_recurring_periods"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Plain ADD COLUMN: every invitation of the previous schema was a focal point's.
    op.add_column(
        "invites", sa.Column("role", sa.String(24), nullable=False, server_default="focal")
    )
    op.create_table(
        "leadership_chats",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False, unique=True),
        sa.Column("agency_id", sa.String(64), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False, server_default=""),
        sa.Column("user_id", sa.BigInteger),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("joined_at", TS, nullable=False),
    )
    op.create_index("ix_leadership_agency", "leadership_chats", ["agency_id", "active"])
    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id"), nullable=False),
        sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id"), nullable=False),
        sa.Column("owner_id", sa.String(64), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("chases", sa.Integer, nullable=False),
        sa.Column("leadership_chats", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_escalations_assignment", "escalations", ["assignment_id", "at"])
    op.create_table(
        "leadership_summaries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slot", TS, nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("messages", sa.Integer, nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("leadership_summaries")
    op.drop_index("ix_escalations_assignment", "escalations")
    op.drop_table("escalations")
    op.drop_index("ix_leadership_agency", "leadership_chats")
    op.drop_table("leadership_chats")
    op.execute("ALTER TABLE invites DROP COLUMN role")
