"""The structured form of a Vietnamese deadline phrase (see docs in README, "Deadlines")."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class DeadlineKind(enum.StrEnum):
    """What sort of timing a phrase expresses."""

    DEADLINE = "deadline"
    """Has a due date: the inclusive last day."""
    ONGOING = "ongoing"
    """A standing duty with no end ("nhiệm vụ thường xuyên")."""
    RECURRING = "recurring"
    """Repeats every period ("hằng tháng"); the granularity names the period."""
    NONE = "none"
    """No determinable date ("khẩn trương", "sớm", or a phrase not understood)."""


class Granularity(enum.StrEnum):
    """How precise the text was, or for recurring duties, the period."""

    DAY = "day"
    """An exact day was given."""
    MONTH = "month"
    """A month was given; due is its last day."""
    QUARTER = "quarter"
    """A quarter was given; due is its last day."""
    HALF = "half"
    """Half a year was given; due is 30 June or 31 December."""
    YEAR = "year"
    """A year was given; due is 31 December."""
    WEEKLY = "weekly"
    """Recurring every week."""
    MONTHLY = "monthly"
    """Recurring every month."""
    QUARTERLY = "quarterly"
    """Recurring every quarter."""
    YEARLY = "yearly"
    """Recurring every year."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Deadline:
    """A deadline as the product understands it.

    ``due`` is set exactly when ``kind`` is ``DEADLINE``. ``phrase`` keeps the original
    wording (as it appeared, before any normalisation) so the admin sees both side by side.
    """

    due: date | None
    granularity: Granularity | None
    kind: DeadlineKind
    phrase: str

    def __post_init__(self) -> None:
        if (self.kind is DeadlineKind.DEADLINE) != (self.due is not None):
            raise ValueError(f"a {self.kind} deadline cannot have due={self.due!r}")

    def to_json(self) -> dict[str, str | None]:
        """The four fields as plain JSON values (``due`` as ``YYYY-MM-DD`` or null)."""
        return {
            "phrase": self.phrase,
            "due": self.due.isoformat() if self.due else None,
            "granularity": self.granularity.value if self.granularity else None,
            "kind": self.kind.value,
        }


def due_in_force(
    *, assigned: date | None, extended: date | None, period_due: date | None = None
) -> date | None:
    """The date one obligation is held to today, the one rule for it.

    An approved extension (``extended``: ``assignments.new_due``, also set by an admin's
    later deadline) wins over everything; else a recurring duty's current period's due date
    (``period_due``), when the caller deals in periods; else the task's assigned deadline
    (``assigned``: ``tasks.due``). None when none of them is known (an undated task)."""
    return extended or period_due or assigned
