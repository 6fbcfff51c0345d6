"""Corrections: a focal point withdrawing their own report (↩️ Hoàn tác), the office
reopening, editing or withdrawing a task, progress notes, and the office confirming or
returning reported completions (``CONFIRM_DONE``).

Every change is one transaction with its history event (actor, time, old → new values) and
the messages it sends (through the outbox); a refused change raises before anything is
written, or rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from delivery.outbox import note_for_digest, queue_admin_notice, tell_office
from domain.agencies import AgencyRegistry
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.errors import (
    ChangeRefused,
    ChatNotBound,
    NotYourTask,
    TaskNotFound,
    UndoRefused,
    UnknownAgency,
)
from domain.followup import DEADLINE_FIELD
from domain.recurrence import next_due
from domain.status import AdminNotify, EventKind, OfficeNoteKind, ProposalState, TaskStatus
from domain.titles import STORED_TITLE_MAX
from scheduler.planner import Planner, cancel_pending, rebase_followups
from storage.db import reading
from storage.models import AssignmentRow, ChatRow, EventRow, ExtensionRow, TaskRow
from tracking.decisions import owner_chats, queue_chat_message, withdraw_open_proposals
from tracking.followup import plan_in_force, task_recurrence
from tracking.statuses import event_data
from tracking.telling import plan_tellings, supersede_tellings
from tracking.wording import fmt_date, followup_date_detail, period_label

#: Reports a focal point can withdraw.
UNDOABLE = frozenset(
    {
        EventKind.DONE,
        EventKind.SUBMITTED,
        EventKind.LATE,
        EventKind.EXTENSION_PROPOSED,
        EventKind.PERIOD_DONE,
    }
)

#: The ``field`` of an EDITED event that sets an undated task's first follow-up date.
FOLLOWUP_FIELD = "followup"

#: ``/edit`` fields, as typed (with and without diacritics) → the stored field.
EDIT_FIELDS = {
    "hạn": DEADLINE_FIELD,
    "han": DEADLINE_FIELD,
    "tên": "title",
    "ten": "title",
    "chủ trì": "lead",
    "chu tri": "lead",
    "phối hợp": "co",
    "phoi hop": "co",
}


@dataclass(frozen=True, kw_only=True, slots=True)
class Correction:
    """What a correction changed, for the answers and the notices."""

    task_id: int
    title: str
    kind: EventKind
    agencies: tuple[str, ...]
    """The agencies whose obligations changed."""
    field: str = ""
    old: str = ""
    new: str = ""
    reason: str = ""
    undone: EventKind | None = None
    """For an undo: the kind of report withdrawn."""
    changed: int = 0
    period: date | None = None
    """A recurring duty's period reopened (its due date): the one current again."""
    granularity: Granularity | None = None
    """That duty's period (for the period's name)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class ClosedPeriod:
    """A recurring duty's period reported done that the office may reopen: the last one
    its obligation closed, not withdrawn."""

    event_id: int
    agency: str
    period: date
    granularity: Granularity | None
    at: datetime


@dataclass(frozen=True, kw_only=True, slots=True)
class Who:
    """Who makes a correction."""

    name: str
    user_id: int | None


def _event(
    task_id: int,
    assignment_id: int | None,
    kind: EventKind,
    who: Who,
    now: datetime,
    detail: str,
    data: dict[str, Any] | None = None,
) -> EventRow:
    return EventRow(
        task_id=task_id,
        assignment_id=assignment_id,
        at=now,
        kind=kind,
        actor=who.name,
        actor_user_id=who.user_id,
        detail=detail,
        data=data,
    )


class Corrections:
    """The corrections use cases."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        planner: Planner,
        registry: AgencyRegistry,
        admin_ids: Iterable[int],
        undo_minutes: int,
        admin_notify: AdminNotify = AdminNotify.INSTANT,
    ) -> None:
        self._sessions = sessions
        self._admin_notify = admin_notify
        self._planner = planner
        self._registry = registry
        self._admin_ids = frozenset(admin_ids)
        self.undo_minutes = undo_minutes

    def _names(self, assignments: Iterable[AssignmentRow]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self._registry.get(a.owner_id).name for a in assignments))

    async def _task(
        self, session: AsyncSession, task_id: int
    ) -> tuple[TaskRow, list[AssignmentRow]]:
        task = await session.get(TaskRow, task_id)
        if task is None:
            raise TaskNotFound(task_id)
        assignments = list(
            (
                await session.scalars(
                    select(AssignmentRow)
                    .where(AssignmentRow.task_id == task_id)
                    .order_by(AssignmentRow.id)
                )
            ).all()
        )
        return task, assignments

    # ------------------------------------------------------------------ undo

    async def undo(
        self,
        *,
        event_id: int,
        chat_id: int,
        who: Who,
        now: datetime,
        tell_admins: Callable[[Correction], str],
    ) -> Correction:
        """Withdraw the report ``event_id`` (and the others the same report made), within
        ``undo_minutes``: the obligation returns to its previous state, its reminders are
        planned again, a proposal it carried is withdrawn, the admins are told. Raises
        UndoRefused (expired, not_yours, already, decided, gone) or ChatNotBound."""
        async with self._sessions.begin() as session:
            report = await session.get(EventRow, event_id)
            if report is None or report.kind not in UNDOABLE or report.assignment_id is None:
                raise UndoRefused("gone")
            owner = await session.scalar(
                select(ChatRow.agency_id).where(ChatRow.chat_id == chat_id, ChatRow.active)
            )
            if owner is None:
                raise ChatNotBound(chat_id)
            if (report.data or {}).get("undone"):
                raise UndoRefused("already")
            if now - report.at > timedelta(minutes=self.undo_minutes):
                raise UndoRefused("expired", self.undo_minutes)
            # The same report: same task, kind, sender and instant (one per obligation).
            reports = (
                await session.scalars(
                    select(EventRow).where(
                        EventRow.task_id == report.task_id,
                        EventRow.kind == report.kind,
                        EventRow.at == report.at,
                        EventRow.actor_user_id == report.actor_user_id,
                    )
                )
            ).all()
            task = await session.get(TaskRow, report.task_id)
            assert task is not None
            changed: list[AssignmentRow] = []
            reopened: date | None = None
            for event in reports:
                assignment = await session.get(AssignmentRow, event.assignment_id)
                if assignment is None:
                    continue
                if assignment.owner_id != owner:
                    raise UndoRefused("not_yours")
                if event.kind is EventKind.PERIOD_DONE:
                    reopened = await self._reopen_period(session, task, assignment, event, who, now)
                    changed.append(assignment)
                    continue
                # Only if nothing happened since: a later report or decision stands.
                await _nothing_since(session, assignment.id, event.id)
                data = dict(event.data or {})
                proposal_id = data.get("proposal")
                if event.kind is EventKind.EXTENSION_PROPOSED and proposal_id is not None:
                    proposal = await session.get(ExtensionRow, int(proposal_id))
                    if proposal is None or proposal.state is not ProposalState.PENDING:
                        raise UndoRefused("decided")
                    proposal.state, proposal.decided_at = ProposalState.WITHDRAWN, now
                previous = TaskStatus(data.get("prev", TaskStatus.OPEN.value))
                assignment.status, assignment.status_at = previous, now
                data["undone"] = True
                event.data = data
                session.add(
                    _event(
                        task.id,
                        assignment.id,
                        EventKind.UNDONE,
                        who,
                        now,
                        report.kind.value,
                        event_data(ref=event.id),
                    )
                )
                if event.kind in (EventKind.DONE, EventKind.SUBMITTED):
                    for withdrawn_id in data.get("withdrawn", []):
                        proposal = await session.get(ExtensionRow, int(withdrawn_id))
                        if (
                            proposal is not None
                            and proposal.assignment_id == assignment.id
                            and proposal.state is ProposalState.WITHDRAWN
                        ):
                            proposal.state, proposal.decided_at = ProposalState.PENDING, None
                    await plan_in_force(session, self._planner, assignment, task, now)
                changed.append(assignment)
            result = Correction(
                task_id=task.id,
                title=task.title,
                kind=EventKind.UNDONE,
                agencies=self._names(changed),
                undone=report.kind,
                changed=len(changed),
                period=reopened,
                granularity=task.granularity if reopened else None,
            )
            if report.kind in (EventKind.EXTENSION_PROPOSED, EventKind.SUBMITTED):
                # Its notice asked for a decision: that it is gone is told at once too.
                queue_admin_notice(session, self._admin_ids, tell_admins(result), now)
            else:
                tell_office(
                    session,
                    self._admin_ids,
                    self._admin_notify,
                    OfficeNoteKind.REPORT,
                    tell_admins(result),
                    now,
                )
        return result

    async def _reopen_period(
        self,
        session: AsyncSession,
        task: TaskRow,
        assignment: AssignmentRow,
        event: EventRow,
        who: Who,
        now: datetime,
    ) -> date:
        """Withdraw the report of a recurring duty's period (``event``, a PERIOD_DONE):
        that period is current again, with the status, the extension in force and the
        proposals it had; the next period's reminders are withdrawn and the period's
        planned again; an UNDONE event records it. Only the last period closed, only if
        nothing else happened on the obligation since. Returns the period's due date.
        Raises UndoRefused (already, not_last, decided)."""
        data = dict(event.data or {})
        if data.get("undone"):
            raise UndoRefused("already")
        last = await _last_period_report(session, assignment.id)
        if last is None or last.id != event.id:
            raise UndoRefused("not_last")
        await _nothing_since(session, assignment.id, event.id, withdrawn_too=True)
        closed = date.fromisoformat(str(data["period"]))
        rule = task_recurrence(task)
        if rule is None or assignment.period_due != next_due(rule, closed):
            raise UndoRefused("decided")  # the duty's deadline was edited since
        new_due = data.get("new_due")
        assignment.period_due = closed
        assignment.new_due = date.fromisoformat(str(new_due)) if new_due else None
        assignment.status = TaskStatus(data.get("prev", TaskStatus.OPEN.value))
        assignment.status_at = now
        for withdrawn_id in data.get("withdrawn", []):
            proposal = await session.get(ExtensionRow, int(withdrawn_id))
            if (
                proposal is not None
                and proposal.assignment_id == assignment.id
                and proposal.state is ProposalState.WITHDRAWN
            ):
                proposal.state, proposal.decided_at = ProposalState.PENDING, None
        data["undone"] = True
        event.data = data
        session.add(
            _event(
                task.id,
                assignment.id,
                EventKind.UNDONE,
                who,
                now,
                period_label(task.granularity, closed),
                event_data(ref=event.id),
            )
        )
        await plan_in_force(session, self._planner, assignment, task, now)
        return closed

    async def closed_periods(self, task_id: int) -> list[ClosedPeriod]:
        """The periods of a recurring duty the office may reopen: each obligation's last
        period reported done, when its report still stands (for the buttons under /task)."""
        async with reading(self._sessions) as session:
            task, assignments = await self._task(session, task_id)
            reports = (
                await session.scalars(
                    select(EventRow)
                    .where(EventRow.task_id == task_id, EventRow.kind == EventKind.PERIOD_DONE)
                    .order_by(EventRow.id.desc())
                )
            ).all()
            latest: dict[int, EventRow] = {}
            for report in reports:
                if report.assignment_id is not None and not (report.data or {}).get("undone"):
                    latest.setdefault(report.assignment_id, report)
            found: list[ClosedPeriod] = []
            for assignment in assignments:
                last = latest.get(assignment.id)
                if last is None or not assignment.status.is_open:
                    continue
                found.append(
                    ClosedPeriod(
                        event_id=last.id,
                        agency=self._registry.get(assignment.owner_id).name,
                        period=date.fromisoformat(str((last.data or {})["period"])),
                        granularity=task.granularity,
                        at=last.at,
                    )
                )
            return found

    async def reopen_period(
        self,
        *,
        event_id: int,
        who: Who,
        now: datetime,
        tell_focal: Callable[[Correction], str],
    ) -> Correction:
        """The office reopens a period reported done (its report ``event_id``, from a
        button under /task), at any time: see ``_reopen_period``; the agency's focal
        points are told. Raises UndoRefused (gone: no such report of a period; already,
        not_last, decided)."""
        async with self._sessions.begin() as session:
            report = await session.get(EventRow, event_id)
            if (
                report is None
                or report.kind is not EventKind.PERIOD_DONE
                or report.assignment_id is None
            ):
                raise UndoRefused("gone")
            task = await session.get(TaskRow, report.task_id)
            assignment = await session.get(AssignmentRow, report.assignment_id)
            if task is None or assignment is None:
                raise UndoRefused("gone")
            closed = await self._reopen_period(session, task, assignment, report, who, now)
            result = self._period_reopened(task, [assignment], closed)
            for chat_id in await owner_chats(session, [assignment.owner_id]):
                queue_chat_message(session, chat_id, tell_focal(result), now, None)
        return result

    def _period_reopened(
        self, task: TaskRow, changed: list[AssignmentRow], closed: date
    ) -> Correction:
        return Correction(
            task_id=task.id,
            title=task.title,
            kind=EventKind.UNDONE,
            agencies=self._names(changed),
            undone=EventKind.PERIOD_DONE,
            changed=len(changed),
            period=closed,
            granularity=task.granularity,
        )

    # ------------------------------------------------------------------ the office

    async def reopen(
        self,
        *,
        task_id: int,
        agency: str | None,
        who: Who,
        now: datetime,
        tell_focal: Callable[[Correction], str],
    ) -> Correction:
        """Reopen the finished (or withdrawn, or awaiting) obligations of a task, or only
        ``agency``'s. Raises TaskNotFound, UnknownAgency, NotYourTask (agency not a member),
        ChangeRefused("not_done")."""
        async with self._sessions.begin() as session:
            task, assignments = await self._task(session, task_id)
            if agency:
                wanted = self._registry.resolve(agency)
                owner = self._registry.owner_today(wanted.id).id
                assignments = [
                    a
                    for a in assignments
                    if wanted.id in (a.agency_id, a.owner_id) or a.owner_id == owner
                ]
                if not assignments:
                    raise NotYourTask(task_id, wanted.id)
            changing = [a for a in assignments if not a.status.is_open]
            if not changing and task_recurrence(task) is not None:
                # A recurring duty goes on: what can be reopened is its last period closed.
                return await self._reopen_last_periods(
                    session, task, assignments, who, now, tell_focal
                )
            if not changing:
                raise ChangeRefused("not_done")
            for assignment in changing:
                previous = assignment.status
                assignment.status, assignment.status_at = TaskStatus.OPEN, now
                session.add(
                    _event(
                        task.id,
                        assignment.id,
                        EventKind.REOPENED,
                        who,
                        now,
                        "",
                        event_data(old=previous.value, new=TaskStatus.OPEN.value),
                    )
                )
                await plan_in_force(session, self._planner, assignment, task, now)
            result = Correction(
                task_id=task.id,
                title=task.title,
                kind=EventKind.REOPENED,
                agencies=self._names(changing),
                changed=len(changing),
            )
            for chat_id in await owner_chats(session, (a.owner_id for a in changing)):
                queue_chat_message(session, chat_id, tell_focal(result), now, None)
        return result

    async def _reopen_last_periods(
        self,
        session: AsyncSession,
        task: TaskRow,
        assignments: list[AssignmentRow],
        who: Who,
        now: datetime,
        tell_focal: Callable[[Correction], str],
    ) -> Correction:
        """``/reopen`` of a recurring duty: each obligation's last period reported done is
        reopened (``_reopen_period``). Raises ChangeRefused("no_period") when none was
        reported (``no_period``), UndoRefused("decided") when one cannot be any more."""
        reopened: list[tuple[AssignmentRow, date]] = []
        for assignment in assignments:
            last = await _last_period_report(session, assignment.id)
            if last is not None:
                closed = await self._reopen_period(session, task, assignment, last, who, now)
                reopened.append((assignment, closed))
        if not reopened:
            raise ChangeRefused("no_period")
        changed = [a for a, _ in reopened]
        result = self._period_reopened(task, changed, reopened[0][1])
        for chat_id in await owner_chats(session, (a.owner_id for a in changed)):
            queue_chat_message(session, chat_id, tell_focal(result), now, None)
        return result

    async def cancel(
        self,
        *,
        task_id: int,
        reason: str,
        who: Who,
        now: datetime,
        tell_focal: Callable[[Correction], str],
    ) -> Correction:
        """Withdraw a task ("đã rút"): no more reminders, open proposals closed, counted
        apart. Raises TaskNotFound, ChangeRefused("already_cancelled")."""
        async with self._sessions.begin() as session:
            task, assignments = await self._task(session, task_id)
            changing = [a for a in assignments if a.status is not TaskStatus.CANCELLED]
            if not changing:
                raise ChangeRefused("already_cancelled")
            for assignment in changing:
                assignment.status, assignment.status_at = TaskStatus.CANCELLED, now
            session.add(_event(task.id, None, EventKind.CANCELLED, who, now, reason))
            ids = [a.id for a in changing]
            await withdraw_open_proposals(session, ids, now)
            await cancel_pending(session, ids, now)
            result = Correction(
                task_id=task.id,
                title=task.title,
                kind=EventKind.CANCELLED,
                agencies=self._names(changing),
                reason=reason,
                changed=len(changing),
            )
            for chat_id in await owner_chats(session, (a.owner_id for a in changing)):
                queue_chat_message(session, chat_id, tell_focal(result), now, None)
        return result

    async def edit(
        self,
        *,
        task_id: int,
        field: str,
        value: str,
        who: Who,
        now: datetime,
        read_deadline: Callable[[str], Deadline],
        tell_focal: Callable[[Correction], str],
    ) -> Correction:
        """``/edit``: the deadline (``hạn``), the title (``tên``), the lead (``chủ trì``:
        moves the obligation, keeping its history) or the co-operating agencies
        (``phối hợp``). Raises TaskNotFound, ChangeRefused (unknown_field, empty, same,
        group_lead, …), UnknownAgency, DeadlineNotUnderstood (from ``read_deadline``)."""
        stored = EDIT_FIELDS.get(field.strip().lower())
        if stored is None:
            raise ChangeRefused("unknown_field", field)
        value = value.strip()
        if not value:
            raise ChangeRefused("empty", field)
        moved_from: str | None = None
        async with self._sessions.begin() as session:
            task, assignments = await self._task(session, task_id)
            match stored:
                case "title":
                    old, new = task.title, value[:STORED_TITLE_MAX]
                    if old == new:
                        raise ChangeRefused("same", value)
                    task.title = new
                    data = event_data(field="title", old=old, new=new)
                case "co":
                    names = (
                        [] if value.lower() in {"không", "khong", "bỏ", "bo"} else value.split(",")
                    )
                    agencies = [self._registry.resolve(n.strip()) for n in names if n.strip()]
                    co = list(dict.fromkeys(a.id for a in agencies))
                    old = ", ".join(self._registry.get(c).name for c in task.co) or "không"
                    new = ", ".join(a.name for a in agencies) or "không"
                    if co == list(task.co):
                        raise ChangeRefused("same", value)
                    data = event_data(field="co", old=list(task.co), new=co)
                    await self._tell_co(session, task, co, now)
                    task.co = co
                case "lead":
                    target = self._registry.resolve(value)
                    if len(assignments) != 1:
                        raise ChangeRefused("group_lead", task.lead)
                    [assignment] = assignments
                    if target.id in (assignment.agency_id, assignment.owner_id):
                        raise ChangeRefused("same", target.name)
                    old, new = task.lead, target.name
                    session.add(
                        _event(
                            task.id,
                            assignment.id,
                            EventKind.MOVED,
                            who,
                            now,
                            f"{self._registry.get(assignment.agency_id).name} → {target.name}",
                            event_data(old=assignment.agency_id, new=target.id),
                        )
                    )
                    old_owner = assignment.owner_id
                    assignment.agency_id = target.id
                    assignment.owner_id = self._registry.owner_today(target.id).id
                    task.lead, task.lead_agency_id = target.name, target.id
                    data = event_data(field="lead", old=old_owner, new=target.id)
                    moved_from = old_owner
                    # Its reminders are the obligation's: they follow it to the new lead,
                    # who is told of it as of a new task; the old lead is not any more.
                    await supersede_tellings(
                        session, agency_id=old_owner, now=now, task_ids=[task.id]
                    )
                    if assignment.status.is_open:
                        await plan_tellings(
                            session,
                            self._registry,
                            task_id=task.id,
                            leads=[assignment.owner_id],
                            co=[],
                            now=now,
                        )
                case _:
                    deadline = read_deadline(value)
                    old = _deadline_text(task)
                    previous = {
                        "kind": task.kind.value,
                        "due": task.due.isoformat() if task.due else None,
                        "phrase": task.phrase,
                    }
                    task.due, task.granularity = deadline.due, deadline.granularity
                    task.kind, task.phrase = deadline.kind, deadline.phrase
                    if deadline.kind is not DeadlineKind.NONE:
                        task.followup_on = None  # a chosen follow-up date is for undated tasks
                    new = _deadline_text(task)
                    data = event_data(
                        field=DEADLINE_FIELD,
                        due=deadline.due,
                        deadline_kind=deadline.kind,
                        old=previous,
                        new={
                            "kind": deadline.kind.value,
                            "due": deadline.due.isoformat() if deadline.due else None,
                            "phrase": deadline.phrase,
                        },
                    )
                    # The assigned deadline is corrected: earlier extensions give way to it.
                    # The rule of a recurring duty and its current period are read again.
                    task.recurrence = None
                    for assignment in assignments:
                        assignment.new_due = assignment.period_due = None
                        await plan_in_force(session, self._planner, assignment, task, now)
            session.add(
                _event(task.id, None, EventKind.EDITED, who, now, f"{field}: {old} → {new}", data)
            )
            result = Correction(
                task_id=task.id,
                title=task.title,
                kind=EventKind.EDITED,
                agencies=self._names(assignments),
                field=stored,
                old=old,
                new=new,
                changed=1,
            )
            owners = [a.owner_id for a in assignments if a.status.is_open]
            if moved_from is not None:
                # The new lead hears of it as of a new task; the old one, that it moved.
                owners = [moved_from]
            for chat_id in await owner_chats(session, owners):
                queue_chat_message(session, chat_id, tell_focal(result), now, None)
        return result

    async def set_followup(self, *, task_id: int, day: date, who: Who, now: datetime) -> date:
        """An undated task is first followed up on ``day`` (already checked with
        ``domain.followup_date.chosen_followup``): stored on the task with its history
        event, and the pending progress request of every open obligation moved to that
        morning, in one transaction. Raises TaskNotFound, ChangeRefused (``followup_dated``:
        the task has a date or is a standing duty; ``same``)."""
        async with self._sessions.begin() as session:
            task, assignments = await self._task(session, task_id)
            if task.kind is not DeadlineKind.NONE:
                raise ChangeRefused("followup_dated", str(task_id))
            if task.followup_on == day:
                raise ChangeRefused("same", fmt_date(day))
            previous = task.followup_on
            task.followup_on = day
            for assignment in assignments:
                await plan_in_force(session, self._planner, assignment, task, now)
            session.add(
                _event(
                    task.id,
                    None,
                    EventKind.EDITED,
                    who,
                    now,
                    followup_date_detail(previous, day),
                    event_data(
                        field=FOLLOWUP_FIELD,
                        old=previous.isoformat() if previous else None,
                        new=day.isoformat(),
                    ),
                )
            )
        return day

    async def _tell_co(
        self, session: AsyncSession, task: TaskRow, co: list[str], now: datetime
    ) -> None:
        """A co-operation added is told as of a new task; one dropped is not told."""
        assignments = (await self._task(session, task.id))[1]
        leads = {a.owner_id for a in assignments}
        added = [
            c for c in co if c not in task.co and self._registry.owner_today(c).id not in leads
        ]
        for dropped in (c for c in task.co if c not in co):
            await supersede_tellings(
                session,
                agency_id=self._registry.owner_today(str(dropped)).id,
                now=now,
                task_ids=[task.id],
            )
        if added and any(a.status.is_open for a in assignments):
            await plan_tellings(
                session, self._registry, task_id=task.id, leads=[], co=added, now=now
            )

    # ------------------------------------------------------------------ focal points

    async def progress(
        self,
        *,
        chat_id: int,
        task_id: int,
        note: str,
        who: Who,
        now: datetime,
        tell_office: Callable[[Correction], str] | None = None,
    ) -> Correction:
        """``/tiendo``: a progress note on the chat's own obligation; the status does not
        change. With the office's daily digest (``ADMIN_NOTIFY=digest``), ``tell_office``'s
        line goes into it (with ``instant`` the office reads notes in /task, as before).
        Raises ChatNotBound, TaskNotFound, NotYourTask."""
        async with self._sessions.begin() as session:
            owner = await session.scalar(
                select(ChatRow.agency_id).where(ChatRow.chat_id == chat_id, ChatRow.active)
            )
            if owner is None:
                raise ChatNotBound(chat_id)
            task, assignments = await self._task(session, task_id)
            mine = [a for a in assignments if a.owner_id == owner]
            if not mine:
                raise NotYourTask(task_id, owner)
            for assignment in mine:
                session.add(_event(task.id, assignment.id, EventKind.PROGRESS, who, now, note))
            await rebase_followups(session, self._planner, [a.id for a in mine], now)
            result = Correction(
                task_id=task.id,
                title=task.title,
                kind=EventKind.PROGRESS,
                agencies=self._names(mine),
                new=note,
                changed=len(mine),
            )
            if tell_office is not None and self._admin_notify is AdminNotify.DIGEST:
                note_for_digest(session, OfficeNoteKind.PROGRESS, tell_office(result), now)
            return result

    async def confirm(
        self,
        *,
        task_id: int,
        accept: bool,
        reason: str,
        who: Who,
        now: datetime,
        tell_focal: Callable[[Correction], str],
    ) -> Correction:
        """``CONFIRM_DONE``: confirm every completion of the task awaiting the office, or
        return them with a reason (work goes on, reminders resume). Raises TaskNotFound,
        ChangeRefused("not_awaiting")."""
        async with self._sessions.begin() as session:
            task, assignments = await self._task(session, task_id)
            waiting = [a for a in assignments if a.status is TaskStatus.AWAITING]
            if not waiting:
                raise ChangeRefused("not_awaiting")
            for assignment in waiting:
                assignment.status = TaskStatus.DONE if accept else TaskStatus.OPEN
                assignment.status_at = now
                kind = EventKind.CONFIRMED if accept else EventKind.RETURNED
                session.add(_event(task.id, assignment.id, kind, who, now, reason))
                if not accept:
                    await plan_in_force(session, self._planner, assignment, task, now)
            result = Correction(
                task_id=task.id,
                title=task.title,
                kind=EventKind.CONFIRMED if accept else EventKind.RETURNED,
                agencies=self._names(waiting),
                reason=reason,
                changed=len(waiting),
            )
            for chat_id in await owner_chats(session, (a.owner_id for a in waiting)):
                queue_chat_message(session, chat_id, tell_focal(result), now, None)
        return result


async def _nothing_since(
    session: AsyncSession, assignment_id: int, event_id: int, *, withdrawn_too: bool = False
) -> None:
    """Raise UndoRefused("decided") if anything but a progress note happened on the
    obligation after ``event_id``: a later report or decision stands. With
    ``withdrawn_too``, reports withdrawn since and their undos do not count either (a
    period's report can be withdrawn once the one after it was)."""
    later = (
        await session.execute(
            select(EventRow.kind, EventRow.data).where(
                EventRow.assignment_id == assignment_id,
                EventRow.id > event_id,
                EventRow.kind != EventKind.PROGRESS,
            )
        )
    ).all()
    for kind, data in later:
        withdrawn = kind is EventKind.UNDONE or bool((data or {}).get("undone"))
        if not (withdrawn_too and withdrawn):
            raise UndoRefused("decided")


async def _last_period_report(session: AsyncSession, assignment_id: int) -> EventRow | None:
    """The obligation's latest report of a period done that was not withdrawn."""
    reports = (
        await session.scalars(
            select(EventRow)
            .where(
                EventRow.assignment_id == assignment_id,
                EventRow.kind == EventKind.PERIOD_DONE,
            )
            .order_by(EventRow.id.desc())
        )
    ).all()
    return next((r for r in reports if not (r.data or {}).get("undone")), None)


def _deadline_text(task: TaskRow) -> str:
    if task.due is not None:
        return fmt_date(task.due)
    return task.phrase or task.kind.value


__all__ = [
    "EDIT_FIELDS",
    "FOLLOWUP_FIELD",
    "UNDOABLE",
    "ChangeRefused",
    "ClosedPeriod",
    "Correction",
    "Corrections",
    "UnknownAgency",
    "Who",
]
