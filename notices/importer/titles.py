"""Task titles: a short form of an obligation's wording, from its verb on."""

from __future__ import annotations

import re
from datetime import date

from notices.finder import find_deadlines
from notices.importer.addressees import (
    _ASKS,
    _CLOSING,
    _CO_FILLER,
    _CO_TRIGGER,
    _COMPANIES,
    _EXPLICIT_LIST,
    _INVESTOR,
    _LEADING,
    _OPENING,
    _TITLE_BEFORE_NAME,
    _name_list,
    _openings,
)
from notices.importer.header import _cut_title
from notices.importer.model import TITLE_MAX
from notices.importer.names import _Names
from notices.importer.text import _SPACES, _clause_ends

_TITLE_LEAD_IN = re.compile(
    r"(?i)(?:(?:khẩn trương|sớm|ngay|kịp thời|có trách nhiệm|chủ động)\s*[,:]?\s*)+"
)
_TITLE_ENUMERATION = re.compile(r"[\s:;,.\-–]*(?:\((?:[ivx]+|\d+)\)\s*)?")
_TITLE_CHAIR = re.compile(r"(?i)(?:chủ trì\s*,?\s*)")
_REGULARLY = re.compile(r"(?i)thường xuyên(?=\s)")
_AND_COMPANIES = re.compile(r"(?:và\s+)?" + _COMPANIES.pattern)
_ROLE = re.compile(r",?\s*với vai trò(?: là)? [^,;.]{1,100},\s*")
_VAGUE_TAIL = re.compile(r"\s*(?:có )?liên quan(?!\w)")


def _skip_list(flat: str, position: int, end: int, names: _Names) -> int:
    """Past a co-operation list ("Bộ Y tế, Bệnh viện Bạch Mai và các cơ quan liên quan");
    ``position`` itself when the list names no one ("các doanh nghiệp viễn thông")."""
    cursor, named = position, False
    while cursor < end:
        name = names.by_start.get(cursor)
        if name is not None:
            cursor, named = name.end, True
            continue
        filler = _CO_FILLER.match(flat, cursor)
        if filler is None or filler.end() == cursor:
            break
        cursor = filler.end()
    vague = flat[position:cursor].rstrip().endswith("liên quan")
    return cursor if named or vague else position


def _verb_start(flat: str, start: int, end: int, names: _Names) -> int:
    """Where the obligation's verb phrase begins: after intro phrases, the addressee,
    "chủ trì, phối hợp với …", urgency words and an enumeration mark."""
    position = start
    asks = [m.end() for m in _ASKS.finditer(flat, start, min(end, start + _OPENING))]
    for ask in asks:
        title = _TITLE_BEFORE_NAME.match(flat, ask)
        investor = _INVESTOR.match(flat, ask)
        if (
            ask in names.by_start
            or _EXPLICIT_LIST.match(flat, ask)
            or (title is not None and title.end() in names.by_start)
        ):
            position = ask
            break
        if investor is not None and investor.end() in names.by_start:
            # "Yêu cầu Nhà đầu tư (Tập đoàn Đèo Cả) rà soát …"
            name_end = names.by_start[investor.end()].end
            closing = _CLOSING.match(flat, name_end)
            position = closing.end() if closing else name_end
            break
    for _ in range(5):
        moved = position
        for opening in _openings(flat, position)[1:]:
            companies = _COMPANIES.match(flat, opening)
            if (
                opening in names.by_start
                or _EXPLICIT_LIST.match(flat, opening)
                or (companies is not None and companies.end() in names.by_start)
            ):
                position = opening
                break
        else:
            intro = _LEADING.match(flat, position)
            if intro and intro.end() > position:
                position = intro.end()
        listed = _EXPLICIT_LIST.match(flat, position)
        if listed and listed.end() in names.by_start:
            position = listed.end()
        for _ in range(2):
            # "Các Bộ, cơ quan liên quan và các Tập đoàn: A, B, C theo chức năng …"
            companies = _AND_COMPANIES.match(flat, position)
            if companies and companies.end() in names.by_start:
                position = companies.end()
            found, after = _name_list(flat, position, names)
            if not found:
                break
            position = after
            vague = _VAGUE_TAIL.match(flat, position)
            if vague:
                position = vague.end()
            role = _ROLE.match(flat, position)  # "Bộ Xây dựng với vai trò là cơ quan …, …"
            if role:
                position = role.end()
            while flat[position : position + 1] == " ":
                position += 1
        chair = _TITLE_CHAIR.match(flat, position)
        if chair:
            position = chair.end()
        co = _CO_TRIGGER.match(flat, position)
        if co:
            skipped = _skip_list(flat, co.end(), end, names)
            # A list that names no one ("phối hợp chặt chẽ với các doanh nghiệp viễn thông")
            # is part of what must be done.
            position = skipped if skipped > co.end() else position
        lead_in = _TITLE_LEAD_IN.match(flat, position)
        if lead_in and lead_in.end() > position:
            position = lead_in.end()
        enumeration = _TITLE_ENUMERATION.match(flat, position)
        if enumeration and enumeration.end() > position:
            position = enumeration.end()
        if position == moved:
            break
    return min(position, end)


def _title(flat: str, start: int, end: int, names: _Names, issued: date) -> str:
    """The verb phrase of the obligation's first clause, without who and when."""
    position = _verb_start(flat, start, end, names)
    clause_end = end
    for boundary in _clause_ends(flat, position, end):
        if not names.inside(boundary.start()):
            clause_end = boundary.start()
            break
    clause = flat[position:clause_end]
    # The deadline is shown beside the title, so its wording is left out of the title.
    for match in reversed(find_deadlines(clause, issued)):
        clause = clause[: match.start] + clause[match.end :]
    clause = re.sub(r"\s+([,;.])", r"\1", _SPACES.sub(" ", clause))
    clause = clause.strip(" ,;:.-–")
    if not clause:
        clause = flat[start:end].strip(" ,;:.")
    return _cut_title(clause[:1].upper() + clause[1:], TITLE_MAX)
