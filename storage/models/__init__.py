"""The schema, one module per concept. The database is the source of truth; the scheduler's
memory is a cache.

    base      the declarative base (``Base``; its ``metadata`` is the schema Alembic compares)
    tasks     agencies, notices, tasks, obligations (assignments), events, extensions
    chats     focal-point chats, invitations, leadership chats, escalations, weekly summaries
    delivery  reminders, the outbox, tellings, senders, send attempts
    office    imports waiting, the weekly and daily digests, office notes, meta

Every table is imported here, so ``Base.metadata`` holds them all and
``from storage.models import …`` reaches each one.
"""

from __future__ import annotations

from storage.models.base import Base
from storage.models.chats import (
    ChatRow,
    EscalationRow,
    InviteRow,
    LeadershipChatRow,
    LeadershipSummaryRow,
)
from storage.models.delivery import OutboxRow, ReminderRow, SendAttemptRow, SenderRow, TellingRow
from storage.models.office import (
    DigestDeliveryRow,
    DigestRow,
    ImportRow,
    MetaRow,
    OfficeDigestRow,
    OfficeNoteRow,
)
from storage.models.tasks import (
    AgencyRow,
    AssignmentRow,
    EventRow,
    ExtensionRow,
    NoticeRow,
    TaskRow,
)

__all__ = [
    "AgencyRow",
    "AssignmentRow",
    "Base",
    "ChatRow",
    "DigestDeliveryRow",
    "DigestRow",
    "EscalationRow",
    "EventRow",
    "ExtensionRow",
    "ImportRow",
    "InviteRow",
    "LeadershipChatRow",
    "LeadershipSummaryRow",
    "MetaRow",
    "NoticeRow",
    "OfficeDigestRow",
    "OfficeNoteRow",
    "OutboxRow",
    "ReminderRow",
    "SendAttemptRow",
    "SenderRow",
    "TaskRow",
    "TellingRow",
]
