"""An obligation's answers by the obligation: a sweep that chases reads each chased
obligation's last answer (``tracking.escalation``), which without this index scanned every
event of every task, a table that grows with every answer.

Revision ID: 0016_event_answers
Revises: 0015_reply_updates
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0016_event_answers"
down_revision = "0015_reply_updates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_assignment", "events", ["assignment_id", "kind", "at"])


def downgrade() -> None:
    op.drop_index("ix_events_assignment", "events")
