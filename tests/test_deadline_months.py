"""The month arithmetic of the deadline normaliser (``relativedelta``) and of recurring
duties, where a month's length could change a reading: 28-, 29-, 30- and 31-day months,
leap years (2000 is one, 2100 is not), the step back across a year's start, and a duty
due on the 31st moving through February.

The expected days are written out, not computed, so a change in the arithmetic shows."""

from __future__ import annotations

from datetime import date

import pytest

from domain.deadline import DeadlineKind, Granularity
from domain.recurrence import Recurrence, next_due, period_due_on_or_after
from notices.deadlines import parse_deadline, recurrence_of

ISSUED = date(2024, 1, 2)

# The last day of each month, by hand: January to December.
LAST_DAYS_2024 = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
LAST_DAYS_2025 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


@pytest.mark.parametrize(
    ("year", "last_days"), [(2024, LAST_DAYS_2024), (2025, LAST_DAYS_2025)], ids=["leap", "common"]
)
def test_within_a_month_is_due_on_its_last_day_whatever_its_length(
    year: int, last_days: list[int]
) -> None:
    for month, last in enumerate(last_days, start=1):
        read = parse_deadline(f"trong tháng {month} năm {year}", ISSUED)
        assert read.due == date(year, month, last), month
        assert read.granularity is Granularity.MONTH
        assert read.kind is DeadlineKind.DEADLINE


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("trong tháng 2 năm 2000", date(2000, 2, 29)),  # divisible by 400: leap
        ("trong tháng 02/2100", date(2100, 2, 28)),  # divisible by 100 only: common
        ("hết tháng 2 năm 2028", date(2028, 2, 29)),
        ("tháng 2/2027", date(2027, 2, 28)),
    ],
)
def test_february_follows_the_leap_year_rule(phrase: str, due: date) -> None:
    assert parse_deadline(phrase, ISSUED).due == due


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        # January: the step back crosses into December of the year before.
        ("hoàn thành trước tháng 1 năm 2026", date(2025, 12, 31)),
        ("trước tháng 3 năm 2024", date(2024, 2, 29)),
        ("trước tháng 3 năm 2025", date(2025, 2, 28)),
        ("trước tháng 3/2100", date(2100, 2, 28)),
        ("trước tháng 5 năm 2026", date(2026, 4, 30)),  # after a 30-day month
        ("trước tháng 8 năm 2026", date(2026, 7, 31)),  # after a 31-day month
        ("trước tháng 12 năm 2024", date(2024, 11, 30)),  # the convention's own example
    ],
)
def test_before_a_month_is_the_last_day_of_the_month_before(phrase: str, due: date) -> None:
    read = parse_deadline(phrase, ISSUED)
    assert (read.due, read.granularity) == (due, Granularity.MONTH)


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("trước Quý I/2026", date(2025, 12, 31)),
        ("trước quý II năm 2024", date(2024, 3, 31)),
        ("trước quý III/2026", date(2026, 6, 30)),
        ("trước Quý IV năm 2025", date(2025, 9, 30)),
        ("trong Quý I/2024", date(2024, 3, 31)),
        ("trong quý 2 năm 2025", date(2025, 6, 30)),
        ("Quý III/2025", date(2025, 9, 30)),
        ("quý IV năm 2025", date(2025, 12, 31)),
    ],
)
def test_quarters_end_and_begin_on_their_months_last_and_first_days(phrase: str, due: date) -> None:
    read = parse_deadline(phrase, ISSUED)
    assert (read.due, read.granularity) == (due, Granularity.QUARTER)


@pytest.mark.parametrize(
    ("phrase", "issued", "due"),
    [
        # Without a year: the first such end on or after the issue date.
        ("trong tháng 2", date(2027, 3, 1), date(2028, 2, 29)),
        ("trong tháng 2", date(2028, 2, 29), date(2028, 2, 29)),
        ("trước tháng 3", date(2028, 1, 15), date(2028, 2, 29)),
        ("trước tháng 1", date(2025, 12, 31), date(2025, 12, 31)),
        ("trước tháng 1", date(2026, 1, 1), date(2026, 12, 31)),
        ("trước Quý I", date(2026, 1, 1), date(2026, 12, 31)),
        ("trước 29/2", date(2025, 3, 1), date(2028, 2, 29)),
    ],
)
def test_a_month_without_a_year_is_the_first_on_or_after_the_issue_date(
    phrase: str, issued: date, due: date
) -> None:
    assert parse_deadline(phrase, issued).due == due


def test_a_duty_on_the_31st_is_due_on_februarys_last_day_then_the_31st_again() -> None:
    # 31 January plus a month is the last day of February: the 29th in a leap year.
    for phrase in ("trước ngày 31 hằng tháng", "hằng tháng"):
        recurrence = recurrence_of(parse_deadline(phrase, ISSUED))
        assert recurrence is not None
        assert next_due(recurrence.rule, date(2028, 1, 31)) == date(2028, 2, 29), phrase
        assert next_due(recurrence.rule, date(2028, 2, 29)) == date(2028, 3, 31), phrase
        assert next_due(recurrence.rule, date(2027, 1, 31)) == date(2027, 2, 28), phrase
        assert next_due(recurrence.rule, date(2027, 3, 31)) == date(2027, 4, 30), phrase
        assert next_due(recurrence.rule, date(2027, 4, 30)) == date(2027, 5, 31), phrase


@pytest.mark.parametrize(
    ("month", "day", "rule"),
    [
        (4, 30, "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=30"),  # a 30-day month has its 30th
        (1, 31, "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31"),
        (2, 28, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28"),
        (2, 29, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1"),  # not every year has it
    ],
)
def test_a_yearly_duty_falls_back_only_where_the_month_is_short_in_a_common_year(
    month: int, day: int, rule: str
) -> None:
    recurrence = Recurrence(period=Granularity.YEARLY, day=day, month=month)
    assert recurrence.rule == rule
    first = period_due_on_or_after(rule, date(2025, 1, 1))
    assert first == date(2025, month, min(day, LAST_DAYS_2025[month - 1]))
