"""When an obligation is escalated: after ``ESCALATE_AFTER`` chases the agency left
unanswered, once until it answers.

"An answer" is anything the agency itself says about the obligation after a chase: a
report (done, late, a period done, a completion awaiting confirmation), a progress note
(/tiendo) or a proposal to move the deadline. An answer resets the count; the chases after
it count afresh, and a second escalation needs the full count again. Pure: the caller reads
the instants from the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from domain.status import EventKind

#: The history events that answer a chase (what the agency itself reports).
ANSWERS = frozenset(
    {
        EventKind.DONE,
        EventKind.LATE,
        EventKind.PERIOD_DONE,
        EventKind.SUBMITTED,
        EventKind.PROGRESS,
        EventKind.EXTENSION_PROPOSED,
    }
)


def unanswered_chases(chases: Iterable[datetime], last_answer: datetime | None) -> int:
    """How many chases went out after the agency's last answer (all of them if it never
    answered)."""
    return sum(1 for at in chases if last_answer is None or at > last_answer)


def escalation_due(
    *,
    chases: Iterable[datetime],
    last_answer: datetime | None,
    last_escalation: datetime | None,
    threshold: int,
) -> bool:
    """True when ``threshold`` chases are unanswered and the obligation was not escalated
    since the agency last answered (an escalation happens once per silence)."""
    if unanswered_chases(chases, last_answer) < threshold:
        return False
    if last_escalation is None:
        return True
    return last_answer is not None and last_escalation < last_answer


__all__ = ["ANSWERS", "escalation_due", "unanswered_chases"]
