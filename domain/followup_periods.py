"""The periods of a recurring duty followed period by period, while its history is folded
(see :mod:`domain.followup`): which periods were reported done and when, the extension the
office approved for each, and each period begun by a reporting date as a report cell of its
own (``PeriodState``). Pure: no database, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.recurrence import next_due, periods_begun
from domain.status import FollowUpStatus

__all__ = ["DutyPeriods", "PeriodState"]


@dataclass(frozen=True, kw_only=True, slots=True)
class PeriodState:
    """One period of a recurring duty at the end of ``as_of``: a report cell of its own."""

    due: date
    """The period's due date as the rule gives it."""
    deadline_in_force: date
    """``due``, or the later date the office approved while this period was current."""
    status: FollowUpStatus
    """DONE_ON_TIME, DONE_LATE, IN_TIME or OVERDUE."""
    done_at: date | None
    """The day the period was reported done."""
    proposed_deadline: date | None = None
    """A proposal waiting for the office's decision (only on the current period)."""


class DutyPeriods:
    """The periods of one recurring duty while its history is folded: which were reported
    done (and when), which extension the office approved for which period."""

    __slots__ = ("_by_seq", "_closed", "_extended", "_first", "_rule")

    def __init__(self, rule: str, first: date) -> None:
        self._rule = rule
        self._first = first
        self._closed: dict[date, date] = {}
        """period due → the day it was reported done"""
        self._extended: dict[date, date] = {}
        """period due → the approved date"""
        self._by_seq: dict[int, tuple[date, tuple[int | None, date] | None]] = {}
        """the seq of a PERIOD_DONE → its period and the proposal it withdrew"""

    def current(self) -> date:
        """The period under way: the one after the last reported (periods are closed in
        turn, oldest first), else the first."""
        return next_due(self._rule, max(self._closed)) if self._closed else self._first

    def restart(self) -> None:
        """The deadline was edited: what was recorded under the old wording is left out."""
        self._closed.clear()
        self._extended.clear()

    def extend(self, due: date) -> None:
        self._extended[self.current()] = due

    def close(
        self, seq: int, period: date, day: date, proposal: tuple[int | None, date] | None
    ) -> None:
        self._closed[period] = day
        self._by_seq[seq] = (period, proposal)

    def reopen(
        self, seq: int, proposal: tuple[int | None, date] | None
    ) -> tuple[int | None, date] | None:
        """An undo of the report ``seq``: its period is open again, with the proposal it
        had withdrawn (returned; else ``proposal`` stays)."""
        found = self._by_seq.pop(seq, None)
        if found is None:
            return proposal
        period, withdrawn = found
        self._closed.pop(period, None)
        return withdrawn if withdrawn is not None else proposal

    def states(self, as_of: date, proposed: date | None) -> tuple[PeriodState, ...]:
        current = self.current() if proposed is not None else None
        result: list[PeriodState] = []
        for due in periods_begun(self._rule, self._first, as_of):
            in_force = self._extended.get(due, due)
            done = self._closed.get(due)
            if done is not None:
                status = (
                    FollowUpStatus.DONE_ON_TIME if done <= in_force else FollowUpStatus.DONE_LATE
                )
            else:
                status = FollowUpStatus.IN_TIME if as_of <= in_force else FollowUpStatus.OVERDUE
            result.append(
                PeriodState(
                    due=due,
                    deadline_in_force=in_force,
                    status=status,
                    done_at=done,
                    proposed_deadline=proposed if due == current else None,
                )
            )
        return tuple(result)
