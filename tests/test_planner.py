"""The planner: which reminders an obligation gets when it is planned, and what follows
when one fires (the pure part of ``scheduler.planner``; the windows themselves are
``tests/test_windows.py``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.calendar import WorkingCalendar
from domain.deadline import DeadlineKind, Granularity
from domain.status import ReminderKind, TaskStatus
from scheduler.planner import PlannedReminder, Planner
from scheduler.windows import ReminderPolicy, deadline_windows, send_instant

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
POLICY = ReminderPolicy()
PLANNER = Planner(policy=POLICY, calendar=WorkingCalendar())


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def at(day: date) -> datetime:
    """08:30 in Vietnam on ``day`` (the default send time), in UTC."""
    return send_instant(day, POLICY)


def plan(
    due: date | None,
    now: datetime,
    *,
    kind: DeadlineKind = DeadlineKind.DEADLINE,
    granularity: Granularity | None = Granularity.DAY,
    status: TaskStatus = TaskStatus.OPEN,
) -> list[PlannedReminder]:
    return PLANNER.plan_reminders(
        kind=kind, due=due, granularity=granularity, status=status, now=now
    )


def test_a_deadline_ahead_gets_every_window_from_now_on_and_no_chase_yet() -> None:
    # Due Friday 18/12/2026, planned on Wednesday 2/12 at 10:00: the 30-day reminder has
    # passed; 14, 7, 3, 1 days before, the due day and the day after are ahead.
    planned = plan(date(2026, 12, 18), local(2026, 12, 2, 10, 0))

    assert planned == [
        PlannedReminder(at=at(date(2026, 12, 4)), kind=ReminderKind.BEFORE, days_before=14),
        PlannedReminder(at=at(date(2026, 12, 11)), kind=ReminderKind.BEFORE, days_before=7),
        PlannedReminder(at=at(date(2026, 12, 15)), kind=ReminderKind.BEFORE, days_before=3),
        PlannedReminder(at=at(date(2026, 12, 17)), kind=ReminderKind.BEFORE, days_before=1),
        PlannedReminder(at=at(date(2026, 12, 18)), kind=ReminderKind.DUE),
        PlannedReminder(at=at(date(2026, 12, 21)), kind=ReminderKind.OVERDUE),
    ]


def test_the_plan_is_the_deadline_windows_without_their_chase_kind_for_kind() -> None:
    due, now = date(2027, 3, 31), local(2026, 12, 2, 10, 0)
    windows = deadline_windows(due, POLICY, PLANNER.calendar, after=now, chases=0)

    planned = plan(due, now)

    assert [(p.at, p.kind.value, p.days_before) for p in planned] == [
        (w.at, w.kind.value, w.days_before) for w in windows if w.kind is not ReminderKind.CHASE
    ]
    assert planned[-1].kind is ReminderKind.OVERDUE


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(local(2026, 12, 2, 7, 0), date(2026, 12, 2), id="before 08:30: today"),
        pytest.param(local(2026, 12, 2, 8, 30), date(2026, 12, 2), id="at 08:30: today"),
        pytest.param(local(2026, 12, 2, 9, 0), date(2026, 12, 3), id="after: tomorrow"),
        pytest.param(local(2026, 12, 4, 17, 0), date(2026, 12, 7), id="Friday: Monday"),
        pytest.param(local(2026, 12, 6, 10, 0), date(2026, 12, 7), id="Sunday: Monday"),
        pytest.param(local(2026, 2, 15, 10, 0), date(2026, 2, 23), id="Tết: after it"),
    ],
)
def test_an_obligation_overdue_when_first_planned_gets_one_overdue_at_the_next_slot(
    now: datetime, expected: date
) -> None:
    # Due long ago: no flood of past reminders, one summary at the next send slot.
    assert plan(date(2025, 3, 31), now) == [
        PlannedReminder(at=at(expected), kind=ReminderKind.OVERDUE)
    ]


def test_due_today_is_not_overdue_yet_and_keeps_the_due_reminder_if_still_ahead() -> None:
    due = date(2026, 12, 2)
    morning = plan(due, local(2026, 12, 2, 7, 0))
    noon = plan(due, local(2026, 12, 2, 12, 0))

    assert [(p.kind, p.at) for p in morning] == [
        (ReminderKind.DUE, at(due)),
        (ReminderKind.OVERDUE, at(date(2026, 12, 3))),
    ]
    assert [(p.kind, p.at) for p in noon] == [(ReminderKind.OVERDUE, at(date(2026, 12, 3)))]


@pytest.mark.parametrize("status", [TaskStatus.DONE, TaskStatus.AWAITING, TaskStatus.CANCELLED])
def test_a_finished_or_withdrawn_obligation_gets_nothing(status: TaskStatus) -> None:
    assert plan(date(2026, 12, 18), local(2026, 12, 2, 10, 0), status=status) == []


def test_a_late_obligation_is_still_open_and_still_reminded() -> None:
    late = plan(date(2026, 12, 18), local(2026, 12, 2, 10, 0), status=TaskStatus.LATE)
    assert late == plan(date(2026, 12, 18), local(2026, 12, 2, 10, 0))


@pytest.mark.parametrize(
    ("kind", "due", "granularity"),
    [
        pytest.param(DeadlineKind.ONGOING, None, None, id="standing duty"),
        pytest.param(DeadlineKind.NONE, None, None, id="no date"),
        pytest.param(DeadlineKind.RECURRING, None, None, id="recurring without period"),
    ],
)
def test_what_has_no_date_and_no_period_gets_a_follow_up_one_interval_later(
    kind: DeadlineKind, due: date | None, granularity: Granularity | None
) -> None:
    # 30 days after Wednesday 2/12/2026 is Friday 1/1/2027, New Year's Day: Monday 4/1.
    assert plan(due, local(2026, 12, 2, 10, 0), kind=kind, granularity=granularity) == [
        PlannedReminder(at=at(date(2027, 1, 4)), kind=ReminderKind.FOLLOWUP)
    ]


def test_a_deadline_without_its_day_gets_no_reminder() -> None:
    assert (
        plan(
            None, local(2026, 12, 2, 10, 0), kind=DeadlineKind.DEADLINE, granularity=Granularity.DAY
        )
        == []
    )


@pytest.mark.parametrize(
    ("fired", "expected"),
    [
        pytest.param(local(2026, 12, 3, 8, 30), date(2026, 12, 10), id="a week later"),
        pytest.param(local(2026, 12, 3, 23, 0), date(2026, 12, 10), id="late the same day"),
        pytest.param(local(2026, 2, 13, 8, 30), date(2026, 2, 23), id="Tết: the next working day"),
    ],
)
def test_a_fired_chase_plans_the_next_one_on_the_cadence(fired: datetime, expected: date) -> None:
    assert PLANNER.next_chase(fired) == PlannedReminder(at=at(expected), kind=ReminderKind.CHASE)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        # Fired Thursday 3/12/2026 at 08:30: a chase a week later; a progress request 30
        # days later (Saturday 2/1/2027) on the next working day, Monday 4/1/2027.
        pytest.param(ReminderKind.OVERDUE, (ReminderKind.CHASE, date(2026, 12, 10)), id="overdue"),
        pytest.param(ReminderKind.CHASE, (ReminderKind.CHASE, date(2026, 12, 10)), id="chase"),
        pytest.param(
            ReminderKind.FOLLOWUP, (ReminderKind.FOLLOWUP, date(2027, 1, 4)), id="follow-up"
        ),
        pytest.param(ReminderKind.BEFORE, None, id="before: nothing"),
        pytest.param(ReminderKind.DUE, None, id="due: the overdue one is planned already"),
        pytest.param(ReminderKind.RECURRING, None, id="old recurring: nothing"),
    ],
)
def test_what_follows_a_fired_reminder_depends_on_its_kind_alone(
    kind: ReminderKind, expected: tuple[ReminderKind, date] | None
) -> None:
    following = PLANNER.after_fired(kind, local(2026, 12, 3, 8, 30))
    if expected is None:
        assert following is None
    else:
        assert following == PlannedReminder(at=at(expected[1]), kind=expected[0])


def test_what_follows_a_fired_reminder_is_always_later_than_it() -> None:
    # The command line's plan projects successors in a loop: each must move forward.
    for kind in (ReminderKind.OVERDUE, ReminderKind.CHASE, ReminderKind.FOLLOWUP):
        fired = local(2026, 12, 3, 8, 30)
        for _ in range(20):
            following = PLANNER.after_fired(kind, fired)
            assert following is not None
            assert following.at > fired
            fired = following.at


def test_the_cadence_and_send_time_follow_the_policy() -> None:
    planner = Planner(
        policy=ReminderPolicy(offsets_days=(2,), send_time=time(14, 0), chase_every_days=3),
        calendar=WorkingCalendar(),
    )
    planned = planner.plan_reminders(
        kind=DeadlineKind.DEADLINE,
        due=date(2026, 12, 10),
        granularity=Granularity.DAY,
        status=TaskStatus.OPEN,
        now=local(2026, 12, 2, 10, 0),
    )
    assert [(p.kind, p.at.astimezone(VIETNAM)) for p in planned] == [
        (ReminderKind.BEFORE, local(2026, 12, 8, 14, 0)),
        (ReminderKind.DUE, local(2026, 12, 10, 14, 0)),
        (ReminderKind.OVERDUE, local(2026, 12, 11, 14, 0)),
    ]
    chase = planner.next_chase(local(2026, 12, 11, 14, 0))
    assert chase.at.astimezone(VIETNAM) == local(2026, 12, 14, 14, 0)  # Monday, 3 days on


def test_the_local_day_is_vietnam_s_not_utc_s() -> None:
    midnight = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)  # 00:00 on 3/12 in Vietnam
    assert PLANNER.local_day(midnight) == date(2026, 12, 3)
    assert PLANNER.local_day(midnight - timedelta(minutes=1)) == date(2026, 12, 2)
    assert PLANNER.local_day(local(2026, 12, 3, 0, 30)) == date(2026, 12, 3)
