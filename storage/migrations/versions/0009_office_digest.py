"""The office's daily digest: the notes waiting for it, and one row per working day (unique
on its day, the claim).

Revision ID: 0009_office_digest
Revises: 0008_quiet_reminders
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_office_digest"
down_revision = "0008_quiet_reminders"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "office_digests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("notes", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "office_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("digest_id", sa.Integer, sa.ForeignKey("office_digests.id")),
    )
    op.create_index("ix_office_notes_digest", "office_notes", ["digest_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_office_notes_digest", "office_notes")
    op.drop_table("office_notes")
    op.drop_table("office_digests")
