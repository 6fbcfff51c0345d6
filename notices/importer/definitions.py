"""Names a notice defines for itself: "… bao gồm các tỉnh, thành phố trực thuộc Trung ương:
Hà Tĩnh, Quảng Trị, …, Đắk Lắk và Lâm Đồng (sau đây gọi tắt là các tỉnh, thành phố)" — from
then on "Ủy ban nhân dân các tỉnh, thành phố" and "Các tỉnh, thành phố" are those provinces,
not every province."""

from __future__ import annotations

import re

from domain.agencies import AgencyRegistry
from notices.importer.assignees import _Namer
from notices.importer.names import _Names
from notices.importer.text import _flat

_DEFINED_PROVINCES = re.compile(
    r"\(\s*sau đây (?:gọi tắt|gọi chung|gọi) là (?:các )?tỉnh, thành phố\s*\)"
)
# How far before the parenthesis its list may start; the list follows the last colon there.
_LIST_SPAN = 500


def defined_provinces(text: str, registry: AgencyRegistry, namer: _Namer) -> tuple[str, ...]:
    """The provinces a notice names as "các tỉnh, thành phố" (at least two), else none."""
    flat = _flat(text)
    match = _DEFINED_PROVINCES.search(flat)
    if match is None:
        return ()
    before = flat[max(0, match.start() - _LIST_SPAN) : match.start()]
    before = before[before.rfind(":") + 1 :]
    names = _Names(before, registry)
    found = [namer.canonical(n) for n in names.all if namer.is_province(n)]
    members = tuple(dict.fromkeys(found))
    return members if len(members) >= 2 else ()
