"""The office's follow-up use cases that are not replies: planning an obligation on its
deadline in force (or its recurring duty's current period), and re-planning after a
migration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.deadline import Deadline, DeadlineKind, due_in_force
from domain.recurrence import period_due_on_or_after
from notices.deadlines import recurrence_of
from scheduler.planner import PlannedReminder, Planner, cancel_pending, store_plan
from storage.models import AssignmentRow, TaskRow


def task_recurrence(task: TaskRow) -> str | None:
    """A recurring task's RRULE (``domain.recurrence``), read from its wording and kept on
    the task the first time it is asked for; None for every other kind."""
    if task.kind is not DeadlineKind.RECURRING:
        return None
    if task.recurrence is None:
        recurrence = recurrence_of(
            Deadline(due=None, granularity=task.granularity, kind=task.kind, phrase=task.phrase)
        )
        task.recurrence = recurrence.rule if recurrence is not None else None
    return task.recurrence


def plan_of(
    planner: Planner, assignment: AssignmentRow, task: TaskRow, now: datetime
) -> list[PlannedReminder]:
    """The reminders an obligation needs from ``now`` on: on its deadline in force (an
    approved extension, else the task's), or on its recurring duty's current period — the
    first one due on or after today when it has none yet (``period_due`` is set here). An
    extension approved for a recurring duty's period moves that period's due date. An
    undated task's chosen follow-up date still ahead is its next progress request."""
    extended = assignment.new_due is not None
    rule = task_recurrence(task)
    if rule is None:
        assignment.period_due = None
    elif assignment.period_due is None:
        assignment.period_due = period_due_on_or_after(rule, planner.local_day(now))
    return planner.plan_reminders(
        kind=DeadlineKind.DEADLINE if extended else task.kind,
        due=due_in_force(assigned=task.due, extended=assignment.new_due),
        granularity=None if extended else task.granularity,
        status=assignment.status,
        now=now,
        period_due=assignment.period_due,
        followup_on=task.followup_on,
    )


async def plan_in_force(
    session: AsyncSession, planner: Planner, assignment: AssignmentRow, task: TaskRow, now: datetime
) -> None:
    """Cancel an obligation's pending reminders and plan them again (``plan_of``), or none
    if it needs no more reminders."""
    await cancel_pending(session, [assignment.id], now)
    if not assignment.status.is_open:
        return
    store_plan(session, assignment.id, plan_of(planner, assignment, task, now))


async def replan_flagged(
    sessions: async_sessionmaker[AsyncSession], planner: Planner, now: datetime
) -> int:
    """Re-plan the reminders of obligations a data migration flagged (a focal point's date
    that became a proposal: reminders follow the deadline in force again; a recurring duty
    planned before its periods had due dates: its current period is planned). Returns how
    many obligations were re-planned."""
    async with sessions.begin() as session:
        rows = (
            await session.execute(
                select(AssignmentRow, TaskRow)
                .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
                # Written as the partial index ``ix_assign_replan`` is (``WHERE replan``):
                # SQLite uses it only then, and ``replan = 1`` read all the obligations
                # at every start (a tenth of a second at a million).
                .where(text("assignments.replan"))
            )
        ).all()
        if not rows:
            return 0
        await cancel_pending(session, [a.id for a, _ in rows], now)
        for assignment, task in rows:
            assignment.replan = False
            if not assignment.status.is_open:
                continue
            store_plan(session, assignment.id, plan_of(planner, assignment, task, now))
    return len(rows)
