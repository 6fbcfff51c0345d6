"""Reading the follow-up date an admin types or confirms for an undated task or a standing
duty, and the dates an import preview proposes (``domain.followup_date`` has the rules).

A typed date goes through the same normaliser as the deadlines of ``/addtask`` and the
dates of ``/late`` (:func:`notices.deadlines.parse_admin_deadline`), so "15/12", "15/12/2026"
and "15 tháng 12 năm 2026" all read alike; it must name one day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from domain.calendar import WorkingCalendar
from domain.deadline import DeadlineKind, Granularity
from domain.errors import DeadlineNotUnderstood
from domain.followup_date import (
    FollowUpDateRefused,
    chosen_followup,
    proposed_followup,
    takes_followup_date,
)
from notices.deadlines import parse_admin_deadline
from tracking.import_proposal import ProposedTask


def read_followup(text: str, *, today: date, calendar: WorkingCalendar) -> date:
    """The follow-up date ``text`` names, as stored (a day off moves to the next working
    day). Raises DeadlineNotUnderstood for anything but one day ("tháng 12" is a month, not
    a day), FollowUpDateRefused for today, a past day or one more than a year ahead."""
    try:
        deadline = parse_admin_deadline(text.strip(), today)
    except DeadlineNotUnderstood:
        raise DeadlineNotUnderstood(text) from None
    if (
        deadline.kind is not DeadlineKind.DEADLINE
        or deadline.granularity is not Granularity.DAY
        or deadline.due is None
    ):
        raise DeadlineNotUnderstood(text)
    return chosen_followup(deadline.due, today=today, calendar=calendar)


@dataclass(frozen=True, kw_only=True, slots=True)
class PreviewFollowUp:
    """The follow-up date of one undated task or standing duty of a preview: chosen, or
    proposed."""

    number: int
    """The task's number in the preview (from 1)."""
    day: date
    chosen: bool


def takes_followup(task: ProposedTask) -> bool:
    """A preview task (kept) followed up by the interval: undated, or a standing duty
    (``domain.followup_date.takes_followup_date``)."""
    return not task.dropped and takes_followup_date(task.deadline.kind, task.deadline.granularity)


def preview_followups(
    tasks: Sequence[ProposedTask],
    *,
    today: date,
    calendar: WorkingCalendar,
    interval_days: int,
) -> list[PreviewFollowUp]:
    """The follow-up date of every kept undated task and standing duty of a preview, in its
    order: the one
    the admin chose (still ahead), else the proposal for its wording."""
    found: list[PreviewFollowUp] = []
    for number, task in enumerate(tasks, start=1):
        if not takes_followup(task):
            continue
        chosen = task.followup_on
        if chosen is not None and chosen > today:
            found.append(PreviewFollowUp(number=number, day=chosen, chosen=True))
            continue
        day = proposed_followup(
            task.deadline.phrase,
            today=today,
            calendar=calendar,
            interval_days=interval_days,
        )
        found.append(PreviewFollowUp(number=number, day=day, chosen=False))
    return found


class FollowUpChoiceRefused(Exception):
    """A follow-up date chosen outside the chat (``bot.py import --followup``) that cannot be
    used: ``reason`` is ``number`` (no such task), ``dated`` (the task has a date), ``past`` or
    ``too_far``."""

    def __init__(self, number: int, reason: str) -> None:
        self.number = number
        self.reason = reason
        super().__init__(f"task {number}: {reason}")


def choose_followups(
    tasks: Sequence[ProposedTask],
    picks: Mapping[int, date | None],
    *,
    today: date,
    calendar: WorkingCalendar,
    interval_days: int,
) -> list[ProposedTask]:
    """The preview's tasks with the follow-up dates ``picks`` gives (task number → the day,
    or None for the proposed one) set, as the chat's 📅 and ``/fix … đôn đốc`` set them.
    Raises :class:`FollowUpChoiceRefused`; nothing is changed then."""
    proposed = {
        f.number: f.day
        for f in preview_followups(
            tasks, today=today, calendar=calendar, interval_days=interval_days
        )
    }
    chosen = list(tasks)
    for number, day in sorted(picks.items()):
        if not 1 <= number <= len(tasks):
            raise FollowUpChoiceRefused(number, "number")
        if number not in proposed:
            raise FollowUpChoiceRefused(number, "dated")
        try:
            stored = chosen_followup(
                proposed[number] if day is None else day, today=today, calendar=calendar
            )
        except FollowUpDateRefused as refused:
            raise FollowUpChoiceRefused(number, refused.reason) from None
        chosen[number - 1] = replace(chosen[number - 1], followup_on=stored)
    return chosen


__all__ = [
    "FollowUpChoiceRefused",
    "PreviewFollowUp",
    "choose_followups",
    "preview_followups",
    "read_followup",
    "takes_followup",
]
