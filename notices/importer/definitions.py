"""Names a notice defines for itself: "… bao gồm các tỉnh, thành phố trực thuộc Trung ương:
Hà Tĩnh, Quảng Trị, …, Đắk Lắk và Lâm Đồng (sau đây gọi tắt là các tỉnh, thành phố)" — from
then on "Ủy ban nhân dân các tỉnh, thành phố" and "Các tỉnh, thành phố" are those provinces,
not every province. Without such a definition, a stretch of the coast the notice addresses
("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố ven biển từ Quảng Ninh đến Khánh Hòa") is
read the same way: the provinces of the coast between the two, ends included
(:mod:`domain.agencies.coast`). Without either, a notice that counts the provinces it names
("Lãnh đạo 4 tỉnh …" in an article naming four) is about those. The provinces' group named
by its level ("Chủ tịch Ủy ban nhân dân cấp tỉnh") means the same provinces
(``_Namer.narrowed``), and so do "các tỉnh", "chính quyền địa phương" (``_OWN_PROVINCES``)."""

from __future__ import annotations

import re

from domain.agencies import AgencyKind, AgencyRegistry
from domain.agencies.coast import coast_between
from notices.importer.assignees import _Namer
from notices.importer.names import _Names
from notices.importer.text import _flat

_DEFINED_PROVINCES = re.compile(
    r"\(\s*sau đây (?:gọi tắt|gọi chung|gọi) là (?:các )?tỉnh, thành phố\s*\)"
)
# How far before the parenthesis its list may start; the list follows the last colon there.
_LIST_SPAN = 500
# "các tỉnh, thành phố ven biển từ Quảng Ninh đến Khánh Hòa", "các tỉnh từ Hà Tĩnh tới Huế",
# "các địa phương khu vực miền Trung từ Hà Tĩnh đến Quảng Ngãi": the first province is the
# words between "từ" and "đến"; the last, the longest run of words after it that names one.
_STRETCH = re.compile(
    r"(?<!\w)[Cc]ác (?:tỉnh, thành phố|tỉnh|địa phương)(?: trực thuộc Trung ương)?"
    r"(?: ven biển)?(?: (?:khu vực|vùng)(?: [^\s,;:()]+){1,3}?)?"
    r" từ (?P<first>(?:[^\s,;:()]+ ){0,3}?[^\s,;:()]+) (?:đến|tới) (?P<rest>[^;:()\n]{2,80})"
)
_NAME_WORDS = 5
# "Lãnh đạo 4 tỉnh đều cam kết …": a count of the provinces the notice is about.
_COUNTED = re.compile(
    r"(?<![\w/.,])(?P<n>\d{1,2}|hai|ba|bốn|sáu|bảy|tám|chín|mười) (?:tỉnh|địa phương)(?!\w)"
)
_FEW = 10
_NUMBER_WORDS = {"hai": 2, "ba": 3, "bốn": 4, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}


def counted_provinces(text: str, registry: AgencyRegistry) -> tuple[str, ...]:
    """The provinces a notice names, when it counts them ("4 tỉnh", "bốn địa phương") and
    names exactly that many (at least two): the notice is about them, so its "các tỉnh",
    "chính quyền địa phương" mean them. Else none."""
    flat = _flat(text)
    # A few provinces only: "63 địa phương" counts every province, not those named.
    counts = {n for m in _COUNTED.finditer(flat) if 2 <= (n := _count(m["n"])) <= _FEW}
    if not counts:
        return ()
    found = tuple(
        dict.fromkeys(
            registry.get(m.agency_id).name
            for m in registry.mentions(flat)
            if m.agency_id is not None and registry.get(m.agency_id).kind is AgencyKind.PROVINCE
        )
    )
    return found if len(found) >= 2 and len(found) in counts else ()


def _count(written: str) -> int:
    return int(written) if written.isdigit() else _NUMBER_WORDS[written]


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


def coast_stretch(text: str, registry: AgencyRegistry) -> tuple[str, ...]:
    """The provinces of the first stretch of coast the notice names ("từ X đến Y"), else
    none: both ends must be provinces of one coast."""
    for match in _STRETCH.finditer(_flat(text)):
        first = _province(registry, match["first"].split())
        words = match["rest"].replace(",", " , ").replace(".", " . ").split()
        last = next(
            (
                found
                for n in range(min(_NAME_WORDS, len(words)), 0, -1)
                if (found := _province(registry, words[:n])) is not None
            ),
            None,
        )
        if first is None or last is None:
            continue
        stretch = coast_between(registry, first, last)
        if stretch:
            return tuple(a.name for a in stretch)
    return ()


def _province(registry: AgencyRegistry, words: list[str]) -> str | None:
    """The province these words name ("Hà Tĩnh", "tỉnh Hà Tĩnh", "Thành phố Huế"), if any."""
    agency = registry.find(" ".join(words))
    return agency.id if agency is not None and agency.kind is AgencyKind.PROVINCE else None
