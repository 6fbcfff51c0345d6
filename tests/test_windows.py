"""When reminders are sent: before, on and after a deadline, and for recurring duties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from domain.calendar import WorkingCalendar
from domain.status import ReminderKind
from scheduler.windows import (
    ReminderPolicy,
    Window,
    deadline_windows,
    next_send_slot,
    send_instant,
)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
POLICY = ReminderPolicy()
CALENDAR = WorkingCalendar()
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)

BEFORE = ReminderKind.BEFORE
DUE = ReminderKind.DUE
OVERDUE = ReminderKind.OVERDUE
CHASE = ReminderKind.CHASE


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock instant in Vietnam."""
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def summary(windows: list[Window]) -> list[tuple[ReminderKind, date, int | None]]:
    return [(window.kind, window.day, window.days_before) for window in windows]


def before_day(due: date, offset: int) -> date:
    """The day of the only BEFORE reminder of a policy with that single offset."""
    policy = ReminderPolicy(offsets_days=(offset,))
    windows = deadline_windows(due, policy, CALENDAR, after=LONG_AGO)
    (window,) = [window for window in windows if window.kind is BEFORE]
    return window.day


@pytest.mark.parametrize(
    ("due", "offset", "expected"),
    [
        pytest.param(date(2026, 3, 17), 7, date(2026, 3, 10), id="a working day stays"),
        pytest.param(date(2026, 3, 17), 3, date(2026, 3, 13), id="Saturday to Friday"),
        pytest.param(date(2026, 3, 17), 2, date(2026, 3, 13), id="Sunday to Friday"),
        pytest.param(date(2026, 5, 4), 3, date(2026, 4, 29), id="1 May back over 30 April"),
        pytest.param(date(2026, 5, 4), 7, date(2026, 4, 24), id="Giỗ Tổ in lieu and weekend"),
        pytest.param(date(2026, 9, 3), 1, date(2026, 8, 28), id="2/9, 1/9, swapped 31/8"),
        pytest.param(date(2026, 3, 18), 30, date(2026, 2, 13), id="Tết 2026"),
        pytest.param(date(2027, 2, 12), 7, date(2027, 2, 3), id="Tết 2027"),
        pytest.param(date(2026, 11, 27), 3, date(2026, 11, 23), id="Ngày Văn hóa Việt Nam"),
    ],
)
def test_it_moves_a_before_reminder_off_a_day_off_to_the_previous_working_day(
    due: date, offset: int, expected: date
) -> None:
    assert before_day(due, offset) == expected


@pytest.mark.parametrize(
    ("due", "due_day", "overdue_day"),
    [
        pytest.param(date(2026, 3, 17), date(2026, 3, 17), date(2026, 3, 18), id="a Tuesday"),
        pytest.param(date(2026, 3, 13), date(2026, 3, 13), date(2026, 3, 16), id="a Friday"),
        pytest.param(date(2026, 3, 14), date(2026, 3, 13), date(2026, 3, 16), id="a Saturday"),
        pytest.param(date(2026, 3, 15), date(2026, 3, 13), date(2026, 3, 16), id="a Sunday"),
        pytest.param(date(2026, 4, 30), date(2026, 4, 29), date(2026, 5, 4), id="30/4/2026"),
        pytest.param(date(2026, 5, 1), date(2026, 4, 29), date(2026, 5, 4), id="1/5/2026"),
        pytest.param(date(2027, 5, 1), date(2027, 4, 29), date(2027, 5, 4), id="1/5/2027"),
        pytest.param(date(2025, 9, 2), date(2025, 8, 29), date(2025, 9, 3), id="2/9/2025"),
        pytest.param(date(2026, 9, 2), date(2026, 8, 28), date(2026, 9, 3), id="2/9/2026"),
        pytest.param(date(2026, 2, 20), date(2026, 2, 13), date(2026, 2, 23), id="Tết 2026"),
        pytest.param(date(2027, 2, 8), date(2027, 2, 3), date(2027, 2, 11), id="Tết 2027"),
        pytest.param(date(2026, 11, 23), date(2026, 11, 23), date(2026, 11, 25), id="Văn hóa"),
    ],
)
def test_it_reminds_on_the_due_date_or_before_and_flags_overdue_on_the_next_working_day(
    due: date, due_day: date, overdue_day: date
) -> None:
    windows = deadline_windows(due, POLICY, CALENDAR, after=LONG_AGO)

    assert [window.day for window in windows if window.kind is DUE] == [due_day]
    assert [window.day for window in windows if window.kind is OVERDUE] == [overdue_day]


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        pytest.param(
            date(2026, 3, 17),
            [
                (BEFORE, date(2026, 2, 13), 30),
                (BEFORE, date(2026, 3, 3), 14),
                (BEFORE, date(2026, 3, 10), 7),
                (BEFORE, date(2026, 3, 13), 3),
                (BEFORE, date(2026, 3, 16), 1),
                (DUE, date(2026, 3, 17), None),
                (OVERDUE, date(2026, 3, 18), None),
                (CHASE, date(2026, 3, 25), None),
            ],
            id="an ordinary Tuesday",
        ),
        pytest.param(
            date(2026, 2, 20),
            [
                (BEFORE, date(2026, 1, 21), 30),
                (BEFORE, date(2026, 2, 6), 14),
                (DUE, date(2026, 2, 13), None),
                (OVERDUE, date(2026, 2, 23), None),
                (CHASE, date(2026, 3, 2), None),
            ],
            id="due in Tết 2026: 7, 3, 1 days before and due collapse on 13/2",
        ),
        pytest.param(
            date(2027, 2, 8),
            [
                (BEFORE, date(2027, 1, 8), 30),
                (BEFORE, date(2027, 1, 25), 14),
                (BEFORE, date(2027, 2, 1), 7),
                (DUE, date(2027, 2, 3), None),
                (OVERDUE, date(2027, 2, 11), None),
                (CHASE, date(2027, 2, 18), None),
            ],
            id="due in Tết 2027: 3, 1 days before and due collapse on 3/2",
        ),
        pytest.param(
            date(2026, 5, 4),
            [
                (BEFORE, date(2026, 4, 3), 30),
                (BEFORE, date(2026, 4, 20), 14),
                (BEFORE, date(2026, 4, 24), 7),
                (BEFORE, date(2026, 4, 29), 1),
                (DUE, date(2026, 5, 4), None),
                (OVERDUE, date(2026, 5, 5), None),
                (CHASE, date(2026, 5, 12), None),
            ],
            id="after 30/4 and 1/5: 3 and 1 days before collapse into 1",
        ),
    ],
)
def test_it_lays_out_a_deadline_keeping_the_most_urgent_reminder_of_a_day(
    due: date, expected: list[tuple[ReminderKind, date, int | None]]
) -> None:
    assert summary(deadline_windows(due, POLICY, CALENDAR, after=LONG_AGO)) == expected


def test_it_keeps_the_nearer_offset_when_two_before_reminders_share_a_day() -> None:
    policy = ReminderPolicy(offsets_days=(3, 2))

    windows = deadline_windows(date(2026, 3, 16), policy, CALENDAR, after=LONG_AGO, chases=0)

    assert summary(windows) == [
        (BEFORE, date(2026, 3, 13), 2),
        (DUE, date(2026, 3, 16), None),
        (OVERDUE, date(2026, 3, 17), None),
    ]


def test_it_sends_at_0830_vietnam_time_which_is_0130_utc() -> None:
    windows = deadline_windows(date(2026, 3, 17), POLICY, CALENDAR, after=LONG_AGO)

    assert send_instant(date(2026, 3, 17), POLICY) == datetime(2026, 3, 17, 1, 30, tzinfo=UTC)
    assert {window.at.utcoffset() for window in windows} == {UTC.utcoffset(None)}
    assert [window.at for window in windows] == [
        datetime(window.day.year, window.day.month, window.day.day, 1, 30, tzinfo=UTC)
        for window in windows
    ]
    assert [window.at.astimezone(VIETNAM).time() for window in windows] == [time(8, 30)] * 8


def test_it_keeps_the_local_day_when_the_send_time_is_the_previous_day_in_utc() -> None:
    policy = ReminderPolicy(send_time=time(6, 0))

    (window, *_) = deadline_windows(date(2026, 3, 17), policy, CALENDAR, after=LONG_AGO)

    assert window.day == date(2026, 2, 13)
    assert window.at == datetime(2026, 2, 12, 23, 0, tzinfo=UTC)


def test_it_follows_a_custom_policy() -> None:
    policy = ReminderPolicy(offsets_days=(7, 1), send_time=time(9, 0))

    windows = deadline_windows(date(2026, 3, 17), policy, CALENDAR, after=LONG_AGO)

    assert [(window.kind, window.at, window.days_before) for window in windows] == [
        (BEFORE, datetime(2026, 3, 10, 2, 0, tzinfo=UTC), 7),
        (BEFORE, datetime(2026, 3, 16, 2, 0, tzinfo=UTC), 1),
        (DUE, datetime(2026, 3, 17, 2, 0, tzinfo=UTC), None),
        (OVERDUE, datetime(2026, 3, 18, 2, 0, tzinfo=UTC), None),
        (CHASE, datetime(2026, 3, 25, 2, 0, tzinfo=UTC), None),
    ]


@pytest.mark.parametrize(
    ("due", "policy", "chases", "expected"),
    [
        pytest.param(
            date(2026, 3, 17),
            POLICY,
            3,
            [date(2026, 3, 25), date(2026, 4, 1), date(2026, 4, 8)],
            id="weekly from the overdue day",
        ),
        pytest.param(
            date(2026, 3, 17),
            ReminderPolicy(chase_every_days=14),
            2,
            [date(2026, 4, 1), date(2026, 4, 15)],
            id="every other week",
        ),
        pytest.param(
            date(2026, 4, 22),
            POLICY,
            2,
            [date(2026, 5, 4), date(2026, 5, 7)],
            id="off 30/4 and 1/5 to Monday, then back on Thursdays",
        ),
        pytest.param(
            date(2026, 2, 6),
            POLICY,
            2,
            [date(2026, 2, 23), date(2026, 3, 2)],
            id="a chase in Tết lands on the next one's day and is sent once",
        ),
        pytest.param(
            date(2026, 11, 16),
            POLICY,
            1,
            [date(2026, 11, 25)],
            id="off Ngày Văn hóa Việt Nam",
        ),
        pytest.param(date(2026, 3, 17), POLICY, 0, [], id="none asked for"),
    ],
)
def test_it_chases_an_open_task_on_a_steady_cadence_moving_off_days_off(
    due: date, policy: ReminderPolicy, chases: int, expected: list[date]
) -> None:
    windows = deadline_windows(due, policy, CALENDAR, after=LONG_AGO, chases=chases)

    assert [window.day for window in windows if window.kind is CHASE] == expected


@pytest.mark.parametrize(
    ("due", "after", "chases", "expected"),
    [
        pytest.param(
            date(2024, 5, 10),
            local(2026, 11, 23, 8, 0),
            1,
            [(CHASE, date(2026, 11, 23), None)],
            id="years overdue: only the next Monday chase, this morning",
        ),
        pytest.param(
            date(2024, 5, 10),
            local(2026, 11, 23, 8, 30),
            1,
            [(CHASE, date(2026, 11, 30), None)],
            id="years overdue: this morning's chase is at after, so not after it",
        ),
        pytest.param(
            date(2024, 5, 10),
            local(2026, 11, 23, 8, 0),
            2,
            [(CHASE, date(2026, 11, 23), None), (CHASE, date(2026, 11, 30), None)],
            id="years overdue: two chases",
        ),
        pytest.param(
            date(2026, 3, 17),
            local(2026, 3, 16, 8, 30),
            1,
            [
                (DUE, date(2026, 3, 17), None),
                (OVERDUE, date(2026, 3, 18), None),
                (CHASE, date(2026, 3, 25), None),
            ],
            id="the day before: from the due reminder on",
        ),
        pytest.param(
            date(2026, 3, 17),
            local(2026, 3, 18, 8, 30),
            1,
            [(CHASE, date(2026, 3, 25), None)],
            id="just after the overdue reminder",
        ),
        pytest.param(
            date(2026, 2, 9),
            local(2026, 2, 18, 12, 0),
            2,
            [(CHASE, date(2026, 2, 23), None), (CHASE, date(2026, 2, 24), None)],
            id="seen in Tết: the chase moved out of Tết is still to come",
        ),
    ],
)
def test_it_returns_only_the_windows_after_the_given_instant(
    due: date,
    after: datetime,
    chases: int,
    expected: list[tuple[ReminderKind, date, int | None]],
) -> None:
    assert summary(deadline_windows(due, POLICY, CALENDAR, after=after, chases=chases)) == expected


def test_it_follows_the_callers_make_up_saturday_and_extra_day_off() -> None:
    calendar = WorkingCalendar(
        extra_working_days=[date(2026, 8, 22)], extra_days_off=[date(2026, 3, 16)]
    )

    saturday = deadline_windows(date(2026, 8, 23), POLICY, calendar, after=LONG_AGO)
    monday_off = deadline_windows(date(2026, 3, 13), POLICY, calendar, after=LONG_AGO)

    assert [window.day for window in saturday if window.kind is DUE] == [date(2026, 8, 22)]
    assert [window.day for window in monday_off if window.kind is OVERDUE] == [date(2026, 3, 17)]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"offsets_days": (7, 0)}, "positive", id="a zero offset"),
        pytest.param({"offsets_days": (-1,)}, "positive", id="a negative offset"),
        pytest.param({"offsets_days": (7, 3, 7)}, "distinct", id="a repeated offset"),
        pytest.param({"chase_every_days": 0}, "chase_every_days", id="no chase interval"),
        pytest.param({"send_time": time(8, 30, tzinfo=UTC)}, "naive", id="an aware send time"),
    ],
)
def test_it_refuses_an_invalid_policy(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ReminderPolicy(**fields)


def test_it_refuses_a_naive_instant_or_a_negative_chase_count() -> None:
    with pytest.raises(ValueError, match="after"):
        deadline_windows(date(2026, 3, 17), POLICY, CALENDAR, after=datetime(2026, 3, 1))
    with pytest.raises(ValueError, match="chases"):
        deadline_windows(date(2026, 3, 17), POLICY, CALENDAR, after=LONG_AGO, chases=-1)
    with pytest.raises(ValueError, match="now"):
        next_send_slot(datetime(2026, 3, 1), POLICY, CALENDAR)


def test_it_refuses_an_inconsistent_window() -> None:
    with pytest.raises(ValueError, match="UTC"):
        Window(at=datetime(2026, 3, 17, 1, 30), day=date(2026, 3, 17), kind=DUE, days_before=None)
    with pytest.raises(ValueError, match="days_before"):
        Window(at=LONG_AGO, day=date(2000, 1, 1), kind=DUE, days_before=1)
    with pytest.raises(ValueError, match="days_before"):
        Window(at=LONG_AGO, day=date(2000, 1, 1), kind=BEFORE, days_before=None)
    with pytest.raises(ValueError, match="RECURRING"):
        Window(at=LONG_AGO, day=date(2000, 1, 1), kind=ReminderKind.RECURRING, days_before=None)


def test_a_window_kind_is_the_reminder_kind_stored_with_its_value_unchanged() -> None:
    # reminders.kind holds these strings since 0001; one enum serves windows and rows.
    assert {kind.value for kind in ReminderKind} == {
        *("before", "due", "overdue", "chase", "recurring", "followup")
    }
    kinds = {w.kind for w in deadline_windows(date(2026, 3, 31), POLICY, CALENDAR, after=LONG_AGO)}
    assert kinds == {BEFORE, DUE, OVERDUE, CHASE}


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(local(2026, 3, 17, 7, 0), date(2026, 3, 17), id="before send time"),
        pytest.param(local(2026, 3, 17, 8, 30), date(2026, 3, 17), id="at send time"),
        pytest.param(local(2026, 3, 17, 8, 31), date(2026, 3, 18), id="after send time"),
        pytest.param(local(2026, 3, 13, 9, 0), date(2026, 3, 16), id="Friday after, to Monday"),
        pytest.param(local(2026, 3, 14, 7, 0), date(2026, 3, 16), id="Saturday, to Monday"),
        pytest.param(local(2026, 4, 30, 7, 0), date(2026, 5, 4), id="30/4, to Monday 4/5"),
        pytest.param(local(2026, 2, 13, 9, 0), date(2026, 2, 23), id="across Tết"),
        pytest.param(local(2026, 11, 23, 10, 0), date(2026, 11, 25), id="across Văn hóa day"),
        pytest.param(
            datetime(2026, 3, 16, 20, 0, tzinfo=UTC),
            date(2026, 3, 17),
            id="Monday evening UTC is Tuesday early morning in Vietnam",
        ),
    ],
)
def test_it_finds_the_next_send_slot(now: datetime, expected: date) -> None:
    expected_at = datetime(expected.year, expected.month, expected.day, 1, 30, tzinfo=UTC)

    assert next_send_slot(now, POLICY, CALENDAR) == expected_at
