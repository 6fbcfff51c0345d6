"""A province's bodies named in a list after their kind: "các Sở: Kế hoạch và Đầu tư, Tài
nguyên và Môi trường, Xây dựng", "UBND các huyện: Đakrông, Hải Lăng". Each named body is one
(the registry does not list a province's departments and districts): "Sở Kế hoạch và Đầu tư",
"UBND huyện Đakrông", written for the admin to map. As a subject the list obliges each of
them, as members of the province's departments written as a collective; after "phối hợp"
each co-operates."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from domain.agencies import normalise_name
from notices.importer.assignees import _LIST_JOIN, _Assignee
from notices.importer.name_words import _name_words
from notices.importer.names import _Name

if TYPE_CHECKING:
    from notices.importer.names import _Names

# The kind before the colon: "các Sở:", "UBND các huyện:", "Ủy ban nhân dân các huyện, thị xã:".
LOCAL_LIST = re.compile(
    r"(?<!\w)(?:[Cc]ác\s+)?(?P<department>[Ss]ở)\s*:\s*"
    r"|(?<!\w)(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:các\s+)?"
    r"(?P<level>huyện|quận|thị xã|xã|phường)"
    r"(?:\s*,\s*(?:huyện|quận|thị xã|thành phố))*\s*:\s*"
)
# Between two lists of one subject: "…, Quy hoạch – Kiến trúc; UBND các huyện: …".
_BETWEEN_LISTS = re.compile(r"\s*;\s*")
_COLLECTIVE = "Các sở, ban, ngành"
_GIVEN = re.compile(r"(?:[Gg]iao|[Yy]êu cầu|[Đđ]ề nghị)(?: cho)?\s+$")


def local_members(flat: str) -> list[_Name]:
    """Each body of every local list in ``flat``, a name over its own words. The registry
    may know the words as a ministry's ("Kế hoạch và Đầu tư"): after "các Sở:" they are
    the department's."""
    found: list[_Name] = []
    for opener in LOCAL_LIST.finditer(flat):
        level = opener.group("level")
        prefix = "Sở " if opener.group("department") else f"UBND {level} "
        position = opener.end()
        while True:
            end = _name_words(flat, position)
            if end == position:
                break
            written = prefix + flat[position:end]
            found.append(
                _Name(agency_id=None, group_id=None, written=written, start=position, end=end)
            )
            join = _LIST_JOIN.match(flat, end)
            if join is None:
                break
            position = join.end()
    return found


def local_list_at(flat: str, start: int, names: _Names) -> tuple[_Assignee, int] | None:
    """The local lists written right at ``start`` (one, or several joined by ";") as one
    subject, and where they end: at the text's start or given the work ("giao các Sở: …").
    After a semicolon a list goes on with the bodies before it ("phối hợp các Sở: A, B;
    UBND các huyện: C, D …")."""
    if start > 0 and not _GIVEN.search(flat, max(0, start - 24), start):
        return None
    members: list[str] = []
    end = start
    while (opener := LOCAL_LIST.match(flat, end)) is not None:
        name = names.by_start.get(opener.end())
        if name is None:
            break
        while name is not None:
            members.append(name.written)
            end = name.end
            join = _LIST_JOIN.match(flat, end)
            name = names.by_start.get(join.end()) if join is not None else None
        between = _BETWEEN_LISTS.match(flat, end)
        if between is None or LOCAL_LIST.match(flat, between.end()) is None:
            break
        end = between.end()
    if not members:
        return None
    key = "?" + normalise_name(_COLLECTIVE)
    assignee = _Assignee(
        lead=_COLLECTIVE, lead_known=False, lead_key=key, members=tuple(dict.fromkeys(members))
    )
    return assignee, end


def alone_before_semicolon(flat: str, position: int, names: _Names) -> bool:
    """Whether one body alone stands at ``position`` before the next semicolon ("…, Xây dựng;
    Ban Quản lý khu kinh tế tỉnh; UBND các huyện: …"): a list of partners going on."""
    name = names.by_start.get(position)
    return name is not None and flat.startswith(";", name.end)
