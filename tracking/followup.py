"""The office's follow-up use cases that are not replies: re-planning after a migration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.deadline import DeadlineKind
from scheduler.planner import Planner, cancel_pending, store_plan
from storage.models import AssignmentRow, TaskRow


async def plan_in_force(
    session: AsyncSession, planner: Planner, assignment: AssignmentRow, task: TaskRow, now: datetime
) -> None:
    """Cancel an obligation's pending reminders and plan them again on its deadline in force
    (an approved extension, else the task's), or none if it needs no more reminders."""
    await cancel_pending(session, [assignment.id], now)
    if not assignment.status.is_open:
        return
    extended = assignment.new_due is not None
    store_plan(
        session,
        assignment.id,
        planner.plan_reminders(
            kind=DeadlineKind.DEADLINE if extended else task.kind,
            due=assignment.new_due or task.due,
            granularity=None if extended else task.granularity,
            status=assignment.status,
            now=now,
        ),
    )


async def replan_flagged(
    sessions: async_sessionmaker[AsyncSession], planner: Planner, now: datetime
) -> int:
    """Re-plan the reminders of obligations a data migration flagged (a focal point's date
    that became a proposal: reminders follow the deadline in force again). Returns how
    many obligations were re-planned."""
    async with sessions.begin() as session:
        rows = (
            await session.execute(
                select(AssignmentRow, TaskRow)
                .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
                .where(AssignmentRow.replan)
            )
        ).all()
        if not rows:
            return 0
        await cancel_pending(session, [a.id for a, _ in rows], now)
        for assignment, task in rows:
            assignment.replan = False
            if not assignment.status.is_open:
                continue
            extended = assignment.new_due is not None
            store_plan(
                session,
                assignment.id,
                planner.plan_reminders(
                    kind=DeadlineKind.DEADLINE if extended else task.kind,
                    due=assignment.new_due or task.due,
                    granularity=None if extended else task.granularity,
                    status=assignment.status,
                    now=now,
                ),
            )
    return len(rows)
