"""The follow-up planner: progress requests for undated tasks, check-ins for standing duties
(pure: intervals, working days, a backlog that is one request, not many)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from domain.calendar import WorkingCalendar
from domain.deadline import DeadlineKind, Granularity
from domain.status import ReminderKind, TaskStatus
from scheduler.planner import Planner
from scheduler.windows import VIETNAM_TIME, ReminderPolicy, followup_window

CALENDAR = WorkingCalendar()
POLICY = ReminderPolicy()
PLANNER = Planner(policy=POLICY, calendar=CALENDAR)


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VIETNAM_TIME)  # type: ignore[misc]


def at_send_time(day: date) -> datetime:
    return datetime.combine(day, time(8, 30), tzinfo=VIETNAM_TIME).astimezone(UTC)


def test_the_first_request_falls_one_interval_after_the_assignment() -> None:
    # Issued Monday 22/12/2025, 30 days: Wednesday 21/1/2026.
    window = followup_window(date(2025, 12, 22), POLICY, CALENDAR, after=vn(2025, 12, 22, 9, 0))
    assert window.kind is ReminderKind.FOLLOWUP
    assert window.day == date(2026, 1, 21)
    assert window.at == at_send_time(date(2026, 1, 21))


def test_an_interval_ending_on_a_day_off_moves_to_the_next_working_day() -> None:
    # 17/1/2026 + 30 days = Monday 16/2/2026, in Tết (16–20/2/2026 off): Monday 23/2.
    assert not CALENDAR.is_working_day(date(2026, 2, 16))
    window = followup_window(date(2026, 1, 17), POLICY, CALENDAR, after=vn(2026, 1, 17, 9, 0))
    assert window.day == date(2026, 2, 23)
    # 1/1/2027 (New Year's Day, a Friday) → Monday 4/1/2027.
    window = followup_window(date(2026, 12, 2), POLICY, CALENDAR, after=vn(2026, 12, 2, 10, 0))
    assert window.day == date(2027, 1, 4)


def test_a_request_already_due_on_a_fresh_install_is_the_next_send_slot_once() -> None:
    # Issued 23/2/2025; first planned on Wednesday 2/12/2026 at 10:00 (after 08:30).
    window = followup_window(date(2025, 2, 23), POLICY, CALENDAR, after=vn(2026, 12, 2, 10, 0))
    assert window.day == date(2026, 12, 3)
    # Before the send time of a working day: that very morning.
    window = followup_window(date(2025, 2, 23), POLICY, CALENDAR, after=vn(2026, 12, 2, 7, 0))
    assert window.day == date(2026, 12, 2)
    # On Saturday 5/12/2026: Monday 7/12.
    window = followup_window(date(2025, 2, 23), POLICY, CALENDAR, after=vn(2026, 12, 5, 9, 0))
    assert window.day == date(2026, 12, 7)


def test_the_interval_is_configurable() -> None:
    weekly = ReminderPolicy(followup_every_days=7)
    window = followup_window(date(2026, 12, 2), weekly, CALENDAR, after=vn(2026, 12, 2, 10, 0))
    assert window.day == date(2026, 12, 9)
    with pytest.raises(ValueError, match="followup_every_days"):
        ReminderPolicy(followup_every_days=0)


@pytest.mark.parametrize(
    ("kind", "granularity"),
    [
        (DeadlineKind.NONE, None),
        (DeadlineKind.ONGOING, None),
        (DeadlineKind.RECURRING, None),  # "định kỳ theo quy định": no period to plan on
    ],
)
def test_every_obligation_without_a_deadline_gets_a_follow_up(
    kind: DeadlineKind, granularity: Granularity | None
) -> None:
    plan = PLANNER.plan_reminders(
        kind=kind,
        due=None,
        granularity=granularity,
        status=TaskStatus.OPEN,
        now=vn(2025, 12, 22, 9, 0),
        assigned=date(2025, 12, 22),
    )
    assert [(p.kind, p.at) for p in plan] == [
        (ReminderKind.FOLLOWUP, at_send_time(date(2026, 1, 21)))
    ]


def test_without_an_assignment_day_the_interval_counts_from_now() -> None:
    [planned] = PLANNER.plan_reminders(
        kind=DeadlineKind.NONE,
        due=None,
        granularity=None,
        status=TaskStatus.LATE,
        now=vn(2026, 12, 2, 10, 0),
    )
    assert planned.at == at_send_time(date(2027, 1, 4))


def test_finished_and_withdrawn_obligations_get_no_follow_up() -> None:
    for status in (TaskStatus.DONE, TaskStatus.CANCELLED, TaskStatus.AWAITING):
        assert (
            PLANNER.plan_reminders(
                kind=DeadlineKind.NONE,
                due=None,
                granularity=None,
                status=status,
                now=vn(2026, 12, 2, 10, 0),
            )
            == []
        )


def test_dated_tasks_get_no_follow_up() -> None:
    plan = PLANNER.plan_reminders(
        kind=DeadlineKind.DEADLINE,
        due=date(2027, 3, 31),
        granularity=Granularity.QUARTER,
        status=TaskStatus.OPEN,
        now=vn(2026, 12, 2, 10, 0),
        assigned=date(2026, 12, 1),
    )
    assert plan
    assert all(p.kind is not ReminderKind.FOLLOWUP for p in plan)


def test_the_next_request_counts_from_the_last_one() -> None:
    sent = vn(2027, 1, 4, 8, 30)
    following = PLANNER.next_followup(date(2027, 1, 4), after=sent)
    expected = CALENDAR.next_working_day(date(2027, 2, 3))
    assert following.at == at_send_time(expected)
    assert following.kind is ReminderKind.FOLLOWUP
