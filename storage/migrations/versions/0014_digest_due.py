"""The weekly digest's deliveries looked up by state and time: every pass asks whether one
is due (or left sending), which without an index reads the whole table.

Revision ID: 0014_digest_due
Revises: 0013_followup_dates
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0014_digest_due"
down_revision = "0013_followup_dates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_digest_deliveries_due", "digest_deliveries", ["state", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_digest_deliveries_due", "digest_deliveries")
