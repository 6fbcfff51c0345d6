"""The weekly digest: one row per week (unique on its slot, the claim) and one delivery
per recipient (claimed before it is sent).

Revision ID: 0006_digests
Revises: 0005_followup
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_digests"
down_revision = "0005_followup"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "digests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slot", TS, nullable=False, unique=True),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "digest_deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id"), nullable=False),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("claimed_at", TS),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("text_sent", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("sent_at", TS),
        sa.Column("last_error", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("digest_id", "chat_id"),
    )


def downgrade() -> None:
    op.drop_table("digest_deliveries")
    op.drop_table("digests")
