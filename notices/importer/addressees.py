"""Addressees: who a clause assigns work to, and the co-operating agencies.

The pieces live beside it: :mod:`~notices.importer.assignees` (lists of names and the
joint-lead rules), :mod:`~notices.importer.intros` (the phrases before an addressee) and
:mod:`~notices.importer.subjects` (the addressee written at a clause's start).
"""

from __future__ import annotations

import re

from notices.importer.assignees import _COMPANIES as _COMPANIES
from notices.importer.assignees import _Assignee as _Assignee
from notices.importer.assignees import _name_list as _name_list
from notices.importer.assignees import _Namer as _Namer
from notices.importer.intros import _ASKS as _ASKS
from notices.importer.intros import _COLON, _OPENING, _TOPIC_COLON_SPAN, _openings, _past
from notices.importer.intros import _LEADING as _LEADING
from notices.importer.intros import _REPORT_WORDS as _REPORT_WORDS
from notices.importer.local_lists import LOCAL_LIST, alone_before_semicolon
from notices.importer.names import _Name, _Names
from notices.importer.subjects import _subject_at as _subject_at
from notices.importer.subjects import _subject_span
from notices.importer.text import _clause_ends

# "… các dự án giao thông trọng điểm …, gồm 04 dự án: Tuyên Quang - Hà Giang …": what
# something is made of follows the colon, not an addressee.
# Nor are those who attended ("Cùng tham dự cuộc họp có các đồng chí …: Phó Thủ tướng …").
_COMPOSITION_BEFORE = re.compile(
    r"\b(?:bao )?gồm(?: [^\s,;:]+){0,3}$|\b(?:[Tt]ham dự|[Cc]ùng dự)\b[^.;:]{0,160}$"
    # "Tăng cường phối hợp giữa các cơ quan: Sở A, Sở B …": partners, not addressees.
    r"|\bphối hợp (?:giữa|với)\b[^.;:]{0,80}$"
)


def _addressee_at(
    flat: str, position: int, names: _Names, namer: _Namer, *, search: bool = False
) -> _Assignee | None:
    """The addressee a clause starting at ``position`` names, if it opens with one (see
    :func:`_addressee_span`)."""
    found = _addressee_span(flat, position, names, namer, search=search)
    return found[0] if found is not None else None


def _addressee_span(
    flat: str, position: int, names: _Names, namer: _Namer, *, search: bool = False
) -> tuple[_Assignee, int] | None:
    """The addressee a clause starting at ``position`` names and where its words end, if
    it opens with one; the end is where the task's own wording (its title) begins.

    Intro phrases are skipped ("Đồng thời,", "Về …,", "Giao", "Thủ tướng … yêu cầu"). With
    ``search`` the opening of the text may also hold the assignment further in ("Chỉ đạo
    …, Thủ tướng yêu cầu Bộ Tài chính …", "Ủng hộ về chủ trương, giao Bộ X chủ trì").
    """
    starts = _openings(flat, position)
    if search:
        # Only within the opening clause: a later sentence addressed to someone else
        # ("… EMC). Yêu cầu 07 Ủy ban nhân dân …") is an obligation of its own.
        clause_end = next(_clause_ends(flat, position), None)
        sentence_end = clause_end.start() if clause_end else len(flat)
        limit = min(len(flat), position + _OPENING, sentence_end)
        starts.extend(
            m.end() for m in _ASKS.finditer(flat, position, limit) if not _past(flat, position, m)
        )
        # "2. Đẩy mạnh hoàn thiện thể chế: Các bộ khẩn trương …": the addressee after the
        # item's inline heading.
        # Within the opening clause too: "…; phân định rõ trách nhiệm …. Bộ A làm việc … theo
        # hướng: Bộ B chủ trì …" — a later sentence's colon heads no topic of this one.
        colon = _COLON.search(
            flat, position, min(len(flat), position + _TOPIC_COLON_SPAN, sentence_end)
        )
        if (
            colon is not None
            and not _COMPOSITION_BEFORE.search(flat, position, colon.start())
            and not _KIND_BEFORE.search(flat, position, colon.start())
        ):
            starts.append(colon.end())
    for start in starts:
        # "Về các nội dung trên, Phó Thủ tướng Thường trực Chính phủ … yêu cầu các Bộ: …":
        # whoever asks at an opening, however far in, asks the body after the verb.
        ask = _ASKS.match(flat, start) if search else None
        if ask is not None and ask.end() > start:
            asked = _subject_span(flat, ask.end(), names, namer)
            if asked is not None:
                return asked
        found = _subject_span(flat, start, names, namer)
        if found is not None:
            return _asked(flat, start, found, names, namer)
    return None


# "Bộ trưởng Bộ Xây dựng yêu cầu các chủ đầu tư …", "Văn phòng Chính phủ đề nghị các Bộ …",
# "Phó Thủ tướng Hồ Đức Phớc yêu cầu Thống đốc …": the one who signs or speaks (a person,
# a minister, the Government Office) asks; the one named after the verb does the work. A body
# asked by the notice that asks others in turn ("Ủy ban nhân dân các tỉnh yêu cầu các Ban
# Quản lý dự án …") keeps the work, and so does one named before no one ("Bộ trưởng Bộ Nội
# vụ chỉ đạo chủ trì …", "Bộ trưởng … yêu cầu báo cáo …").
_ASKER = re.compile(
    r"(?:đồng chí\s+)?(?:Phó Thủ tướng|Văn phòng Chính phủ|Bộ trưởng|Lãnh đạo Bộ|Chủ tịch)(?!\w)"
)
_ASKS_SOMEONE = re.compile(r"\s*(?:cũng\s+)?(?:đã\s+)?(?:yêu cầu|đề nghị|giao)(?: cho)?\s+")


def _asked(
    flat: str, start: int, found: tuple[_Assignee, int], names: _Names, namer: _Namer
) -> tuple[_Assignee, int]:
    verb = _ASKS_SOMEONE.match(flat, found[1])
    # In a notice of a province's own, the province asking its bodies ("UBND tỉnh Nghệ An
    # yêu cầu UBND các phường …") asks as the notice does.
    issuer = namer.issuer is not None and found[0].lead_key == namer.issuer
    if verb is None or not (_ASKER.match(flat, start) or issuer):
        return found
    asked = _subject_span(flat, verb.end(), names, namer)
    return asked if asked is not None else found


_CO_TRIGGER = re.compile(
    r"(?i)(?<!\w)(?:phối hợp(?:\s+chặt chẽ)?(?:\s+(?:với|cùng|giữa))?|phối với|cùng với|(?<=chủ trì )cùng"
    # "Bộ Tài chính … trao đổi, thống nhất với Bộ Tư pháp và Bộ Tài nguyên và Môi trường …"
    r"|lấy ý kiến(?: của)?|thống nhất với)\s+"
)
_CO_FILLER = re.compile(
    r"\s*(?:[,():]|(?:và|các|cơ quan|đơn vị|tổ chức|có liên quan|liên quan|ngân hàng|địa phương"
    r"|bộ|ngành|cấp)(?!\w))\s*"
)


# "… phối hợp các Sở: Tài nguyên và Môi trường, Tư pháp …": the colon of a named list, not of
# an inline heading.
_KIND_BEFORE = re.compile(r"\b(?:[Ss]ở|[Bb]ộ|huyện|quận|thị xã|xã|phường|tỉnh)\s*$")
_SEMICOLON = re.compile(r"\s*;\s*")


def _co_names(flat: str, start: int, end: int, names: _Names) -> list[_Name]:
    """Agencies after "phối hợp (với)", "cùng với", "lấy ý kiến" between ``start`` and
    ``end``: a list of names, with fillers such as "và các cơ quan liên quan" in between."""
    found: list[_Name] = []
    for trigger in _CO_TRIGGER.finditer(flat, start, end):
        position = trigger.end()
        while position < end:
            name = names.by_start.get(position)
            if name is not None:
                if name.group_id is None and not name.vague:
                    found.append(name)
                position = name.end
                continue
            # "phối hợp các Sở: A, B; UBND các huyện: C, D": lists of a province's bodies.
            semicolon = _SEMICOLON.match(flat, position)
            after = semicolon.end() if semicolon else position
            opener = LOCAL_LIST.match(flat, after)
            if opener is not None:
                position = opener.end()
                continue
            if semicolon and alone_before_semicolon(flat, after, names):
                position = after  # "…, Xây dựng; Ban Quản lý khu kinh tế tỉnh; UBND …"
                continue
            filler = _CO_FILLER.match(flat, position)
            if filler is None or filler.end() == position:
                break
            position = filler.end()
    return found


_KIND_WORDS = re.compile(r"(?i)\b(?:bộ|ngành|cơ quan|địa phương|tỉnh|thành phố|sở|đơn vị)\b")


def _restates(found: _Assignee, current: _Assignee) -> bool:
    """Whether a loosely named collective is the addressee before it named again: narrowed
    ("… liên quan"), or of the same kind of body."""
    if "liên quan" in found.lead.lower():
        return True
    kinds = {m.group(0).lower() for m in _KIND_WORDS.finditer(current.lead)}
    return any(m.group(0).lower() in kinds for m in _KIND_WORDS.finditer(found.lead))
