"""Dates shared across the paragraphs of one article item: a sentence that goes on over
paragraphs ending with ";", and an item's closing time label.

Each rule is a small named pattern:

- ``_OPEN_CLAUSE``: a paragraph ending with ";" goes on in the next one ("Trước ngày
  30/6/2025, Bộ Nội vụ chủ trì … trình Chính phủ ban hành Nghị định …; / Trình Chính phủ ban
  hành Nghị định …; / Ban hành Thông tư …."), which is the same agency's work. Its members
  without a date of their own take the enumeration's: its opening's ("Trước ngày D, …"),
  else its closing's ("… / Hướng dẫn … trước ngày 10/4/2025.").
- ``_TIME_LABEL``: "Thời gian hoàn thành trước ngày 10/4/2025." — as a paragraph of its own,
  or as the last sentence of a paragraph going on with the item ("Trên cơ sở đó, …. Thời
  gian hoàn thành trước ngày 30/6/2025.") — dates the item's paragraphs before it that set
  none. An item starts at the paragraph naming its addressee.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from notices.importer.units import _Unit

# "… ;" at a paragraph's end: the sentence goes on below.
_OPEN_CLAUSE = re.compile(r";\s*$")
# The item's own time line: "Thời gian hoàn thành trước ngày …", "Thời hạn: …".
_TIME_LABEL = re.compile(r"(?i)thời (?:gian|hạn)(?: hoàn thành| thực hiện)?\s*:?\s+")
# The time line as the last sentence of a paragraph.
_CLOSING_TIME = re.compile(
    r"(?:^|(?<=[.;])\s+)(?P<label>[Tt]hời (?:gian|hạn)(?: hoàn thành| thực hiện)?\s*:?\s+[^.;]+)"
    r"[.;]?\s*$"
)

Dated = Callable[[str], str | None]
"""The wording of the first due date in a text, if any."""


def time_label(flat: str) -> bool:
    """Whether a paragraph is nothing but the item's time line."""
    match = _TIME_LABEL.match(flat)
    return match is not None and _CLOSING_TIME.fullmatch(flat) is not None


@dataclass(kw_only=True, slots=True)
class _Runs:
    """The units of the current item and of the current enumeration, by index."""

    dated: Dated
    item: list[int] = field(default_factory=list)
    enumeration: list[int] = field(default_factory=list)
    open_clause: bool = False
    """The last unit's paragraph ended with ";": the next paragraph goes on with it."""
    own_dates: dict[int, str | None] = field(default_factory=dict)
    """Each recorded unit's own first due date wording, read once."""

    def reset(self) -> None:
        self.item, self.enumeration, self.open_clause = [], [], False

    def added(self, units: list[_Unit], index: int, flat: str, *, own: bool) -> None:
        """Record ``units[index]``, read from paragraph ``flat``; ``own``: it names its own
        addressee (a new item starts)."""
        if own:
            self.item = []
        self.own_dates[index] = self.dated(units[index].text)
        if not self.open_clause:
            self.enumeration = []
        self.item.append(index)
        self.enumeration.append(index)
        self.open_clause = _OPEN_CLAUSE.search(flat) is not None
        if not self.open_clause and len(self.enumeration) > 1:
            first, last = self.enumeration[0], self.enumeration[-1]
            phrase = self.own_dates[first] or self.own_dates[last]
            if phrase is not None:
                self._date(units, self.enumeration, phrase)
        closing = _CLOSING_TIME.search(flat) if not own else None
        if closing is not None and (phrase := self.dated(closing.group("label"))) is not None:
            self._date(units, self.item[:-1], phrase)

    def time_line(self, units: list[_Unit], flat: str) -> bool:
        """A paragraph that is only a time line: it dates the item; False when there is no
        item to date (then it is read as any paragraph)."""
        phrase = self.dated(flat)
        if not self.item or phrase is None:
            return False
        self._date(units, self.item, phrase)
        self.open_clause = False
        return True

    def _date(self, units: list[_Unit], indices: list[int], phrase: str) -> None:
        for i in indices:
            unit = units[i]
            if unit.deadline_text is None and self.own_dates.get(i) is None:
                units[i] = replace(unit, deadline_text=phrase)
