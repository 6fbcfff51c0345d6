"""Delivery leases and replies through the outbox.

* ``senders``: one row per running delivery process (host, pid, heartbeat), so a message
  left "sending" by a process that died is taken back at once by its successor;
* ``outbox.claimed_by``: the sender that claimed a message;
* ``outbox.reply_to``: the message a confirmation answers (quoted in the chat).

Revision ID: 0004_delivery_leases
Revises: 0003_imports
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_delivery_leases"
down_revision = "0003_imports"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "senders",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("host", sa.String(200), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("heartbeat_at", TS, nullable=False),
        sa.Column("stopped_at", TS),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(36)))
        batch.add_column(sa.Column("reply_to", sa.BigInteger))
    op.create_index("ix_outbox_claimed_by", "outbox", ["state", "claimed_by"])


def downgrade() -> None:
    op.drop_index("ix_outbox_claimed_by", "outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("reply_to")
        batch.drop_column("claimed_by")
    op.drop_table("senders")
