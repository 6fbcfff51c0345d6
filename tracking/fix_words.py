"""What ``/fix`` says: the field it changes, read from the words typed (with or without
diacritics), the whole-import forms ("/fix tất cả chủ trì <cũ> → <mới>", "/fix xem"), and
why a fix cannot be applied."""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence

from domain.agencies import fold_name
from domain.errors import TrackerError

__all__ = [
    "FIX_ALL",
    "FIX_SHOW",
    "FixField",
    "FixProblem",
    "FixRejected",
    "parse_fix_all",
    "parse_fix_words",
]


class FixField(enum.StrEnum):
    """What ``/fix <số> …`` changes in a proposed task; the value is the word as typed (also
    read without diacritics: "han", "chu tri", "ten", "bo")."""

    DEADLINE = "hạn"
    """The deadline, read by the deadline normaliser."""
    LEAD = "chủ trì"
    """The lead: an agency or a group of agencies."""
    TITLE = "tên"
    """The title, as typed (at most ``TYPED_TITLE_MAX`` characters)."""
    FOLLOWUP = "đôn đốc"
    """An undated task's first follow-up date (``tracking.followup_dates``; also typed
    "theo dõi")."""
    DROP = "bỏ"
    """Leave the task out of the import (its number stays)."""


class FixProblem(enum.StrEnum):
    """Why a ``/fix`` cannot be applied: each has its own answer."""

    NUMBER = "number"
    """No task has this number in the preview (``value``: the number)."""
    DROPPED = "dropped"
    """The task was left out already (``value``: the number)."""
    DEADLINE = "deadline"
    """The deadline was not understood (``value``: as typed)."""
    DEADLINE_RANGE = "deadline_range"
    """The deadline falls outside the year window (``value``: "low-high")."""
    AGENCY = "agency"
    """No agency or group has this name (``value``: as typed)."""
    TITLE = "title"
    """An empty title or one over ``TYPED_TITLE_MAX`` characters."""
    FIELD = "field"
    """No field, or one ``/fix`` does not change (``value``: the word typed)."""
    NO_SUCH_LEAD = "no_such_lead"
    """"/fix tất cả chủ trì <cũ> → …": no kept task is led by ``<cũ>`` (``value``)."""
    FOLLOWUP_DATED = "followup_dated"
    """A follow-up date for a task that has a deadline (``value``: the number)."""
    FOLLOWUP_DATE = "followup_date"
    """The follow-up date names no day (``value``: as typed)."""
    FOLLOWUP_PAST = "followup_past"
    """The follow-up date is before today (``value``: the day, ISO)."""
    FOLLOWUP_TOO_FAR = "followup_too_far"
    """The follow-up date is more than a year ahead (``value``: the day, ISO)."""


class FixRejected(TrackerError):
    """A correction that cannot be applied (bad task number, unknown agency, bad date)."""

    def __init__(self, reason: FixProblem, value: str = "") -> None:
        self.reason = reason
        self.value = value
        super().__init__(f"{reason}: {value!r}")


# The fields of /fix by their words folded: typed with or without diacritics alike.
_FIX_FIELDS = {fold_name(field.value): field for field in FixField}
# "theo dõi" is another word for "đôn đốc" (an undated task's follow-up date).
_FIX_FIELDS["theo doi"] = FixField.FOLLOWUP
FIX_ALL = "tất cả"
FIX_SHOW = "xem"
_ARROW = re.compile(r"\s*(?:→|->|=>|\bthành\b|\bthanh\b)\s*")


def parse_fix_words(words: Sequence[str]) -> tuple[FixField | None, str]:
    """(field, value) of the words after the number: "chủ trì Bộ Y tế" → (LEAD,
    "Bộ Y tế"); words without diacritics count ("chu tri", "han", "ten", "bo"). The field
    is None when the first word names none (the value is then the words after it)."""
    if not words:
        return None, ""
    two = fold_name(" ".join(words[:2]))
    if len(words) > 1 and two in _FIX_FIELDS:
        return _FIX_FIELDS[two], " ".join(words[2:])
    return _FIX_FIELDS.get(fold_name(words[0])), " ".join(words[1:])


def parse_fix_all(text: str) -> tuple[str, str] | None:
    """ "tất cả chủ trì Sở X → Bộ Y" (or "tat ca chu tri Sở X -> Bộ Y") → ("Sở X", "Bộ Y")."""
    words = text.split()
    if len(words) < 4 or fold_name(" ".join(words[:2])) != "tat ca":
        return None
    if fold_name(" ".join(words[2:4])) != "chu tri":
        return None
    old, arrow, new = _split_arrow(" ".join(words[4:]))
    return (old, new) if arrow and old and new else None


def _split_arrow(text: str) -> tuple[str, bool, str]:
    match = _ARROW.search(text)
    if match is None:
        return text, False, ""
    return text[: match.start()].strip(), True, text[match.end() :].strip()
