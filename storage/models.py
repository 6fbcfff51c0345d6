"""The schema. The database is the source of truth; the scheduler's memory is a cache.

Times are ``UTCDateTime`` (aware, UTC). Calendar days (due dates) are plain ``Date``:
a due date is a local calendar day, not an instant.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from domain.deadline import DeadlineKind, Granularity
from domain.status import (
    ChatRole,
    DeliveryOutcome,
    EventKind,
    ImportState,
    OfficeNoteKind,
    OutboxPurpose,
    OutboxState,
    ProposalState,
    ReminderKind,
    ReminderState,
    TaskStatus,
    TellingRole,
    TellingState,
)
from domain.titles import STORED_TITLE_MAX
from storage.types import StrEnumType, UTCDateTime


class Base(DeclarativeBase):
    """Declarative base of every table."""

    type_annotation_map = {  # noqa: RUF012  (SQLAlchemy reads it as a plain class attribute)
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class AgencyRow(Base):
    """An agency of the registry (mirrored from ``seeds/agencies.toml`` at start)."""

    __tablename__ = "agencies"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(24))
    successor_id: Mapped[str | None] = mapped_column(String(64), default=None)
    owner_id: Mapped[str] = mapped_column(String(64))
    """The agency responsible today (follows the successor chain); itself when active."""


class NoticeRow(Base):
    """A conclusion notice (or plan) whose tasks are tracked."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    number: Mapped[str] = mapped_column(String(80), default="")
    issued: Mapped[date | None] = mapped_column(Date, default=None)
    title: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime]


class TaskRow(Base):
    """One assigned task: what must be done, by whom (as assigned), by when."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), default=None)
    seed_key: Mapped[str | None] = mapped_column(String(200), unique=True, default=None)
    ref: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(STORED_TITLE_MAX))
    text: Mapped[str] = mapped_column(Text, default="")
    lead: Mapped[str] = mapped_column(String(400))
    """The lead exactly as assigned: an agency name or a group wording."""
    lead_agency_id: Mapped[str | None] = mapped_column(String(64), default=None)
    co: Mapped[list[Any]] = mapped_column(default=list)
    """Co-operating agencies' ids."""
    due: Mapped[date | None] = mapped_column(Date, default=None)
    granularity: Mapped[Granularity | None] = mapped_column(StrEnumType(Granularity), default=None)
    kind: Mapped[DeadlineKind] = mapped_column(StrEnumType(DeadlineKind))
    phrase: Mapped[str] = mapped_column(Text, default="")
    recurrence: Mapped[str | None] = mapped_column(String(120), default=None)
    """A recurring duty's periods: the RFC 5545 RRULE value (``FREQ=MONTHLY;BYMONTHDAY=20``,
    see ``domain.recurrence``); None for every other kind."""
    followup_on: Mapped[date | None] = mapped_column(Date, default=None)
    """The first follow-up date of an undated task or a standing duty, chosen by the office
    (``domain.followup_date``): its first progress request or check-in goes out that morning
    instead of one interval after it was assigned. None: the interval applies."""
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(120), default="")

    notice: Mapped[NoticeRow | None] = relationship(lazy="raise")
    assignments: Mapped[list[AssignmentRow]] = relationship(
        back_populates="task", lazy="raise", order_by="AssignmentRow.id"
    )


class AssignmentRow(Base):
    """One member agency's obligation under a task: its own status, reminders and /done."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("task_id", "agency_id"),
        Index("ix_assign_owner", "owner_id"),
        Index("ix_assign_agency", "agency_id"),
        Index(
            "ix_assign_replan",
            "replan",
            sqlite_where=text("replan"),
            postgresql_where=text("replan"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    """The agency as assigned (a merged province keeps its own name here)."""
    owner_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    """The agency whose focal points are reminded today."""
    status: Mapped[TaskStatus] = mapped_column(StrEnumType(TaskStatus), default=TaskStatus.OPEN)
    status_at: Mapped[datetime | None] = mapped_column(default=None)
    new_due: Mapped[date | None] = mapped_column(Date, default=None)
    """The deadline in force when the office approved an extension; reminders follow it.
    (A focal point's proposed date is an ``ExtensionRow`` until decided.)"""
    note: Mapped[str] = mapped_column(Text, default="")
    period_due: Mapped[date | None] = mapped_column(Date, default=None)
    """A recurring duty's current period: its due date (the reminders are planned on it;
    a report of that period done moves it to the next one). None for every other kind."""
    replan: Mapped[bool] = mapped_column(default=False)
    """Its reminders must be re-planned at the next start (set by a data migration)."""

    task: Mapped[TaskRow] = relationship(back_populates="assignments", lazy="raise")


class EventRow(Base):
    """A line of a task's history: who did what, when."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_task", "task_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"), default=None)
    at: Mapped[datetime]
    kind: Mapped[EventKind] = mapped_column(StrEnumType(EventKind))
    actor: Mapped[str] = mapped_column(String(200), default="")
    actor_user_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    detail: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    """What the status model reads: ``due`` (YYYY-MM-DD), ``proposal``, ``ref``, ``field``,
    ``old`` and ``new`` values (see ``tracking.statuses``)."""


class ExtensionRow(Base):
    """A focal point's proposal to move a deadline, and the office's decision on it.

    Decided with a conditional update on ``state``, so the first admin to decide wins."""

    __tablename__ = "extension_requests"
    __table_args__ = (Index("ix_extensions_state", "state", "assignment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    proposed_due: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    proposed_at: Mapped[datetime]
    proposed_by: Mapped[str] = mapped_column(String(200), default="")
    proposed_by_user: Mapped[int | None] = mapped_column(BigInteger, default=None)
    chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    """The focal-point chat that proposed it (told the outcome)."""
    state: Mapped[ProposalState] = mapped_column(
        StrEnumType(ProposalState), default=ProposalState.PENDING
    )
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decided_by_user: Mapped[int | None] = mapped_column(BigInteger, default=None)
    decision_note: Mapped[str] = mapped_column(Text, default="")


class ChatRow(Base):
    """A Telegram chat bound to an agency as its focal point (a private chat or a group)."""

    __tablename__ = "chats"
    __table_args__ = (Index("ix_chats_agency", "agency_id", "active"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    title: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    """Who joined it (ran /start with the invite)."""
    active: Mapped[bool] = mapped_column(default=True)
    joined_at: Mapped[datetime]
    inactive_reason: Mapped[str] = mapped_column(String(300), default="")


class InviteRow(Base):
    """A single-use invitation token for one agency's focal point."""

    __tablename__ = "invites"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    used_by_chat: Mapped[int | None] = mapped_column(BigInteger, default=None)
    role: Mapped[ChatRole] = mapped_column(StrEnumType(ChatRole), default=ChatRole.FOCAL)
    """Whom it registers: the focal point, or the agency's leadership chat."""


class LeadershipChatRow(Base):
    """A Telegram chat of an agency's leadership: it gets the agency's escalations and its
    weekly summary, never reminders. Kept apart from ``chats`` so that nothing that
    reminds or chases focal points can reach it by mistake."""

    __tablename__ = "leadership_chats"
    __table_args__ = (Index("ix_leadership_agency", "agency_id", "active"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    title: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    """Who registered it (ran /start with the invitation)."""
    active: Mapped[bool] = mapped_column(default=True)
    joined_at: Mapped[datetime]


class EscalationRow(Base):
    """An obligation escalated after chases its agency left unanswered (once per silence:
    see ``domain.escalation``), written in the transaction of the chase that crossed the
    threshold."""

    __tablename__ = "escalations"
    __table_args__ = (Index("ix_escalations_assignment", "assignment_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    owner_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    """The agency chased (whose leadership is told)."""
    at: Mapped[datetime]
    chases: Mapped[int]
    """How many chases were unanswered."""
    leadership_chats: Mapped[int] = mapped_column(default=0)
    """How many leadership chats it was sent to (0: the agency has none registered)."""


class LeadershipSummaryRow(Base):
    """One week's summary to the leadership chats, claimed by inserting it (unique on its
    slot): queued once, even across a restart."""

    __tablename__ = "leadership_summaries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slot: Mapped[datetime] = mapped_column(unique=True)
    """The instant it was due (``DIGEST_DAY`` at ``DIGEST_TIME``)."""
    created_at: Mapped[datetime]
    messages: Mapped[int] = mapped_column(default=0)


class ReminderRow(Base):
    """A planned reminder for one obligation at one instant."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_due", "state", "at"),
        Index("ix_reminders_assignment", "assignment_id", "state"),
        Index("ix_reminders_claim", "claim"),
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
    """The token of the sweep that claimed it (a conditional update, so exactly one)."""


class OutboxRow(Base):
    """One message to send. Claimed with a conditional update before it is sent."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "state", "next_attempt_at"),
        Index("ix_outbox_claimed_by", "state", "claimed_by"),
        Index("ix_outbox_claim", "claim"),
        Index("ix_outbox_message", "chat_id", "message_id"),
        Index("ix_outbox_update", "chat_id", "update_id", unique=True),
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
                task_ids=task_ids,
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
            "task_ids": list(task_ids),
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


class ImportRow(Base):
    """A notice read by the importer, waiting for an admin's confirmation in a chat.

    ``payload`` holds the notice's fields and its proposed tasks as plain JSON, so an
    admin can fix a task before confirming and nothing is lost across a restart."""

    __tablename__ = "imports"
    __table_args__ = (Index("ix_imports_chat", "chat_id", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    state: Mapped[ImportState] = mapped_column(
        StrEnumType(ImportState), default=ImportState.PENDING
    )
    source: Mapped[str] = mapped_column(String(300), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)


class DigestRow(Base):
    """One week's digest, claimed by inserting it (unique on its slot): sent once."""

    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slot: Mapped[datetime] = mapped_column(unique=True)
    """The instant it was due (``DIGEST_DAY`` at ``DIGEST_TIME``)."""
    as_of: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime]


class DigestDeliveryRow(Base):
    """The digest for one recipient; claimed (pending → sending) before it is sent."""

    __tablename__ = "digest_deliveries"
    __table_args__ = (
        UniqueConstraint("digest_id", "chat_id"),
        Index("ix_digest_deliveries_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digests.id"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[OutboxState] = mapped_column(
        StrEnumType(OutboxState), default=OutboxState.PENDING
    )
    next_attempt_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    text_sent: Mapped[bool] = mapped_column(default=False)
    """The figures went out; a retry sends only the chart."""
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")


class OfficeDigestRow(Base):
    """One working day's digest to the office, claimed by inserting it (unique on its
    day): built and queued once, even across a restart."""

    __tablename__ = "office_digests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    """The local working day it is the digest of."""
    created_at: Mapped[datetime]
    notes: Mapped[int] = mapped_column(default=0)
    """How many notes it took (0: an empty day, nothing was sent)."""


class OfficeNoteRow(Base):
    """A line waiting for the office's daily digest (``ADMIN_NOTIFY=digest``); the digest
    that took it is recorded on it, so each note goes out once."""

    __tablename__ = "office_notes"
    __table_args__ = (Index("ix_office_notes_digest", "digest_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime]
    kind: Mapped[OfficeNoteKind] = mapped_column(StrEnumType(OfficeNoteKind))
    html: Mapped[str] = mapped_column(Text)
    """The line as the digest shows it (Telegram HTML, escaped)."""
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("office_digests.id"), default=None)


class MetaRow(Base):
    """A small fact about the database (e.g. ``registry``: the fingerprint of the agency
    registry last mirrored into ``agencies``)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
