"""Corrections by the office: a recurring duty's period reopened, a task reopened or
withdrawn, an undated task's follow-up date set, reported completions confirmed or
returned (``CONFIRM_DONE``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import ChangeProblem, ChangeRefused, NotYourTask, UndoProblem, UndoRefused
from domain.followup_date import takes_followup_date
from domain.status import EventKind, TaskStatus
from scheduler.planner import cancel_pending
from storage.db import reading
from storage.models import AssignmentRow, EventRow, TaskRow
from tracking.corrections.base import (
    FOLLOWUP_FIELD,
    ClosedPeriod,
    Correction,
    CorrectionsCore,
    Who,
    _event,
    _last_period_report,
)
from tracking.followup import plan_in_force, task_recurrence
from tracking.proposals import owner_chats, queue_chat_message, withdraw_open_proposals
from tracking.statuses import event_data
from tracking.wording import fmt_date, followup_date_detail


class OfficeCorrections(CorrectionsCore):
    """The office's corrections (except ``/edit``: ``tracking.corrections.edit``)."""

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
                raise UndoRefused(UndoProblem.GONE)
            task = await session.get(TaskRow, report.task_id)
            assignment = await session.get(AssignmentRow, report.assignment_id)
            if task is None or assignment is None:
                raise UndoRefused(UndoProblem.GONE)
            closed = await self._reopen_period(session, task, assignment, report, who, now)
            result = self._period_reopened(task, [assignment], closed)
            for chat_id in await owner_chats(session, [assignment.owner_id]):
                queue_chat_message(session, chat_id, tell_focal(result), now, None)
        return result

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
        ChangeRefused(NOT_DONE)."""
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
                raise ChangeRefused(ChangeProblem.NOT_DONE)
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
        reopened (``_reopen_period``). Raises ChangeRefused(NO_PERIOD) when none was
        reported (``no_period``), UndoRefused(DECIDED) when one cannot be any more."""
        reopened: list[tuple[AssignmentRow, date]] = []
        for assignment in assignments:
            last = await _last_period_report(session, assignment.id)
            if last is not None:
                closed = await self._reopen_period(session, task, assignment, last, who, now)
                reopened.append((assignment, closed))
        if not reopened:
            raise ChangeRefused(ChangeProblem.NO_PERIOD)
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
        apart. Raises TaskNotFound, ChangeRefused(ALREADY_CANCELLED)."""
        async with self._sessions.begin() as session:
            task, assignments = await self._task(session, task_id)
            changing = [a for a in assignments if a.status is not TaskStatus.CANCELLED]
            if not changing:
                raise ChangeRefused(ChangeProblem.ALREADY_CANCELLED)
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

    async def set_followup(self, *, task_id: int, day: date, who: Who, now: datetime) -> date:
        """An undated task or a standing duty is first followed up on ``day`` (already
        checked with ``domain.followup_date.chosen_followup``): stored on the task with its
        history event, and the pending progress request or check-in of every open
        obligation moved to that morning, in one transaction. Raises TaskNotFound, ChangeRefused (``followup_dated``:
        the task has a deadline, or periods with their due dates; ``same``)."""
        async with self._sessions.begin() as session:
            task, assignments = await self._task(session, task_id)
            if not takes_followup_date(task.kind, task.granularity):
                raise ChangeRefused(ChangeProblem.FOLLOWUP_DATED, str(task_id))
            if task.followup_on == day:
                raise ChangeRefused(ChangeProblem.SAME, fmt_date(day))
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
        ChangeRefused(NOT_AWAITING)."""
        async with self._sessions.begin() as session:
            task, assignments = await self._task(session, task_id)
            waiting = [a for a in assignments if a.status is TaskStatus.AWAITING]
            if not waiting:
                raise ChangeRefused(ChangeProblem.NOT_AWAITING)
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
