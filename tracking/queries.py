"""What chats and the command line read: a chat's agency, its open tasks and
co-operations, a task's detail, the tasks a message listed, every task."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import String, cast, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.agencies import Agency
from domain.errors import TaskNotFound
from domain.escalation import ANSWERS
from domain.status import OutboxPurpose, ReminderKind, ReminderState
from domain.task_line import TaskLine
from storage.db import reading
from storage.models import (
    AssignmentRow,
    ChatRow,
    EscalationRow,
    EventRow,
    LeadershipChatRow,
    NoticeRow,
    OfficeDigestRow,
    OfficeNoteRow,
    OutboxRow,
    ReminderRow,
    TaskRow,
)
from tracking.core import TrackerCore
from tracking.lines import assigned_item, line_of
from tracking.office import OfficeNote
from tracking.statuses import load_states
from tracking.views import (
    AssignedItem,
    EscalationMark,
    HistoryLine,
    MemberLine,
    NoticeRef,
    TaskDetail,
)


class Queries(TrackerCore):
    """Read-only use cases."""

    async def leadership_agency(self, chat_id: int) -> Agency | None:
        """The agency whose leadership chat this is, if any (asked of every command: on
        SQLite a reader, so it never waits behind a write)."""
        async with reading(self._sessions) as session:
            agency_id = await session.scalar(
                select(LeadershipChatRow.agency_id).where(
                    LeadershipChatRow.chat_id == chat_id, LeadershipChatRow.active
                )
            )
        return None if agency_id is None else self.registry.get(agency_id)

    async def chat_agency(self, chat_id: int) -> Agency | None:
        """The agency this chat is the focal point of, if any."""
        async with reading(self._sessions) as session:
            chat = await session.scalar(
                select(ChatRow).where(ChatRow.chat_id == chat_id, ChatRow.active)
            )
            return None if chat is None else self.registry.get(chat.agency_id)

    async def open_tasks(self, chat_id: int, today: date) -> list[TaskLine]:
        """The chat's agency's open tasks, most urgent first. Raises ChatNotBound."""
        async with reading(self._sessions) as session:
            owner = await self._bound_agency(session, chat_id)
            lines = await self._lines_for_owner(session, owner)
        return sorted(
            (line for line in lines if line.status.is_open),
            key=lambda line: line.urgency_key(today),
        )

    async def assigned_items(self, chat_id: int, task_ids: Sequence[int]) -> list[AssignedItem]:
        """The tasks a notice of new tasks listed, as they stand now for the chat's agency
        (for its ◀ ▶): its own still open first, then its co-operations. Raises
        ChatNotBound."""
        async with reading(self._sessions) as session:
            owner = await self._bound_agency(session, chat_id)
            tasks = {
                t.id: t
                for t in (
                    await session.scalars(select(TaskRow).where(TaskRow.id.in_(list(task_ids))))
                ).all()
            }
            notices = {
                n.id: NoticeRef(number=n.number, issued=n.issued, title=n.title)
                for n in (
                    await session.scalars(
                        select(NoticeRow).where(
                            NoticeRow.id.in_({t.notice_id for t in tasks.values()} - {None})
                        )
                    )
                ).all()
            }
            by_task: dict[int, list[AssignmentRow]] = defaultdict(list)
            for a in (
                await session.scalars(
                    select(AssignmentRow)
                    .where(AssignmentRow.task_id.in_(list(tasks)))
                    .order_by(AssignmentRow.id)
                )
            ).all():
                by_task[a.task_id].append(a)
        found: list[AssignedItem] = []
        for co in (False, True):
            for task_id in task_ids:
                task = tasks.get(task_id)
                if task is None:
                    continue
                notice = notices.get(task.notice_id) if task.notice_id is not None else None
                item = assigned_item(self.registry, owner, task, by_task[task_id], notice, co=co)
                if item is not None and (not co or all(i.line.task_id != task_id for i in found)):
                    found.append(item)
        return found

    async def co_tasks(self, chat_id: int, today: date) -> list[tuple[TaskLine, str]]:
        """The chat's agency's co-operations (phối hợp) not finished yet, each with its lead,
        most urgent first; its own obligations are not among them. Raises ChatNotBound."""
        async with reading(self._sessions) as session:
            owner = await self._bound_agency(session, chat_id)
            found = await self._co_lines(session, owner)
        return sorted(found, key=lambda item: item[0].urgency_key(today))

    async def _co_lines(self, session: AsyncSession, owner: str) -> list[tuple[TaskLine, str]]:
        # The agencies ``owner`` answers for today (itself, the provinces it absorbed): a
        # task names them in its ``co`` list, read as text and checked exactly below.
        names = [a.id for a in self.registry.all() if self.registry.owner_today(a.id).id == owner]
        text = cast(TaskRow.co, String)
        tasks = (
            await session.scalars(
                select(TaskRow)
                .where(or_(*(text.like(f'%"{name}"%') for name in names)))
                .order_by(TaskRow.id)
            )
        ).all()
        tasks = [t for t in tasks if owner in {self.registry.owner_today(str(c)).id for c in t.co}]
        if not tasks:
            return []
        by_task: dict[int, list[AssignmentRow]] = defaultdict(list)
        for assignment in (
            await session.scalars(
                select(AssignmentRow)
                .where(AssignmentRow.task_id.in_([t.id for t in tasks]))
                .order_by(AssignmentRow.id)
            )
        ).all():
            by_task[assignment.task_id].append(assignment)
        found: list[tuple[TaskLine, str]] = []
        for task in tasks:
            members = by_task[task.id]
            if any(a.owner_id == owner for a in members):
                continue  # its own obligation: listed with its own tasks
            open_ = [a for a in members if a.status.is_open]
            if open_:
                first = open_[0]
                found.append(
                    (line_of(task, first, self.registry.get(first.agency_id).name), task.lead)
                )
        return found

    async def task_detail(self, task_id: int, as_of: date | None = None) -> TaskDetail:
        """A task with its members (with the office's status as of ``as_of`` when given)
        and history. Raises TaskNotFound."""
        async with reading(self._sessions) as session:
            states = (
                {
                    s.assignment_id: s
                    for s in await load_states(
                        session,
                        as_of=as_of,
                        timezone=self.planner.policy.timezone,
                        task_ids=[task_id],
                    )
                }
                if as_of is not None
                else {}
            )
            task = await session.get(TaskRow, task_id)
            if task is None:
                raise TaskNotFound(task_id)
            notice = await session.get(NoticeRow, task.notice_id) if task.notice_id else None
            assignments = (
                await session.scalars(
                    select(AssignmentRow)
                    .where(AssignmentRow.task_id == task_id)
                    .order_by(AssignmentRow.id)
                )
            ).all()
            events = (
                await session.scalars(
                    select(EventRow)
                    .where(EventRow.task_id == task_id)
                    .order_by(EventRow.at, EventRow.id)
                )
            ).all()
            escalations = (
                await session.scalars(
                    select(EscalationRow)
                    .where(EscalationRow.task_id == task_id)
                    .order_by(EscalationRow.at, EscalationRow.id)
                )
            ).all()
            next_followup = await session.scalar(
                select(func.min(ReminderRow.at)).where(
                    ReminderRow.assignment_id.in_([a.id for a in assignments]),
                    ReminderRow.kind == ReminderKind.FOLLOWUP,
                    ReminderRow.state == ReminderState.PENDING,
                )
            )
        return TaskDetail(
            task_id=task.id,
            notice=(notice.number or notice.title) if notice else "",
            ref=task.ref,
            title=task.title,
            text=task.text,
            lead=task.lead,
            co=tuple(self.registry.get(c).name for c in task.co),
            due=task.due,
            granularity=task.granularity,
            kind=task.kind,
            phrase=task.phrase,
            members=tuple(
                MemberLine(
                    agency=self.registry.get(a.agency_id).name,
                    owner=self.registry.get(a.owner_id).name,
                    status=a.status,
                    new_due=a.new_due,
                    state=states.get(a.id),
                    period_due=a.period_due,
                    granularity=task.granularity if a.period_due else None,
                )
                for a in assignments
            ),
            history=tuple(
                HistoryLine(at=e.at, kind=e.kind, actor=e.actor, detail=e.detail) for e in events
            ),
            escalations=tuple(
                EscalationMark(
                    agency=self.registry.get(row.owner_id).name,
                    at=row.at,
                    chases=row.chases,
                    leadership_chats=row.leadership_chats,
                )
                for row in silent_escalations(assignments, events, escalations)
            ),
            followup_on=task.followup_on,
            next_followup=next_followup,
        )

    async def tasks_of_message(self, chat_id: int, message_id: int) -> list[int]:
        """The task ids a bot message (a reminder) listed, for replies without an id."""
        async with reading(self._sessions) as session:
            ids = await session.scalar(
                select(OutboxRow.task_ids).where(
                    OutboxRow.chat_id == chat_id, OutboxRow.message_id == message_id
                )
            )
        return [int(i) for i in ids or []]

    async def asked_of_message(self, chat_id: int, message_id: int) -> set[int]:
        """The tasks a reminder asked progress about: the progress requests and check-ins of
        the chat's agency fired by the sweep that queued the message (their ``handled_at`` is
        its ``created_at``), among the tasks it lists. Read again for each page, so every
        page keeps its 📝 section."""
        async with reading(self._sessions) as session:
            sent = (
                await session.execute(
                    select(OutboxRow.created_at, OutboxRow.task_ids, ChatRow.agency_id)
                    .join(ChatRow, ChatRow.id == OutboxRow.chat_row_id)
                    .where(
                        OutboxRow.chat_id == chat_id,
                        OutboxRow.message_id == message_id,
                        OutboxRow.purpose == OutboxPurpose.REMINDER,
                    )
                )
            ).first()
            if sent is None or not sent.task_ids:
                return set()
            listed = {int(i) for i in sent.task_ids}
            # From the agency's assignments of the listed tasks to their reminders (by
            # assignment): never through the reminders' state, which every fired one shares.
            asked = (
                await session.scalars(
                    select(AssignmentRow.task_id).where(
                        AssignmentRow.owner_id == sent.agency_id,
                        AssignmentRow.task_id.in_(sorted(listed)),
                        exists().where(
                            ReminderRow.assignment_id == AssignmentRow.id,
                            ReminderRow.kind == ReminderKind.FOLLOWUP,
                            ReminderRow.state == ReminderState.FIRED,
                            ReminderRow.handled_at == sent.created_at,
                        ),
                    )
                )
            ).all()
        return listed & set(asked)

    async def office_digest(self, day: date) -> list[OfficeNote] | None:
        """The notes the office's digest of ``day`` took, in order, for its pages; None when
        that day has none."""
        async with reading(self._sessions) as session:
            digest = await session.scalar(select(OfficeDigestRow).where(OfficeDigestRow.day == day))
            if digest is None:
                return None
            notes = (
                await session.execute(
                    select(OfficeNoteRow.kind, OfficeNoteRow.at, OfficeNoteRow.html)
                    .where(OfficeNoteRow.digest_id == digest.id)
                    .order_by(OfficeNoteRow.at, OfficeNoteRow.id)
                )
            ).all()
        if not notes:
            return None
        return [OfficeNote(kind=row.kind, at=row.at, html=row.html) for row in notes]

    async def all_tasks(self) -> list[tuple[TaskRow, NoticeRow | None, list[AssignmentRow]]]:
        """Every task with its notice and obligations (for ``bot.py tasks --json``)."""
        async with reading(self._sessions) as session:
            tasks = (await session.scalars(select(TaskRow).order_by(TaskRow.id))).all()
            notices = {n.id: n for n in (await session.scalars(select(NoticeRow))).all()}
            by_task: dict[int, list[AssignmentRow]] = defaultdict(list)
            for a in (
                await session.scalars(select(AssignmentRow).order_by(AssignmentRow.id))
            ).all():
                by_task[a.task_id].append(a)
        return [
            (t, notices.get(t.notice_id) if t.notice_id else None, by_task[t.id]) for t in tasks
        ]


def silent_escalations(
    assignments: Sequence[AssignmentRow],
    events: Sequence[EventRow],
    escalations: Sequence[EscalationRow],
) -> list[EscalationRow]:
    """Each open obligation's latest escalation, when its agency has not answered since
    (``domain.escalation.ANSWERS``): what ``/task`` flags."""
    latest = {row.assignment_id: row for row in escalations}
    answered: dict[int, datetime] = {}
    for event in events:
        if event.assignment_id is not None and event.kind in ANSWERS:
            answered[event.assignment_id] = max(
                event.at, answered.get(event.assignment_id, event.at)
            )
    return [
        latest[a.id]
        for a in assignments
        if a.status.is_open
        and a.id in latest
        and (a.id not in answered or answered[a.id] < latest[a.id].at)
    ]
