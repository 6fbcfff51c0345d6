"""The addressee written at a clause's start: lists, ministries, provinces, companies, persons."""

from __future__ import annotations

import re

from domain.agencies import normalise_name
from notices.importer.assignees import (
    _CLOSING,
    _COMPANIES,
    _EXPLICIT_LIST,
    _GENERIC_PROVINCES,
    _INVESTOR,
    _LIST_JOIN,
    _MINISTRY_LIST,
    _NOT_AFTER_SUBJECT,
    _NUMBER_WORDS,
    _OWN_PROVINCES,
    _Assignee,
    _name_from,
    _name_list,
    _Namer,
)
from notices.importer.intros import _ASKS
from notices.importer.local_lists import local_list_at
from notices.importer.name_words import _WORD, _name_words
from notices.importer.names import _Name, _Names, _vague
from notices.importer.short_names import short_names

# A task given to a person ("Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trực tiếp chỉ đạo"):
# the person is the lead, as written, for the admin to map to a body.
# The press writes "Phó thủ tướng thường trực Nguyễn Hòa Bình".
_DEPUTY = r"(?:đồng chí\s+)?Phó [Tt]hủ tướng(?: Chính phủ)?(?: [Tt]hường trực)?\s+"
_PERSON = re.compile(rf"{_DEPUTY}(?=[A-ZĐ])")


_ROLE_DASH = re.compile(r"\s[-–]\s")
# "Phó Thủ tướng Chính phủ Trần Hồng Hà ký Quyết định số …": who signed, reported — unless
# the signing is what a request gives the person ("Giao Phó Thủ tướng … ký ban hành …").
_SIGNS = re.compile(r"\s+(?:vừa |đã |cũng )?ký(?!\w)")
_ASSIGNED = re.compile(r"(?i)(?:giao|yêu cầu|đề nghị|phân công)(?: cho)?\s+(?:đồng chí\s+)?$")
_SPEAKS = re.compile(
    r"\s+(?:cũng\s+|đã\s+)?(?:kết luận|nhấn mạnh|khẳng định|lưu ý|chủ trì (?:cuộc|buổi|hội)"
    r"|phát biểu|đánh giá|ghi nhận|biểu dương|cho biết|nêu rõ)(?!\w)"
)
_DIRECTS = re.compile(r"\s+(?:trực tiếp\s+)?chỉ đạo\s+(?:các\s+)?")


def _person_at(flat: str, start: int, names: _Names) -> tuple[_Assignee, int] | None:
    title = _PERSON.match(flat, start)
    if title is None:
        return None
    end = _name_words(flat, title.end())
    if len(flat[title.end() : end].split()) < 2 or _NOT_AFTER_SUBJECT.match(flat, end):
        return None
    # The name's words may have taken "ký" in ("… Trần Hồng Hà ký Quyết định"): cut there.
    assigned = _ASSIGNED.search(flat, 0, title.start()) is not None
    if not assigned and _SIGNS.search(flat, title.end(), end + 6) is not None:
        return None
    if not assigned and (_SPEAKS.match(flat, end) or _ASKS.match(flat, start)):
        # "Phó Thủ tướng … kết luận chủ trương chung là …", "Phó Thủ tướng …, Tổ trưởng Tổ
        # công tác yêu cầu Bộ trưởng Bộ X …", "… có ý kiến chỉ đạo Bộ X …": who speaks, asks.
        return None
    if _ROLE_DASH.match(flat, end) and _ASKS.match(flat, start):
        return None  # "Phó Thủ tướng … A - Trưởng ban … yêu cầu …": the one who asks
    directs = _DIRECTS.match(flat, end)
    if directs is not None and directs.end() in names.by_start:
        return None  # "… trực tiếp chỉ đạo Bộ Nội vụ khẩn trương …": the body acts
    # "Thủ tướng phân công Phó Thủ tướng A và Phó Thủ tướng B trực tiếp chỉ đạo …": two
    # persons given the work together, the first leads (as joint bodies do).
    first_end: int = end
    co: tuple[str, ...] = ()
    joined = _AND_PERSON.search(flat, title.end(), end)
    second = _PERSON.match(flat, joined.end()) if joined is not None else None
    if joined is not None and second is not None and len(flat[second.end() : end].split()) >= 2:
        first_end, co = joined.start(), (_as_written(flat[joined.end() : end]),)
    written = _as_written(flat[title.start() : first_end])
    assignee = _Assignee(
        lead=written, lead_known=False, lead_key="?" + normalise_name(written), co=co
    )
    return assignee, end


# Names that end the text after a semicolon: the last of what a clause lists, no subject.
_ENDS_BARE = re.compile(r"\s*[.;]?\s*$")
_AND_PERSON = re.compile(rf"\s*(?:,\s*cùng|\s+và|\s+cùng)\s+(?={_DEPUTY}[A-ZĐ])")


def _as_written(person: str) -> str:
    return person[len("đồng chí ") :] if person.startswith("đồng chí ") else person


def _ministry_list(
    flat: str, start: int, namer: _Namer, names: _Names | None = None
) -> tuple[_Assignee, int] | None:
    opener = _MINISTRY_LIST.match(flat, start)
    if opener is None:
        return None
    members = short_names(flat, opener.end(), namer.registry)
    if not members:
        return None
    # "Các Bộ: Kế hoạch và Đầu tư, …, Ủy ban nhân dân thành phố Hà Nội và Ủy ban nhân dân
    # Thành phố Hồ Chí Minh": the list goes on with other bodies, named in full.
    while names is not None:
        join = _LIST_JOIN.match(flat, members[-1].end)
        following = names.by_start.get(join.end()) if join else None
        if following is None or following.agency_id is None:
            break
        members.append(following)
    end = members[-1].end
    if len(members) == 1:
        return namer.assignee(members), end
    return namer.listed(members), end


# "… ven biển" alone (a stretch "ven biển từ … đến …" names its provinces instead).
_COAST = re.compile(r"\s+ven biển(?!\s+(?:từ|khu vực|vùng)\s)(?:,?\s+có tàu cá)?(?!\w)")

_COMMITTEE_OF_PROVINCES = re.compile(
    r"(?:Chủ tịch\s+)?(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+các\s+tỉnh"
)


# "… yêu cầu các bộ, cơ quan, cơ quan chủ quản, nhất là ACV cần khẩn trương …": the one body
# singled out of a collective leads (not another collective: "…, nhất là các địa phương").
_ESPECIALLY = re.compile(r"(?:,\s*(?:các\s+)?[^\W\d_][^,;.:]{0,40}?)?,\s*nhất là\s+")


def _singled_out(flat: str, end: int, names: _Names, found: list[_Name]) -> _Name | None:
    if not all(name.group_id is not None for name in found):
        return None
    especially = _ESPECIALLY.match(flat, end)
    if especially is None:
        return None
    name = names.by_start.get(especially.end())
    if name is None or name.group_id is not None or name.vague or name.agency_id is None:
        return None
    return name


def _own_provinces(
    flat: str, start: int, names: _Names, namer: _Namer
) -> tuple[_Assignee, int] | None:
    """ "các tỉnh", "chính quyền địa phương", "Lãnh đạo 4 tỉnh" in a notice with provinces of
    its own: those provinces (see ``_OWN_PROVINCES``)."""
    counted = names.by_start.get(start)
    # "2 tỉnh" is read as a count of bodies (a collective): here, the notice's own provinces.
    if namer.provinces is None or (counted is not None and not counted.vague):
        return None
    found = _OWN_PROVINCES.match(flat, start)
    if found is None or _NOT_AFTER_SUBJECT.match(flat, found.end()):
        return None
    own = namer.defined_provinces
    if not own:
        if found.group("n") is None and _COMMITTEE_OF_PROVINCES.fullmatch(found.group(0)):
            # "UBND các tỉnh bàn giao …" with no provinces of the notice's own: every one.
            group = namer.provinces
            return _Assignee(lead=group.name, lead_known=True, lead_key=group.id), found.end()
        return None
    count = found.group("n")
    if count is not None and _count(count) != len(own):
        return None
    group = namer.provinces
    return _Assignee(lead=group.name, lead_known=True, lead_key=group.id, members=own), found.end()


def _count(written: str) -> int:
    return int(written) if written.isdigit() else _NUMBER_WORDS[written]


def _investor_at(flat: str, start: int, names: _Names) -> tuple[_Name, int] | None:
    """ "Nhà đầu tư (Tập đoàn Đèo Cả)": the body in the parenthesis, and where the
    parenthesis closes (where the body's name ends when it is left open)."""
    investor = _INVESTOR.match(flat, start)
    if investor is None or investor.end() not in names.by_start:
        return None
    name = names.by_start[investor.end()]
    closing = _CLOSING.match(flat, name.end)
    return name, closing.end() if closing else name.end


def _subject_at(flat: str, start: int, names: _Names, namer: _Namer) -> _Assignee | None:
    """The addressee a clause names right at ``start`` (see :func:`_subject_span`)."""
    found = _subject_span(flat, start, names, namer)
    return found[0] if found is not None else None


def _subject_span(
    flat: str, start: int, names: _Names, namer: _Namer
) -> tuple[_Assignee, int] | None:
    """The addressee written right at ``start`` and where its words end: a named list of
    ministries or provinces, the provinces' group, companies, an investor, a list of names
    or a person."""
    local = local_list_at(flat, start, names)
    if local is not None and not _NOT_AFTER_SUBJECT.match(flat, local[1]):
        return local
    ministries = _ministry_list(flat, start, namer, names)
    if ministries is not None:
        return ministries
    listed = _EXPLICIT_LIST.match(flat, start)
    if listed:
        first = _name_from(listed.end(), listed.start(), names)
        members, end = _name_list(flat, first.start, names) if first else ([], start)
        if members and all(namer.is_province(m) for m in members):
            return namer.assignee(members, listed=True), end
    generic = _GENERIC_PROVINCES.match(flat, start)
    if (
        generic
        and namer.provinces is not None
        and start not in names.by_start
        and not _NOT_AFTER_SUBJECT.match(flat, generic.end())
    ):
        coast = _COAST.match(flat, generic.end())
        if coast is not None and not namer.defined_provinces:
            # "Ủy ban nhân dân các tỉnh, thành phố ven biển, có tàu cá": the coast's, not
            # every province — written, for the admin to map.
            return namer.assignee([_vague(flat, start, coast.end())]), coast.end()
        group = namer.provinces
        assignee = _Assignee(
            lead=group.name,
            lead_known=True,
            lead_key=group.id,
            members=namer.defined_provinces,
        )
        return assignee, generic.end()
    own = _own_provinces(flat, start, names, namer)
    if own is not None:
        return own
    companies = _COMPANIES.match(flat, start)
    if companies and companies.end() in names.by_start:
        start = companies.end()
    investor = _investor_at(flat, start, names)
    if investor is not None:
        # "Yêu cầu Nhà đầu tư (Tập đoàn Đèo Cả) rà soát …": the body in the parenthesis.
        name, closed = investor
        if closed > name.end and not _NOT_AFTER_SUBJECT.match(flat, closed):
            return namer.assignee([name]), closed
    found, end = _name_list(flat, start, names)
    if not found:
        return _person_at(flat, start, names)
    singled = _singled_out(flat, end, names, found)
    if singled is not None:
        return namer.assignee([singled]), singled.end
    if _NOT_AFTER_SUBJECT.match(flat, end) or (
        flat[:start].rstrip().endswith(";") and _ENDS_BARE.match(flat, end)
    ):
        return None  # "… phụ trách sáp nhập Bộ A và Bộ B; Bộ C, Bộ D.": what is merged
    if (
        companies
        and (":" in companies.group(0) or companies.group(0)[:3].lower() == "các")
        and len(found) > 1
    ):
        return namer.listed(found), end  # a named list of companies: each of them is obliged
    following = _WORD.match(flat, end + 1) if flat[end : end + 1] == " " else None
    if following is not None and following.group(0)[0].isupper():
        return None  # a title and a person's name: "Giám đốc Bệnh viện Bạch Mai Đào Xuân Cơ"
    return namer.assignee(found), end
