"""Vietnamese working days: weekends, public holidays, Tết, and the caller's own days."""

from __future__ import annotations

from datetime import date

import pytest

from domain.calendar import WorkingCalendar

CALENDAR = WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(date(2026, 3, 16), True, id="an ordinary Monday"),
        pytest.param(date(2026, 3, 13), True, id="an ordinary Friday"),
        pytest.param(date(2026, 3, 14), False, id="Saturday"),
        pytest.param(date(2026, 3, 15), False, id="Sunday"),
        pytest.param(date(2026, 1, 1), False, id="Tết Dương lịch"),
        pytest.param(date(2026, 2, 13), True, id="the Friday before Tết 2026"),
        pytest.param(date(2026, 2, 16), False, id="Giao thừa 2026"),
        pytest.param(date(2026, 2, 17), False, id="Mùng một Tết 2026"),
        pytest.param(date(2026, 2, 20), False, id="Mùng bốn Tết 2026"),
        pytest.param(date(2026, 2, 23), True, id="the Monday after Tết 2026"),
        pytest.param(date(2027, 2, 4), False, id="29 Tết 2027"),
        pytest.param(date(2027, 2, 10), False, id="Mùng năm Tết 2027"),
        pytest.param(date(2027, 2, 11), True, id="the Thursday after Tết 2027"),
        pytest.param(date(2026, 4, 27), False, id="Giỗ Tổ Hùng Vương 2026 in lieu of Sunday"),
        pytest.param(date(2026, 4, 30), False, id="30 April"),
        pytest.param(date(2026, 5, 1), False, id="1 May"),
        pytest.param(date(2027, 5, 3), False, id="1 May 2027 in lieu of Saturday"),
        pytest.param(date(2025, 5, 2), False, id="2 May 2025 swapped with 26 April"),
        pytest.param(date(2026, 8, 31), False, id="31 August 2026 swapped with 22 August"),
        pytest.param(date(2026, 9, 1), False, id="1 September 2026"),
        pytest.param(date(2026, 9, 2), False, id="Quốc khánh 2026"),
        pytest.param(date(2026, 11, 24), False, id="Ngày Văn hóa Việt Nam 2026"),
        pytest.param(date(2025, 11, 24), True, id="24 November before the day existed"),
    ],
)
def test_it_tells_working_days_from_days_off(day: date, working: bool) -> None:
    assert CALENDAR.is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "name"),
    [
        pytest.param(date(2026, 2, 17), "Tết Nguyên Đán", id="Tết"),
        pytest.param(date(2026, 4, 30), "Ngày Chiến thắng", id="30 April"),
        pytest.param(date(2026, 9, 2), "Quốc khánh", id="National Day"),
        pytest.param(date(2026, 11, 24), "Ngày Văn hóa Việt Nam", id="Cultural Day"),
        pytest.param(date(2026, 3, 14), None, id="a Saturday has no name"),
        pytest.param(date(2026, 3, 16), None, id="a working day has no name"),
    ],
)
def test_it_names_public_holidays_in_vietnamese(day: date, name: str | None) -> None:
    assert CALENDAR.holiday_name(day) == name


@pytest.mark.parametrize(
    ("day", "previous", "following"),
    [
        pytest.param(date(2026, 3, 17), date(2026, 3, 17), date(2026, 3, 17), id="a working day"),
        pytest.param(date(2026, 3, 14), date(2026, 3, 13), date(2026, 3, 16), id="Saturday"),
        pytest.param(date(2026, 3, 15), date(2026, 3, 13), date(2026, 3, 16), id="Sunday"),
        pytest.param(date(2026, 2, 18), date(2026, 2, 13), date(2026, 2, 23), id="Tết 2026"),
        pytest.param(date(2027, 2, 8), date(2027, 2, 3), date(2027, 2, 11), id="Tết 2027"),
        pytest.param(date(2026, 5, 1), date(2026, 4, 29), date(2026, 5, 4), id="30/4 and 1/5"),
        pytest.param(date(2026, 9, 2), date(2026, 8, 28), date(2026, 9, 3), id="2/9"),
    ],
)
def test_it_finds_the_nearest_working_day_either_side(
    day: date, previous: date, following: date
) -> None:
    assert CALENDAR.previous_working_day(day) == previous
    assert CALENDAR.next_working_day(day) == following


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        pytest.param(date(2026, 3, 13), 1, date(2026, 3, 16), id="over a weekend"),
        pytest.param(date(2026, 3, 16), 5, date(2026, 3, 23), id="a working week"),
        pytest.param(date(2026, 2, 13), 1, date(2026, 2, 23), id="over Tết"),
        pytest.param(date(2026, 2, 23), -1, date(2026, 2, 13), id="back over Tết"),
        pytest.param(date(2026, 4, 24), 1, date(2026, 4, 28), id="over Giỗ Tổ in lieu"),
        pytest.param(date(2026, 4, 29), 1, date(2026, 5, 4), id="over 30/4 and 1/5"),
        pytest.param(date(2026, 3, 14), 1, date(2026, 3, 16), id="from a Saturday forward"),
        pytest.param(date(2026, 3, 14), -1, date(2026, 3, 13), id="from a Saturday back"),
        pytest.param(date(2026, 3, 17), 0, date(2026, 3, 17), id="zero from a working day"),
        pytest.param(date(2026, 3, 14), 0, date(2026, 3, 14), id="zero from a day off"),
    ],
)
def test_it_counts_working_days_strictly_after_or_before(day: date, n: int, expected: date) -> None:
    assert CALENDAR.add_working_days(day, n) == expected


def test_it_works_a_make_up_saturday_given_by_the_caller() -> None:
    calendar = WorkingCalendar(extra_working_days=[date(2026, 8, 22)])

    assert calendar.is_working_day(date(2026, 8, 22))
    assert calendar.previous_working_day(date(2026, 8, 23)) == date(2026, 8, 22)
    assert calendar.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert not CALENDAR.is_working_day(date(2026, 8, 22))


def test_it_rests_on_an_extra_day_off_given_by_the_caller() -> None:
    calendar = WorkingCalendar(extra_days_off=[date(2026, 3, 16)])

    assert not calendar.is_working_day(date(2026, 3, 16))
    assert calendar.holiday_name(date(2026, 3, 16)) is None
    assert calendar.next_working_day(date(2026, 3, 14)) == date(2026, 3, 17)


def test_it_lets_the_caller_work_a_public_holiday_which_keeps_its_name() -> None:
    calendar = WorkingCalendar(extra_working_days=[date(2026, 4, 30)])

    assert calendar.is_working_day(date(2026, 4, 30))
    assert calendar.holiday_name(date(2026, 4, 30)) == "Ngày Chiến thắng"


def test_it_refuses_a_day_both_off_and_working() -> None:
    with pytest.raises(ValueError, match="2026-08-22"):
        WorkingCalendar(
            extra_days_off=[date(2026, 8, 22)],
            extra_working_days=[date(2026, 8, 22), date(2026, 8, 29)],
        )
