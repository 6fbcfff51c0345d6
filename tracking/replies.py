"""What focal points report: done (a recurring duty's period closed) and late (a reason,
or a new date proposed to the office), each with its confirmation and the admins' notice
queued in the same transaction."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from delivery.outbox import ClaimedMessage, queue_admin_notice, tell_office
from domain.deadline import due_in_force
from domain.errors import NotYourTask, ReportRecorded, TaskNotFound
from domain.recurrence import next_due, previous_due
from domain.status import (
    AdminNotify,
    EventKind,
    OfficeNoteKind,
    OutboxPurpose,
    OutboxState,
    TaskStatus,
)
from scheduler.planner import cancel_pending, store_plan
from storage.claims import new_token
from storage.db import briefly, reading
from storage.models import AssignmentRow, EventRow, OutboxRow, TaskRow
from tracking import wording as say
from tracking.access import lead_for_co_operating
from tracking.core import Actor, ReplyNotices, TrackerCore
from tracking.followup import plan_of, task_recurrence
from tracking.proposals import open_proposals, refuse_cancelled, withdraw_open_proposals
from tracking.views import ReplyOutcome


class FocalReplies(TrackerCore):
    """Use cases of the focal points' reports."""

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
            raise NotYourTask(task_id, owner, lead_for_co_operating(self.registry, task, owner))
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
        NotYourTask. Doing it twice changes nothing and says so (and since when); the same
        update delivered again raises ReportRecorded."""

        async def record(session: AsyncSession) -> ReplyOutcome:
            owner, task, assignments = await self._owned(session, chat_id, task_id)
            refuse_cancelled(assignments)
            changing = [a for a in assignments if a.status.is_open]
            rule = task_recurrence(task)
            if rule is not None and any(a.period_due is not None for a in changing):
                return await self._close_period(
                    session, owner, task, changing, rule, note=note, actor=actor, now=now
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
            return ReplyOutcome(
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

        return await self._report(record, notices, now)

    async def _report(
        self,
        record: Callable[[AsyncSession], Awaitable[ReplyOutcome]],
        notices: ReplyNotices | None,
        now: datetime,
    ) -> ReplyOutcome:
        """Record a report and queue its messages in one transaction, once per update: an
        update already recorded (Telegram delivers an update again when its offset was
        never confirmed, e.g. the process was killed meanwhile) meets its confirmation on
        the outbox's unique (chat, update), the transaction rolls back and ReportRecorded
        is raised. The check costs no statement of its own; two workers recording the same
        update at once meet there too."""
        try:
            async with briefly(self._sessions) as session:
                outcome = await record(session)
                return await _queue_reply(
                    session, self.admin_ids, self.admin_notify, notices, outcome, now
                )
        except IntegrityError:
            if notices is None or notices.update_id is None:
                raise
            async with reading(self._sessions) as session:
                await _refuse_recorded(session, notices)
            raise

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
        office decides. Without a date it is a recorded reason; the chases go on. The same
        update delivered again raises ReportRecorded."""

        async def record(session: AsyncSession) -> ReplyOutcome:
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
            return ReplyOutcome(
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

        return await self._report(record, notices, now)


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
    row.update_id = notices.update_id
    if notices.claimed_by is not None:
        row.state, row.claimed_at, row.claimed_by = OutboxState.SENDING, now, notices.claimed_by
        row.claim = new_token()
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
    claimed = (
        ClaimedMessage(
            id=row.id,
            claim=row.claim,
            chat_id=row.chat_id,
            html=row.html,
            keyboard=row.keyboard,
            reply_to=row.reply_to,
        )
        if row.claim is not None
        else None
    )
    return dataclasses.replace(
        outcome, confirmation_id=row.id, confirmation=claimed, for_the_loop=for_the_loop
    )


async def _refuse_recorded(session: AsyncSession, notices: ReplyNotices | None) -> None:
    """Raise ReportRecorded when the report's update has a confirmation already."""
    if notices is None or notices.update_id is None:
        return
    recorded = await session.scalar(
        select(OutboxRow.id).where(
            OutboxRow.chat_id == notices.chat_id, OutboxRow.update_id == notices.update_id
        )
    )
    if recorded is not None:
        raise ReportRecorded(notices.update_id, recorded)


def _latest(times: Iterable[datetime | None]) -> datetime | None:
    known = [t for t in times if t is not None]
    return max(known) if known else None


def _recorded_at(assignments: Sequence[AssignmentRow], status: TaskStatus) -> datetime | None:
    """When the latest of these obligations entered ``status``."""
    times = [a.status_at for a in assignments if a.status is status and a.status_at is not None]
    return max(times) if times else None


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
