"""The periods of a recurring duty, as RFC 5545 recurrence rules (python-dateutil's ``rrule``).

A recurring duty ("hằng tháng", "trước ngày 20 hằng tháng", "hằng quý", "hằng năm",
"hằng tuần") is followed up period by period: each occurrence of its rule is the due date of
one period, with its own reminders and its own report. The rule is stored with the task as
the text of an RRULE (``FREQ=MONTHLY;BYMONTHDAY=20``), so what the bot plans can be read
back, and checked, from the database.

Which day is due:

* MONTHLY: the day the notice gives ("trước ngày 20 hằng tháng" → the 20th), else the last
  day of the month. A day the month does not have (the 31st, the 30th in February) is the
  month's last day, and the next month is on the given day again: the rule lists the days
  from 28 up to the given one and keeps the last that exists (``BYSETPOS=-1``), so a duty
  on the 31st is due 31/1, 28/2, 31/3, 30/4 and never drifts to the 28th.
* QUARTERLY: the last day of March, June, September and December.
* YEARLY: the day and month the notice gives ("trước ngày 15/11 hằng năm"), else 31
  December; 29 February is 28 February in a common year.
* WEEKLY: Friday, the end of the working week.

The due date is the date as written, as for any deadline (``deadlines.md``): a due date on a
day off stays the due date, and the reminder windows move off it as usual (the DUE reminder
to the working day before, the OVERDUE one to the working day after).

Pure: no clock, no database.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulestr

from domain.deadline import Granularity

__all__ = [
    "PERIODS",
    "Recurrence",
    "next_due",
    "period_due_on_or_after",
    "periods_begun",
    "previous_due",
    "shortest_period_days",
]

#: The granularities that are recurring periods.
PERIODS = frozenset(
    {Granularity.WEEKLY, Granularity.MONTHLY, Granularity.QUARTERLY, Granularity.YEARLY}
)

_SHORTEST_DAYS = {
    Granularity.WEEKLY: 7,
    Granularity.MONTHLY: 28,
    Granularity.QUARTERLY: 90,
    Granularity.YEARLY: 365,
}
_LAST_SHORT_DAY = 28
"""Every month has the days up to 28."""
_COMMON_YEAR = 2025


def shortest_period_days(period: Granularity) -> int:
    """The fewest days between two due dates of ``period`` (a February for months).

    A reminder that many days or more before a due date would fall in the period before, so
    the planner leaves those windows out."""
    return _SHORTEST_DAYS[period]


@dataclass(frozen=True, kw_only=True, slots=True)
class Recurrence:
    """A recurring duty's period and the day within it the notice gives.

    ``day`` is a day of the month (1–31) for MONTHLY and YEARLY, None for the period's last
    day; ``month`` (1–12) goes with ``day`` for YEARLY only. WEEKLY and QUARTERLY take
    neither."""

    period: Granularity
    day: int | None = None
    month: int | None = None

    def __post_init__(self) -> None:
        if self.period not in PERIODS:
            raise ValueError(f"not a recurring period: {self.period}")
        if self.day is not None and not 1 <= self.day <= 31:
            raise ValueError(f"day must be 1–31, got {self.day}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1–12, got {self.month}")
        takes_day = self.period in (Granularity.MONTHLY, Granularity.YEARLY)
        if self.day is not None and not takes_day:
            raise ValueError(f"a {self.period} recurrence takes no day")
        if (self.month is not None) != (self.period is Granularity.YEARLY and self.day is not None):
            raise ValueError("a month goes with the day of a yearly recurrence, and only there")

    @property
    def rule(self) -> str:
        """The RFC 5545 RRULE value, e.g. ``FREQ=MONTHLY;BYMONTHDAY=20``."""
        match self.period:
            case Granularity.WEEKLY:
                return "FREQ=WEEKLY;BYDAY=FR"
            case Granularity.QUARTERLY:
                return "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"
            case Granularity.MONTHLY:
                return "FREQ=MONTHLY;" + _days_of_month(self.day, _LAST_SHORT_DAY)
            case _:
                if self.day is None or self.month is None:
                    return "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"
                # The month's length in a common year (29 February falls back to the 28th).
                month_end: date = date(_COMMON_YEAR, self.month, 1) + relativedelta(day=31)
                shortest = month_end.day
                return f"FREQ=YEARLY;BYMONTH={self.month};" + _days_of_month(self.day, shortest)


def _days_of_month(day: int | None, shortest: int) -> str:
    """BYMONTHDAY for ``day`` in months of at least ``shortest`` days (None: the last)."""
    if day is None:
        return "BYMONTHDAY=-1"
    if day <= shortest:
        return f"BYMONTHDAY={day}"
    # The given day where the month has it, else the month's last day.
    days = ",".join(str(d) for d in range(shortest, day + 1))
    return f"BYMONTHDAY={days};BYSETPOS=-1"


def period_due_on_or_after(rule: str, day: date) -> date:
    """The first due date of ``rule`` (an RRULE value) on or after ``day``."""
    return _after(rule, day, inclusive=True)


def next_due(rule: str, due: date) -> date:
    """The due date of the period after the one due on ``due``."""
    return _after(rule, due, inclusive=False)


def previous_due(rule: str, due: date) -> date:
    """The due date of the period before the one due on ``due``: that period begins the
    day after it."""
    found = _rule(rule, due.year - 2).before(datetime.combine(due, datetime.min.time()))
    if found is None:
        raise ValueError(f"{rule!r} has no occurrence before {due}")
    result: date = found.date()
    return result


def periods_begun(rule: str, first: date, as_of: date) -> list[date]:
    """The due dates of the periods from the one due on ``first`` to the one under way on
    ``as_of`` (a period begins the day after the previous one's due date): every period
    due by ``as_of``, and the one due after it when it has begun. Empty when the period
    due on ``first`` had not begun by ``as_of``. One pass of the rule, for the reports."""
    if previous_due(rule, first) >= as_of:
        return []
    if first >= as_of:
        return [first]
    start = datetime.combine(first, datetime.min.time())
    last = datetime.combine(as_of, datetime.min.time())
    dues = [d.date() for d in _rule(rule, first.year - 1).between(start, last, inc=True)]
    if not dues:
        dues.append(period_due_on_or_after(rule, first))
    elif dues[-1] < as_of:
        dues.append(next_due(rule, dues[-1]))
    return dues


@functools.lru_cache(maxsize=512)
def _rule(rule: str, year: int) -> rrule:
    """``rule`` from 1 January of ``year``, parsed once, keeping the occurrences it has
    walked (a report asks the same rules about the same months again and again)."""
    start = datetime(year, 1, 1)  # noqa: DTZ001  (calendar days, no instant)
    parsed = rrulestr(rule, dtstart=start, cache=True)
    assert isinstance(parsed, rrule)
    return parsed


def _after(rule: str, day: date, *, inclusive: bool) -> date:
    # Every rule here is anchored to the calendar (BYMONTH, BYMONTHDAY, BYDAY), not to its
    # start, so any start before `day` gives the same occurrences; a start shortly before
    # keeps the iteration short (dateutil walks forward from the start).
    found = _rule(rule, day.year - 1).after(
        datetime.combine(day, datetime.min.time()), inc=inclusive
    )
    if found is None:
        raise ValueError(f"{rule!r} has no occurrence after {day}")
    result: date = found.date()
    return result
