"""The reminder plan of one obligation, and writing it to the database.

``plan_reminders`` is pure: given a deadline, a status and ``now`` it returns the reminders
to store. The plan lives in the ``reminders`` table, so a restart rebuilds nothing: the
scheduler only ever asks the database what is due next.

Two choices on purpose:

* An obligation that is *already overdue when it is first planned* (most seeded tasks on a
  fresh install) gets one OVERDUE reminder at the next send slot, not its whole past
  history. All of an agency's old tasks therefore land in one summary message, and the
  weekly chases that follow keep them together.
* Chases are materialised one at a time: when an OVERDUE or CHASE reminder fires, the next
  chase is planned ``chase_every_days`` later (on the next working day). An open obligation
  is never left without a next reminder, and nothing is planned years ahead.

A recurring duty is planned one period at a time (``domain.recurrence``): the obligation's
current period has a due date (``period_due``) and gets the windows of a deadline on it,
less the BEFORE windows that would fall in the period before (30 days ahead of a monthly
due date); once the focal point reports that period done, the next period is planned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.calendar import WorkingCalendar
from domain.deadline import DeadlineKind, Granularity
from domain.recurrence import PERIODS, shortest_period_days
from domain.status import ReminderKind, ReminderState, TaskStatus
from scheduler.windows import (
    ReminderPolicy,
    deadline_windows,
    followup_window,
    next_send_slot,
    send_instant,
)
from storage.models import AssignmentRow, ReminderRow, TaskRow


@dataclass(frozen=True, kw_only=True, slots=True)
class PlannedReminder:
    """One reminder to store."""

    at: datetime
    kind: ReminderKind
    days_before: int | None = None


@dataclass(frozen=True, kw_only=True)
class Planner:
    """Plans reminders with one policy and one working calendar."""

    policy: ReminderPolicy
    calendar: WorkingCalendar

    def local_day(self, instant: datetime) -> date:
        """The calendar day ``instant`` falls on where reminders are planned."""
        return instant.astimezone(self.policy.timezone).date()

    def plan_reminders(
        self,
        *,
        kind: DeadlineKind,
        due: date | None,
        granularity: Granularity | None,
        status: TaskStatus,
        now: datetime,
        assigned: date | None = None,
        period_due: date | None = None,
        followup_on: date | None = None,
    ) -> list[PlannedReminder]:
        """The reminders an obligation needs from ``now`` on (pure).

        A recurring duty with a period is planned on its current period's due date
        ``period_due`` (required for it; see ``plan_period``). An obligation without a
        deadline (``none``: a progress request; ``ongoing``, or a recurring duty with no
        period: a check-in) gets its first FOLLOWUP one interval after ``assigned`` (the
        notice's issue date; ``now``'s day when not given), or at the next send slot when
        that has passed — unless the office chose its first follow-up date ``followup_on``
        (``domain.followup_date``): then it goes out that morning (the next working day's if
        offices are closed). A chosen morning already passed (its request went out, or the
        task was stored late) is planned as if there were none, so re-planning the same
        day never asks twice."""
        if not status.is_open:
            return []
        if kind is DeadlineKind.DEADLINE and due is not None:
            return self._deadline_plan(due, now)
        if kind is DeadlineKind.RECURRING and granularity in PERIODS:
            if granularity is None or period_due is None:
                raise ValueError(f"a {granularity} duty is planned on its period's due date")
            return self.plan_period(granularity, period_due, now=now)
        if kind is DeadlineKind.DEADLINE:
            return []  # a deadline kind without a date: nothing to count from
        if followup_on is not None:
            at = self.chosen_morning(followup_on)
            if at > now:
                return [PlannedReminder(at=at, kind=ReminderKind.FOLLOWUP)]
        return [self.next_followup(assigned or self.local_day(now), after=now)]

    def chosen_morning(self, followup_on: date) -> datetime:
        """The send time of the follow-up date the office chose (the next working day's
        when offices are closed on it)."""
        return send_instant(self.calendar.next_working_day(followup_on), self.policy)

    def plan_period(
        self, period: Granularity, due: date, *, now: datetime
    ) -> list[PlannedReminder]:
        """The reminders of one period of a recurring duty, due on ``due`` (pure).

        The windows of a deadline on ``due``, without the BEFORE windows as far ahead as
        the shortest period or more: a monthly period gets 14, 7, 3 and 1 days before (by
        default), a weekly one 3 and 1, a quarterly or yearly one every offset. A period
        already past is overdue: one reminder at the next send slot, then the chases."""
        shortest = shortest_period_days(period)
        return [
            item
            for item in self._deadline_plan(due, now)
            if item.days_before is None or item.days_before < shortest
        ]

    def _deadline_plan(self, due: date, now: datetime) -> list[PlannedReminder]:
        if due < self.local_day(now):
            slot = next_send_slot(now, self.policy, self.calendar)
            return [PlannedReminder(at=slot, kind=ReminderKind.OVERDUE)]
        return [
            PlannedReminder(
                at=window.at,
                kind=window.kind,
                days_before=window.days_before,
            )
            for window in deadline_windows(due, self.policy, self.calendar, after=now, chases=0)
            if window.kind is not ReminderKind.CHASE
        ]

    def next_followup(self, since: date, *, after: datetime) -> PlannedReminder:
        """The FOLLOWUP one interval after the local day ``since`` (see ``followup_window``)."""
        window = followup_window(since, self.policy, self.calendar, after=after)
        return PlannedReminder(at=window.at, kind=ReminderKind.FOLLOWUP)

    def after_fired(self, kind: ReminderKind, fired_at: datetime) -> PlannedReminder | None:
        """The reminder that follows one of ``kind`` fired at ``fired_at``, the one rule for
        it (the dispatcher plans it, the command line's plan projects it): the next chase
        after an OVERDUE or a CHASE, the next progress request or check-in one interval
        after a FOLLOWUP; None after the others, whose successors are planned already."""
        match kind:
            case ReminderKind.OVERDUE | ReminderKind.CHASE:
                return self.next_chase(fired_at)
            case ReminderKind.FOLLOWUP:
                return self.next_followup(self.local_day(fired_at), after=fired_at)
            case ReminderKind.BEFORE | ReminderKind.DUE | ReminderKind.RECURRING:
                return None

    def next_chase(self, fired_at: datetime) -> PlannedReminder:
        """The chase that follows an OVERDUE or CHASE reminder that fired at ``fired_at``."""
        day = self.local_day(fired_at) + timedelta(days=self.policy.chase_every_days)
        at = send_instant(self.calendar.next_working_day(day), self.policy)
        return PlannedReminder(at=at, kind=ReminderKind.CHASE)


async def cancel_pending(session: AsyncSession, assignment_ids: list[int], now: datetime) -> None:
    """Cancel every pending reminder of these obligations (before re-planning or on /done)."""
    if not assignment_ids:
        return
    await session.execute(
        update(ReminderRow)
        .where(
            ReminderRow.assignment_id.in_(assignment_ids),
            ReminderRow.state == ReminderState.PENDING,
        )
        .values(state=ReminderState.CANCELLED, handled_at=now)
    )


async def rebase_followups(
    session: AsyncSession, planner: Planner, assignment_ids: list[int], now: datetime
) -> None:
    """An answer (a progress note) restarts the interval: the pending progress request or
    check-in of these obligations moves to one interval after today — except where the
    office chose a follow-up date whose morning is still to come: that date is the office's
    decision, and a note sent before it leaves it as it is."""
    if not assignment_ids:
        return
    chosen = (
        await session.execute(
            select(AssignmentRow.id, TaskRow.followup_on)
            .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
            .where(AssignmentRow.id.in_(assignment_ids), TaskRow.followup_on.is_not(None))
        )
    ).all()
    kept = {
        assignment_id
        for assignment_id, followup_on in chosen
        if followup_on is not None and planner.chosen_morning(followup_on) > now
    }
    assignment_ids = [a for a in assignment_ids if a not in kept]
    if not assignment_ids:
        return
    following = planner.next_followup(planner.local_day(now), after=now)
    await session.execute(
        update(ReminderRow)
        .where(
            ReminderRow.assignment_id.in_(assignment_ids),
            ReminderRow.state == ReminderState.PENDING,
            ReminderRow.kind == ReminderKind.FOLLOWUP,
        )
        .values(at=following.at)
    )


def store_plan(session: AsyncSession, assignment_id: int, plan: list[PlannedReminder]) -> None:
    """Add the planned reminders of one obligation to the session."""
    session.add_all(
        ReminderRow(
            assignment_id=assignment_id,
            at=item.at,
            kind=item.kind,
            days_before=item.days_before,
            state=ReminderState.PENDING,
        )
        for item in plan
    )


async def insert_plans(
    session: AsyncSession, assignment_ids: list[int], plan: list[PlannedReminder]
) -> None:
    """The same plan for many obligations, in one bulk insert (a group task has dozens)."""
    await insert_planned(
        session, [(assignment_id, item) for assignment_id in assignment_ids for item in plan]
    )


async def insert_planned(
    session: AsyncSession, planned: Sequence[tuple[int, PlannedReminder]]
) -> None:
    """Planned reminders of several obligations (``(assignment id, reminder)``), in one
    bulk insert."""
    rows = [
        {
            "assignment_id": assignment_id,
            "at": item.at,
            "kind": item.kind,
            "days_before": item.days_before,
            "state": ReminderState.PENDING,
        }
        for assignment_id, item in planned
    ]
    if rows:
        # Core insert: the ORM bulk path costs several times more per row here.
        await session.execute(insert(cast(Table, ReminderRow.__table__)), rows)
