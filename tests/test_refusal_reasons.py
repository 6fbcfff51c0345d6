"""Why a correction, a withdrawal, a decision or a follow-up date is refused is a closed set
(an enum in ``domain``), and every member has an answer of its own in the catalogue: none
falls through to a generic "could not do this", and each says that nothing changed."""

from __future__ import annotations

from datetime import date

import pytest

from chat import correction_messages, followdate_messages, followup_messages
from chat.format_messages import OFFICE
from domain.calendar import WorkingCalendar
from domain.errors import ChangeProblem, UndoProblem
from domain.followup_date import FollowUpDateProblem, FollowUpDateRefused, chosen_followup
from domain.status import TaskStatus

UNCHANGED = "Dữ liệu không thay đổi."
TODAY = date(2026, 12, 2)


def test_every_reason_a_correction_is_refused_has_its_own_answer() -> None:
    answers = {r: correction_messages.change_refused(r, "hạn", 12) for r in ChangeProblem}
    assert all(text.endswith(UNCHANGED) for text in answers.values()), answers
    # The two reasons of a refused extension's reason share /lydo's answers; all others
    # are told apart.
    shared = {ChangeProblem.NOT_REJECTED_BY_YOU, ChangeProblem.REASON_GIVEN}
    own = [text for r, text in answers.items() if r not in shared]
    assert len(set(own)) == len(own)
    assert answers[ChangeProblem.REASON_GIVEN] != answers[ChangeProblem.NOT_REJECTED_BY_YOU]
    assert answers[ChangeProblem.FOLLOWUP_DATED] == followdate_messages.dated_task(12)


def test_every_reason_a_withdrawal_is_refused_has_its_own_answer() -> None:
    answers = [correction_messages.undo_refused(r, 10, OFFICE) for r in UndoProblem]
    assert all(text.endswith(UNCHANGED) for text in answers)
    assert len(set(answers)) == len(UndoProblem)
    assert "10 phút" in correction_messages.undo_refused(UndoProblem.EXPIRED, 10, OFFICE)


def test_every_settled_status_says_why_an_extension_needs_no_decision() -> None:
    settled = [TaskStatus.DONE, TaskStatus.AWAITING, TaskStatus.CANCELLED]
    answers = [followup_messages.not_decidable(12, s) for s in settled]
    assert len(set(answers)) == len(settled)
    assert all(text.endswith(UNCHANGED) for text in answers)


def test_a_refused_follow_up_date_names_its_reason_as_a_member() -> None:
    calendar = WorkingCalendar()
    with pytest.raises(FollowUpDateRefused) as past:
        chosen_followup(TODAY, today=TODAY, calendar=calendar)
    with pytest.raises(FollowUpDateRefused) as far:
        chosen_followup(date(2028, 1, 5), today=TODAY, calendar=calendar)
    assert (past.value.reason, far.value.reason) == (
        FollowUpDateProblem.PAST,
        FollowUpDateProblem.TOO_FAR,
    )
    assert isinstance(past.value.reason, FollowUpDateProblem)
