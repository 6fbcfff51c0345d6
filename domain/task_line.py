"""One task as a chat sees it, and the rule that says which due date is in force.

Pure: the delivery builds these lines from the columns it claimed, the use cases from the
rows they loaded, the catalogue renders them; none of them needs the other to do so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.deadline import DeadlineKind, Granularity, due_in_force
from domain.status import TaskStatus


@dataclass(frozen=True, kw_only=True, slots=True)
class TaskLine:
    """One task as a chat sees it (its agency's obligation under it)."""

    task_id: int
    title: str
    due: date | None
    """The effective due date (a later date announced with /late wins)."""
    granularity: Granularity | None
    kind: DeadlineKind
    phrase: str
    status: TaskStatus
    assigned_as: str
    """The agency name the task was assigned to (may be a predecessor of the owner)."""
    proposed_due: date | None = None
    """A proposal waiting for the office ("đã đề xuất gia hạn (chờ duyệt)")."""

    def days_left(self, today: date) -> int | None:
        """Days until the due date (negative when overdue), None without a due date."""
        return None if self.due is None else (self.due - today).days

    def urgency_key(self, today: date) -> tuple[int, int, int]:
        """Sort key: most urgent first (overdue longest, then soonest due, then undated)."""
        left = self.days_left(today)
        return (0 if left is not None else 1, left if left is not None else 0, self.task_id)


def line_from(
    *,
    task_id: int,
    title: str,
    due: date | None,
    granularity: Granularity | None,
    kind: DeadlineKind,
    phrase: str,
    status: TaskStatus,
    new_due: date | None,
    assigned_as: str,
    period_due: date | None = None,
) -> TaskLine:
    """One obligation's line from its columns (a sweep reads no ORM objects): the deadline
    in force (``new_due``, set by an approved extension) wins; a recurring duty is due on
    its current period's due date (``period_due``)."""
    return TaskLine(
        task_id=task_id,
        title=title,
        due=due_in_force(assigned=due, extended=new_due, period_due=period_due),
        granularity=None if new_due else granularity,
        kind=DeadlineKind.DEADLINE if new_due else kind,
        phrase=phrase,
        status=status,
        assigned_as=assigned_as,
    )
