"""Task tables ("TT | Nội dung | Cơ quan chủ trì | … | Thời gian"): one unit per row."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from notices.deadlines import normalise_text
from notices.importer.addressees import _Assignee
from notices.importer.text import _flat
from notices.importer.units import _Reader, _Unit

_TABLE_COLUMNS = (
    ("lead", ("chủ trì",)),
    ("co", ("phối hợp",)),
    ("when", ("thời gian", "thời hạn", "tiến độ")),
    ("what", ("nội dung", "nhiệm vụ")),
)


def _columns(cells: Sequence[str]) -> dict[str, int] | None:
    """The columns of a task table's header row, or ``None`` for any other row."""
    lowered = [normalise_text(cell) for cell in cells]
    found: dict[str, int] = {}
    for index, cell in enumerate(lowered):
        for key, words in _TABLE_COLUMNS:
            if any(word in cell for word in words):
                found.setdefault(key, index)
                break
    return found if "lead" in found and "what" in found else None


def _cell(cells: Sequence[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else ""


_SECTION_CELL = re.compile(r"[IVX]{1,6}|[A-H]")
_ELISION = re.compile(r"^[\s.…]+$")
_SECTION_LINE = re.compile(r"^[ \t]*([IVX]{1,6}|[A-H])\.[ \t]+[^\W\d_]")
_CELL_PARTS = re.compile(r"(\s*[;,]\s*|\s+và\s+)")
_VAGUE_CELL = re.compile(
    r"(?i)^(?:các\s|cơ quan\b|đơn vị\b|địa phương\b)|liên quan$"
    # "UBND các xã, phường": the communes, a collective.
    r"|^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+các\s+(?:xã|phường|huyện|quận|đặc khu)\b"
)
# A part that starts with one of these words names a body of its own; any other part goes on
# with the name before it ("Sở Văn hóa, Thể thao và Du lịch").
_BODY_START = re.compile(
    r"(?i)^(?:các\s|(?:bộ|sở|ban|ủy ban|uỷ ban|ubnd|tập đoàn|tổng công ty|công ty|doanh nghiệp"
    r"|ngân hàng|cơ quan|đơn vị|văn phòng|trung tâm|hội|hiệp hội|liên minh|viện|đài|báo"
    r"|trường|bệnh viện|công an|bộ chỉ huy|bch|kho bạc|chi cục|cục|vụ|phòng|thanh tra"
    r"|tỉnh|thành phố|xã|phường|đoàn|mặt trận|liên đoàn|hải quan|cảng vụ|quỹ)(?!\w))"
)


# "Sở Khoa học và Công nghệ Sở Công Thương": two departments written without a comma. Not
# after words that make a department part of a name ("Văn phòng Sở …", "Giám đốc Sở …").
_RUN_ON_DEPARTMENT = re.compile(r"(?<!\bphòng)(?<!\btra)(?<!\bđốc)(?<!\bcủa)(?<=\w) (?=Sở [A-ZĐ])")


def _cell_bodies(cell: str) -> list[str]:
    """The named bodies of a "Cơ quan phối hợp" cell ("Sở Tài chính và cơ quan, địa
    phương liên quan" → "Sở Tài chính"; "Văn phòng Ban Chỉ huy; các sở, ban, ngành" →
    "Văn phòng Ban Chỉ huy"; "Ban Quản lý Khu kinh tế, Sở Công Thương, các doanh nghiệp
    viễn thông" → the first two): parts separated by ";", "," or "và" where the next part
    names a body of its own, without the vague ones."""
    pieces = _CELL_PARTS.split(_flat(cell))
    parts: list[str] = [pieces[0]] if pieces else []
    for index in range(1, len(pieces) - 1, 2):
        joiner, piece = pieces[index], pieces[index + 1]
        # After a comma only a capitalised body or "các …" starts a part: "các sở, ban,
        # ngành tỉnh" and "UBND các xã, phường" stay whole.
        comma = "," in joiner
        starts = _BODY_START.match(piece) and (
            not comma or piece[:1].isupper() or piece.startswith("các ")
        )
        if ";" in joiner or starts or not parts:
            parts.append(piece)
        else:
            parts[-1] += joiner + piece
    parts = [piece for part in parts for piece in _RUN_ON_DEPARTMENT.split(part)]
    parts = [part.strip(" .,") for part in parts]
    return [part for part in parts if part and not _VAGUE_CELL.search(part)]


def _table_units(text: str, reader: _Reader) -> list[_Unit]:
    """Rows of a task table (cells joined by "|"): ``PL.<section>.<row number>`` under a
    section row ("II | TRIỂN KHAI …"), ``PL.<row number>`` outside one (or after an elision
    row "…....", where the section is not known)."""
    units: list[_Unit] = []
    columns: dict[str, int] | None = None
    section: str | None = None
    for line in text.split("\n"):
        if "|" not in line:
            heading = _SECTION_LINE.match(line)
            if heading is not None and columns is not None:
                section = heading.group(1)
            elif _ELISION.match(line) and line.strip():
                section = None
            elif line.strip():
                columns, section = None, None
            continue
        cells = [cell.strip() for cell in line.split("|")]
        header = _columns(cells)
        if header is not None:
            columns, section = header, None
            continue
        if columns is None:
            continue
        if _SECTION_CELL.fullmatch(cells[0].rstrip(".")):
            section = cells[0].rstrip(".")
            continue
        if not cells[0].rstrip(".").isdigit():
            continue
        lead_text, co_text = _cell(cells, columns, "lead"), _cell(cells, columns, "co")
        lead: _Assignee | None = None
        if lead_text:
            first, _, others = lead_text.partition(";")
            lead = reader.namer.written(first)
            co: list[str] = []
            for body in [*_cell_bodies(others), *_cell_bodies(co_text)]:
                named = reader.namer.written(body)
                if not named.lead_known:
                    reader.note_unknown(named.lead)
                if named.lead != lead.lead and named.lead_key not in (
                    g.id for g in reader.registry.groups()
                ):
                    co.append(named.lead)
            lead = replace(lead, co=tuple(dict.fromkeys(co)))
        number = cells[0].rstrip(".")
        units.append(
            _Unit(
                ref=f"PL.{section}.{number}" if section else f"PL.{number}",
                text=_cell(cells, columns, "what"),
                inherited=lead,
                deadline_text=_cell(cells, columns, "when") or None,
            )
        )
    return units
