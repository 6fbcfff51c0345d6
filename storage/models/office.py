"""The office's side: imports waiting for confirmation, the weekly and daily digests, the
notes the daily digest takes, and small facts about the database."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.import_proposal import ImportProposal
from domain.status import ImportState, OfficeNoteKind, OutboxState
from storage.models.base import Base
from storage.types import ProposalJSON, StrEnumType


class ImportRow(Base):
    """A notice read by the importer, waiting for an admin's confirmation in a chat.

    ``payload`` is the proposal (the notice's fields and its proposed tasks), stored in its
    one JSON form (``ProposalJSON``), so an admin can fix a task before confirming and
    nothing is lost across a restart."""

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
    payload: Mapped[ImportProposal] = mapped_column(ProposalJSON())


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
