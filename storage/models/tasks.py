"""The tracked work: agencies, notices, tasks, each agency's obligation under a task, its
history and the extensions proposed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from domain.deadline import DeadlineKind, Granularity
from domain.status import (
    EventKind,
    ProposalState,
    TaskStatus,
)
from domain.titles import STORED_TITLE_MAX
from storage.models.base import Base
from storage.types import StrEnumType


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
    __table_args__ = (
        Index("ix_events_task", "task_id", "at"),
        # A sweep that chases reads each chased obligation's last answer (escalation).
        Index("ix_events_assignment", "assignment_id", "kind", "at"),
    )

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
