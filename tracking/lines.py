"""One obligation as a line: how its owner (or a co-operating agency) sees a task."""

from __future__ import annotations

from collections.abc import Sequence

from domain.agencies import AgencyRegistry
from domain.task_line import TaskLine, line_from
from storage.models import AssignmentRow, TaskRow
from tracking.views import AssignedItem, NoticeRef


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
