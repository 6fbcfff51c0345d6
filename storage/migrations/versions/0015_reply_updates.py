"""The update a report's confirmation answers: a report's update that Telegram delivers
again (its offset never confirmed, the process killed meanwhile) is known as recorded and
neither recorded nor confirmed a second time.

Revision ID: 0015_reply_updates
Revises: 0014_digest_due
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_reply_updates"
down_revision = "0014_digest_due"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("update_id", sa.BigInteger(), nullable=True))
    op.create_index("ix_outbox_update", "outbox", ["chat_id", "update_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_outbox_update", "outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("update_id")
