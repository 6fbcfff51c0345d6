"""Recording how a send ended: the message's new state, its attempt, and what follows.

Sent is the common case: two statements for every message sent at one turn of the group
writer (:func:`record_sent`). Otherwise
:meth:`Outcomes.record`: flood control waits ``retry_after``; network errors back off
(``BACKOFF``); a blocked or vanished chat is disabled, what is still queued for it fails
and the office is told; a migrated group is followed to its new id; a rejected message
fails alone. A send that never reached Telegram (the bot was stopping) is not an attempt.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from delivery.outbox import tell_office
from delivery.transport import SendResult
from delivery.wording import DeliveryWording
from domain.agencies import AgencyRegistry
from domain.status import (
    AdminNotify,
    DeliveryOutcome,
    OfficeNoteKind,
    OutboxPurpose,
    OutboxState,
)
from storage.models import ChatRow, LeadershipChatRow, OutboxRow, SendAttemptRow

log = logging.getLogger(__name__)

#: Back-off for network errors: attempt n waits BACKOFF[min(n, len-1)].
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1))


@dataclass(frozen=True, kw_only=True, slots=True)
class Sent:
    """Messages (one chat's, sent as one) that Telegram accepted, to record."""

    ids: Sequence[int]
    chat_id: int
    result: SendResult
    at: datetime


async def record_sent(session: AsyncSession, sent: Sequence[Sent]) -> list[None]:
    """The common outcome of many sends in two statements: sent, and their attempts (each
    an ``executemany``; a merged write of ``delivery.writes``)."""
    outbox = cast(Table, OutboxRow.__table__)
    await session.execute(
        update(outbox)
        .where(outbox.c.id == bindparam("row"))
        .values(
            state=OutboxState.SENT,
            sent_at=bindparam("at"),
            message_id=bindparam("message"),
            attempts=outbox.c.attempts + 1,
            claim=None,
            claimed_by=None,
        ),
        [
            {"row": outbox_id, "at": one.at, "message": one.result.message_id}
            for one in sent
            for outbox_id in one.ids
        ],
    )
    await session.execute(
        insert(cast(Table, SendAttemptRow.__table__)),
        [
            {
                "outbox_id": outbox_id,
                "at": one.at,
                "chat_id": one.chat_id,
                "outcome": one.result.outcome,
                "detail": one.result.detail,
            }
            for one in sent
            for outbox_id in one.ids
        ],
    )
    return [None] * len(sent)


class Outcomes:
    """What an attempt that was not plainly sent changes, in the sender's transaction."""

    def __init__(
        self,
        *,
        registry: AgencyRegistry,
        admin_ids: frozenset[int],
        admin_notify: AdminNotify,
        wording: DeliveryWording,
    ) -> None:
        self._registry = registry
        self._admin_ids = admin_ids
        self._admin_notify = admin_notify
        self._wording = wording

    async def record(
        self,
        session: AsyncSession,
        row: OutboxRow,
        chat_id: int,
        result: SendResult,
        now: datetime,
    ) -> None:
        row.claim = row.claimed_by = None
        if not result.attempted:
            row.state = OutboxState.PENDING  # never reached Telegram: not an attempt
            return
        row.attempts += 1
        session.add(
            SendAttemptRow(
                outbox_id=row.id,
                at=now,
                chat_id=chat_id,
                outcome=result.outcome,
                detail=result.detail,
            )
        )
        match result.outcome:
            case DeliveryOutcome.SENT:
                row.state, row.sent_at, row.message_id = (
                    OutboxState.SENT,
                    now,
                    result.message_id,
                )
            case DeliveryOutcome.RETRY_AFTER:
                wait = timedelta(seconds=max(1.0, result.retry_after or 1.0))
                row.state, row.next_attempt_at = OutboxState.PENDING, now + wait
                row.last_error = result.detail
            case DeliveryOutcome.TRANSIENT:
                wait = BACKOFF[min(row.attempts - 1, len(BACKOFF) - 1)]
                row.state, row.next_attempt_at = OutboxState.PENDING, now + wait
                row.last_error = result.detail
            case DeliveryOutcome.MIGRATED:
                await self._migrate(session, row, result.new_chat_id, now)
            case DeliveryOutcome.BLOCKED | DeliveryOutcome.CHAT_NOT_FOUND:
                row.state, row.last_error = OutboxState.FAILED, result.detail
                await self._disable_chat(session, row, result.outcome, now)
            case DeliveryOutcome.REJECTED:
                row.state, row.last_error = OutboxState.FAILED, result.detail

    async def _migrate(
        self, session: AsyncSession, row: OutboxRow, new_chat_id: int | None, now: datetime
    ) -> None:
        if new_chat_id is None:
            row.state, row.last_error = OutboxState.FAILED, "migrated without a new chat id"
            return
        old = row.chat_id
        await session.execute(
            update(ChatRow).where(ChatRow.chat_id == old).values(chat_id=new_chat_id)
        )
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.chat_id == old, OutboxRow.state == OutboxState.PENDING)
            .values(chat_id=new_chat_id)
        )
        row.chat_id, row.state, row.next_attempt_at = new_chat_id, OutboxState.PENDING, now

    async def _disable_chat(
        self, session: AsyncSession, row: OutboxRow, outcome: DeliveryOutcome, now: datetime
    ) -> None:
        if row.purpose is OutboxPurpose.ADMIN:
            log.warning("cannot reach admin chat %s: %s", row.chat_id, row.last_error)
            return
        if row.purpose is OutboxPurpose.LEADERSHIP:
            await self._disable_leadership(session, row, outcome, now)
            return
        chat = await session.scalar(select(ChatRow).where(ChatRow.chat_id == row.chat_id))
        if chat is None or not chat.active:
            return
        reason = self._wording.chat_gone_reason(outcome is DeliveryOutcome.BLOCKED)
        chat.active, chat.inactive_reason = False, reason
        # The messages still queued for this chat cannot be delivered either.
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.chat_id == row.chat_id, OutboxRow.state == OutboxState.PENDING)
            .values(state=OutboxState.FAILED, last_error=reason)
        )
        agency = self._registry.get(chat.agency_id).name
        log.warning("disabled chat %s of %s: %s", chat.chat_id, chat.agency_id, reason)
        tell_office(
            session,
            self._admin_ids,
            self._admin_notify,
            OfficeNoteKind.UNREACHABLE,
            self._wording.chat_disabled(chat.title or str(chat.chat_id), agency, reason),
            now,
        )

    async def _disable_leadership(
        self, session: AsyncSession, row: OutboxRow, outcome: DeliveryOutcome, now: datetime
    ) -> None:
        """A leadership chat that blocked the bot or is gone gets nothing more (what is
        queued for it fails too) and the office is told, as for a focal point's chat."""
        chat = await session.scalar(
            select(LeadershipChatRow).where(
                LeadershipChatRow.chat_id == row.chat_id, LeadershipChatRow.active
            )
        )
        if chat is None:
            return
        reason = self._wording.chat_gone_reason(outcome is DeliveryOutcome.BLOCKED)
        chat.active = False
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.chat_id == row.chat_id, OutboxRow.state == OutboxState.PENDING)
            .values(state=OutboxState.FAILED, last_error=reason)
        )
        log.warning("disabled leadership chat %s of %s: %s", chat.chat_id, chat.agency_id, reason)
        tell_office(
            session,
            self._admin_ids,
            self._admin_notify,
            OfficeNoteKind.UNREACHABLE,
            self._wording.leadership_chat_disabled(
                chat.title or str(chat.chat_id), self._registry.get(chat.agency_id).name, reason
            ),
            now,
        )
