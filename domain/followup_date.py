"""The follow-up date of an undated task or a standing duty: when the office first asks
for progress (a standing duty: its first check-in, :func:`takes_followup_date`).

A task without a determinable date (kind ``none``: "khẩn trương", "sớm", "theo lộ trình")
gets a progress request every follow-up interval (``FOLLOWUP_EVERY_DAYS``) from the day it
was assigned. The wording often says more than "no date": "khẩn trương" means the office
wants to hear soon. So the import preview and ``/addtask`` propose a first follow-up date
from the wording, which the admin confirms (or replaces by a date they type):

| wording | proposed first progress request |
|---|---|
| urgent: "khẩn trương", "khẩn cấp", "gấp", "ngay" (not "ngay sau khi …", "ngay khi …") | 5 working days after today |
| soon: "sớm", "kịp thời" | 10 working days after today |
| anything else undated | one follow-up interval after today, on the next working day |

Days are counted from *today* (the day the admin sees the proposal), not from the notice's
issue date: a proposal is for the office to decide now, and an old notice's "khẩn trương"
counted from its issue date would already be past. Working days are the product's calendar
(``domain.calendar``: weekends, public holidays, Tết).

A date the admin chooses must be after today (today's sending time may have passed, and a
request planned for "today" again after it went out would go out twice) and at most
:data:`MAX_AHEAD_DAYS` ahead; a day off is moved to the next working day (the request goes
out on a working morning).

This module is pure: no clock, no database.
"""

from __future__ import annotations

import enum
import re
from datetime import date, timedelta

from domain.agencies import fold_name
from domain.calendar import WorkingCalendar
from domain.deadline import DeadlineKind, Granularity
from domain.errors import TrackerError
from domain.recurrence import PERIODS

#: Working days from today to the proposed date of an urgent task ("khẩn trương").
URGENT_WORKING_DAYS = 5
#: Working days from today to the proposed date of a task wanted soon ("sớm").
SOON_WORKING_DAYS = 10
#: How far ahead a chosen follow-up date may be (a year).
MAX_AHEAD_DAYS = 365


class Haste(enum.StrEnum):
    """How soon an undated task's wording asks for it."""

    URGENT = "urgent"
    SOON = "soon"
    ORDINARY = "ordinary"


# Folded (lower case, no diacritics). "ngay" alone is urgent; "ngay sau (khi)", "ngay khi"
# tie the task to an event, which says nothing about when it comes.
_URGENT = re.compile(r"\b(?:khan truong|khan cap|gap|ngay(?!\s+(?:sau|khi)\b))\b")
_SOON = re.compile(r"\b(?:som|kip thoi)\b")


class FollowUpDateProblem(enum.StrEnum):
    """Why a chosen follow-up date cannot be used."""

    PAST = "past"
    """Today or a day already passed: the first request is from tomorrow on."""
    TOO_FAR = "too_far"
    """More than a year ahead."""


class FollowUpDateRefused(TrackerError):
    """A chosen follow-up date that cannot be used; ``reason`` says why."""

    def __init__(self, reason: FollowUpDateProblem, day: date) -> None:
        self.reason = reason
        self.day = day
        super().__init__(f"follow-up date refused ({reason}): {day.isoformat()}")


def takes_followup_date(kind: DeadlineKind, granularity: Granularity | None) -> bool:
    """Whether a task of this kind is followed up by the interval — a progress request for
    an undated task (``none``), a check-in for a standing duty (``ongoing``, or a recurring
    one with no period to plan on) — and so may be given a follow-up date. A task with a
    deadline, or a recurring duty with periods (each with its own due date), is reminded on
    its dates instead."""
    if kind in (DeadlineKind.NONE, DeadlineKind.ONGOING):
        return True
    return kind is DeadlineKind.RECURRING and granularity not in PERIODS


def haste_of(phrase: str) -> Haste:
    """How soon ``phrase`` (the deadline's wording, as written) asks for the task."""
    folded = fold_name(phrase)
    if _URGENT.search(folded):
        return Haste.URGENT
    if _SOON.search(folded):
        return Haste.SOON
    return Haste.ORDINARY


def proposed_followup(
    phrase: str, *, today: date, calendar: WorkingCalendar, interval_days: int
) -> date:
    """The first follow-up date to propose for an undated task worded ``phrase``.

    See the module's table: 5 working days after ``today`` for an urgent wording, 10 for
    "sớm", else ``interval_days`` after ``today`` moved to the next working day.

    Example: proposed on Monday 1/2/2027, "khẩn trương" skips the Tết days off (4–10/2) and
    falls on Monday 15/2/2027; "sớm" on Monday 22/2/2027.
    """
    match haste_of(phrase):
        case Haste.URGENT:
            return calendar.add_working_days(today, URGENT_WORKING_DAYS)
        case Haste.SOON:
            return calendar.add_working_days(today, SOON_WORKING_DAYS)
        case Haste.ORDINARY:
            return calendar.next_working_day(today + timedelta(days=interval_days))


def chosen_followup(day: date, *, today: date, calendar: WorkingCalendar) -> date:
    """The follow-up date to store for ``day`` chosen by the admin: ``day`` itself, or the
    next working day when offices are closed on it. Raises :class:`FollowUpDateRefused`
    for ``today`` or a day before it (``past``), or one more than :data:`MAX_AHEAD_DAYS`
    after it (``too_far``)."""
    if day <= today:
        raise FollowUpDateRefused(FollowUpDateProblem.PAST, day)
    if day > today + timedelta(days=MAX_AHEAD_DAYS):
        raise FollowUpDateRefused(FollowUpDateProblem.TOO_FAR, day)
    return calendar.next_working_day(day)


__all__ = [
    "MAX_AHEAD_DAYS",
    "SOON_WORKING_DAYS",
    "URGENT_WORKING_DAYS",
    "FollowUpDateRefused",
    "Haste",
    "chosen_followup",
    "haste_of",
    "proposed_followup",
    "takes_followup_date",
]
