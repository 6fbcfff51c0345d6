"""Use cases over storage. Every method reads the clock's ``now`` from its caller once and
runs in one transaction; the chat surface and the command line call these and nothing below.
"""

from __future__ import annotations

import dataclasses
import functools
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, cast, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from delivery.outbox import queue_admin_notice, tell_office
from domain.agencies import Agency, AgencyRegistry
from domain.deadline import Deadline, DeadlineKind, due_in_force
from domain.errors import (
    ChatNotBound,
    InviteInvalid,
    InviteProblem,
    NotYourTask,
    TaskNotFound,
    UnknownAgency,
)
from domain.escalation import ANSWERS
from domain.recurrence import next_due, period_due_on_or_after, previous_due
from domain.seedfile import SeedFile, SeedTask
from domain.status import (
    AdminNotify,
    ChatRole,
    EventKind,
    OfficeNoteKind,
    OutboxPurpose,
    ProposalState,
    ReminderKind,
    ReminderState,
    TaskStatus,
)
from domain.task_line import TaskLine, line_from
from notices.deadlines import recurrence_of
from scheduler.planner import Planner, cancel_pending, insert_plans, store_plan
from storage.agency_mirror import mirror_registry
from storage.claims import claim_one
from storage.db import reading
from storage.models import (
    AssignmentRow,
    ChatRow,
    EscalationRow,
    EventRow,
    ExtensionRow,
    InviteRow,
    LeadershipChatRow,
    NoticeRow,
    OutboxRow,
    ReminderRow,
    TaskRow,
)
from storage.proposals import pending_by_assignment
from tracking import wording as say
from tracking.access import Access, report_access, task_access
from tracking.decisions import open_proposals, refuse_cancelled, withdraw_open_proposals
from tracking.followup import plan_of, task_recurrence
from tracking.statuses import load_states
from tracking.telling import plan_tellings, supersede_tellings
from tracking.views import (
    AgencyOverview,
    AssignedItem,
    EscalationMark,
    HistoryLine,
    InviteView,
    JoinOutcome,
    MemberLine,
    NoticeRef,
    ReplyOutcome,
    SeedReport,
    StoreReport,
    TaskDetail,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Actor:
    """Who acts: a Telegram user (or the system, with user_id None)."""

    name: str
    user_id: int | None = None


SYSTEM = Actor(name=say.SYSTEM_NAME)

#: A chat already registered as one role presses a link of the other: what it is told.
_WRONG_CHAT = {
    ChatRole.FOCAL: InviteProblem.FOCAL_CHAT,
    ChatRole.LEADERSHIP: InviteProblem.LEADERSHIP_CHAT,
}


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


class Tracker:
    """The product's use cases."""

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

    # ------------------------------------------------------------------ seeding

    async def sync_registry(self) -> int:
        """Mirror the agency registry into the database (skipped when the database already
        holds this registry: see :mod:`storage.agency_mirror`); returns the count."""
        async with self._sessions.begin() as session:
            await mirror_registry(session, self.registry)
        return len(self.registry.all())

    async def seed(self, seed_file: SeedFile, now: datetime) -> SeedReport:
        """Load notices and tasks; idempotent. Existing tasks (by seed key) are left as they
        are, so a newer seeds file only adds what is new and never resets a status. The
        registry must be mirrored first (:meth:`sync_registry`, as ``Core.prepare`` does)."""
        agencies = len(self.registry.all())
        notices_added = tasks_added = assignments_added = reminders = 0
        async with self._sessions.begin() as session:
            notice_ids: dict[str, int] = {}
            for notice in seed_file.notices:
                row, created = await _notice(
                    session,
                    key=notice.key,
                    number=notice.number,
                    issued=notice.issued,
                    title=notice.title,
                    source=notice.source,
                    now=now,
                )
                notice_ids[notice.key] = row.id
                notices_added += created
            known = set((await session.scalars(select(TaskRow.seed_key))).all())
            for task in seed_file.tasks:
                if task.key in known:
                    continue
                _, added, planned = await self._create_task(
                    session,
                    _from_seed(task),
                    notice_id=notice_ids[task.notice],
                    actor=SYSTEM,
                    now=now,
                )
                tasks_added += 1
                assignments_added += added
                reminders += planned
        return SeedReport(
            agencies=agencies,
            notices_added=notices_added,
            tasks_added=tasks_added,
            assignments_added=assignments_added,
            reminders_planned=reminders,
        )

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
            followup_on=new.followup_on if deadline.kind is DeadlineKind.NONE else None,
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

    async def store_notice(
        self,
        *,
        key: str,
        number: str,
        issued: date | None,
        title: str,
        source: str,
        tasks: Sequence[NewTask],
        actor: Actor,
        now: datetime,
    ) -> StoreReport:
        """Store an imported notice and its tasks; importing the same notice again adds
        only tasks it did not have (each task is keyed by notice, reference and order).

        A task whose agency the registry does not know is not stored but reported."""
        skipped: list[str] = []
        task_ids: list[int] = []
        added = existing = 0
        async with self._sessions.begin() as session:
            notice, created = await _notice(
                session, key=key, number=number, issued=issued, title=title, source=source, now=now
            )
            known = set((await session.scalars(select(TaskRow.seed_key))).all())
            for new in tasks:
                if new.seed_key in known:
                    existing += 1
                    continue
                try:
                    task_id, _, _ = await self._create_task(
                        session, new, notice_id=notice.id, actor=actor, now=now
                    )
                except UnknownAgency as error:
                    skipped.append(say.skipped_unknown_lead(new.ref, new.title, error.name))
                    continue
                task_ids.append(task_id)
                added += 1
        return StoreReport(
            notice_key=key,
            notice_created=created,
            tasks_added=added,
            tasks_existing=existing,
            skipped=tuple(skipped),
            task_ids=tuple(task_ids),
        )

    # ------------------------------------------------------------------ admins

    def is_admin(self, user_id: int | None) -> bool:
        """Admins are listed by Telegram user id in the configuration."""
        return user_id is not None and user_id in self.admin_ids

    async def access(self, *, task_id: int, chat_id: int, user_id: int | None) -> Access:
        """Whether this chat (and sender) may read the task; see :mod:`tracking.access`."""
        async with reading(self._sessions) as session:
            return await task_access(
                session,
                self.registry,
                task_id=task_id,
                chat_id=chat_id,
                is_admin=self.is_admin(user_id),
            )

    async def report_access(self, *, chat_id: int, user_id: int | None) -> Access:
        """Whether this chat (and sender) may read the reports; see :mod:`tracking.access`."""
        async with reading(self._sessions) as session:
            return await report_access(session, chat_id=chat_id, is_admin=self.is_admin(user_id))

    async def add_task(
        self,
        *,
        agency: str,
        title: str,
        deadline: Deadline,
        actor: Actor,
        now: datetime,
        followup_on: date | None = None,
    ) -> int:
        """Create a task assigned by an admin (an undated one first followed up on
        ``followup_on`` when given); returns its id. Raises UnknownAgency."""
        self.members_of(agency, ())  # validate before writing anything
        group = self.registry.resolve_group(agency)
        # Typed as "BCA" or "Bộ TT&TT", stored under the registry's name.
        lead = group.name if group is not None else self.registry.resolve(agency).name
        async with self._sessions.begin() as session:
            task_id, _, _ = await self._create_task(
                session,
                NewTask(
                    title=title,
                    text=title,
                    lead=lead,
                    deadline=deadline,
                    followup_on=followup_on,
                ),
                notice_id=None,
                actor=actor,
                now=now,
            )
        return task_id

    async def create_invite(
        self, *, agency: str, actor: Actor, now: datetime, role: ChatRole = ChatRole.FOCAL
    ) -> InviteView:
        """A single-use invitation for ``agency``'s focal point (or, with ``role``, for its
        leadership chat). Raises UnknownAgency.

        An invitation always binds to the agency responsible today: inviting "Bộ Thông tin
        và Truyền thông" invites the Ministry of Science and Technology's focal point."""
        target = self.registry.owner_today(self.registry.resolve(agency).id)
        token = secrets.token_urlsafe(16)
        expires = now + timedelta(days=self._invite_days)
        async with self._sessions.begin() as session:
            session.add(
                InviteRow(
                    token=token,
                    agency_id=target.id,
                    created_by=actor.user_id or 0,
                    created_at=now,
                    expires_at=expires,
                    role=role,
                )
            )
        return InviteView(token=token, agency=target.name, expires_at=expires, role=role)

    async def agencies_overview(self, today: date) -> list[AgencyOverview]:
        """Active agencies that have tasks or focal points, most overdue first."""
        async with reading(self._sessions) as session:
            chats: dict[str, list[str]] = defaultdict(list)
            for chat in (await session.scalars(select(ChatRow).where(ChatRow.active))).all():
                chats[chat.agency_id].append(chat.title or str(chat.chat_id))
            open_counts: dict[str, int] = defaultdict(int)
            overdue_counts: dict[str, int] = defaultdict(int)
            rows = await session.execute(
                select(
                    AssignmentRow.owner_id,
                    AssignmentRow.task_id,
                    AssignmentRow.new_due,
                    TaskRow.due,
                )
                .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
                .where(AssignmentRow.status.in_((TaskStatus.OPEN, TaskStatus.LATE)))
                .distinct()
            )
            pending_counts: dict[str, int] = defaultdict(int)
            for owner, _task in (
                await session.execute(
                    select(AssignmentRow.owner_id, ExtensionRow.task_id)
                    .join(AssignmentRow, AssignmentRow.id == ExtensionRow.assignment_id)
                    .where(ExtensionRow.state == ProposalState.PENDING)
                    .distinct()
                )
            ).all():
                pending_counts[owner] += 1
            seen: set[tuple[str, int]] = set()
            for owner, task_id, new_due, due in rows:
                if (owner, task_id) in seen:
                    continue
                seen.add((owner, task_id))
                open_counts[owner] += 1
                effective = due_in_force(assigned=due, extended=new_due)
                if effective is not None and effective < today:
                    overdue_counts[owner] += 1
        result = [
            AgencyOverview(
                agency_id=agency.id,
                name=agency.name,
                focal_points=tuple(chats.get(agency.id, ())),
                open_count=open_counts.get(agency.id, 0),
                overdue_count=overdue_counts.get(agency.id, 0),
                pending_count=pending_counts.get(agency.id, 0),
            )
            for agency in self.registry.active()
            if agency.id in chats or agency.id in open_counts
        ]
        result.sort(key=lambda a: (-a.overdue_count, -a.open_count, a.name))
        return result

    async def enqueue_admin_notice(
        self, html: str, now: datetime, kind: OfficeNoteKind | None = None
    ) -> None:
        """Queue a message to every admin (sent by the delivery loop, retried like
        reminders); with a ``kind``, it waits for the daily digest when the office has one."""
        async with self._sessions.begin() as session:
            if kind is None:
                queue_admin_notice(session, self.admin_ids, html, now)
            else:
                tell_office(session, self.admin_ids, self.admin_notify, kind, html, now)

    # ------------------------------------------------------------------ focal points

    async def redeem_invite(
        self, *, token: str, chat_id: int, title: str, actor: Actor, now: datetime
    ) -> JoinOutcome:
        """Bind the chat to the invitation's agency. Raises InviteInvalid."""
        async with self._sessions.begin() as session:
            invite = await session.get(InviteRow, token)
            if invite is None:
                raise InviteInvalid(InviteProblem.UNKNOWN)
            bound = await _registered_as(session, chat_id)
            if invite.used_at is not None:
                # Pressing one's own link again: it worked the first time.
                mine = invite.used_by_chat == chat_id and bound == (invite.role, invite.agency_id)
                raise InviteInvalid(InviteProblem.MINE if mine else InviteProblem.USED)
            if invite.expires_at <= now:
                raise InviteInvalid(InviteProblem.EXPIRED)
            if bound is not None and bound[0] is not invite.role:
                # A focal point's chat does not become a leadership chat, nor the other way
                # round; the link stays usable where it belongs.
                raise InviteInvalid(_WRONG_CHAT[bound[0]])
            # Single use even if two people press the link at the same moment.
            claimed = await claim_one(
                session,
                update(InviteRow)
                .where(InviteRow.token == token, InviteRow.used_at.is_(None))
                .values(used_at=now, used_by_chat=chat_id),
            )
            if not claimed:
                raise InviteInvalid(InviteProblem.USED)
            if invite.role is ChatRole.LEADERSHIP:
                return await self._bind_leadership(
                    session, invite.agency_id, chat_id, title, actor, now
                )
            chat = await session.scalar(select(ChatRow).where(ChatRow.chat_id == chat_id))
            previous: str | None = None
            if chat is None:
                chat = ChatRow(
                    chat_id=chat_id,
                    agency_id=invite.agency_id,
                    title=title,
                    user_id=actor.user_id,
                    active=True,
                    joined_at=now,
                    inactive_reason="",
                )
                session.add(chat)
            else:
                if chat.active and chat.agency_id != invite.agency_id:
                    previous = self.registry.get(chat.agency_id).name
                chat.agency_id, chat.title, chat.user_id = invite.agency_id, title, actor.user_id
                chat.active, chat.joined_at, chat.inactive_reason = True, now, ""
            await session.flush()
            if not await session.scalar(
                select(ChatRow.id)
                .where(
                    ChatRow.agency_id == invite.agency_id,
                    ChatRow.active,
                    ChatRow.chat_id != chat_id,
                )
                .limit(1)
            ):
                # The agency's only chat: its welcome lists what was still to be told.
                await supersede_tellings(session, agency_id=invite.agency_id, now=now)
            agency = self.registry.get(invite.agency_id)
            lines = await self._lines_for_owner(session, agency.id)
        today = self.planner.local_day(now)
        return JoinOutcome(
            agency_id=agency.id,
            agency=agency.name,
            open_count=len(lines),
            overdue_count=sum(1 for line in lines if (line.days_left(today) or 0) < 0),
            previous_agency=previous,
        )

    async def _bind_leadership(
        self,
        session: AsyncSession,
        agency_id: str,
        chat_id: int,
        title: str,
        actor: Actor,
        now: datetime,
    ) -> JoinOutcome:
        """Register ``chat_id`` as the agency's leadership chat (again, if it was one)."""
        chat = await session.scalar(
            select(LeadershipChatRow).where(LeadershipChatRow.chat_id == chat_id)
        )
        previous: str | None = None
        if chat is None:
            session.add(
                LeadershipChatRow(
                    chat_id=chat_id,
                    agency_id=agency_id,
                    title=title,
                    user_id=actor.user_id,
                    active=True,
                    joined_at=now,
                )
            )
        else:
            if chat.active and chat.agency_id != agency_id:
                previous = self.registry.get(chat.agency_id).name
            chat.agency_id, chat.title, chat.user_id = agency_id, title, actor.user_id
            chat.active, chat.joined_at = True, now
        lines = await self._lines_for_owner(session, agency_id)
        today = self.planner.local_day(now)
        return JoinOutcome(
            agency_id=agency_id,
            agency=self.registry.get(agency_id).name,
            open_count=sum(1 for line in lines if line.status.is_open),
            overdue_count=sum(
                1 for line in lines if line.status.is_open and (line.days_left(today) or 0) < 0
            ),
            previous_agency=previous,
            role=ChatRole.LEADERSHIP,
        )

    async def leadership_agency(self, chat_id: int) -> Agency | None:
        """The agency whose leadership chat this is, if any."""
        async with self._sessions() as session:
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

    async def _bound_agency(self, session: AsyncSession, chat_id: int) -> str:
        agency_id = await session.scalar(
            select(ChatRow.agency_id).where(ChatRow.chat_id == chat_id, ChatRow.active)
        )
        if agency_id is None:
            raise ChatNotBound(chat_id)
        return agency_id

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
        async with self._sessions() as session:
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
        async with self._sessions() as session:
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

    async def _owned(
        self, session: AsyncSession, chat_id: int, task_id: int
    ) -> tuple[str, TaskRow, list[AssignmentRow]]:
        owner = await self._bound_agency(session, chat_id)
        task = await session.get(TaskRow, task_id)
        if task is None:
            raise TaskNotFound(task_id)
        assignments = list(
            (
                await session.scalars(
                    select(AssignmentRow).where(
                        AssignmentRow.task_id == task_id, AssignmentRow.owner_id == owner
                    )
                )
            ).all()
        )
        if not assignments:
            co_operating = owner in {self.registry.owner_today(str(c)).id for c in task.co}
            raise NotYourTask(task_id, owner, task.lead if co_operating else None)
        return owner, task, assignments

    async def mark_done(
        self,
        *,
        chat_id: int,
        task_id: int,
        note: str,
        actor: Actor,
        now: datetime,
        notices: ReplyNotices | None = None,
    ) -> ReplyOutcome:
        """The chat's agency finished its obligation. Raises ChatNotBound, TaskNotFound,
        NotYourTask. Doing it twice changes nothing and says so (and since when)."""
        async with self._sessions.begin() as session:
            owner, task, assignments = await self._owned(session, chat_id, task_id)
            refuse_cancelled(assignments)
            changing = [a for a in assignments if a.status.is_open]
            rule = task_recurrence(task)
            if rule is not None and any(a.period_due is not None for a in changing):
                outcome = await self._close_period(
                    session, owner, task, changing, rule, note=note, actor=actor, now=now
                )
                return await _queue_reply(
                    session, self.admin_ids, self.admin_notify, notices, outcome, now
                )
            events: list[EventRow] = []
            status = TaskStatus.AWAITING if self.confirm_done else TaskStatus.DONE
            kind = EventKind.SUBMITTED if self.confirm_done else EventKind.DONE
            for assignment in changing:
                previous = assignment.status
                assignment.status, assignment.status_at = status, now
                if note:
                    assignment.note = note
                events.append(_event(assignment, kind, actor, now, note, {"prev": previous.value}))
            withdrawn = await withdraw_open_proposals(session, [a.id for a in changing], now)
            for event in events:
                if withdrawn:
                    # An undo of this report reopens them (the history never closed them).
                    event.data = {**(event.data or {}), "withdrawn": withdrawn}
            session.add_all(events)
            await cancel_pending(session, [a.id for a in changing], now)
            await session.flush()
            outcome = ReplyOutcome(
                task_id=task.id,
                title=task.title,
                agency=self.registry.get(owner).name,
                status=status if changing else assignments[0].status,
                changed=len(changing),
                already=not changing,
                recorded_at=_recorded_at(assignments, assignments[0].status),
                event_id=events[0].id if events else None,
                undo_minutes=self.undo_minutes if events else 0,
            )
            outcome = await _queue_reply(
                session, self.admin_ids, self.admin_notify, notices, outcome, now
            )
        return outcome

    async def _close_period(
        self,
        session: AsyncSession,
        owner: str,
        task: TaskRow,
        changing: Sequence[AssignmentRow],
        rule: str,
        *,
        note: str,
        actor: Actor,
        now: datetime,
    ) -> ReplyOutcome:
        """Close the current period of a recurring duty: a history line of that period, the
        next period current and its reminders planned; the duty itself stays open.

        A period can be closed once it has begun (after the previous period's due date), so
        a second ✅ or a second member of a group pressing it does not close next month's
        too: it is told the period was recorded, and when. The report can be withdrawn
        (↩️ Hoàn tác within ``undo_minutes``, the office at any time: ``tracking.corrections``)
        while it is the last period closed: its event keeps what the undo restores (the
        previous status, the extension in force for the period, the proposals withdrawn)."""
        today = self.planner.local_day(now)
        periodic = [(a, a.period_due) for a in changing if a.period_due is not None]
        closing = [(a, due) for a, due in periodic if previous_due(rule, due) < today]
        label = functools.partial(say.period_label, task.granularity)
        if not closing:
            current = periodic[0][1]
            return ReplyOutcome(
                task_id=task.id,
                title=task.title,
                agency=self.registry.get(owner).name,
                status=periodic[0][0].status,
                changed=0,
                already=True,
                recorded_at=_latest(a.status_at for a, _ in periodic),
                period=previous_due(rule, current),
                next_period=current,
                granularity=task.granularity,
            )
        events: list[EventRow] = []
        for assignment, closed in closing:
            data = {"prev": assignment.status.value, "period": closed.isoformat()}
            if assignment.new_due is not None:
                data["new_due"] = assignment.new_due.isoformat()
            # An extension the office approved was for the period now closed.
            assignment.period_due, assignment.new_due = next_due(rule, closed), None
            assignment.status, assignment.status_at = TaskStatus.OPEN, now
            if note:
                assignment.note = note
            events.append(
                _event(
                    assignment,
                    EventKind.PERIOD_DONE,
                    actor,
                    now,
                    say.period_done_detail(label(closed), note),
                    data,
                )
            )
        ids = [a.id for a, _ in closing]
        withdrawn = await withdraw_open_proposals(session, ids, now)
        if withdrawn:
            for event in events:
                event.data = {**(event.data or {}), "withdrawn": withdrawn}
        session.add_all(events)
        await cancel_pending(session, ids, now)
        for assignment, _ in closing:
            store_plan(session, assignment.id, plan_of(self.planner, assignment, task, now))
        await session.flush()
        first, closed = closing[0]
        return ReplyOutcome(
            task_id=task.id,
            title=task.title,
            agency=self.registry.get(owner).name,
            status=TaskStatus.OPEN,
            changed=len(closing),
            period=closed,
            next_period=first.period_due,
            granularity=task.granularity,
            event_id=events[0].id,
            undo_minutes=self.undo_minutes,
        )

    async def report_late(
        self,
        *,
        chat_id: int,
        task_id: int,
        reason: str,
        new_due: date | None,
        actor: Actor,
        now: datetime,
        notices: ReplyNotices | None = None,
    ) -> ReplyOutcome:
        """The chat's agency will be late. With a new date it is a *proposal* to the office
        (``tracking.decisions``): the deadline in force and the reminders stay until the
        office decides. Without a date it is a recorded reason; the chases go on."""
        async with self._sessions.begin() as session:
            owner, task, assignments = await self._owned(session, chat_id, task_id)
            refuse_cancelled(assignments)
            changing = [a for a in assignments if a.status.is_open]
            events: list[EventRow] = []
            for assignment in changing:
                previous = assignment.status
                assignment.status, assignment.status_at = TaskStatus.LATE, now
                assignment.note = reason
                if new_due is None:
                    events.append(
                        _event(
                            assignment, EventKind.LATE, actor, now, reason, {"prev": previous.value}
                        )
                    )
            session.add_all(events)
            proposal_id: int | None = None
            if new_due is not None and changing:
                proposals = await open_proposals(
                    session,
                    changing,
                    due=new_due,
                    reason=reason,
                    actor_name=actor.name,
                    actor_user_id=actor.user_id,
                    chat_id=chat_id,
                    now=now,
                )
                proposal_id = proposals[0][0]
                events = [event for _, event in proposals]
            await session.flush()
            outcome = ReplyOutcome(
                task_id=task.id,
                title=task.title,
                agency=self.registry.get(owner).name,
                status=TaskStatus.LATE if changing else assignments[0].status,
                changed=len(changing),
                new_due=new_due,
                already=not changing,
                recorded_at=(
                    _recorded_at(assignments, assignments[0].status) if not changing else now
                ),
                proposal_id=proposal_id,
                deadline=(
                    due_in_force(assigned=task.due, extended=changing[0].new_due)
                    if changing
                    else None
                ),
                event_id=events[0].id if events else None,
                undo_minutes=self.undo_minutes if events else 0,
            )
            outcome = await _queue_reply(
                session, self.admin_ids, self.admin_notify, notices, outcome, now
            )
        return outcome

    async def tasks_of_message(self, chat_id: int, message_id: int) -> list[int]:
        """The task ids a bot message (a reminder) listed, for replies without an id."""
        async with reading(self._sessions) as session:
            ids = await session.scalar(
                select(OutboxRow.task_ids).where(
                    OutboxRow.chat_id == chat_id, OutboxRow.message_id == message_id
                )
            )
        return [int(i) for i in ids or []]

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


async def _registered_as(session: AsyncSession, chat_id: int) -> tuple[ChatRole, str] | None:
    """What an active chat is registered as (focal point or leadership), and for whom."""
    focal = await session.scalar(
        select(ChatRow.agency_id).where(ChatRow.chat_id == chat_id, ChatRow.active)
    )
    if focal is not None:
        return ChatRole.FOCAL, focal
    leading = await session.scalar(
        select(LeadershipChatRow.agency_id).where(
            LeadershipChatRow.chat_id == chat_id, LeadershipChatRow.active
        )
    )
    return None if leading is None else (ChatRole.LEADERSHIP, leading)


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


async def _queue_reply(
    session: AsyncSession,
    admin_ids: Iterable[int],
    notify: AdminNotify,
    notices: ReplyNotices | None,
    outcome: ReplyOutcome,
    now: datetime,
) -> ReplyOutcome:
    """Queue a report's confirmation (and, if it changed something, the admins' notice) in
    the report's own transaction; the outcome comes back with the confirmation's id. A
    notice with buttons (a proposal, a completion to confirm) needs a decision and goes at
    once; the others follow ``notify``."""
    if notices is None:
        return outcome
    row = OutboxRow.queued(
        purpose=OutboxPurpose.REPLY,
        chat_id=notices.chat_id,
        reply_to=notices.reply_to,
        html=notices.confirmation(outcome),
        now=now,
        keyboard=(
            notices.confirmation_keyboard(outcome) if notices.confirmation_keyboard else None
        ),
    )
    session.add(row)
    for_the_loop = False
    if not outcome.already:
        keyboard = notices.admin_keyboard(outcome) if notices.admin_keyboard else None
        html = notices.admin_notice(outcome)
        if keyboard:
            queue_admin_notice(session, admin_ids, html, now, keyboard)
        else:
            tell_office(session, admin_ids, notify, OfficeNoteKind.REPORT, html, now)
        for_the_loop = bool(keyboard) or notify is AdminNotify.INSTANT
    await session.flush()
    return dataclasses.replace(outcome, confirmation_id=row.id, for_the_loop=for_the_loop)


def _latest(times: Iterable[datetime | None]) -> datetime | None:
    known = [t for t in times if t is not None]
    return max(known) if known else None


def _recorded_at(assignments: Sequence[AssignmentRow], status: TaskStatus) -> datetime | None:
    """When the latest of these obligations entered ``status``."""
    times = [a.status_at for a in assignments if a.status is status and a.status_at is not None]
    return max(times) if times else None


async def _notice(
    session: AsyncSession,
    *,
    key: str,
    number: str,
    issued: date | None,
    title: str,
    source: str,
    now: datetime,
) -> tuple[NoticeRow, bool]:
    """The notice with this key, created if new; True when it was created."""
    row = await session.scalar(select(NoticeRow).where(NoticeRow.key == key))
    if row is not None:
        return row, False
    row = NoticeRow(
        key=key, number=number, issued=issued, title=title, source=source, created_at=now
    )
    session.add(row)
    await session.flush()
    return row, True


def _event(
    assignment: AssignmentRow,
    kind: EventKind,
    actor: Actor,
    now: datetime,
    detail: str,
    data: dict[str, Any] | None = None,
) -> EventRow:
    """A history line for one obligation."""
    return EventRow(
        task_id=assignment.task_id,
        assignment_id=assignment.id,
        at=now,
        kind=kind,
        actor=actor.name,
        actor_user_id=actor.user_id,
        detail=detail,
        data=data,
    )


def assigned_item(
    registry: AgencyRegistry,
    agency_id: str,
    task: TaskRow,
    assignments: Sequence[AssignmentRow],
    notice: NoticeRef | None,
    *,
    co: bool,
) -> AssignedItem | None:
    """A task as ``agency_id`` is told of it: its own obligation (``co`` False) or its
    co-operation; None when that is over (finished, withdrawn, moved, dropped)."""
    if co:
        co_owners = {registry.owner_today(str(c)).id for c in task.co or []}
        mine = [a for a in assignments if a.status.is_open] if agency_id in co_owners else []
    else:
        mine = [a for a in assignments if a.owner_id == agency_id and a.status.is_open]
    if not mine:
        return None
    first = mine[0]
    return AssignedItem(
        line=line_of(task, first, registry.get(first.agency_id).name),
        notice=notice,
        co=co,
        lead=task.lead,
    )


def line_of(task: TaskRow, assignment: AssignmentRow, assigned_as: str) -> TaskLine:
    """One obligation as its owner sees it (a date announced with /late wins)."""
    return line_from(
        task_id=task.id,
        title=task.title,
        due=task.due,
        granularity=task.granularity,
        kind=task.kind,
        phrase=task.phrase,
        status=assignment.status,
        new_due=assignment.new_due,
        period_due=assignment.period_due,
        assigned_as=assigned_as,
    )


def _unique(agencies: Iterable[Agency]) -> list[Agency]:
    seen: dict[str, Agency] = {}
    for agency in agencies:
        seen.setdefault(agency.id, agency)
    return list(seen.values())


def _from_seed(task: SeedTask) -> NewTask:
    return NewTask(
        title=task.title,
        text=task.text,
        lead=task.lead,
        deadline=task.deadline,
        members=task.members,
        co=task.co,
        ref=task.ref,
        seed_key=task.key,
    )


__all__ = ["SYSTEM", "Actor", "NewTask", "ReplyNotices", "Tracker", "UnknownAgency"]
