"""The escalation rule: after N unanswered chases, once until the agency answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.escalation import ANSWERS, escalation_due, unanswered_chases
from domain.status import EventKind

START = datetime(2026, 12, 10, 1, 30, tzinfo=UTC)


def weekly(count: int, first: datetime = START) -> list[datetime]:
    return [first + timedelta(weeks=n) for n in range(count)]


def test_every_chase_counts_when_the_agency_never_answered() -> None:
    assert unanswered_chases(weekly(4), None) == 4


def test_an_answer_resets_the_count() -> None:
    chases = weekly(4)
    answer = chases[1] + timedelta(days=1)
    assert unanswered_chases(chases, answer) == 2


@pytest.mark.parametrize(
    ("chases", "answer_after", "escalated_at", "due"),
    [
        pytest.param(2, None, None, False, id="two-chases-not-yet"),
        pytest.param(3, None, None, True, id="third-unanswered-chase-escalates"),
        pytest.param(4, None, 2, False, id="once-per-silence"),
        pytest.param(4, 1, None, False, id="answer-after-the-second-resets"),
        pytest.param(5, 1, None, True, id="three-more-after-an-answer"),
        pytest.param(5, 2, 2, False, id="escalated-answered-two-chases-since"),
        pytest.param(6, 2, 2, True, id="escalated-answered-then-silent-again"),
    ],
)
def test_escalation_is_due_after_the_threshold_once_until_an_answer(
    chases: int, answer_after: int | None, escalated_at: int | None, due: bool
) -> None:
    """``answer_after``: the index of the chase the answer followed; ``escalated_at``: the
    index of the chase whose transaction escalated."""
    times = weekly(chases)
    answer = None if answer_after is None else times[answer_after] + timedelta(hours=2)
    escalation = None if escalated_at is None else times[escalated_at]
    assert (
        escalation_due(
            chases=times,
            last_answer=answer,
            last_escalation=escalation,
            threshold=3,
        )
        is due
    )


def test_a_threshold_of_one_escalates_at_the_first_unanswered_chase() -> None:
    assert escalation_due(chases=weekly(1), last_answer=None, last_escalation=None, threshold=1)


def test_reports_progress_notes_and_proposals_answer_but_office_decisions_do_not() -> None:
    for kind in (EventKind.DONE, EventKind.LATE, EventKind.PROGRESS, EventKind.EXTENSION_PROPOSED):
        assert kind in ANSWERS
    for kind in (
        EventKind.CREATED,
        EventKind.EDITED,
        EventKind.EXTENSION_REJECTED,
        EventKind.UNDONE,
    ):
        assert kind not in ANSWERS
