"""A minister named by the ministry's bare name: "Bộ trưởng Tài chính", "Thứ trưởng Công
Thương", "Lãnh đạo Bộ Y tế" is written with "Bộ" and found by the registry already. The
ministry the title names is the body (as "Bộ trưởng Bộ Tài chính" is)."""

from __future__ import annotations

import re

from domain.agencies import AgencyKind, AgencyRegistry
from notices.importer.names import _Name

_MINISTER = re.compile(r"(?<!\w)(?:Bộ trưởng|Thứ trưởng)\s+(?!Bộ\b|các\b)(?=[A-ZĐ])")
_WORDS = re.compile(r"[^\W\d_]+")
_LONGEST = 6  # words: "Lao động - Thương binh và Xã hội" is the longest bare name


def minister_names(
    flat: str, registry: AgencyRegistry, taken: list[tuple[int, int]]
) -> list[_Name]:
    """The ministries named after a minister's title without "Bộ", where no other name
    stands: the longest run of words after the title that the registry knows as "Bộ …"."""
    found: list[_Name] = []
    for title in _MINISTER.finditer(flat):
        start = title.end()
        if any(a <= start < b for a, b in taken):
            continue
        words = list(_WORDS.finditer(flat, start, min(len(flat), start + 60)))
        for count in range(min(_LONGEST, len(words)), 0, -1):
            end = words[count - 1].end()
            agency = registry.find("Bộ " + flat[start:end])
            if agency is not None and agency.kind is AgencyKind.MINISTRY:
                found.append(
                    _Name(
                        agency_id=agency.id,
                        group_id=None,
                        written=flat[start:end],
                        start=start,
                        end=end,
                    )
                )
                break
    return found
