"""What each rule's match means: the builders of the rule table."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from domain.deadline import DeadlineKind, Granularity
from notices.deadlines.model import _ONGOING, Reading
from notices.deadlines.periods import (
    _LEAP_YEAR,
    _QUARTERS,
    _RECURRENCE,
    _before_month,
    _before_quarter,
    _date,
    _first_on_or_after,
    _half_end,
    _month,
    _month_end,
    _quarter_end,
    _year,
)


def _deadline(due: date | None, granularity: Granularity) -> Reading | None:
    if due is None:
        return None
    return Reading(due=due, granularity=granularity, kind=DeadlineKind.DEADLINE)


def _dated_day(m: re.Match[str], issued: date) -> Reading | None:
    year, month = _year(m["y"]), _month(m["mo"])
    if year is None or month is None:
        return None
    return _deadline(_date(year, month, int(m["d"])), Granularity.DAY)


def _yearless_day(m: re.Match[str], issued: date) -> Reading | None:
    month, day = _month(m["mo"]), int(m["d"])
    if month is None:
        return None
    return _deadline(_first_on_or_after(issued, lambda y: _date(y, month, day)), Granularity.DAY)


def _period_reading(
    m: re.Match[str], issued: date, end_in: Callable[[int], date], granularity: Granularity
) -> Reading | None:
    """Due at ``end_in(year)`` for the year the match states: a number, "năm nay" (the issue
    year), or none at all (the first such end on or after ``issued``)."""
    if m["nay"] is not None:
        year: int | None = issued.year
    elif m["y"] is None:
        return _deadline(_first_on_or_after(issued, end_in), granularity)
    else:
        year = _year(m["y"])
    if year is None:
        return None
    try:
        return _deadline(end_in(year), granularity)
    except ValueError:  # past either end of the calendar
        return None


def _month_reading(m: re.Match[str], issued: date) -> Reading | None:
    month = _month(m["mo"])
    if month is None:
        return None
    return _period_reading(m, issued, lambda y: _month_end(y, month), Granularity.MONTH)


def _before_month_reading(m: re.Match[str], issued: date) -> Reading | None:
    month = _month(m["mo"])
    if month is None:
        return None
    return _period_reading(m, issued, lambda y: _before_month(y, month), Granularity.MONTH)


def _quarter_reading(m: re.Match[str], issued: date) -> Reading | None:
    quarter = _QUARTERS[m["q"]]
    return _period_reading(m, issued, lambda y: _quarter_end(y, quarter), Granularity.QUARTER)


def _before_quarter_reading(m: re.Match[str], issued: date) -> Reading | None:
    quarter = _QUARTERS[m["q"]]
    return _period_reading(m, issued, lambda y: _before_quarter(y, quarter), Granularity.QUARTER)


def _half_reading(m: re.Match[str], issued: date) -> Reading | None:
    which = m["w"]
    return _period_reading(m, issued, lambda y: _half_end(y, which), Granularity.HALF)


def _year_reading(m: re.Match[str], issued: date) -> Reading | None:
    year = _year(m["y"])
    return None if year is None else _deadline(date(year, 12, 31), Granularity.YEAR)


def _before_year_reading(m: re.Match[str], issued: date) -> Reading | None:
    year = _year(m["y"])
    return None if year is None else _deadline(date(year - 1, 12, 31), Granularity.YEAR)


def _this_year(m: re.Match[str], issued: date) -> Reading | None:
    return _deadline(date(issued.year, 12, 31), Granularity.YEAR)


def _period_end(m: re.Match[str], issued: date) -> Reading | None:
    first, last = _year(m["y1"]), _year(m["y2"])
    if first is None or last is None or last < first:
        return None
    return _deadline(date(last, 12, 31), Granularity.YEAR)


def _valid_day_of_month(m: re.Match[str]) -> bool:
    return 1 <= int(m["d"]) <= 31


def _monthly_on_a_day(m: re.Match[str], issued: date) -> Reading | None:
    if not _valid_day_of_month(m):
        return None
    return Reading(
        due=None, granularity=Granularity.MONTHLY, kind=DeadlineKind.RECURRING, day=int(m["d"])
    )


def _yearly_on_a_day(m: re.Match[str], issued: date) -> Reading | None:
    month = _month(m["mo"])
    # A leap year, so that "29/2 hằng năm" is a real day of the year.
    if month is None or _date(_LEAP_YEAR, month, int(m["d"])) is None:
        return None
    return Reading(
        due=None,
        granularity=Granularity.YEARLY,
        kind=DeadlineKind.RECURRING,
        day=int(m["d"]),
        month=month,
    )


def _every_period(m: re.Match[str], issued: date) -> Reading | None:
    return Reading(due=None, granularity=_RECURRENCE[m["p"]], kind=DeadlineKind.RECURRING)


def _once_per_period(m: re.Match[str], issued: date) -> Reading | None:
    period = m["p"] or m["p2"]
    return Reading(due=None, granularity=_RECURRENCE[period], kind=DeadlineKind.RECURRING)


def _ongoing_from_a_day(m: re.Match[str], issued: date) -> Reading | None:
    month = _month(m["mo"])
    year = _LEAP_YEAR if m["y"] is None else _year(m["y"])
    if month is None or year is None or _date(year, month, int(m["d"])) is None:
        return None
    return _ONGOING
