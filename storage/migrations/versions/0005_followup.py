"""The office's follow-up: structured history, extension proposals the office decides.

Adds ``events.data`` (what the status model reads), ``extension_requests`` and
``assignments.replan``. Existing late reports that carried a date are converted:

* made by an admin (their Telegram id is in ``ADMIN_IDS``, handed over by
  ``storage.db.migrate``): an *approved* extension; the date stays the deadline in force;
* made by a focal point: an *open proposal*; the assigned deadline is in force again and
  the obligation's reminders are re-planned on it at the next start (``replan``).

Revision ID: 0005_followup
Revises: 0004_delivery_leases
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision = "0005_followup"
down_revision = "0004_delivery_leases"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of these tables would trip their foreign keys on SQLite.
    op.add_column("events", sa.Column("data", sa.JSON, nullable=True))
    op.add_column(
        "assignments",
        sa.Column("replan", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "extension_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id"), nullable=False),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id"), nullable=False),
        sa.Column("proposed_due", sa.Date, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("proposed_at", TS, nullable=False),
        sa.Column("proposed_by", sa.String(200), nullable=False),
        sa.Column("proposed_by_user", sa.BigInteger),
        sa.Column("chat_id", sa.BigInteger),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("decided_at", TS),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_by_user", sa.BigInteger),
        sa.Column("decision_note", sa.Text, nullable=False),
    )
    op.create_index("ix_extensions_state", "extension_requests", ["state", "assignment_id"])
    admin_ids: Collection[int] = context.config.attributes.get("admin_ids", ())
    _convert_late_dates(frozenset(admin_ids))


def _convert_late_dates(admin_ids: frozenset[int]) -> None:
    """Each obligation whose /late carried a date: an approved extension or a proposal."""
    bind = op.get_bind()
    meta = sa.MetaData()
    assignments = sa.Table("assignments", meta, autoload_with=bind)
    events = sa.Table("events", meta, autoload_with=bind)
    extensions = sa.Table("extension_requests", meta, autoload_with=bind)
    dated = bind.execute(
        sa.select(
            assignments.c.id,
            assignments.c.task_id,
            assignments.c.new_due,
            assignments.c.status,
            assignments.c.note,
            assignments.c.status_at,
        ).where(assignments.c.new_due.is_not(None))
    ).all()
    for assignment_id, task_id, new_due, status, note, status_at in dated:
        late = bind.execute(
            sa.select(events.c.at, events.c.actor, events.c.actor_user_id, events.c.detail)
            .where(events.c.assignment_id == assignment_id, events.c.kind == "late")
            .order_by(events.c.at.desc(), events.c.id.desc())
            .limit(1)
        ).first()
        at: datetime = late.at if late else status_at
        actor: str = late.actor if late else ""
        user: int | None = late.actor_user_id if late else None
        due: date = new_due
        by_admin = user is not None and user in admin_ids
        values: dict[str, Any] = {
            "task_id": task_id,
            "assignment_id": assignment_id,
            "proposed_due": due,
            "reason": note or "",
            "proposed_at": at,
            "proposed_by": actor,
            "proposed_by_user": user,
            "chat_id": None,
            "state": "approved" if by_admin else "pending",
            "decided_at": at if by_admin else None,
            "decided_by": actor if by_admin else "",
            "decided_by_user": user if by_admin else None,
            "decision_note": "",
        }
        proposal_id = bind.execute(
            sa.insert(extensions).values(**values).returning(extensions.c.id)
        ).scalar_one()
        kind = "extension_approved" if by_admin else "extension_proposed"
        bind.execute(
            sa.insert(events).values(
                task_id=task_id,
                assignment_id=assignment_id,
                at=at,
                kind=kind,
                actor=actor,
                actor_user_id=user,
                detail=f"{due:%d/%m/%Y}",
                data={"due": due.isoformat(), "proposal": proposal_id, "migrated": True},
            )
        )
        if not by_admin:
            bind.execute(
                sa.update(assignments)
                .where(assignments.c.id == assignment_id)
                .values(new_due=None, replan=status != "done")
            )


def downgrade() -> None:
    bind = op.get_bind()
    meta = sa.MetaData()
    assignments = sa.Table("assignments", meta, autoload_with=bind)
    extensions = sa.Table("extension_requests", meta, autoload_with=bind)
    # A proposal goes back to being the date the reminders follow, as before.
    for assignment_id, due in bind.execute(
        sa.select(extensions.c.assignment_id, extensions.c.proposed_due).where(
            extensions.c.state == "pending"
        )
    ).all():
        bind.execute(
            sa.update(assignments).where(assignments.c.id == assignment_id).values(new_due=due)
        )
    op.drop_index("ix_extensions_state", "extension_requests")
    op.drop_table("extension_requests")
    op.execute("ALTER TABLE assignments DROP COLUMN replan")
    op.execute("ALTER TABLE events DROP COLUMN data")
