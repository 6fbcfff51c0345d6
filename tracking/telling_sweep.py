"""Telling agencies what they were given: the sweep that turns waiting ``tellings`` rows
(``tracking.telling``) into one grouped message per focal-point chat.

The dispatcher runs it in sending hours only (working days, the send window), before the
reminders, so a task added at 22:00 is told the next working morning. Exactly once, as the
reminders: one conditional ``UPDATE tellings … WHERE state = 'pending'`` claims what is
waiting under a fresh token as the first statement of the transaction that also writes the
messages to the outbox; a crash before the commit leaves everything pending, a competing
sweep claims nothing, and the outbox sends each message once.

What comes in together is told together: an agency's notices wait until nothing new has
been recorded for it for ``GATHER``, so the tasks an admin adds one after the other (a row
of /addtask, of /edit … phối hợp) make one message, as an import's do.

What is no longer the agency's when its time comes (done, withdrawn, moved on) is dropped
quietly; an agency whose chat was lost meanwhile is marked without a recipient (a chat bound
later has the open list in its welcome).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from delivery.outbox import insert_messages, link_to_messages, outbox_values
from domain.agencies import AgencyRegistry
from domain.status import OutboxPurpose, TellingRole, TellingState
from storage.claims import claim, new_token, sweeping_alone
from storage.models import AssignmentRow, ChatRow, NoticeRow, OutboxRow, TaskRow, TellingRow
from tracking.lines import assigned_item
from tracking.views import AssignedItem, NoticeRef

log = logging.getLogger(__name__)

#: How long a notice waits for what comes in with it (a row of /addtask, /edit …).
GATHER = timedelta(minutes=2)

#: One chat's notice: (agency, the tasks given to it, today) → the messages, each with the
#: ids of the tasks it carries buttons for and its keyboard.
RenderAssigned = Callable[
    [str, Sequence[AssignedItem], date], list[tuple[str, list[int], list[Any] | None]]
]


@dataclass(frozen=True, slots=True)
class _Claimed:
    telling_id: int
    task_id: int
    agency_id: str
    role: TellingRole


class Teller:
    """Claims what is waiting to be told and queues each chat's grouped message."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        registry: AgencyRegistry,
        timezone: ZoneInfo,
        render: RenderAssigned,
        gather: timedelta = GATHER,
    ) -> None:
        self._gather = gather
        self._sessions = sessions
        self._registry = registry
        self._timezone = timezone
        self._render = render

    async def earliest(self) -> datetime | None:
        """When the oldest waiting notice may go (the dispatcher wakes at the next sending
        instant after it)."""
        latest = (
            select(func.max(TellingRow.created_at).label("at"))
            .where(TellingRow.state == TellingState.PENDING)
            .group_by(TellingRow.agency_id)
            .subquery()
        )
        async with self._sessions() as session:
            first = await session.scalar(select(func.min(latest.c.at)))
        return None if first is None else first + self._gather

    def waiting(self) -> ColumnElement[bool]:
        """Whether any notice waits at all (one indexed lookup): a pass fires only then."""
        return exists().where(TellingRow.state == TellingState.PENDING)

    async def fire(self, now: datetime) -> int:
        """Claim every waiting notice and queue the chats' messages; returns how many
        messages were queued. The caller decides that ``now`` is a sending time."""
        token = new_token()
        async with self._sessions.begin() as session:
            await sweeping_alone(session, "tellings")
            rows = await claim(
                session,
                TellingRow,
                where=[
                    TellingRow.state == TellingState.PENDING,
                    TellingRow.agency_id.not_in(
                        select(TellingRow.agency_id).where(
                            TellingRow.state == TellingState.PENDING,
                            TellingRow.created_at > now - self._gather,
                        )
                    ),
                ],
                values={"state": TellingState.TOLD, "claim": token, "handled_at": now},
                returning=[
                    TellingRow.id,
                    TellingRow.task_id,
                    TellingRow.agency_id,
                    TellingRow.role,
                ],
            )
            if not rows:
                return 0
            claimed = sorted(
                (_Claimed(int(r.id), int(r.task_id), str(r.agency_id), r.role) for r in rows),
                key=lambda c: (c.task_id, c.telling_id),
            )
            queued = await self._queue(session, claimed, now)
        log.info("told %d new task(s) in %d message(s)", len(claimed), queued)
        return queued

    async def _queue(
        self, session: AsyncSession, claimed: Sequence[_Claimed], now: datetime
    ) -> int:
        items, dropped = await self._items(session, claimed)
        chats: dict[str, list[tuple[int, int]]] = defaultdict(list)
        if items:
            for chat_row_id, chat_id, agency_id in (
                await session.execute(
                    select(ChatRow.id, ChatRow.chat_id, ChatRow.agency_id)
                    .where(ChatRow.agency_id.in_(list(items)), ChatRow.active)
                    .order_by(ChatRow.id)
                )
            ).all():
                chats[agency_id].append((chat_row_id, chat_id))
        unreachable = [
            c.telling_id for c in claimed if c.agency_id in items and not chats.get(c.agency_id)
        ]
        await _set_state(session, dropped, TellingState.SUPERSEDED)
        await _set_state(session, unreachable, TellingState.NO_RECIPIENT)
        today = now.astimezone(self._timezone).date()
        values: list[dict[str, object]] = []
        carriers: list[tuple[int, str]] = []  # (index of the agency's first message, agency)
        for agency_id, given in items.items():
            recipients = chats.get(agency_id)
            if not recipients:
                continue
            parts = self._render(self._registry.get(agency_id).name, given, today)
            carriers.append((len(values), agency_id))
            for chat_row_id, chat_id in recipients:
                for html, task_ids, keyboard in parts:
                    row = OutboxRow.queued(
                        purpose=OutboxPurpose.ASSIGNED,
                        chat_id=chat_id,
                        chat_row_id=chat_row_id,
                        html=html,
                        now=now,
                        keyboard=keyboard,
                        task_ids=task_ids,
                    )
                    values.append(outbox_values(row))
        if not values:
            return 0
        outbox_ids = await insert_messages(session, values)
        told = {c.telling_id for c in claimed} - set(dropped) - set(unreachable)
        await link_to_messages(
            session,
            TellingRow,
            (
                (c.telling_id, outbox_ids[first])
                for first, agency_id in carriers
                for c in claimed
                if c.agency_id == agency_id and c.telling_id in told
            ),
        )
        return len(outbox_ids)

    async def _items(
        self, session: AsyncSession, claimed: Sequence[_Claimed]
    ) -> tuple[dict[str, list[AssignedItem]], list[int]]:
        """What each agency is told (lead tasks first, in task order), and the notices no
        longer wanted: the obligation is finished or moved on, the co-operation dropped."""
        task_ids = sorted({c.task_id for c in claimed})
        tasks = {
            t.id: t
            for t in (await session.scalars(select(TaskRow).where(TaskRow.id.in_(task_ids)))).all()
        }
        notice_ids = {t.notice_id for t in tasks.values() if t.notice_id is not None}
        notices = {
            n.id: NoticeRef(number=n.number, issued=n.issued, title=n.title)
            for n in (
                await session.scalars(select(NoticeRow).where(NoticeRow.id.in_(notice_ids)))
            ).all()
        }
        by_task: dict[int, list[AssignmentRow]] = defaultdict(list)
        for assignment in (
            await session.scalars(
                select(AssignmentRow)
                .where(AssignmentRow.task_id.in_(task_ids))
                .order_by(AssignmentRow.id)
            )
        ).all():
            by_task[assignment.task_id].append(assignment)
        items: dict[str, list[AssignedItem]] = defaultdict(list)
        dropped: list[int] = []
        for role in (TellingRole.LEAD, TellingRole.CO):
            for c in claimed:
                if c.role is not role:
                    continue
                item = self._item(c, tasks.get(c.task_id), by_task[c.task_id], notices)
                if item is None:
                    dropped.append(c.telling_id)
                else:
                    items[c.agency_id].append(item)
        return dict(items), dropped

    def _item(
        self,
        told: _Claimed,
        task: TaskRow | None,
        assignments: Sequence[AssignmentRow],
        notices: dict[int, NoticeRef],
    ) -> AssignedItem | None:
        if task is None:
            return None
        notice = notices.get(task.notice_id) if task.notice_id is not None else None
        return assigned_item(
            self._registry,
            told.agency_id,
            task,
            assignments,
            notice,
            co=told.role is TellingRole.CO,
        )


async def _set_state(session: AsyncSession, ids: Sequence[int], state: TellingState) -> None:
    if ids:
        await session.execute(
            update(TellingRow)
            .where(TellingRow.id.in_(list(ids)))
            .values(state=state)
            .execution_options(synchronize_session=False)
        )


__all__ = ["RenderAssigned", "Teller"]
