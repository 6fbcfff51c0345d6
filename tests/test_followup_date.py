"""The follow-up date of an undated task (pure): the date proposed from its wording, in
working days across Tết; the checks of a chosen date; and the planner putting the first
progress request on it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from domain.calendar import WorkingCalendar
from domain.deadline import DeadlineKind, Granularity
from domain.errors import DeadlineNotUnderstood
from domain.followup_date import (
    FollowUpDateProblem,
    FollowUpDateRefused,
    Haste,
    chosen_followup,
    haste_of,
    proposed_followup,
    takes_followup_date,
)
from domain.status import ReminderKind, TaskStatus
from scheduler.planner import Planner
from scheduler.windows import VIETNAM_TIME, ReminderPolicy
from storage.agency_files import shipped_registry
from tracking.followup_dates import preview_followups, read_followup
from tracking.import_proposal import ProposedTask

CALENDAR = WorkingCalendar()
PLANNER = Planner(policy=ReminderPolicy(), calendar=CALENDAR)
#: Monday 1/2/2027, the week before Tết Đinh Mùi (offices closed Thursday 4/2 – Wednesday 10/2).
BEFORE_TET = date(2027, 2, 1)


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VIETNAM_TIME)  # type: ignore[misc]


def at_send_time(day: date) -> datetime:
    return datetime.combine(day, time(8, 30), tzinfo=VIETNAM_TIME).astimezone(UTC)


def propose(phrase: str, today: date = BEFORE_TET) -> date:
    return proposed_followup(phrase, today=today, calendar=CALENDAR, interval_days=30)


@pytest.mark.parametrize(
    ("phrase", "haste"),
    [
        ("khẩn trương", Haste.URGENT),
        ("Khẩn trương hoàn thành", Haste.URGENT),
        ("khan truong", Haste.URGENT),
        ("ngay", Haste.URGENT),
        ("triển khai ngay", Haste.URGENT),
        ("khẩn cấp", Haste.URGENT),
        ("sớm", Haste.SOON),
        ("trong thời gian sớm nhất", Haste.SOON),
        ("kịp thời", Haste.SOON),
        ("ngay sau khi Nghị định được ban hành", Haste.ORDINARY),
        ("ngay khi hoàn thành", Haste.ORDINARY),
        ("theo lộ trình", Haste.ORDINARY),
        ("dịp Tết Nguyên đán", Haste.ORDINARY),
        ("", Haste.ORDINARY),
    ],
)
def test_the_wording_says_how_soon(phrase: str, haste: Haste) -> None:
    assert haste_of(phrase) is haste


def test_urgent_is_five_working_days_and_skips_tet() -> None:
    # Tue 2/2, Wed 3/2, then Tết (4–10/2) and the weekend, Thu 11/2, Fri 12/2, Mon 15/2.
    assert propose("khẩn trương") == date(2027, 2, 15)
    assert propose("ngay") == date(2027, 2, 15)


def test_soon_is_ten_working_days_and_skips_tet() -> None:
    # 2, 3, 11, 12, 15, 16, 17, 18, 19, 22 February.
    assert propose("sớm") == date(2027, 2, 22)


def test_other_undated_wording_gets_the_interval_on_a_working_day() -> None:
    # 30 days after Monday 1/2/2027 is Wednesday 3/3/2027.
    assert propose("theo lộ trình") == date(2027, 3, 3)
    # 30 days after Friday 8/1/2027 is Sunday 7/2/2027, in Tết: Thursday 11/2/2027.
    assert propose("theo lộ trình", date(2027, 1, 8)) == date(2027, 2, 11)
    assert proposed_followup("", today=BEFORE_TET, calendar=CALENDAR, interval_days=14) == date(
        2027, 2, 15
    )  # 14 days: Monday 15/2, a working day


def test_a_proposal_counted_in_a_holiday_week_starts_after_it() -> None:
    # Proposed on Friday 5/2/2027 (Tết): the first working day counted is Thursday 11/2.
    assert propose("khẩn trương", date(2027, 2, 5)) == date(2027, 2, 17)


def test_a_chosen_date_is_today_or_later_within_a_year_on_a_working_day() -> None:
    today = date(2026, 12, 2)
    tomorrow = date(2026, 12, 3)
    assert chosen_followup(tomorrow, today=today, calendar=CALENDAR) == tomorrow
    assert chosen_followup(date(2026, 12, 9), today=today, calendar=CALENDAR) == date(2026, 12, 9)
    # Saturday 5/12/2026 → Monday 7/12/2026; Tết 6/2/2027 → Thursday 11/2/2027.
    assert chosen_followup(date(2026, 12, 5), today=today, calendar=CALENDAR) == date(2026, 12, 7)
    assert chosen_followup(date(2027, 2, 6), today=today, calendar=CALENDAR) == date(2027, 2, 11)
    assert chosen_followup(date(2027, 12, 2), today=today, calendar=CALENDAR) == date(2027, 12, 2)
    for day in (today, date(2026, 12, 1)):  # today's sending time may have passed
        with pytest.raises(FollowUpDateRefused) as past:
            chosen_followup(day, today=today, calendar=CALENDAR)
        assert past.value.reason is FollowUpDateProblem.PAST
    with pytest.raises(FollowUpDateRefused) as far:
        chosen_followup(date(2027, 12, 3), today=today, calendar=CALENDAR)
    assert far.value.reason is FollowUpDateProblem.TOO_FAR


def test_a_typed_date_is_read_like_the_dates_of_late_and_addtask() -> None:
    today = date(2026, 12, 2)
    for typed in ("15/12/2026", "15/12", "15-12-2026", "15 tháng 12 năm 2026"):
        assert read_followup(typed, today=today, calendar=CALENDAR) == date(2026, 12, 15)
    for garbage in ("abc", "tháng 12/2026", "khẩn trương", "hằng tháng", "", "31/2/2027"):
        with pytest.raises(DeadlineNotUnderstood):
            read_followup(garbage, today=today, calendar=CALENDAR)
    with pytest.raises(FollowUpDateRefused):
        read_followup("1/12/2026", today=today, calendar=CALENDAR)
    with pytest.raises(FollowUpDateRefused):
        read_followup("1/1/2028", today=today, calendar=CALENDAR)


def test_a_preview_proposes_for_undated_tasks_and_standing_duties_and_keeps_a_chosen_date() -> None:
    def task(kind: str, phrase: str, **fields: object) -> ProposedTask:
        granularity, due = fields.pop("granularity", None), fields.pop("due", None)
        return ProposedTask.from_json(
            {
                "ref": "1",
                "seq": 1,
                "lead": "Bộ Công an",
                "title": phrase,
                "text": phrase,
                "kind": kind,
                "phrase": phrase,
                "granularity": granularity,
                "due": due,
                **fields,
            },
            legacy=True,
        )

    tasks = [
        task("deadline", "trước 31/12/2026", due="2026-12-31", granularity="day"),
        task("none", "khẩn trương"),
        task("none", "sớm", followup_on="2026-12-21"),
        task("none", "sớm", dropped=True),
        task("ongoing", "thường xuyên"),
        task("recurring", "trước ngày 20 hằng tháng", granularity="monthly"),
        task("recurring", "định kỳ theo quy định"),
    ]
    found = preview_followups(tasks, today=date(2026, 12, 2), calendar=CALENDAR, interval_days=30)
    # A standing duty's check-in: the interval from today (1/1/2027 is a holiday: 4/1);
    # a duty with periods is reminded on each period's due date instead.
    assert [(f.number, f.day, f.chosen) for f in found] == [
        (2, date(2026, 12, 9), False),
        (3, date(2026, 12, 21), True),
        (5, date(2027, 1, 4), False),
        (7, date(2027, 1, 4), False),
    ]


@pytest.mark.parametrize(
    ("kind", "granularity", "takes"),
    [
        (DeadlineKind.NONE, None, True),
        (DeadlineKind.ONGOING, None, True),
        (DeadlineKind.RECURRING, None, True),
        (DeadlineKind.RECURRING, Granularity.MONTHLY, False),
        (DeadlineKind.RECURRING, Granularity.WEEKLY, False),
        (DeadlineKind.DEADLINE, Granularity.DAY, False),
    ],
)
def test_what_the_interval_follows_up_takes_a_follow_up_date(
    kind: DeadlineKind, granularity: Granularity | None, takes: bool
) -> None:
    assert takes_followup_date(kind, granularity) is takes
    # The same tasks the planner follows up by the interval (a FOLLOWUP, not a window).
    planned = PLANNER.plan_reminders(
        kind=kind,
        due=date(2027, 3, 31) if kind is DeadlineKind.DEADLINE else None,
        granularity=granularity,
        status=TaskStatus.OPEN,
        now=vn(2026, 12, 2, 10, 0),
        period_due={
            Granularity.MONTHLY: date(2026, 12, 20),
            Granularity.WEEKLY: date(2026, 12, 4),
        }.get(granularity or Granularity.DAY),
        followup_on=date(2026, 12, 9),
    )
    followed = [p.at for p in planned if p.kind is ReminderKind.FOLLOWUP]
    assert followed == ([at_send_time(date(2026, 12, 9))] if takes else [])


def plan(followup_on: date | None, now: datetime, assigned: date | None = None) -> list[datetime]:
    planned = PLANNER.plan_reminders(
        kind=DeadlineKind.NONE,
        due=None,
        granularity=None,
        status=TaskStatus.OPEN,
        now=now,
        assigned=assigned,
        followup_on=followup_on,
    )
    assert all(p.kind is ReminderKind.FOLLOWUP for p in planned)
    return [p.at for p in planned]


def test_the_first_request_is_planned_on_the_chosen_morning() -> None:
    now = vn(2026, 12, 2, 10, 0)
    assert plan(date(2026, 12, 9), now, date(2026, 12, 1)) == [at_send_time(date(2026, 12, 9))]
    # Without one: one interval after the notice's issue date, as before.
    assert plan(None, now, date(2026, 12, 1)) == [at_send_time(date(2026, 12, 31))]
    # Chosen for today, re-planned after today's request went out: not asked again tomorrow.
    assert plan(date(2026, 12, 2), now, date(2026, 12, 1)) == [at_send_time(date(2026, 12, 31))]
    assert plan(date(2026, 12, 2), vn(2026, 12, 2, 8, 0)) == [at_send_time(date(2026, 12, 2))]
    # A chosen date already behind (stored late, or its request went out): as before.
    assert plan(date(2026, 11, 30), now, date(2026, 12, 1)) == [at_send_time(date(2026, 12, 31))]


def test_a_chosen_date_does_not_move_a_dated_task() -> None:
    planned = PLANNER.plan_reminders(
        kind=DeadlineKind.DEADLINE,
        due=date(2027, 3, 31),
        granularity=None,
        status=TaskStatus.OPEN,
        now=vn(2026, 12, 2, 10, 0),
        followup_on=date(2026, 12, 9),
    )
    assert ReminderKind.FOLLOWUP not in {p.kind for p in planned}


def test_the_command_line_preview_shows_the_proposed_dates() -> None:
    from cli.import_notice import preview
    from notices.importer import import_notice

    text = (
        "THÔNG BÁO\n\nKẾT LUẬN\n\nHà Nội, ngày 01 tháng 12 năm 2026\n\nI. NHIỆM VỤ\n\n"
        "1. Bộ Công an chủ trì rà soát văn bản, hoàn thành trước ngày 20 tháng 12 năm 2026.\n\n"
        "2. Bộ Công an khẩn trương hoàn thiện hồ sơ định danh điện tử.\n"
    )
    parsed = import_notice(text, shipped_registry())
    shown = preview(parsed, date(2026, 12, 2), 30)
    assert shown.count("Ngày đôn đốc:") == 1
    assert "Ngày đôn đốc: 9/12/2026 (đề xuất)" in shown
    assert "Ngày đôn đốc" not in preview(parsed)
