"""The office's status of an obligation as of a date: a table of histories and as-of days."""

from __future__ import annotations

from datetime import date

import pytest

from domain.deadline import DeadlineKind
from domain.followup import (
    DEADLINE_FIELD,
    HistoryEvent,
    ObligationFacts,
    ObligationState,
    obligation_state,
    obligation_states,
    task_status,
)
from domain.status import EventKind, FollowUpStatus

S = FollowUpStatus
E = EventKind
ASSIGNED = date(2025, 3, 1)
DUE = date(2025, 6, 30)


def facts(
    kind: DeadlineKind = DeadlineKind.DEADLINE, due: date | None = DUE, assignment_id: int = 1
) -> ObligationFacts:
    return ObligationFacts(
        task_id=7,
        assignment_id=assignment_id,
        agency_id="bca",
        owner_id="bca",
        assigned_on=ASSIGNED,
        kind=kind,
        due=due,
    )


def ev(seq: int, day: date, kind: EventKind, **kw: object) -> HistoryEvent:
    return HistoryEvent(seq=seq, day=day, kind=kind, **kw)  # type: ignore[arg-type]


D = date
PROPOSE = ev(2, D(2025, 6, 20), E.EXTENSION_PROPOSED, due=D(2025, 9, 30), ref=5)
APPROVE = ev(3, D(2025, 7, 3), E.EXTENSION_APPROVED, due=D(2025, 9, 30), ref=5)
REJECT = ev(3, D(2025, 7, 3), E.EXTENSION_REJECTED, ref=5)

# (name, kind, due, history, as_of, status, in force, proposed, done_at)
TABLE: list[
    tuple[
        str,
        DeadlineKind,
        date | None,
        list[HistoryEvent],
        date,
        S,
        date | None,
        date | None,
        date | None,
    ]
] = [
    (
        "nothing yet, before the deadline",
        DeadlineKind.DEADLINE,
        DUE,
        [],
        D(2025, 6, 30),
        S.IN_TIME,
        DUE,
        None,
        None,
    ),
    (
        "nothing, the day after the deadline",
        DeadlineKind.DEADLINE,
        DUE,
        [],
        D(2025, 7, 1),
        S.OVERDUE,
        DUE,
        None,
        None,
    ),
    (
        "done before the deadline",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 6, 10), E.DONE)],
        D(2025, 7, 15),
        S.DONE_ON_TIME,
        DUE,
        None,
        D(2025, 6, 10),
    ),
    (
        "done on the deadline day",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, DUE, E.DONE)],
        D(2025, 7, 15),
        S.DONE_ON_TIME,
        DUE,
        None,
        DUE,
    ),
    (
        "done after the deadline",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 7, 5), E.DONE)],
        D(2025, 7, 15),
        S.DONE_LATE,
        DUE,
        None,
        D(2025, 7, 5),
    ),
    (
        "done later, asked as of before it",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 7, 5), E.DONE)],
        D(2025, 6, 30),
        S.IN_TIME,
        DUE,
        None,
        None,
    ),
    (
        "done later, as of between deadline and done",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 7, 5), E.DONE)],
        D(2025, 7, 1),
        S.OVERDUE,
        DUE,
        None,
        None,
    ),
    (
        "proposal pending past the deadline",
        DeadlineKind.DEADLINE,
        DUE,
        [PROPOSE],
        D(2025, 7, 10),
        S.OVERDUE,
        DUE,
        D(2025, 9, 30),
        None,
    ),
    (
        "proposal pending before the deadline",
        DeadlineKind.DEADLINE,
        DUE,
        [PROPOSE],
        D(2025, 6, 25),
        S.IN_TIME,
        DUE,
        D(2025, 9, 30),
        None,
    ),
    (
        "extension approved, as of after approval",
        DeadlineKind.DEADLINE,
        DUE,
        [PROPOSE, APPROVE],
        D(2025, 7, 10),
        S.IN_TIME,
        D(2025, 9, 30),
        None,
        None,
    ),
    (
        "extension approved, as of before approval",
        DeadlineKind.DEADLINE,
        DUE,
        [PROPOSE, APPROVE],
        D(2025, 7, 1),
        S.OVERDUE,
        DUE,
        D(2025, 9, 30),
        None,
    ),
    (
        "extension approved then done in time",
        DeadlineKind.DEADLINE,
        DUE,
        [PROPOSE, APPROVE, ev(4, D(2025, 8, 1), E.DONE)],
        D(2025, 12, 31),
        S.DONE_ON_TIME,
        D(2025, 9, 30),
        None,
        D(2025, 8, 1),
    ),
    (
        "extension approved then done after it",
        DeadlineKind.DEADLINE,
        DUE,
        [PROPOSE, APPROVE, ev(4, D(2025, 10, 2), E.DONE)],
        D(2025, 12, 31),
        S.DONE_LATE,
        D(2025, 9, 30),
        None,
        D(2025, 10, 2),
    ),
    (
        "extension rejected",
        DeadlineKind.DEADLINE,
        DUE,
        [PROPOSE, REJECT],
        D(2025, 7, 10),
        S.OVERDUE,
        DUE,
        None,
        None,
    ),
    (
        "office sets a deadline directly",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 6, 1), E.EXTENSION_APPROVED, due=D(2025, 8, 31))],
        D(2025, 7, 10),
        S.IN_TIME,
        D(2025, 8, 31),
        None,
        None,
    ),
    (
        "direct extension closes an open proposal",
        DeadlineKind.DEADLINE,
        DUE,
        [PROPOSE, ev(3, D(2025, 6, 22), E.EXTENSION_APPROVED, due=D(2025, 8, 31))],
        D(2025, 7, 10),
        S.IN_TIME,
        D(2025, 8, 31),
        None,
        None,
    ),
    (
        "reopened after done",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 6, 10), E.DONE), ev(3, D(2025, 7, 2), E.REOPENED)],
        D(2025, 7, 10),
        S.OVERDUE,
        DUE,
        None,
        None,
    ),
    (
        "reopened, as of before the reopening",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 6, 10), E.DONE), ev(3, D(2025, 7, 2), E.REOPENED)],
        D(2025, 6, 30),
        S.DONE_ON_TIME,
        DUE,
        None,
        D(2025, 6, 10),
    ),
    (
        "reopened then done again late",
        DeadlineKind.DEADLINE,
        DUE,
        [
            ev(2, D(2025, 6, 10), E.DONE),
            ev(3, D(2025, 7, 2), E.REOPENED),
            ev(4, D(2025, 7, 9), E.DONE),
        ],
        D(2025, 7, 10),
        S.DONE_LATE,
        DUE,
        None,
        D(2025, 7, 9),
    ),
    (
        "done then undone",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 6, 10), E.DONE), ev(3, D(2025, 6, 10), E.UNDONE, ref=2)],
        D(2025, 6, 20),
        S.IN_TIME,
        DUE,
        None,
        None,
    ),
    (
        "proposal withdrawn by undo",
        DeadlineKind.DEADLINE,
        DUE,
        [PROPOSE, ev(3, D(2025, 6, 20), E.UNDONE, ref=2)],
        D(2025, 7, 10),
        S.OVERDUE,
        DUE,
        None,
        None,
    ),
    (
        "cancelled",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 5, 1), E.CANCELLED)],
        D(2025, 7, 10),
        S.CANCELLED,
        DUE,
        None,
        None,
    ),
    (
        "cancelled later, as of before",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 8, 1), E.CANCELLED)],
        D(2025, 7, 10),
        S.OVERDUE,
        DUE,
        None,
        None,
    ),
    (
        "cancelled hides an open proposal",
        DeadlineKind.DEADLINE,
        DUE,
        [PROPOSE, ev(3, D(2025, 6, 21), E.CANCELLED)],
        D(2025, 7, 10),
        S.CANCELLED,
        DUE,
        None,
        None,
    ),
    ("undated", DeadlineKind.NONE, None, [], D(2025, 12, 31), S.UNDATED, None, None, None),
    (
        "undated, done",
        DeadlineKind.NONE,
        None,
        [ev(2, D(2025, 9, 1), E.DONE)],
        D(2025, 12, 31),
        S.DONE_ON_TIME,
        None,
        None,
        D(2025, 9, 1),
    ),
    (
        "undated, the office sets a date",
        DeadlineKind.NONE,
        None,
        [ev(2, D(2025, 6, 1), E.EXTENSION_APPROVED, due=D(2025, 6, 15))],
        D(2025, 7, 1),
        S.OVERDUE,
        D(2025, 6, 15),
        None,
        None,
    ),
    (
        "standing duty",
        DeadlineKind.ONGOING,
        None,
        [],
        D(2025, 12, 31),
        S.STANDING,
        None,
        None,
        None,
    ),
    (
        "recurring duty",
        DeadlineKind.RECURRING,
        None,
        [],
        D(2025, 12, 31),
        S.STANDING,
        None,
        None,
        None,
    ),
    (
        "a late report without a date changes nothing",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 6, 25), E.LATE), ev(3, D(2025, 6, 26), E.PROGRESS)],
        D(2025, 7, 1),
        S.OVERDUE,
        DUE,
        None,
        None,
    ),
    (
        "awaiting the office's confirmation",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 6, 28), E.SUBMITTED)],
        D(2025, 7, 1),
        S.AWAITING_CONFIRMATION,
        DUE,
        None,
        D(2025, 6, 28),
    ),
    (
        "confirmed: done as of the report's day",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 6, 28), E.SUBMITTED), ev(3, D(2025, 7, 2), E.CONFIRMED)],
        D(2025, 7, 3),
        S.DONE_ON_TIME,
        DUE,
        None,
        D(2025, 6, 28),
    ),
    (
        "returned: work goes on",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 6, 28), E.SUBMITTED), ev(3, D(2025, 7, 2), E.RETURNED)],
        D(2025, 7, 3),
        S.OVERDUE,
        DUE,
        None,
        None,
    ),
    (
        "deadline edited later",
        DeadlineKind.DEADLINE,
        DUE,
        [
            ev(
                2,
                D(2025, 6, 1),
                E.EDITED,
                field=DEADLINE_FIELD,
                due=D(2025, 12, 31),
                deadline_kind=DeadlineKind.DEADLINE,
            )
        ],
        D(2025, 7, 3),
        S.IN_TIME,
        D(2025, 12, 31),
        None,
        None,
    ),
    (
        "deadline edited to undated",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 6, 1), E.EDITED, field=DEADLINE_FIELD, deadline_kind=DeadlineKind.NONE)],
        D(2025, 7, 3),
        S.UNDATED,
        None,
        None,
        None,
    ),
    (
        "a title edit changes nothing",
        DeadlineKind.DEADLINE,
        DUE,
        [ev(2, D(2025, 6, 1), E.EDITED, field="title")],
        D(2025, 7, 3),
        S.OVERDUE,
        DUE,
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("kind", "due", "history", "as_of", "status", "in_force", "proposed", "done_at"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_status_of_a_history_as_of_a_day(
    kind: DeadlineKind,
    due: date | None,
    history: list[HistoryEvent],
    as_of: date,
    status: S,
    in_force: date | None,
    proposed: date | None,
    done_at: date | None,
) -> None:
    state = obligation_state(facts(kind, due), history, as_of)
    assert state is not None
    assert state.status is status
    if any(e.kind is E.EDITED and e.field == DEADLINE_FIELD for e in history):
        assert state.deadline_assigned == in_force  # an edit sets the assigned deadline
    elif any(e.kind is E.EXTENSION_APPROVED and e.day <= as_of for e in history):
        assert state.deadline_assigned == due
        assert state.extended
    else:
        assert state.deadline_assigned == due
        assert not state.extended
    assert state.deadline_in_force == in_force
    assert state.proposed_deadline == proposed
    assert state.proposal_pending is (proposed is not None)
    assert state.done_at == done_at


def test_the_figures_for_a_day_do_not_depend_on_when_they_are_asked() -> None:
    history = [PROPOSE, APPROVE, ev(4, D(2025, 10, 2), E.DONE), ev(5, D(2025, 11, 1), E.REOPENED)]
    asked_early = obligation_state(facts(), history[:1], D(2025, 6, 30))
    asked_late = obligation_state(facts(), history, D(2025, 6, 30))
    assert asked_early == asked_late


def test_not_assigned_yet_has_no_state() -> None:
    assert obligation_state(facts(), [], D(2025, 2, 28)) is None


def test_events_out_of_order_are_sorted() -> None:
    done, undone = ev(2, D(2025, 6, 10), E.DONE), ev(3, D(2025, 6, 10), E.UNDONE, ref=2)
    state = obligation_state(facts(), [undone, done], D(2025, 6, 20))
    assert state is not None
    assert state.status is S.IN_TIME


def test_days_overdue_and_extended() -> None:
    late = obligation_state(facts(), [], D(2025, 7, 10))
    assert late is not None
    assert late.days_overdue == 10
    assert not late.extended
    moved = obligation_state(facts(), [PROPOSE, APPROVE], D(2025, 7, 10))
    assert moved is not None
    assert moved.days_overdue is None
    assert moved.extended


def test_bulk_states_merge_task_wide_and_own_events_and_fold_a_group_task() -> None:
    members = [facts(assignment_id=i) for i in (1, 2, 3)]
    task_events = {7: [ev(10, D(2025, 6, 1), E.EDITED, field=DEADLINE_FIELD, due=D(2025, 7, 31))]}
    own = {
        1: [ev(11, D(2025, 7, 20), E.DONE)],
        2: [ev(9, D(2025, 5, 1), E.DONE)],
        3: [],
    }
    states = obligation_states(members, task_events, own, D(2025, 8, 5))
    assert [s.status for s in states] == [S.DONE_ON_TIME, S.DONE_ON_TIME, S.OVERDUE]
    assert task_status(states) is S.OVERDUE
    assert task_status(states[:2]) is S.DONE_ON_TIME
    assert obligation_states(members, task_events, own, D(2025, 2, 1)) == []


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([S.DONE_ON_TIME, S.DONE_LATE], S.DONE_LATE),
        ([S.CANCELLED, S.DONE_ON_TIME], S.DONE_ON_TIME),
        ([S.CANCELLED, S.CANCELLED], S.CANCELLED),
        ([S.AWAITING_CONFIRMATION, S.DONE_ON_TIME], S.AWAITING_CONFIRMATION),
        ([S.IN_TIME, S.AWAITING_CONFIRMATION], S.IN_TIME),
        ([S.IN_TIME, S.OVERDUE, S.DONE_LATE], S.OVERDUE),
    ],
)
def test_a_task_is_its_least_advanced_member(statuses: list[S], expected: S) -> None:
    states = [
        ObligationState(
            task_id=1,
            assignment_id=i,
            agency_id="a",
            owner_id="a",
            as_of=D(2025, 1, 1),
            status=s,
            deadline_kind=DeadlineKind.DEADLINE,
            deadline_assigned=DUE,
            deadline_in_force=DUE,
            proposed_deadline=None,
            proposal_id=None,
            done_at=None,
        )
        for i, s in enumerate(statuses)
    ]
    assert task_status(states) is expected


def test_every_status_has_a_rank() -> None:
    assert sorted(s.rank for s in S) == list(range(len(S)))
