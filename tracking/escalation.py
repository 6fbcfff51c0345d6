"""Escalation: an obligation whose agency left ``ESCALATE_AFTER`` chases unanswered is
reported above the focal point, once until the agency answers (``domain.escalation``).

The dispatcher calls :meth:`Escalator.on_chased` in the transaction of every pass that
chased something (its ``ChaseHook``), so the escalation commits with the chase that
crossed the threshold, or not at all: a crash before commit leaves both undone, a replayed
pass claims no chase and escalates nothing. In that transaction it records the escalation
(``escalations``), writes the office's note (the daily digest's escalation section, or a
notice to every admin at once with ``ADMIN_NOTIFY=instant``) and queues one message per
leadership chat of the agency. Chases go out only in sending hours, so escalations do too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from delivery.outbox import tell_office
from domain.agencies import AgencyRegistry
from domain.deadline import due_in_force
from domain.escalation import ANSWERS, escalation_due, unanswered_chases
from domain.status import (
    AdminNotify,
    OfficeNoteKind,
    OutboxPurpose,
    ReminderKind,
    ReminderState,
)
from storage.models import (
    AssignmentRow,
    EscalationRow,
    EventRow,
    LeadershipChatRow,
    OutboxRow,
    ReminderRow,
    TaskRow,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Escalated:
    """One obligation escalated, as the messages tell it."""

    task_id: int
    title: str
    agency: str
    """The agency chased (whose leadership is told)."""
    chases: int
    deadline: date | None
    """The deadline in force (an approved extension, a period's due date, or the task's)."""
    leadership_chats: int
    """How many leadership chats are told (0: none registered)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class EscalationWords:
    """The catalogue's texts (``chat.escalation_messages``), passed in by the composition
    root: tracking does not import the chat surface."""

    office_note: Callable[[Escalated, date], str]
    """The office's line about one escalation (today)."""
    leadership: Callable[[str, Sequence[Escalated], date], list[str]]
    """The message to an agency's leadership (its name, its escalations, today), in parts
    within Telegram's limit."""


class Escalator:
    """Decides and records escalations for the obligations a pass just chased."""

    def __init__(
        self,
        *,
        registry: AgencyRegistry,
        admin_ids: frozenset[int],
        admin_notify: AdminNotify,
        threshold: int,
        words: EscalationWords,
        timezone: ZoneInfo,
    ) -> None:
        self._registry = registry
        self._admin_ids = admin_ids
        self._admin_notify = admin_notify
        self._threshold = threshold
        self._words = words
        self._timezone = timezone

    async def on_chased(
        self, session: AsyncSession, assignment_ids: Sequence[int], now: datetime
    ) -> int:
        """Escalate those of ``assignment_ids`` that are due (see the module's docstring);
        returns how many were escalated."""
        escalated: dict[str, list[Escalated]] = defaultdict(list)
        leaders = await leadership_chats(session)
        for chunk in _chunks(assignment_ids):
            for row, chases in await _due(session, chunk, self._threshold):
                count = len(leaders.get(row.owner_id, ()))
                session.add(
                    EscalationRow(
                        assignment_id=row.assignment_id,
                        task_id=row.task_id,
                        owner_id=row.owner_id,
                        at=now,
                        chases=chases,
                        leadership_chats=count,
                    )
                )
                escalated[row.owner_id].append(
                    Escalated(
                        task_id=row.task_id,
                        title=row.title,
                        agency=self._registry.get(row.owner_id).name,
                        chases=chases,
                        deadline=due_in_force(
                            assigned=row.due, extended=row.new_due, period_due=row.period_due
                        ),
                        leadership_chats=count,
                    )
                )
        today = now.astimezone(self._timezone).date()
        for owner, items in escalated.items():
            for item in items:
                tell_office(
                    session,
                    self._admin_ids,
                    self._admin_notify,
                    OfficeNoteKind.ESCALATION,
                    self._words.office_note(item, today),
                    now,
                )
            parts = self._words.leadership(self._registry.get(owner).name, items, today)
            for chat_id in leaders.get(owner, ()):
                session.add_all(
                    OutboxRow.queued(
                        purpose=OutboxPurpose.LEADERSHIP,
                        chat_id=chat_id,
                        html=html,
                        now=now,
                        task_ids=[item.task_id for item in items],
                    )
                    for html in parts
                )
        return sum(len(items) for items in escalated.values())


@dataclass(frozen=True, slots=True)
class _Obligation:
    assignment_id: int
    task_id: int
    owner_id: str
    title: str
    due: date | None
    new_due: date | None
    period_due: date | None


async def _due(
    session: AsyncSession, ids: Sequence[int], threshold: int
) -> list[tuple[_Obligation, int]]:
    """The obligations of ``ids`` whose escalation is due, each with its unanswered chases:
    three grouped reads (answers, escalations, chases) and one of the obligations."""
    answers = await _last_answers(session, ids)
    escalations = await _last_escalations(session, ids)
    chases: dict[int, list[datetime]] = defaultdict(list)
    for assignment_id, at in (
        await session.execute(
            # A chase counts when it reached a chat (a message carried it).
            select(ReminderRow.assignment_id, ReminderRow.handled_at).where(
                ReminderRow.assignment_id.in_(ids),
                ReminderRow.kind == ReminderKind.CHASE,
                ReminderRow.state == ReminderState.FIRED,
                ReminderRow.outbox_id.is_not(None),
            )
        )
    ).all():
        if at is not None:
            chases[assignment_id].append(at)
    due = [
        assignment_id
        for assignment_id in ids
        if escalation_due(
            chases=chases[assignment_id],
            last_answer=answers.get(assignment_id),
            last_escalation=escalations.get(assignment_id),
            threshold=threshold,
        )
    ]
    if not due:
        return []
    rows = (
        await session.execute(
            select(
                AssignmentRow.id,
                TaskRow.id,
                AssignmentRow.owner_id,
                TaskRow.title,
                TaskRow.due,
                AssignmentRow.new_due,
                AssignmentRow.period_due,
            )
            .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
            .where(AssignmentRow.id.in_(due))
            .order_by(TaskRow.id, AssignmentRow.id)
        )
    ).all()
    return [
        (_Obligation(*row), unanswered_chases(chases[row[0]], answers.get(row[0]))) for row in rows
    ]


async def _last_answers(session: AsyncSession, ids: Sequence[int]) -> dict[int, datetime]:
    """Each obligation's last answer (``domain.escalation.ANSWERS``)."""
    rows = await session.execute(
        select(EventRow.assignment_id, func.max(EventRow.at))
        .where(EventRow.assignment_id.in_(ids), EventRow.kind.in_(ANSWERS))
        .group_by(EventRow.assignment_id)
    )
    return {assignment_id: at for assignment_id, at in rows.all() if assignment_id is not None}


async def _last_escalations(session: AsyncSession, ids: Sequence[int]) -> dict[int, datetime]:
    rows = await session.execute(
        select(EscalationRow.assignment_id, func.max(EscalationRow.at))
        .where(EscalationRow.assignment_id.in_(ids))
        .group_by(EscalationRow.assignment_id)
    )
    return {int(assignment_id): at for assignment_id, at in rows.all()}


async def escalated_unanswered(session: AsyncSession, ids: Sequence[int]) -> set[int]:
    """Those of the obligations ``ids`` escalated and not answered since (the weekly
    summary lists them first)."""
    found: set[int] = set()
    for chunk in _chunks(ids):
        escalations = await _last_escalations(session, chunk)
        if not escalations:
            continue
        answers = await _last_answers(session, list(escalations))
        found |= {a for a, at in escalations.items() if a not in answers or answers[a] < at}
    return found


async def leadership_chats(session: AsyncSession) -> dict[str, list[int]]:
    """Agency id → its active leadership chats (few: read at once)."""
    chats: dict[str, list[int]] = defaultdict(list)
    for agency_id, chat_id in (
        await session.execute(
            select(LeadershipChatRow.agency_id, LeadershipChatRow.chat_id)
            .where(LeadershipChatRow.active)
            .order_by(LeadershipChatRow.id)
        )
    ).all():
        chats[agency_id].append(chat_id)
    return chats


_T = TypeVar("_T")
#: Ids per ``IN (…)`` list (SQLite allows 32,766 parameters in a statement).
_CHUNK = 5_000


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


__all__ = ["Escalated", "EscalationWords", "Escalator", "escalated_unanswered"]
