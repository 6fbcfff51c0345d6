"""Calendar arithmetic of the readings: the ends of months, quarters, halves and years.

Month arithmetic is python-dateutil's ``relativedelta``: ``day=31`` lands on a month's last
day whatever its length (28, 29, 30 or 31), and ``months=-1`` steps back a month across a
year's start, so "trong tháng 2 năm 2024" is 29/2/2024 and "trước tháng 1 năm 2026"
31/12/2025 (``deadlines.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from dateutil.relativedelta import relativedelta

from domain.deadline import Granularity

_MIN_YEAR = 1900
_MAX_YEAR = 2199
# 29 February without a year needs up to eight years to come round again.
_YEARS_AHEAD = 9
_LEAP_YEAR = 2024

_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PRECISION = {
    Granularity.DAY: 0,
    Granularity.MONTH: 1,
    Granularity.QUARTER: 2,
    Granularity.HALF: 3,
    Granularity.YEAR: 4,
}
_PERIODS = frozenset({Granularity.MONTH, Granularity.QUARTER, Granularity.HALF, Granularity.YEAR})
_RECURRENCE = {
    "tuần": Granularity.WEEKLY,
    "tháng": Granularity.MONTHLY,
    "quý": Granularity.QUARTERLY,
    "năm": Granularity.YEARLY,
}


def _year(text: str) -> int | None:
    year = int(text)
    return year if _MIN_YEAR <= year <= _MAX_YEAR else None


def _month(text: str) -> int | None:
    month = int(text)
    return month if 1 <= month <= 12 else None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_LAST_DAY = relativedelta(day=31)
"""Added to a day of a month: that month's last day."""
_LAST_DAY_BEFORE = relativedelta(months=-1, day=31)
"""Added to a day of a month: the last day of the month before."""


def _month_end(year: int, month: int) -> date:
    end: date = date(year, month, 1) + _LAST_DAY
    return end


def _first_on_or_after(issued: date, end_in: Callable[[int], date | None]) -> date | None:
    """The first ``end_in(year)`` on or after ``issued``, trying the issue year onwards."""
    for year in range(issued.year, issued.year + _YEARS_AHEAD):
        try:
            due = end_in(year)
        except ValueError:  # past either end of the calendar (year 0 or 10000)
            continue
        if due is not None and due >= issued:
            return due
    return None


def _quarter_end(year: int, quarter: int) -> date:
    return _month_end(year, quarter * 3)


def _before_month(year: int, month: int) -> date:
    """The last day of the month before ``month`` (December of the year before January)."""
    end: date = date(year, month, 1) + _LAST_DAY_BEFORE
    return end


def _before_quarter(year: int, quarter: int) -> date:
    """The last day before the quarter begins."""
    return _before_month(year, quarter * 3 - 2)


def _half_end(year: int, which: str) -> date:
    return date(year, 6, 30) if which == "đầu" else date(year, 12, 31)
