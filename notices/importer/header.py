"""The notice's header: its number, its issue date and its title."""

from __future__ import annotations

import re
from datetime import date

from notices.importer.model import Layout
from notices.importer.text import _BLANK_LINE, _flat

_HEAD = 3000
_NUMBER = re.compile(r"\bSố\s*:\s*(\d+[\w.\-]*/[\w\-/]+(?:\.[\w\-/]+)*)")
# A letter's subject line ("Số: 11554/VPCP-V.I V/v nâng cao hiệu quả … | Hà Nội, ngày …").
_SUBJECT = re.compile(r"\bV/v\s+([^|\n]+)")
_ISSUED = re.compile(r"(?<=\w),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_ARTICLE_DATE = re.compile(r"\A\s*date\s+(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?!\d)")
_POSTED = re.compile(
    r"(?:Ngày đăng|(?:Giờ|Thời gian) đăng bài viết gốc)\s*:\s*(?:\d{1,2}:\d{2}\s+(?:ngày\s+)?)?"
    r"(\d{1,2})/(\d{1,2})/(\d{4})"
)
_DOC_TYPE = re.compile(
    r"^[ \t]*(THÔNG BÁO|KẾ HOẠCH|NGHỊ QUYẾT|CHỈ THỊ|CÔNG ĐIỆN|QUYẾT ĐỊNH)[ \t]*$", re.M
)


_SECTION = re.compile(r"[ \t]*(?:[IVX]{1,6}|[A-H]|\d{1,2})\.[ \t]")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _read_number(text: str) -> str | None:
    match = _NUMBER.search(text, 0, _HEAD)
    return match.group(1) if match else None


def _read_issued(text: str) -> tuple[date | None, str | None]:
    """The issue date and, when it was only partly given, a warning saying how it was read."""
    match = _ISSUED.search(text, 0, _HEAD)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _safe_date(year, month, day), None
    match = _ARTICLE_DATE.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if match.group(3) is not None:
            return _safe_date(year, month, int(match.group(3))), None
        found = _safe_date(year, month, 1)
        warning = (
            f"Bài viết chỉ ghi tháng {month}/{year}, không ghi ngày: thời hạn được tính từ "
            f"ngày 1/{month}/{year} (ghi ngày ban hành chính xác bằng --issued)."
        )
        return found, warning if found else None
    match = _POSTED.search(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _safe_date(year, month, day), None
    return None, None


def _cut_title(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–") + "…"


def _read_title(text: str, layout: Layout) -> str:
    match = _DOC_TYPE.search(text, 0, _HEAD)
    if layout is Layout.FORMAL and match:
        lines: list[str] = []
        for line in text[match.end() :].lstrip("\n").split("\n"):
            stripped = line.strip()
            if not stripped:
                if lines:
                    break
                continue
            if (
                any(c.islower() for c in stripped)
                or stripped == "CHÍNH PHỦ"
                or _SECTION.match(line)
            ):
                break
            lines.append(stripped)
        return _flat(" ".join(lines)) or match.group(1)
    subject = _SUBJECT.search(text, 0, _HEAD)
    if subject is not None and match is None:
        return _cut_title("V/v " + _flat(subject.group(1)), 200)
    first = _ARTICLE_DATE.sub("", text.lstrip(), count=1)
    for block in _BLANK_LINE.split(first):
        if block.strip():
            return _cut_title(_flat(block), 200)
    return ""
