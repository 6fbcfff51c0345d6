"""Parsing command arguments (pure). Each function returns a parsed value or raises
``BadInput`` carrying the message key and value the chat layer turns into a reply."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from chat.late_dates import NotADate, find_date, without_date
from domain.titles import TYPED_TITLE_MAX
from domain.year_window import YEARS_AHEAD, YEARS_BACK, year_window
from notices.deadlines import day_in_digits

#: Longest note or reason accepted: enough for a paragraph, short of a pasted document.
MAX_NOTE = 1000

#: A day and a month without a year ("15/1", "15-1", "15.1").
_DAY_MONTH = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})")


class InputProblem(enum.StrEnum):
    """What is wrong with a command's arguments: each has its own answer (``BadInput.value``
    says what the answer quotes)."""

    MISSING_ID = "missing_id"
    """No task number; ``value`` names the command to show ("done", "late", "task")."""
    BAD_ID = "bad_id"
    """A task number that is not one (``value``: as typed)."""
    BAD_DATE = "bad_date"
    """A date that is no date (``value``: as typed)."""
    DATE_RANGE = "date_range"
    """A date outside the years accepted (``value``: "<first>-<last>")."""
    PAST_DATE = "past_date"
    """A new deadline that is not after today (``value``: the day, ISO)."""
    MISSING_REASON = "missing_reason"
    """``/late`` without a reason."""
    TOO_LONG = "too_long"
    """A note, reason or title over its limit (``value``: the limit in characters)."""
    ADDTASK_USAGE = "addtask_usage"
    """``/addtask`` without its three parts."""
    ASK_YEAR = "ask_year"
    """A day-month that has just passed: the bot asks which year (:class:`AskYear`)."""


class BadInput(Exception):
    """Input the bot answers with a clear message and nothing changed."""

    def __init__(self, key: InputProblem, value: str = "") -> None:
        self.key = key
        self.value = value
        super().__init__(f"{key}: {value!r}")


class AskYear(BadInput):
    """A /late date written without a year that has already passed this year: the bot asks
    which year rather than reading it as next year."""

    def __init__(self, task_id: int | None, reason: str, this_year: date, next_year: date) -> None:
        super().__init__(InputProblem.ASK_YEAR, this_year.isoformat())
        self.task_id = task_id
        self.reason = reason
        self.this_year = this_year
        self.next_year = next_year


@dataclass(frozen=True, kw_only=True, slots=True)
class DoneArgs:
    task_id: int | None
    note: str


@dataclass(frozen=True, kw_only=True, slots=True)
class LateArgs:
    task_id: int | None
    reason: str
    new_due: date | None


@dataclass(frozen=True, kw_only=True, slots=True)
class AddTaskArgs:
    agency: str
    title: str
    deadline: str


#: Ids are SQL integers: anything at or past 2⁶³ cannot be a task (or an import).
MAX_ID = 2**63 - 1
_ID = re.compile(r"#?([0-9]{1,19})")
_CHAT_ID = re.compile(r"-?[0-9]{1,19}")


def ascii_id(token: str) -> int | None:
    """``token`` as an id: ASCII digits only (not ``²`` or ``١٣``), below 2⁶³; else None."""
    match = _ID.fullmatch(token)
    if match is None:
        return None
    value = int(match[1])
    return value if 0 < value <= MAX_ID else None


def ascii_chat_id(token: str) -> int | None:
    """``token`` as a Telegram chat id (negative for groups): ASCII digits only, at most
    2⁶³ - 1 either way; else None."""
    if _CHAT_ID.fullmatch(token) is None:
        return None
    value = int(token)
    return value if value and abs(value) <= MAX_ID else None


def parse_task_id(token: str) -> int:
    value = ascii_id(token)
    if value is None:
        raise BadInput(InputProblem.BAD_ID, token)
    return value


def _looks_like_id(token: str) -> bool:
    # Any digits (also non-ASCII ones) mean "this was meant as a number": say it is a bad
    # one rather than reading the word as the start of a note.
    return token.lstrip("#")[:1].isdigit()


def _split_id(args: list[str], *, id_optional: bool) -> tuple[int | None, list[str]]:
    if args and _looks_like_id(args[0]):
        return parse_task_id(args[0]), args[1:]
    if not args and not id_optional:
        raise BadInput(InputProblem.MISSING_ID)
    if args and not id_optional:
        raise BadInput(InputProblem.BAD_ID, args[0])
    return None, args


def parse_done(args: list[str], *, id_optional: bool = False) -> DoneArgs:
    """``/done <id> [note]``; the id may be omitted when replying to a one-task reminder."""
    task_id, rest = _split_id(args, id_optional=id_optional)
    note = " ".join(rest).strip()
    if len(note) > MAX_NOTE:
        raise BadInput(InputProblem.TOO_LONG, str(MAX_NOTE))
    return DoneArgs(task_id=task_id, note=note)


def parse_date(token: str, today: date, *, years: tuple[int, int] | None = None) -> date:
    """``15/01/2027``, ``15-1-27``, ``15.01.2027``, ``2027-01-15`` (read by the deadline
    normaliser's :func:`~notices.deadlines.day_in_digits`), or ``15/1`` (the next such
    day). The year must lie in ``years`` (default: last year … ten years ahead)."""
    low, high = years or (today.year - YEARS_BACK, today.year + YEARS_AHEAD)
    day = day_in_digits(token) or _next_such_day(token, today)
    if not low <= day.year <= high:
        raise BadInput(InputProblem.DATE_RANGE, f"{low}-{high}")
    return day


def _next_such_day(token: str, today: date) -> date:
    """A day and a month alone ("15/1"): today or the next such day. Raises ``BAD_DATE``
    for anything else, and for a day no year has then (30/2; 29/2 out of a leap year)."""
    match = _DAY_MONTH.fullmatch(token)
    if match is None:
        raise BadInput(InputProblem.BAD_DATE, token)
    day, month = int(match[1]), int(match[2])
    try:
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    except ValueError:
        raise BadInput(InputProblem.BAD_DATE, token) from None


def parse_issue_date(token: str, today: date) -> date:
    """A notice's issue date: the same spellings, any year from 30 years back to next year."""
    return parse_date(token, today, years=(today.year - 30, today.year + 1))


def looks_like_date(token: str) -> bool:
    return bool(re.fullmatch(r"[0-9/.\-]+", token)) and any(c in token for c in "/.-")


def parse_late(args: list[str], today: date, *, id_optional: bool = False) -> LateArgs:
    """``/late <id> <reason with a date anywhere>``: the date is found by
    :func:`chat.late_dates.find_date` (citations are never dates) and taken out of the
    reason. A day-month that has just passed is asked about (:class:`AskYear`)."""
    task_id, rest = _split_id(args, id_optional=id_optional)
    text = " ".join(rest).strip()
    new_due: date | None = None
    try:
        found = find_date(text, today)
    except NotADate as error:
        raise BadInput(InputProblem.BAD_DATE, error.written) from None
    if found is not None:
        reason = without_date(text, found)
        if found.yearless_past is not None:
            raise AskYear(task_id, reason, found.yearless_past, found.due)
        new_due = found.due
        low, high = year_window(today)
        if new_due.year > high or new_due.year < 1:
            raise BadInput(InputProblem.DATE_RANGE, f"{low}-{high}")
        if new_due <= today:
            raise BadInput(InputProblem.PAST_DATE, new_due.isoformat())
    else:
        reason = text
    if not reason:
        raise BadInput(InputProblem.MISSING_REASON)
    if len(reason) > MAX_NOTE:
        raise BadInput(InputProblem.TOO_LONG, str(MAX_NOTE))
    return LateArgs(task_id=task_id, reason=reason, new_due=new_due)


def _addtask_parts(text: str) -> list[str]:
    """The three fields, separated by "|", by ";" or one per line (phones have no "|")."""
    if "|" in text:
        return [p.strip() for p in text.split("|")]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) >= 3:
        return [lines[0], " ".join(lines[1:-1]), lines[-1]]
    parts = [p.strip() for p in text.split(";")]
    if len(parts) > 3:
        return [parts[0], "; ".join(parts[1:-1]), parts[-1]]
    return parts


def parse_addtask(text: str) -> AddTaskArgs:
    """``/addtask <agency> | <title> | <deadline>``; ";" or one field per line also do."""
    parts = _addtask_parts(text)
    if len(parts) != 3 or not all(parts):
        raise BadInput(InputProblem.ADDTASK_USAGE)
    agency, title, deadline = parts
    if len(title) > TYPED_TITLE_MAX:
        raise BadInput(InputProblem.TOO_LONG, str(TYPED_TITLE_MAX))
    if len(agency) > 200 or len(deadline) > 200:
        raise BadInput(InputProblem.TOO_LONG, "200")
    return AddTaskArgs(agency=agency, title=title, deadline=deadline)
