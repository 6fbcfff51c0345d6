"""What the corrections share: what a correction changed, who makes it, the reports a
focal point can withdraw, and the core of :class:`tracking.corrections.Corrections` (its
configuration, a task's obligations, a recurring duty's period reopened)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.agencies import AgencyRegistry
from domain.deadline import Granularity
from domain.errors import TaskNotFound, UndoProblem, UndoRefused
from domain.recurrence import next_due
from domain.status import AdminNotify, EventKind, ProposalState, TaskStatus
from scheduler.planner import Planner
from storage.models import AssignmentRow, EventRow, ExtensionRow, TaskRow
from tracking.followup import plan_in_force, task_recurrence
from tracking.statuses import event_data
from tracking.wording import period_label

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


def _withdraw(
    session: AsyncSession,
    report: EventRow,
    data: dict[str, Any],
    who: Who,
    now: datetime,
    detail: str,
) -> None:
    """Mark ``report`` withdrawn (its ``data``, a copy, with ``undone``) and record the
    UNDONE event that withdraws it, on the same obligation, referring to it."""
    data["undone"] = True
    report.data = data
    session.add(
        _event(
            report.task_id,
            report.assignment_id,
            EventKind.UNDONE,
            who,
            now,
            detail,
            event_data(ref=report.id),
        )
    )


async def _reinstate_withdrawn(
    session: AsyncSession, assignment_id: int, data: dict[str, Any]
) -> None:
    """The proposals a withdrawn report had withdrawn (``data["withdrawn"]``) wait for the
    office's decision again, those still withdrawn and of the same obligation."""
    for withdrawn_id in data.get("withdrawn", []):
        proposal = await session.get(ExtensionRow, int(withdrawn_id))
        if (
            proposal is not None
            and proposal.assignment_id == assignment_id
            and proposal.state is ProposalState.WITHDRAWN
        ):
            proposal.state, proposal.decided_at = ProposalState.PENDING, None


class CorrectionsCore:
    """The configuration and the shared steps of the corrections (see ``Corrections``)."""

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
            raise UndoRefused(UndoProblem.ALREADY)
        last = await _last_period_report(session, assignment.id)
        if last is None or last.id != event.id:
            raise UndoRefused(UndoProblem.NOT_LAST)
        await _nothing_since(session, assignment.id, event.id, withdrawn_too=True)
        closed = date.fromisoformat(str(data["period"]))
        rule = task_recurrence(task)
        if rule is None or assignment.period_due != next_due(rule, closed):
            raise UndoRefused(UndoProblem.DECIDED)  # the duty's deadline was edited since
        new_due = data.get("new_due")
        assignment.period_due = closed
        assignment.new_due = date.fromisoformat(str(new_due)) if new_due else None
        assignment.status = TaskStatus(data.get("prev", TaskStatus.OPEN.value))
        assignment.status_at = now
        await _reinstate_withdrawn(session, assignment.id, data)
        _withdraw(session, event, data, who, now, period_label(task.granularity, closed))
        await plan_in_force(session, self._planner, assignment, task, now)
        return closed

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


async def _nothing_since(
    session: AsyncSession, assignment_id: int, event_id: int, *, withdrawn_too: bool = False
) -> None:
    """Raise UndoRefused(DECIDED) if anything but a progress note happened on the
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
            raise UndoRefused(UndoProblem.DECIDED)


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
