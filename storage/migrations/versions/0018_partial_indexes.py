"""Partial indexes on the reminders and the outbox: each holds only the rows looked up
through it. A due sweep settles every reminder it fires (it leaves ``pending``), so the due
reminders' index held an entry for every reminder ever fired and gained one per reminder
settled; now it holds the pending ones. A queued message is pending, not sent and answers
no update: the indexes of the messages being sent (by their sender), of the sent ones (by
their Telegram message) and of a report's confirmations (by their update) gained an entry
per message queued, and now gain none until it is one of those.

Revision ID: 0018_partial_indexes
Revises: 0017_claim_indexes
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_partial_indexes"
down_revision = "0017_claim_indexes"
branch_labels = None
depends_on = None


def _where(condition: str) -> dict[str, sa.TextClause]:
    return {"sqlite_where": sa.text(condition), "postgresql_where": sa.text(condition)}


def upgrade() -> None:
    op.drop_index("ix_reminders_due", "reminders")
    op.create_index("ix_reminders_due", "reminders", ["at"], **_where("state = 'pending'"))
    op.drop_index("ix_outbox_claimed_by", "outbox")
    op.create_index("ix_outbox_claimed_by", "outbox", ["claimed_by"], **_where("state = 'sending'"))
    op.drop_index("ix_outbox_message", "outbox")
    op.create_index(
        "ix_outbox_message",
        "outbox",
        ["chat_id", "message_id"],
        **_where("message_id IS NOT NULL"),
    )
    op.drop_index("ix_outbox_update", "outbox")
    op.create_index(
        "ix_outbox_update",
        "outbox",
        ["chat_id", "update_id"],
        unique=True,
        **_where("update_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_update", "outbox")
    op.create_index("ix_outbox_update", "outbox", ["chat_id", "update_id"], unique=True)
    op.drop_index("ix_outbox_message", "outbox")
    op.create_index("ix_outbox_message", "outbox", ["chat_id", "message_id"])
    op.drop_index("ix_outbox_claimed_by", "outbox")
    op.create_index("ix_outbox_claimed_by", "outbox", ["state", "claimed_by"])
    op.drop_index("ix_reminders_due", "reminders")
    op.create_index("ix_reminders_due", "reminders", ["state", "at"])
