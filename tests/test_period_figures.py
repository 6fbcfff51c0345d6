"""Recurring duties in the reports: each period begun by the reporting day is counted in
the office's cells from the duty's history (pure: no database, no clock), and the Excel
appendix lists the periods under their task, opened with openpyxl."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from domain.deadline import DeadlineKind, Granularity
from domain.followup import HistoryEvent, ObligationFacts, obligation_state
from domain.recurrence import Recurrence
from domain.status import EventKind, FollowUpStatus
from reports.figures import Report, build_report, changes_since, weekly_overdue
from reports.states import Obligation
from storage.agency_files import shipped_registry
from tests.report_files import DETAIL_SHEET, SUMMARY_SHEET, load_workbook, write_xlsx

S = FollowUpStatus
E = EventKind
D = date
#: "Báo cáo trước ngày 20 hằng tháng", followed from 10/7/2026 (task created that day).
MONTHLY = Recurrence(period=Granularity.MONTHLY, day=20).rule
FIRST = D(2026, 7, 20)
ASSIGNED = D(2026, 7, 10)
#: A quarter's report: 30/9/2026, the end of the third quarter.
QUARTER_END = D(2026, 9, 30)


def duty(
    *, first: date | None = FIRST, assigned: date = ASSIGNED, assignment_id: int = 1
) -> ObligationFacts:
    return ObligationFacts(
        task_id=31,
        assignment_id=assignment_id,
        agency_id="bo-ct",
        owner_id="bo-ct",
        assigned_on=assigned,
        kind=DeadlineKind.RECURRING,
        due=None,
        recurrence=MONTHLY,
        first_period=first,
    )


def period_done(seq: int, day: date, period: date) -> HistoryEvent:
    return HistoryEvent(seq=seq, day=day, kind=E.PERIOD_DONE, due=period)


#: July reported on time (18/7), August late (25/8 for the 20th), September not at all.
HISTORY = (
    period_done(1, D(2026, 7, 18), D(2026, 7, 20)),
    period_done(2, D(2026, 8, 25), D(2026, 8, 20)),
)


def cells(facts: ObligationFacts, events: tuple[HistoryEvent, ...], as_of: date) -> list[tuple]:
    state = obligation_state(facts, events, as_of)
    assert state is not None
    return [(p.due, p.status, p.done_at) for p in state.periods]


def test_a_monthly_duty_across_a_quarter_counts_each_period_in_its_cell() -> None:
    assert cells(duty(), HISTORY, QUARTER_END) == [
        (D(2026, 7, 20), S.DONE_ON_TIME, D(2026, 7, 18)),
        (D(2026, 8, 20), S.DONE_LATE, D(2026, 8, 25)),
        (D(2026, 9, 20), S.OVERDUE, None),
        # Begun on 21/9, due 20/10: under way at the end of the quarter.
        (D(2026, 10, 20), S.IN_TIME, None),
    ]
    state = obligation_state(duty(), HISTORY, QUARTER_END)
    assert state is not None
    # The duty itself stays a standing duty: it is not one obligation overdue for ever.
    assert state.status is S.STANDING


def test_a_period_due_on_the_reporting_day_is_in_time_and_overdue_the_day_after() -> None:
    assert cells(duty(), HISTORY, D(2026, 9, 20))[-1] == (D(2026, 9, 20), S.IN_TIME, None)
    assert cells(duty(), HISTORY, D(2026, 9, 21))[-2:] == [
        (D(2026, 9, 20), S.OVERDUE, None),
        (D(2026, 10, 20), S.IN_TIME, None),
    ]


def test_the_figures_of_a_day_do_not_change_with_what_was_reported_after_it() -> None:
    late = (*HISTORY, period_done(3, D(2026, 10, 5), D(2026, 9, 20)))
    assert cells(duty(), late, QUARTER_END) == cells(duty(), HISTORY, QUARTER_END)
    assert cells(duty(), late, D(2026, 10, 15))[2] == (D(2026, 9, 20), S.DONE_LATE, D(2026, 10, 5))


def test_the_period_opened_before_the_duty_was_assigned_is_its_first() -> None:
    # Assigned 10/7: the July period (from 21/6) had begun before it and is counted.
    assert cells(duty(), (), D(2026, 7, 10)) == [(D(2026, 7, 20), S.IN_TIME, None)]


def test_before_its_first_period_began_the_duty_counts_as_standing() -> None:
    # A notice of 2024 followed from the period due 20/7/2026 (a database upgraded then):
    # the months before are not overdue periods nobody was asked for.
    facts = duty(assigned=D(2024, 3, 1))
    state = obligation_state(facts, (), D(2026, 6, 20))
    assert state is not None
    assert state.status is S.STANDING
    assert state.periods == ()
    assert [p.due for p in obligation_state(facts, (), D(2026, 6, 21)).periods] == [  # type: ignore[union-attr]
        D(2026, 7, 20)
    ]


def test_an_undone_period_is_open_again_and_counted_as_such() -> None:
    undone = (*HISTORY, HistoryEvent(seq=3, day=D(2026, 8, 26), kind=E.UNDONE, ref=2))
    assert cells(duty(), undone, D(2026, 8, 25))[1] == (D(2026, 8, 20), S.DONE_LATE, D(2026, 8, 25))
    assert cells(duty(), undone, D(2026, 8, 26))[1] == (D(2026, 8, 20), S.OVERDUE, None)


def test_an_extension_approved_moves_only_the_period_current_then() -> None:
    events = (
        period_done(1, D(2026, 7, 18), D(2026, 7, 20)),
        HistoryEvent(
            seq=2, day=D(2026, 8, 15), kind=E.EXTENSION_PROPOSED, due=D(2026, 8, 31), ref=4
        ),
        HistoryEvent(
            seq=3, day=D(2026, 8, 16), kind=E.EXTENSION_APPROVED, due=D(2026, 8, 31), ref=4
        ),
        period_done(4, D(2026, 8, 28), D(2026, 8, 20)),
    )
    state = obligation_state(duty(), events, QUARTER_END)
    assert state is not None
    august, september = state.periods[1], state.periods[2]
    assert (august.deadline_in_force, august.status) == (D(2026, 8, 31), S.DONE_ON_TIME)
    assert (september.deadline_in_force, september.status) == (D(2026, 9, 20), S.OVERDUE)
    # While it waited for the office, the proposal was on the August period.
    waiting = obligation_state(duty(), events[:2], D(2026, 8, 15))
    assert waiting is not None
    assert [p.proposed_deadline for p in waiting.periods] == [None, D(2026, 8, 31)]


def test_a_withdrawn_duty_has_no_periods() -> None:
    events = (*HISTORY, HistoryEvent(seq=3, day=D(2026, 9, 1), kind=E.CANCELLED))
    state = obligation_state(duty(), events, QUARTER_END)
    assert state is not None
    assert (state.status, state.periods) == (S.CANCELLED, ())


def test_a_duty_not_followed_by_period_stays_standing() -> None:
    state = obligation_state(duty(first=None), HISTORY, QUARTER_END)
    assert state is not None
    assert (state.status, state.periods) == (S.STANDING, ())


# ---------------------------------------------------------------- the report


def _obligation(facts: ObligationFacts, events: tuple[HistoryEvent, ...], title: str) -> Obligation:
    return Obligation(
        facts=facts,
        events=events,
        notice="56/TB-VPCP",
        ref="II.3",
        title=title,
        lead="Bộ Công Thương",
        co=(),
        phrase="trước ngày 20 hằng tháng",
        granularity=Granularity.MONTHLY,
    )


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def _report(registry: AgencyRegistry, as_of: date, today: date) -> Report:
    dated = Obligation(
        facts=ObligationFacts(
            task_id=30,
            assignment_id=9,
            agency_id="bo-ct",
            owner_id="bo-ct",
            assigned_on=D(2026, 7, 1),
            kind=DeadlineKind.DEADLINE,
            due=D(2026, 8, 31),
        ),
        events=(),
        notice="56/TB-VPCP",
        ref="II.2",
        title="Trình đề án",
        lead="Bộ Công Thương",
        co=(),
        phrase="trong tháng 8/2026",
    )
    monthly = _obligation(duty(), HISTORY, "Báo cáo tình hình cung ứng xăng dầu")
    return build_report([dated, monthly], registry, as_of=as_of, today=today)


def test_the_quarter_report_counts_the_periods_not_the_duty(registry: AgencyRegistry) -> None:
    asked_then = _report(registry, QUARTER_END, QUARTER_END)
    asked_later = _report(registry, QUARTER_END, D(2026, 10, 15))
    assert asked_then.totals == asked_later.totals
    f = asked_then.totals
    # The dated task (overdue since 31/8) and the duty's four periods.
    assert (f.assigned, f.due, f.done_on_time, f.done_late, f.overdue, f.in_time) == (
        5,
        4,
        1,
        1,
        2,
        1,
    )
    assert (f.standing, f.undated) == (0, 0)
    assert [i.period for i in asked_then.items] == [
        None,
        D(2026, 7, 20),
        D(2026, 8, 20),
        D(2026, 9, 20),
        D(2026, 10, 20),
    ]
    trend = dict(weekly_overdue(_obligations_of(asked_then), as_of=QUARTER_END))
    # 19/8: nothing yet; 26/8: August was reported (late) the day before; 16/9: the dated
    # task (due 31/8); 23/9 and 30/9: that and the September period.
    assert [trend[D(2026, 8, 19)], trend[D(2026, 8, 26)], trend[D(2026, 9, 16)]] == [0, 0, 1]
    assert [trend[D(2026, 9, 23)], trend[QUARTER_END]] == [2, 2]
    changes = changes_since(asked_then, D(2026, 9, 23))
    assert [i.period for i in changes.newly_done] == []
    assert [i.period for i in changes_since(asked_then, D(2026, 8, 19)).newly_done] == [
        D(2026, 8, 20)
    ]


def _obligations_of(report: Report) -> list[Obligation]:
    return list({id(i.obligation): i.obligation for i in report.items}.values())


def test_the_appendix_lists_each_period_under_its_task(registry: AgencyRegistry) -> None:
    report = _report(registry, QUARTER_END, D(2026, 10, 15))
    book = load_workbook(write_xlsx(report))
    detail = book[DETAIL_SHEET]
    rows = [[cell.value for cell in row] for row in detail.iter_rows(min_row=2)]
    titles = [row[2] for row in rows]
    assert titles == [
        "Trình đề án",
        "Báo cáo tình hình cung ứng xăng dầu",
        "Báo cáo tháng 7/2026",
        "Báo cáo tháng 8/2026",
        "Báo cáo tháng 9/2026",
        "Báo cáo tháng 10/2026",
    ]
    duty_row, july, august, september, october = rows[1:]
    assert duty_row[9].startswith("định kỳ")
    assert duty_row[6] == "trước ngày 20 hằng tháng"
    assert [r[9] for r in (july, august, september, october)] == [
        "hoàn thành đúng hạn",
        "hoàn thành quá hạn",
        "quá hạn chưa hoàn thành",
        "đang thực hiện trong hạn",
    ]
    assert august[7].date() == D(2026, 8, 20)
    assert august[10].date() == D(2026, 8, 25)
    assert september[10] is None
    assert detail.auto_filter.ref == "A1:N7"
    summary = book[SUMMARY_SHEET]
    [total] = [
        [cell.value for cell in row]
        for row in summary.iter_rows(min_row=3)
        if row[1].value == "Tổng cộng"
    ]
    # assigned, due, on time, late, in time, overdue, undated/standing, rate
    assert total[2:10] == [5, 4, 1, 1, 1, 2, 0, 0.25]
