"""The rule table's types: a rule, what an expression means, and the readings several rules share."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from domain.deadline import DeadlineKind, Granularity


@dataclass(frozen=True, kw_only=True, slots=True)
class Reading:
    """What one expression means, before it is attached to the phrase it came from.

    Mirrors :class:`Deadline` without ``phrase``: ``due`` is set exactly for deadlines.
    A recurring reading may name the day within each period (``day``, and ``month`` for a
    yearly one): "trước ngày 20 hằng tháng", "15/11 hằng năm".
    """

    due: date | None
    granularity: Granularity | None
    kind: DeadlineKind
    day: int | None = None
    month: int | None = None


class Role(enum.Enum):
    """How a rule's match takes part in reading a text."""

    TIMING = "timing"
    """A deadline, recurring, ongoing or explicit "no date" wording."""
    HORIZON = "horizon"
    """A timing that also names programme horizons ("đến năm 2030", "giai đoạn 2026-2030"):
    it does not count inside a programme's or document's name."""
    IGNORE = "ignore"
    """Consumes text that looks like a date but is not a deadline (citations, budget terms,
    statistics periods); yields nothing."""


Build = Callable[[re.Match[str], date], Reading | None]


@dataclass(frozen=True, kw_only=True, slots=True)
class Rule:
    """One named pattern of the table.

    ``pattern`` runs on :func:`normalise_text` output. ``build`` turns a match into a
    :class:`Reading`, or returns ``None`` when the match is not a real date (31/2, month 13).
    A rule whose pattern has a group named ``cue`` is cued only when that group took part
    in the match; a rule without one is a cue by its very wording ("hằng tháng").
    """

    name: str
    pattern: re.Pattern[str]
    build: Build
    role: Role = Role.TIMING

    @property
    def has_cue_group(self) -> bool:
        return "cue" in self.pattern.groupindex


@dataclass(frozen=True, kw_only=True, slots=True)
class Expression:
    """A timing expression found in normalised text: its span there, what it means, and
    the name of the rule that read it."""

    start: int
    end: int
    reading: Reading
    rule: str


_ONGOING = Reading(due=None, granularity=None, kind=DeadlineKind.ONGOING)
_RECURRING_UNPLANNED = Reading(due=None, granularity=None, kind=DeadlineKind.RECURRING)
_NONE = Reading(due=None, granularity=None, kind=DeadlineKind.NONE)


def _constant(reading: Reading) -> Build:
    def build(m: re.Match[str], issued: date) -> Reading | None:
        return reading

    return build
