"""Parsing command arguments (pure). Each function returns a parsed value or raises
``BadInput`` carrying the message key and value the chat layer turns into a reply."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: Longest note or reason accepted: enough for a paragraph, short of a pasted document.
MAX_NOTE = 1000
MAX_TITLE = 250

_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?$|^(\d{4})-(\d{1,2})-(\d{1,2})$")


class BadInput(Exception):
    """Input the bot answers with a clear message and nothing changed."""

    def __init__(self, key: str, value: str = "") -> None:
        self.key = key
        self.value = value
        super().__init__(f"{key}: {value!r}")


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


def parse_task_id(token: str) -> int:
    cleaned = token.lstrip("#")
    if not cleaned.isdigit() or len(cleaned) > 9:
        raise BadInput("bad_id", token)
    return int(cleaned)


def _split_id(args: list[str], *, id_optional: bool) -> tuple[int | None, list[str]]:
    if args and args[0].lstrip("#").isdigit():
        return parse_task_id(args[0]), args[1:]
    if not args and not id_optional:
        raise BadInput("missing_id")
    if args and not id_optional:
        raise BadInput("bad_id", args[0])
    return None, args


def parse_done(args: list[str], *, id_optional: bool = False) -> DoneArgs:
    """``/done <id> [note]``; the id may be omitted when replying to a one-task reminder."""
    task_id, rest = _split_id(args, id_optional=id_optional)
    note = " ".join(rest).strip()
    if len(note) > MAX_NOTE:
        raise BadInput("too_long", str(MAX_NOTE))
    return DoneArgs(task_id=task_id, note=note)


def parse_date(token: str, today: date) -> date:
    """``15/01/2027``, ``15-1-27``, ``2027-01-15``, or ``15/1`` (the next such day)."""
    match = _DATE.match(token)
    if not match:
        raise BadInput("bad_date", token)
    try:
        if match[4]:
            return date(int(match[4]), int(match[5]), int(match[6]))
        day, month = int(match[1]), int(match[2])
        if match[3]:
            year = int(match[3])
            year = year + 2000 if year < 100 else year
            return date(year, month, day)
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    except ValueError:
        raise BadInput("bad_date", token) from None


def looks_like_date(token: str) -> bool:
    return bool(re.fullmatch(r"[\d/.\-]+", token)) and any(c in token for c in "/.-")


def parse_late(args: list[str], today: date, *, id_optional: bool = False) -> LateArgs:
    """``/late <id> <reason> [new date]``: a trailing date-like word is the new date."""
    task_id, rest = _split_id(args, id_optional=id_optional)
    new_due: date | None = None
    if rest and looks_like_date(rest[-1]):
        new_due = parse_date(rest[-1], today)
        rest = rest[:-1]
        if new_due <= today:
            raise BadInput("past_date", new_due.isoformat())
    reason = " ".join(rest).strip()
    if not reason:
        raise BadInput("missing_reason")
    if len(reason) > MAX_NOTE:
        raise BadInput("too_long", str(MAX_NOTE))
    return LateArgs(task_id=task_id, reason=reason, new_due=new_due)


def parse_addtask(text: str) -> AddTaskArgs:
    """``/addtask <agency> | <title> | <deadline>``."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) != 3 or not all(parts):
        raise BadInput("addtask_usage")
    agency, title, deadline = parts
    if len(title) > MAX_TITLE:
        raise BadInput("too_long", str(MAX_TITLE))
    if len(agency) > 200 or len(deadline) > 200:
        raise BadInput("too_long", "200")
    return AddTaskArgs(agency=agency, title=title, deadline=deadline)
