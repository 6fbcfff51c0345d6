"""Task titles: a short form of an obligation's wording, from its verb on."""

from __future__ import annotations

import re
from datetime import date

from notices.finder import find_deadlines
from notices.importer.addressees import (
    _CO_FILLER,
    _CO_TRIGGER,
    _COMPANIES,
    _LEADING,
    _addressee_span,
    _name_list,
    _Namer,
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
# "… liên quan", "Các địa phương có dự án đi qua …": words that narrow the addressee.
_VAGUE_TAIL = re.compile(
    r"\s*(?:(?:có )?liên quan|(?:nơi )?có (?:dự án|tuyến|công trình)(?: \w+){0,4}? đi qua)(?!\w)"
)


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


def _verb_start(flat: str, start: int, end: int, names: _Names, namer: _Namer) -> int:
    """Where the obligation's verb phrase begins: where its addressee ends, as
    :func:`_addressee_span` reads it (or after the intro phrases when the clause names
    none), then past what may follow an addressee — further names, "chủ trì, phối hợp
    với …", urgency words and an enumeration mark."""
    found = _addressee_span(flat, start, names, namer, search=True)
    position = found[1] if found is not None else start
    while found is None:
        intro = _LEADING.match(flat, position)
        if intro is None or intro.end() == position:
            break
        position = intro.end()
    for _ in range(5):
        moved = position
        position = _past_names(flat, position, names)
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


def _past_names(flat: str, position: int, names: _Names) -> int:
    """Past names that follow an addressee's ("Các Bộ, cơ quan liên quan và các Tập đoàn:
    A, B, C theo chức năng …"), "… liên quan" and "với vai trò là …, "."""
    for _ in range(2):
        companies = _AND_COMPANIES.match(flat, position)
        if companies and companies.end() in names.by_start:
            position = companies.end()
        found, after = _name_list(flat, position, names)
        if found:
            position = after
        vague = _VAGUE_TAIL.match(flat, position)
        if vague:
            position = vague.end()
        role = _ROLE.match(flat, position)  # "Bộ Xây dựng với vai trò là cơ quan …, …"
        if role:
            position = role.end()
        while flat[position : position + 1] == " ":
            position += 1
        if not found:
            break
    return position


def _title(flat: str, start: int, end: int, names: _Names, namer: _Namer, issued: date) -> str:
    """The verb phrase of the obligation's first clause, without who and when."""
    position = _verb_start(flat, start, end, names, namer)
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
