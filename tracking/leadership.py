"""The weekly summary to the agencies' leadership chats: once a week, at the weekly
digest's slot (``DIGEST_DAY`` at ``DIGEST_TIME``), each leadership chat gets one message
listing its agency's unfinished tasks — those escalated first, then the overdue.

Each pass of the dispatcher calls :meth:`LeadershipSummary.run`. The week's slot is
*claimed* by inserting its ``leadership_summaries`` row (unique on the slot); the same
transaction queues every chat's message in the outbox, whence it is claimed before it is
sent like any message. A second pass, a second process or a restart finds the row and
queues nothing. A slot missed while the bot was down is sent within a day after it, as the
weekly digest is.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.agencies import AgencyRegistry
from domain.status import OutboxPurpose, TaskStatus
from domain.task_line import TaskLine
from storage.db import reading
from storage.models import (
    AssignmentRow,
    LeadershipSummaryRow,
    OutboxRow,
    TaskRow,
)
from tracking.escalation import escalated_unanswered, leadership_chats
from tracking.lines import line_of

log = logging.getLogger(__name__)

#: How late a missed slot is still sent.
GRACE = timedelta(days=1)

#: (agency, its unfinished tasks, the tasks escalated and unanswered, the day) → the parts.
RenderSummary = Callable[[str, Sequence[TaskLine], Collection[int], date], list[str]]


class LeadershipSummary:
    """Claims each week's slot and queues one summary per leadership chat, once."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        registry: AgencyRegistry,
        slot: Callable[[datetime], datetime | None],
        timezone: ZoneInfo,
        render: RenderSummary,
    ) -> None:
        """``slot(now)``: the latest weekly slot at or before ``now`` (None: off)."""
        self._sessions = sessions
        self._registry = registry
        self._slot = slot
        self._timezone = timezone
        self._render = render
        self._handled: datetime | None = None
        """The last slot this process queued or found queued: its later passes within the
        grace day read nothing (after a restart, the slot's row says so once)."""

    async def run(self, now: datetime) -> int:
        """Queue this week's summaries if their slot has come; returns the messages queued."""
        slot = self._slot(now)
        if slot is None or now - slot >= GRACE or slot == self._handled:
            return 0
        async with reading(self._sessions) as session:
            if await session.scalar(
                select(LeadershipSummaryRow.id).where(LeadershipSummaryRow.slot == slot)
            ):
                self._handled = slot
                return 0
        try:
            async with self._sessions.begin() as session:
                claim = LeadershipSummaryRow(slot=slot, created_at=now)
                session.add(claim)
                # The insert first: a competing pass waits on it or fails on the slot.
                await session.flush()
                claim.messages = await self._queue(
                    session, slot.astimezone(self._timezone).date(), now
                )
        except IntegrityError:
            self._handled = slot
            return 0  # another pass claimed this week's
        self._handled = slot
        if claim.messages:
            log.info("leadership summaries of %s: %d message(s) queued", slot, claim.messages)
        return claim.messages

    async def _queue(self, session: AsyncSession, today: date, now: datetime) -> int:
        chats = await leadership_chats(session)
        if not chats:
            return 0
        rows = (
            await session.execute(
                select(AssignmentRow, TaskRow)
                .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
                .where(
                    AssignmentRow.owner_id.in_(list(chats)),
                    AssignmentRow.status.in_((TaskStatus.OPEN, TaskStatus.LATE)),
                )
                .order_by(TaskRow.id, AssignmentRow.id)
            )
        ).all()
        silent = await escalated_unanswered(session, [a.id for a, _ in rows])
        lines: dict[str, dict[int, TaskLine]] = defaultdict(dict)
        escalated: dict[str, set[int]] = defaultdict(set)
        for assignment, task in rows:
            owner = assignment.owner_id
            lines[owner].setdefault(
                task.id, line_of(task, assignment, self._registry.get(assignment.agency_id).name)
            )
            if assignment.id in silent:
                escalated[owner].add(task.id)
        queued = 0
        for agency_id, chat_ids in chats.items():
            parts = self._render(
                self._registry.get(agency_id).name,
                list(lines[agency_id].values()),
                escalated[agency_id],
                today,
            )
            for chat_id in chat_ids:
                session.add_all(
                    OutboxRow.queued(
                        purpose=OutboxPurpose.LEADERSHIP, chat_id=chat_id, html=html, now=now
                    )
                    for html in parts
                )
                queued += len(parts)
        return queued


__all__ = ["GRACE", "LeadershipSummary", "RenderSummary"]
