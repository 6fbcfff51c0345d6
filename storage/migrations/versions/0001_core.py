"""Core schema: agencies, notices, tasks, per-agency obligations, history, chats, invites.

Revision ID: 0001_core
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("short", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("successor_id", sa.String(64)),
        sa.Column("owner_id", sa.String(64), nullable=False),
    )
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(80), nullable=False, unique=True),
        sa.Column("number", sa.String(80), nullable=False),
        sa.Column("issued", sa.Date),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("notice_id", sa.Integer, sa.ForeignKey("notices.id")),
        sa.Column("seed_key", sa.String(200), unique=True),
        sa.Column("ref", sa.String(40), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("lead", sa.String(400), nullable=False),
        sa.Column("lead_agency_id", sa.String(64)),
        sa.Column("co", sa.JSON, nullable=False),
        sa.Column("due", sa.Date),
        sa.Column("granularity", sa.String(24)),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("phrase", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
    )
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id"), nullable=False),
        sa.Column("agency_id", sa.String(64), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("owner_id", sa.String(64), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("status_at", TS),
        sa.Column("new_due", sa.Date),
        sa.Column("note", sa.Text, nullable=False),
        sa.UniqueConstraint("task_id", "agency_id"),
    )
    op.create_index("ix_assign_owner", "assignments", ["owner_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id"), nullable=False),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id")),
        sa.Column("at", TS, nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("actor_user_id", sa.BigInteger),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_events_task", "events", ["task_id", "at"])
    op.create_table(
        "chats",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False, unique=True),
        sa.Column("agency_id", sa.String(64), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("user_id", sa.BigInteger),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("joined_at", TS, nullable=False),
        sa.Column("inactive_reason", sa.String(300), nullable=False),
    )
    op.create_table(
        "invites",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("agency_id", sa.String(64), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("created_by", sa.BigInteger, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS),
        sa.Column("used_by_chat", sa.BigInteger),
    )


def downgrade() -> None:
    for table in ("invites", "chats", "events", "assignments", "tasks", "notices", "agencies"):
        op.drop_table(table)
