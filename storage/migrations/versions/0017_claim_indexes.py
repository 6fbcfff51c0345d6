"""No index on the claim tokens of reminders and messages: nothing looks a row up by its
token alone any more. A sweep claims its reminders by its lock (SQLite's write lock,
PostgreSQL's row locks) and writes no token; a sender reads back what it claimed by the
messages' ids. Each index cost an entry per reminder planned, per message queued and per
claim of a message, and on PostgreSQL one more index write per reminder a sweep settles.

Revision ID: 0017_claim_indexes
Revises: 0016_event_answers
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0017_claim_indexes"
down_revision = "0016_event_answers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_reminders_claim", "reminders")
    op.drop_index("ix_outbox_claim", "outbox")


def downgrade() -> None:
    op.create_index("ix_outbox_claim", "outbox", ["claim"])
    op.create_index("ix_reminders_claim", "reminders", ["claim"])
