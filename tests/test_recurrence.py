"""Recurring duties, period by period: the RFC 5545 rule read from the notice's wording
(``domain.recurrence``, ``notices.deadlines.recurrence_of``) and the reminders of each
period (``Planner.plan_period``), pure."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.calendar import WorkingCalendar
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.recurrence import Recurrence, next_due, period_due_on_or_after, previous_due
from domain.status import ReminderKind, TaskStatus
from notices.deadlines import parse_deadline, recurrence_of
from scheduler.planner import PlannedReminder, Planner
from scheduler.windows import ReminderPolicy, send_instant

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
POLICY = ReminderPolicy()
PLANNER = Planner(policy=POLICY, calendar=WorkingCalendar())
BEFORE, DUE, OVERDUE = ReminderKind.BEFORE, ReminderKind.DUE, ReminderKind.OVERDUE


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def at(day: date) -> datetime:
    return send_instant(day, POLICY)


def rule_of(phrase: str, issued: date = date(2025, 12, 22)) -> str:
    recurrence = recurrence_of(parse_deadline(phrase, issued))
    assert recurrence is not None, phrase
    return recurrence.rule


def dues(rule: str, first: date, count: int) -> list[date]:
    """``count`` consecutive due dates from the first on or after ``first``."""
    found = [period_due_on_or_after(rule, first)]
    while len(found) < count:
        found.append(next_due(rule, found[-1]))
    return found


def summary(plan: list[PlannedReminder]) -> list[tuple[ReminderKind, date, int | None]]:
    return [(p.kind, p.at.astimezone(VIETNAM).date(), p.days_before) for p in plan]


@pytest.mark.parametrize(
    ("phrase", "rule"),
    [
        pytest.param("trước ngày 20 hằng tháng", "FREQ=MONTHLY;BYMONTHDAY=20", id="day 20"),
        pytest.param("hằng tháng", "FREQ=MONTHLY;BYMONTHDAY=-1", id="monthly, month's end"),
        pytest.param(
            "chậm nhất ngày 31 hằng tháng",
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1",
            id="day 31, else the month's last",
        ),
        pytest.param("hằng quý", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", id="quarterly"),
        pytest.param(
            "1 lần/quý", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", id="once a quarter"
        ),
        pytest.param("hằng năm", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", id="yearly"),
        pytest.param(
            "định kỳ trước ngày 30 tháng 11 hàng năm",
            "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30",
            id="yearly on a day",
        ),
        pytest.param(
            "kết quả thực hiện Kế hoạch hằng năm (trước ngày 15 tháng 11)",
            "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15",
            id="yearly, the day in a parenthesis",
        ),
        pytest.param(
            "vào ngày 29/2 hằng năm",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1",
            id="29 February",
        ),
        pytest.param("hằng tuần", "FREQ=WEEKLY;BYDAY=FR", id="weekly"),
        pytest.param("1 tuần/lần", "FREQ=WEEKLY;BYDAY=FR", id="once a week"),
    ],
)
def test_the_rule_keeps_the_day_the_notice_gives(phrase: str, rule: str) -> None:
    assert rule_of(phrase) == rule


@pytest.mark.parametrize(
    "phrase", ["hằng ngày", "định kỳ theo quy định", "nhiệm vụ thường xuyên", "khẩn trương"]
)
def test_a_duty_without_a_period_has_no_rule(phrase: str) -> None:
    assert recurrence_of(parse_deadline(phrase, date(2025, 12, 22))) is None


def test_a_seed_whose_wording_names_no_period_is_due_at_each_periods_end() -> None:
    seeded = Deadline(
        due=None, granularity=Granularity.QUARTERLY, kind=DeadlineKind.RECURRING, phrase="x"
    )
    assert recurrence_of(seeded) == Recurrence(period=Granularity.QUARTERLY)


def test_a_monthly_duty_on_the_20th_is_due_on_the_20th_of_every_month() -> None:
    assert dues(rule_of("trước ngày 20 hằng tháng"), date(2025, 12, 22), 4) == [
        date(2026, 1, 20),
        date(2026, 2, 20),
        date(2026, 3, 20),
        date(2026, 4, 20),
    ]


def test_a_monthly_duty_on_the_31st_does_not_drift_to_the_28th_after_february() -> None:
    # Created on Saturday 31/1/2026: 31/1, then each month's last day where it has no 31st,
    # and the 31st again where it has one.
    assert dues(rule_of("trước ngày 31 hằng tháng"), date(2026, 1, 31), 8) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
        date(2026, 7, 31),
        date(2026, 8, 31),
    ]
    assert dues(rule_of("hằng tháng"), date(2026, 1, 31), 3) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    assert next_due(rule_of("ngày 30 hằng tháng"), date(2028, 1, 30)) == date(2028, 2, 29)


def test_quarterly_yearly_and_weekly_periods() -> None:
    assert dues(rule_of("hằng quý"), date(2026, 2, 1), 5) == [
        date(2026, 3, 31),
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 31),
        date(2027, 3, 31),
    ]
    assert dues(rule_of("hằng năm"), date(2026, 12, 31), 2) == [
        date(2026, 12, 31),
        date(2027, 12, 31),
    ]
    assert dues(rule_of("vào ngày 29/2 hằng năm"), date(2027, 1, 1), 2) == [
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]
    # Fridays, the week of Tết 2026 included (its due date is as written).
    assert dues(rule_of("hằng tuần"), date(2026, 2, 10), 3) == [
        date(2026, 2, 13),
        date(2026, 2, 20),
        date(2026, 2, 27),
    ]


def test_the_period_before_is_the_previous_occurrence() -> None:
    assert previous_due(rule_of("trước ngày 20 hằng tháng"), date(2026, 3, 20)) == date(2026, 2, 20)
    assert previous_due(rule_of("hằng quý"), date(2026, 3, 31)) == date(2025, 12, 31)


def test_trước_ngày_20_hằng_tháng_across_tết() -> None:
    # Due Friday 20/2/2026, a day of Tết (16–20/2 are off), planned on Monday 2/2/2026. The
    # 30-day window would fall in January's period: left out. 14 days before is Friday
    # 6/2; 7, 3 and 1 days before and the due day itself move to Friday 13/2, the last
    # working day before Tết, and are one DUE reminder; OVERDUE is Monday 23/2.
    plan = PLANNER.plan_period(Granularity.MONTHLY, date(2026, 2, 20), now=local(2026, 2, 2, 10))

    assert summary(plan) == [
        (BEFORE, date(2026, 2, 6), 14),
        (DUE, date(2026, 2, 13), None),
        (OVERDUE, date(2026, 2, 23), None),
    ]
    # March's period, planned once February's was reported done on 23/2.
    after_tet = PLANNER.plan_period(
        Granularity.MONTHLY, date(2026, 3, 20), now=local(2026, 2, 23, 9)
    )
    assert summary(after_tet) == [
        (BEFORE, date(2026, 3, 6), 14),
        (BEFORE, date(2026, 3, 13), 7),
        (BEFORE, date(2026, 3, 17), 3),
        (BEFORE, date(2026, 3, 19), 1),
        (DUE, date(2026, 3, 20), None),
        (OVERDUE, date(2026, 3, 23), None),
    ]


def test_a_quarter_or_a_year_gets_every_window_and_a_week_only_the_near_ones() -> None:
    quarter = PLANNER.plan_period(
        Granularity.QUARTERLY, date(2026, 3, 31), now=local(2026, 1, 2, 10)
    )
    assert [p.days_before for p in quarter if p.kind is BEFORE] == [30, 14, 7, 3, 1]
    year = PLANNER.plan_period(Granularity.YEARLY, date(2026, 12, 31), now=local(2026, 1, 2, 10))
    assert [p.days_before for p in year if p.kind is BEFORE] == [30, 14, 7, 3, 1]
    # Due Friday 11/12/2026: Tuesday and Thursday before it, Friday, then Monday.
    week = PLANNER.plan_period(Granularity.WEEKLY, date(2026, 12, 11), now=local(2026, 12, 4, 10))
    assert summary(week) == [
        (BEFORE, date(2026, 12, 8), 3),
        (BEFORE, date(2026, 12, 10), 1),
        (DUE, date(2026, 12, 11), None),
        (OVERDUE, date(2026, 12, 14), None),
    ]


def test_a_period_already_past_is_overdue_at_the_next_send_slot() -> None:
    plan = PLANNER.plan_period(Granularity.MONTHLY, date(2026, 11, 20), now=local(2026, 12, 2, 10))
    assert plan == [PlannedReminder(at=at(date(2026, 12, 3)), kind=OVERDUE)]


def test_a_recurring_duty_is_planned_on_its_periods_due_date() -> None:
    planned = PLANNER.plan_reminders(
        kind=DeadlineKind.RECURRING,
        due=None,
        granularity=Granularity.MONTHLY,
        status=TaskStatus.OPEN,
        now=local(2026, 12, 2, 10),
        period_due=date(2026, 12, 20),
    )
    assert planned == PLANNER.plan_period(
        Granularity.MONTHLY, date(2026, 12, 20), now=local(2026, 12, 2, 10)
    )
    with pytest.raises(ValueError, match="period's due date"):
        PLANNER.plan_reminders(
            kind=DeadlineKind.RECURRING,
            due=None,
            granularity=Granularity.MONTHLY,
            status=TaskStatus.OPEN,
            now=local(2026, 12, 2, 10),
        )
    assert (
        PLANNER.plan_reminders(
            kind=DeadlineKind.RECURRING,
            due=None,
            granularity=Granularity.MONTHLY,
            status=TaskStatus.DONE,
            now=local(2026, 12, 2, 10),
            period_due=date(2026, 12, 20),
        )
        == []
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"period": Granularity.MONTH}, "not a recurring period", id="not a period"),
        pytest.param({"period": Granularity.MONTHLY, "day": 32}, "day must be", id="day 32"),
        pytest.param({"period": Granularity.WEEKLY, "day": 3}, "takes no day", id="week, day"),
        pytest.param(
            {"period": Granularity.MONTHLY, "day": 3, "month": 4}, "a month goes", id="monthly"
        ),
        pytest.param({"period": Granularity.YEARLY, "month": 4}, "a month goes", id="no day"),
    ],
)
def test_it_refuses_a_recurrence_that_means_nothing(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Recurrence(**fields)  # type: ignore[arg-type]
