"""What goes out and how: planned reminders, the outbox, tellings of new tasks, the
senders and every send attempt."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.status import (
    DeliveryOutcome,
    OutboxPurpose,
    OutboxState,
    ReminderKind,
    ReminderState,
    TellingRole,
    TellingState,
)
from storage.models.base import Base
from storage.types import StrEnumType


def _only(condition: str) -> dict[str, Any]:
    """A partial index's condition, on SQLite and PostgreSQL alike."""
    return {"sqlite_where": text(condition), "postgresql_where": text(condition)}


class ReminderRow(Base):
    """A planned reminder for one obligation at one instant."""

    __tablename__ = "reminders"
    __table_args__ = (
        # Only the pending reminders, which a sweep looks for: settling one (it leaves
        # ``pending``) adds no entry here. Statements name the state (``types.written``).
        Index(
            "ix_reminders_due",
            "at",
            **_only(f"state = '{ReminderState.PENDING.value}'"),
        ),
        Index("ix_reminders_assignment", "assignment_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    at: Mapped[datetime]
    kind: Mapped[ReminderKind] = mapped_column(StrEnumType(ReminderKind))
    days_before: Mapped[int | None] = mapped_column(default=None)
    state: Mapped[ReminderState] = mapped_column(
        StrEnumType(ReminderState), default=ReminderState.PENDING
    )
    handled_at: Mapped[datetime | None] = mapped_column(default=None)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), default=None)
    """The message that carried it, once fired."""
    claim: Mapped[str | None] = mapped_column(String(36), default=None)
    """The token of the sweep that claimed it, on a database that claims by a conditional
    update (not SQLite nor PostgreSQL, whose sweeps claim by their locks: not indexed)."""


class OutboxRow(Base):
    """One message to send. Claimed with a conditional update before it is sent."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "state", "next_attempt_at"),
        # Partial: a message queued (pending, not sent, answering no update) adds no entry
        # to these three, only to the two above. Only the messages being sent are looked
        # up by their sender (statements name the state: ``types.written``), only the sent
        # ones by their Telegram message, only a report's confirmation by its update (and
        # no two of those of one chat may share it).
        Index(
            "ix_outbox_claimed_by",
            "claimed_by",
            **_only(f"state = '{OutboxState.SENDING.value}'"),
        ),
        Index(
            "ix_outbox_message",
            "chat_id",
            "message_id",
            **_only("message_id IS NOT NULL"),
        ),
        Index(
            "ix_outbox_update",
            "chat_id",
            "update_id",
            unique=True,
            **_only("update_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[OutboxPurpose] = mapped_column(StrEnumType(OutboxPurpose))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    chat_row_id: Mapped[int | None] = mapped_column(ForeignKey("chats.id"), default=None)
    html: Mapped[str] = mapped_column(Text)
    keyboard: Mapped[list[Any] | None] = mapped_column(default=None)
    silent: Mapped[bool] = mapped_column(default=False)
    """Sent without a sound (``disable_notification``): a reminder of a far window."""
    task_ids: Mapped[list[Any]] = mapped_column(default=list)
    """The tasks a reminder lists: a reply to it with /done needs no id when there is one."""
    state: Mapped[OutboxState] = mapped_column(
        StrEnumType(OutboxState), default=OutboxState.PENDING
    )
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(default=None)
    claim: Mapped[str | None] = mapped_column(String(36), default=None)
    claimed_by: Mapped[str | None] = mapped_column(String(36), default=None)
    """The sender (``senders.id``) holding the claim while the message is "sending"."""
    reply_to: Mapped[int | None] = mapped_column(BigInteger, default=None)
    """The message this one answers (a confirmation quotes the command)."""
    update_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    """The Telegram update a report's confirmation answers: the same update delivered again
    is known as recorded (``tracking.service``)."""
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")

    @classmethod
    def queued(
        cls,
        *,
        purpose: OutboxPurpose,
        chat_id: int,
        html: str,
        now: datetime,
        keyboard: list[Any] | None = None,
        task_ids: Sequence[int] = (),
        chat_row_id: int | None = None,
        reply_to: int | None = None,
        silent: bool = False,
    ) -> OutboxRow:
        """A message ready to send at ``now``; the delivery loop claims, sends and retries it."""
        return cls(
            **cls.queued_values(
                purpose=purpose,
                chat_id=chat_id,
                html=html,
                now=now,
                keyboard=keyboard,
                task_ids=list(task_ids),  # the row's own
                chat_row_id=chat_row_id,
                reply_to=reply_to,
                silent=silent,
            )
        )

    @staticmethod
    def queued_values(
        *,
        purpose: OutboxPurpose,
        chat_id: int,
        html: str,
        now: datetime,
        keyboard: list[Any] | None = None,
        task_ids: Sequence[int] = (),
        chat_row_id: int | None = None,
        reply_to: int | None = None,
        silent: bool = False,
    ) -> dict[str, Any]:
        """The columns :meth:`queued` sets, as a bulk insert's row: a sweep of thousands of
        messages builds no ORM object."""
        return {
            "purpose": purpose,
            "chat_id": chat_id,
            "chat_row_id": chat_row_id,
            "reply_to": reply_to,
            "html": html,
            "keyboard": keyboard,
            "silent": silent,
            # A list is kept as given (a sweep's messages of one layout share theirs).
            "task_ids": task_ids if isinstance(task_ids, list) else list(task_ids),
            "state": OutboxState.PENDING,
            "created_at": now,
            "next_attempt_at": now,
            "last_error": "",
        }


class TellingRow(Base):
    """One agency to be told of one new task (created with the task, or when a task moves
    to it), only when it has a focal-point chat; claimed with a conditional update by the
    sweep that writes the chat's grouped message, in the same transaction, so it is told
    once."""

    __tablename__ = "tellings"
    __table_args__ = (
        Index("ix_tellings_state", "state", "created_at"),
        Index("ix_tellings_agency", "agency_id", "state"),
        Index("ix_tellings_claim", "claim"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    """The agency told (the one responsible today)."""
    role: Mapped[TellingRole] = mapped_column(StrEnumType(TellingRole))
    created_at: Mapped[datetime]
    state: Mapped[TellingState] = mapped_column(
        StrEnumType(TellingState), default=TellingState.PENDING
    )
    handled_at: Mapped[datetime | None] = mapped_column(default=None)
    claim: Mapped[str | None] = mapped_column(String(36), default=None)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), default=None)
    """The first message that told it."""


class SenderRow(Base):
    """A running delivery process. Its heartbeat says it is alive; a successor on the same
    host whose predecessor's pid is gone takes back that predecessor's claims at once."""

    __tablename__ = "senders"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int]
    started_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]
    stopped_at: Mapped[datetime | None] = mapped_column(default=None)


class SendAttemptRow(Base):
    """Every send attempt leaves a row: when, to which chat, and how it ended."""

    __tablename__ = "send_attempts"
    __table_args__ = (Index("ix_attempts_outbox", "outbox_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"))
    at: Mapped[datetime]
    chat_id: Mapped[int] = mapped_column(BigInteger)
    outcome: Mapped[DeliveryOutcome] = mapped_column(StrEnumType(DeliveryOutcome))
    detail: Mapped[str] = mapped_column(Text, default="")
