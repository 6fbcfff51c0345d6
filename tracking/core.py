"""What every use case shares: who acts, what a report sends, a task to create, and the
core of :class:`tracking.service.Tracker` (its configuration, creating a task, the lines
of an agency's tasks). Every method reads the clock's ``now`` from its caller once and
runs in one transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.agencies import Agency, AgencyRegistry
from domain.deadline import Deadline
from domain.errors import ChatNotBound
from domain.followup_date import takes_followup_date
from domain.recurrence import period_due_on_or_after
from domain.status import AdminNotify, EventKind, TaskStatus
from domain.task_line import TaskLine
from notices.deadlines import recurrence_of
from scheduler.planner import Planner, insert_plans
from storage.models import AssignmentRow, ChatRow, EventRow, NoticeRow, TaskRow
from storage.proposals import pending_by_assignment
from tracking import wording as say
from tracking.lines import line_of
from tracking.telling import plan_tellings
from tracking.views import ReplyOutcome


@dataclass(frozen=True, kw_only=True, slots=True)
class Actor:
    """Who acts: a Telegram user (or the system, with user_id None)."""

    name: str
    user_id: int | None = None


SYSTEM = Actor(name=say.SYSTEM_NAME)


@dataclass(frozen=True, kw_only=True, slots=True)
class ReplyNotices:
    """What a report sends, queued in the outbox in the same transaction as the change:
    the confirmation to the reporting chat (always) and the notice to every admin (when
    something changed). Nothing is recorded without them, nor they without the change."""

    chat_id: int
    reply_to: int | None
    confirmation: Callable[[ReplyOutcome], str]
    admin_notice: Callable[[ReplyOutcome], str]
    confirmation_keyboard: Callable[[ReplyOutcome], list[Any] | None] | None = None
    admin_keyboard: Callable[[ReplyOutcome], list[Any] | None] | None = None
    update_id: int | None = None
    """The Telegram update reporting it: delivered again, it is known as recorded."""
    claimed_by: str | None = None
    """The sender (``senders.id``) that sends the confirmation: it is queued claimed by it,
    in the report's transaction (else unclaimed, for whoever sends it)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class NewTask:
    """A task to create (from an admin, an import or the seeds)."""

    title: str
    text: str
    lead: str
    deadline: Deadline
    members: tuple[str, ...] = ()
    co: tuple[str, ...] = ()
    ref: str = ""
    seed_key: str | None = None
    followup_on: date | None = None
    """An undated task's first follow-up date chosen by the office (else the interval)."""


class TrackerCore:
    """The configuration and the shared steps of the use cases (see ``Tracker``)."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        registry: AgencyRegistry,
        planner: Planner,
        admin_ids: Iterable[int],
        invite_days: int = 7,
        undo_minutes: int = 10,
        confirm_done: bool = False,
        office_name: str = say.DEFAULT_OFFICE_NAME,
        admin_notify: AdminNotify = AdminNotify.INSTANT,
    ) -> None:
        self._sessions = sessions
        self.admin_notify = admin_notify
        """``ADMIN_NOTIFY``: notices wait for the office's daily digest, or go at once."""
        self.office_name = office_name
        """How the bot names the office it speaks for (``OFFICE_NAME``)."""
        self.registry = registry
        self.planner = planner
        self.admin_ids = frozenset(admin_ids)
        self._invite_days = invite_days
        self.undo_minutes = undo_minutes
        """How long a focal point can withdraw their own report (↩️ Hoàn tác)."""
        self.confirm_done = confirm_done
        """``CONFIRM_DONE``: a /done awaits the office's confirmation."""

    @property
    def invite_days(self) -> int:
        """How many days an invitation link stays valid (``INVITE_DAYS``)."""
        return self._invite_days

    @property
    def send_time(self) -> time:
        """The local time reminders go out (``SEND_TIME``)."""
        return self.planner.policy.send_time

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        """The session factory (for the follow-up use cases built on the same database)."""
        return self._sessions

    def members_of(self, lead: str, members: Sequence[str]) -> list[Agency]:
        """The agencies obliged by a task: the explicit members, a group's members, or the
        lead itself. Raises UnknownAgency for a name the registry does not know."""
        if members:
            return _unique(self.registry.resolve(name) for name in members)
        group = self.registry.resolve_group(lead)
        if group is not None:
            return self.registry.members(group.id)
        return [self.registry.resolve(lead)]

    async def _create_task(
        self,
        session: AsyncSession,
        new: NewTask,
        *,
        notice_id: int | None,
        actor: Actor,
        now: datetime,
    ) -> tuple[int, int, int]:
        """Insert a task, one obligation per member, and their reminder plans.

        Returns (task id, obligations, reminders planned)."""
        members = self.members_of(new.lead, new.members)
        lead_agency = self.registry.find(new.lead)
        co_ids = [a.id for a in _unique(self.registry.resolve(name) for name in new.co)]
        deadline = new.deadline
        recurrence = recurrence_of(deadline)
        rule = recurrence.rule if recurrence is not None else None
        # A recurring duty starts with its first period due on or after today.
        period_due = (
            period_due_on_or_after(rule, self.planner.local_day(now)) if rule is not None else None
        )
        task = TaskRow(
            notice_id=notice_id,
            seed_key=new.seed_key,
            ref=new.ref,
            title=new.title,
            text=new.text,
            lead=new.lead,
            lead_agency_id=lead_agency.id if lead_agency else None,
            co=co_ids,
            due=deadline.due,
            granularity=deadline.granularity,
            kind=deadline.kind,
            phrase=deadline.phrase,
            recurrence=rule,
            followup_on=(
                new.followup_on
                if takes_followup_date(deadline.kind, deadline.granularity)
                else None
            ),
            created_at=now,
            created_by=actor.name,
        )
        session.add(task)
        await session.flush()
        assignments = [
            AssignmentRow(
                task_id=task.id,
                agency_id=agency.id,
                owner_id=self.registry.owner_today(agency.id).id,
                status=TaskStatus.OPEN,
                note="",
                period_due=period_due,
            )
            for agency in members
        ]
        session.add_all(assignments)
        await session.flush()
        # Every member of a task has the same deadline, hence the same plan. A task without
        # a deadline is followed up one interval after its notice was issued, or on the
        # follow-up date the office chose for it.
        notice = await session.get(NoticeRow, notice_id) if notice_id is not None else None
        plan = self.planner.plan_reminders(
            kind=deadline.kind,
            due=deadline.due,
            granularity=deadline.granularity,
            status=TaskStatus.OPEN,
            now=now,
            assigned=notice.issued if notice is not None else None,
            period_due=period_due,
            followup_on=task.followup_on,
        )
        await insert_plans(session, [a.id for a in assignments], plan)
        planned = len(plan) * len(assignments)
        # Focal points hear of it at the next sending time (``tracking.telling_sweep``).
        await plan_tellings(
            session,
            self.registry,
            task_id=task.id,
            leads=[a.owner_id for a in assignments],
            co=co_ids,
            now=now,
        )
        session.add(
            EventRow(
                task_id=task.id,
                at=now,
                kind=EventKind.CREATED,
                actor=actor.name,
                actor_user_id=actor.user_id,
                detail=say.members_detail(len(members)),
            )
        )
        return task.id, len(members), planned

    async def _bound_agency(self, session: AsyncSession, chat_id: int) -> str:
        agency_id = await session.scalar(
            select(ChatRow.agency_id).where(ChatRow.chat_id == chat_id, ChatRow.active)
        )
        if agency_id is None:
            raise ChatNotBound(chat_id)
        return agency_id

    async def _lines_for_owner(
        self, session: AsyncSession, owner: str, only: set[int] | None = None
    ) -> list[TaskLine]:
        query = (
            select(AssignmentRow, TaskRow)
            .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
            .where(AssignmentRow.owner_id == owner)
            .order_by(TaskRow.id, AssignmentRow.id)
        )
        if only is not None:
            query = query.where(TaskRow.id.in_(only))
        merged: dict[int, TaskLine] = {}
        rows = (await session.execute(query)).all()
        pending = await pending_by_assignment(session, [a.id for a, _ in rows])
        for assignment, task in rows:
            line = line_of(task, assignment, self.registry.get(assignment.agency_id).name)
            if assignment.id in pending:
                line = dataclasses.replace(line, proposed_due=pending[assignment.id])
            known = merged.get(task.id)
            # Two obligations under one task for one owner (e.g. a province and the one it
            # absorbed): show it once, open while either is open.
            if known is None or (not known.status.is_open and line.status.is_open):
                merged[task.id] = line
        return list(merged.values())


def _unique(agencies: Iterable[Agency]) -> list[Agency]:
    seen: dict[str, Agency] = {}
    for agency in agencies:
        seen.setdefault(agency.id, agency)
    return list(seen.values())
