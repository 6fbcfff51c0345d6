"""Scale: an index for every lookup on the hot path, and the registry's fingerprint.

* ``reminders.claim`` and ``outbox.claim``: a sweep reads back what it claimed by its token;
* ``chats.agency_id``: a sweep finds the chats of the agencies it reminds;
* ``assignments.agency_id``: the registry sync follows merged agencies to today's owner;
* ``assignments.replan`` (only the flagged rows): the start-up's re-planning check;
* ``outbox (chat_id, message_id)``: a reply to a reminder finds the tasks it listed;
* ``send_attempts.outbox_id``: a message's attempts;
* ``meta``: small facts about the database, e.g. the fingerprint of the agency registry it
  mirrors (a start with the same registry skips the sync).

Revision ID: 0007_scale
Revises: 0006_digests
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_scale"
down_revision = "0006_digests"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_reminders_claim", "reminders", ["claim"]),
    ("ix_outbox_claim", "outbox", ["claim"]),
    ("ix_chats_agency", "chats", ["agency_id", "active"]),
    ("ix_assign_agency", "assignments", ["agency_id"]),
    ("ix_outbox_message", "outbox", ["chat_id", "message_id"]),
    ("ix_attempts_outbox", "send_attempts", ["outbox_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    op.create_index(
        "ix_assign_replan",
        "assignments",
        ["replan"],
        sqlite_where=sa.text("replan"),
        postgresql_where=sa.text("replan"),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("meta")
    op.drop_index("ix_assign_replan", "assignments")
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table)
