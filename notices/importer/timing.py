"""Timing: a unit's timing expressions, where obligations split, which one is the deadline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.deadline import Deadline, DeadlineKind
from notices.deadlines import normalise_text, read_expressions
from notices.finder import find_deadlines
from notices.importer.addressees import _Namer, _subject_at
from notices.importer.names import _Names
from notices.importer.text import _clause_ends


@dataclass(frozen=True, kw_only=True, slots=True)
class _Timing:
    """A timing expression in flat text; ``splits`` when it marks an obligation of its own."""

    deadline: Deadline
    start: int
    end: int
    splits: bool


# Explicit "no date" rules whose wording is a schedule of its own ("theo tiến độ được quy
# định tại …", "đúng tiến độ"), unlike urgency ("khẩn trương", "sớm").
_SCHEDULE_RULES = frozenset({"as_committed"})


def _timings(flat: str, issued: date) -> list[_Timing]:
    found = [
        _Timing(deadline=m.deadline, start=m.start, end=m.end, splits=True)
        for m in find_deadlines(flat, issued)
    ]
    normalised = normalise_text(flat)
    # ``flat`` is already NFC with single spaces, so its normalised form lines up with it
    # character for character; if some rare letter changes length when lowercased, the
    # "no date" wordings are simply not used.
    if len(normalised) == len(flat):
        for expression in read_expressions(normalised, issued, running_text=True):
            if expression.reading.kind is not DeadlineKind.NONE:
                continue
            deadline = Deadline(
                due=None,
                granularity=None,
                kind=DeadlineKind.NONE,
                phrase=flat[expression.start : expression.end],
            )
            found.append(
                _Timing(
                    deadline=deadline,
                    start=expression.start,
                    end=expression.end,
                    splits=expression.rule in _SCHEDULE_RULES,
                )
            )
    return sorted(found, key=lambda t: t.start)


_ENUMERATION = re.compile(r"(?:^|(?<=[:;.,] ))\((?P<n>\d{1,2}|[ivx]{1,5})\) ?")
_SECOND_ACTOR = re.compile(r"(?<=[,;] )(?=[Tt]rên cơ sở )")


def _enumeration_cuts(flat: str, names: _Names, namer: _Namer) -> set[int]:
    """Where sub-items start: every "(1)", "(2)" … when at least two are written, and a
    "(i)", "(ii)" … that opens with an addressee of its own."""
    arabic: list[tuple[int, str]] = []
    cuts: set[int] = set()
    for match in _ENUMERATION.finditer(flat):
        if names.inside(match.start()):
            continue
        label = match.group("n")
        if label.isdigit():
            arabic.append((match.start(), label))
        elif _subject_at(flat, match.end(), names, namer) is not None:
            cuts.add(match.start())
    if len({label for _, label in arabic}) >= 2:
        cuts.update(position for position, _ in arabic)
    return cuts


# "… trình Quốc hội tại kỳ họp thứ 9 (đợt 2 vào tháng 6 năm 2025), phấn đấu khởi công …
# trong tháng 12 năm 2025": a target with a date of its own is a second obligation; so is
# the completion that follows a dated start ("ra quân … vào dịp 19/8/2025 để hoàn thành
# chậm nhất vào cuối năm 2026").
_TARGET = re.compile(r"(?<=, )(?=phấn đấu )|(?<= )(?=để (?:phấn đấu )?(?:hoàn thành|hoàn tất) )")


def _targets(flat: str, names: _Names) -> list[int]:
    """Where a ", phấn đấu …" target or an "để hoàn thành …" completion starts (it is cut
    off only when it has a date of its own after a dated clause)."""
    return [m.start() for m in _TARGET.finditer(flat) if not names.inside(m.start())]


def _second_actors(flat: str, names: _Names) -> list[int]:
    """ "…, trên cơ sở đó, Bộ X tổng hợp …": a clause of another actor may start there."""
    return [m.start() for m in _SECOND_ACTOR.finditer(flat) if not names.inside(m.start())]


def _boundaries(flat: str, names: _Names) -> list[int]:
    """Where clauses start: after "; " and after a full stop before a capital."""
    return [m.end() for m in _clause_ends(flat) if not names.inside(m.start())]


_KIND_ORDER = (DeadlineKind.DEADLINE, DeadlineKind.RECURRING, DeadlineKind.ONGOING)


def _choose(timings: Sequence[_Timing]) -> Deadline:
    for kind in _KIND_ORDER:
        for timing in timings:
            if timing.deadline.kind is kind:
                return timing.deadline
    for timing in timings:
        return timing.deadline
    return Deadline(due=None, granularity=None, kind=DeadlineKind.NONE, phrase="")
