"""The chats the bot talks to: focal points and their invitations, leadership chats, and what
they are sent as escalations and weekly summaries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.status import (
    ChatRole,
)
from storage.models.base import Base
from storage.types import StrEnumType


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
