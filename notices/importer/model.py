"""What the importer returns: the notice, its tasks and layout, and the missing-date error."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from domain.deadline import Deadline
from domain.errors import TrackerError
from domain.titles import NOTICE_TITLE_MAX

TITLE_MAX = NOTICE_TITLE_MAX
"""The longest title the importer makes (:data:`domain.titles.NOTICE_TITLE_MAX`), under the
name the importer's callers know."""


class Layout(enum.StrEnum):
    """How a notice's tasks are laid out."""

    FORMAL = "formal"
    """Numbered sections and items (I., 1., a), …): refs are label paths like "IV.1.a"."""
    PROSE = "prose"
    """Paragraphs of running text (a press article): refs are "P<n>", the paragraph number."""


class IssueDateMissing(TrackerError):
    """Neither the text nor the caller gives the issue date every deadline is read against."""

    def __init__(self) -> None:
        super().__init__(
            "the notice's issue date was not found in its text (no 'Hà Nội, ngày … tháng … "
            "năm …' or article date line): pass it with --issued YYYY-MM-DD"
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class ParsedTask:
    """One obligation read from a notice.

    ``ref`` locates the item ("B.II.1.a"; "P12" for the 12th paragraph of an article) and
    ``seq`` numbers the separately timed obligations of one item from 1. ``lead`` is the
    registry's canonical name of the agency or group as assigned (the written name when the
    registry does not know it: ``lead_known`` is then false, or ``lead`` is empty when no
    addressee was found at all). ``text`` is the obligation's wording, whitespace-joined;
    ``title`` is a short form of it (at most :data:`TITLE_MAX` characters).
    """

    ref: str
    seq: int
    lead: str
    lead_known: bool
    members: tuple[str, ...]
    co: tuple[str, ...]
    title: str
    text: str
    deadline: Deadline
    lead_vague: bool = False
    """The lead is a collective the text does not pin down ("Các cơ quan, tổ chức", "Các
    địa phương có dự án đi qua"): written as it stands, ``lead_known`` false, for the admin
    to map to agencies — never guessed as a whole registry group."""


@dataclass(frozen=True, kw_only=True, slots=True)
class ParsedNotice:
    """A notice's identity and its tasks, in text order.

    ``unknown_agencies`` lists the names that look like agencies but are not in the
    registry (they are kept on the tasks as written, never dropped); ``vague_groups`` the
    collectives that lead a task and name no definite agencies (see
    :attr:`ParsedTask.lead_vague`); ``warnings`` says what the importer was unsure about, one
    sentence each.
    """

    number: str | None
    issued: date | None
    title: str
    layout: Layout
    tasks: tuple[ParsedTask, ...]
    unknown_agencies: tuple[str, ...]
    warnings: tuple[str, ...]
    vague_groups: tuple[str, ...] = ()
