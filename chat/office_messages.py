"""What the office reads in its daily digest (``ADMIN_NOTIFY=digest``): one message, a long
day's paged with ◀ ▶ that edit it in place.

Same rules as ``chat.messages``: Vietnamese, Telegram HTML, every value escaped, dates
d/m/yyyy, times and numbers from the settings or the database. A note's own line was
rendered (and escaped) by the catalogue that wrote it; this module only arranges them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, time

from chat import list_messages
from chat.fitting import shorten
from chat.messages import fmt_date
from domain.status import OfficeNoteKind
from tracking.office import OfficeNote

#: The digest's sections, most pressing first, with their heading and the headline's words.
SECTIONS: tuple[tuple[OfficeNoteKind, str, str], ...] = (
    (
        OfficeNoteKind.ESCALATION,
        "🚨 Nhiệm vụ nhắc nhiều lần chưa được trả lời",
        "nhiệm vụ nhắc nhiều lần chưa được trả lời",
    ),
    (OfficeNoteKind.UNREACHABLE, "⚠️ Không gửi được tin", "cán bộ đầu mối không nhận được tin"),
    (OfficeNoteKind.REPORT, "📨 Báo cáo của cán bộ đầu mối", "báo cáo"),
    (OfficeNoteKind.PROGRESS, "📝 Cập nhật tiến độ", "cập nhật tiến độ"),
    (OfficeNoteKind.JOINED, "👤 Cán bộ đầu mối mới đăng ký", "cán bộ đầu mối mới"),
)


#: Notes on one page of the digest, at most (fewer when they are long).
PAGE_NOTES = 20
#: Characters of notes one page takes, at most: with the headline it stays one message.
_PAGE_TEXT = 3200
_AT = re.compile(r"^📋 Tổng hợp trong ngày \d{1,2}/\d{1,2}/\d{4} \(đến (\d{1,2}):(\d{2})\)$")

Keyboard = list[list[dict[str, str]]]


def _ordered(notes: Sequence[OfficeNote]) -> list[OfficeNote]:
    """The notes by section, most pressing first, each section in the order written."""
    return [n for kind, _, _ in SECTIONS for n in notes if n.kind is kind]


def _paged(notes: Sequence[OfficeNote]) -> list[list[OfficeNote]]:
    """The ordered notes cut into pages: :data:`PAGE_NOTES` at most, and no more text than
    one message holds (a note longer than that alone on its page, cut)."""
    pages: list[list[OfficeNote]] = [[]]
    size = 0
    for note in _ordered(notes):
        if pages[-1] and (len(pages[-1]) == PAGE_NOTES or size + len(note.html) > _PAGE_TEXT):
            pages.append([])
            size = 0
        pages[-1].append(note)
        size += len(note.html) + 3
    return pages


def office_digest(
    day: date, at: time, notes: Sequence[OfficeNote], page: int = 0
) -> tuple[str, Keyboard]:
    """One page of the day's digest: the headline of the whole day's counts, then the page's
    notes under their sections, one bullet each, and ◀ ▶ (``pg:o<yyyymmdd>:<page>``, the
    digest found again by its day) editing the
    message in place when there are several pages (it is one message, never several)."""
    by_kind = {kind: [n for n in notes if n.kind is kind] for kind, _, _ in SECTIONS}
    counts = [f"{len(by_kind[kind])} {words}" for kind, _, words in SECTIONS if by_kind[kind]]
    pages = _paged(notes)
    page = min(max(page, 0), len(pages) - 1)
    lines = [
        f"📋 <b>Tổng hợp trong ngày {fmt_date(day)}</b> (đến {at:%H:%M})",
        " · ".join(counts) + ".",
    ]
    current: OfficeNoteKind | None = None
    for note in pages[page]:
        if note.kind is not current:
            heading = next(h for kind, h, _ in SECTIONS if kind is note.kind)
            lines += ["", f"<b>{heading} ({len(by_kind[note.kind])})</b>"]
            current = note.kind
        lines.append(f"• {note.html}")
    if len(pages) > 1:
        lines += ["", f"Trang {page + 1}/{len(pages)}; bấm ◀ ▶ để xem tiếp."]
    pager = list_messages.pager("", page, len(pages), prefix=f"pg:o{day:%Y%m%d}")
    return shorten("\n".join(lines)), pager


def digest_time(text: str) -> time | None:
    """The time a digest's first line says it runs to, read back from the message (as the
    client shows it) so that every page says the same; None when it is not a digest."""
    match = _AT.search(text.split("\n", 1)[0])
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def digest_missing() -> str:
    """◀ ▶ under a message that is no longer a digest the office can page."""
    return (
        "Bản tổng hợp này không còn xem lại được. Nội dung các báo cáo vẫn được lưu trong "
        "lịch sử từng nhiệm vụ (/task)."
    )


__all__ = ["PAGE_NOTES", "SECTIONS", "digest_missing", "digest_time", "office_digest"]
