"""Reminders of far windows (30 and 14 days ahead) are sent without a sound: the outbox
remembers which messages go out silently (``disable_notification``).

Revision ID: 0008_quiet_reminders
Revises: 0007_scale
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_quiet_reminders"
down_revision = "0007_scale"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("silent", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("silent")
