"""What the office reads in its daily digest (``ADMIN_NOTIFY=digest``).

Same rules as ``chat.messages``: Vietnamese, Telegram HTML, every value escaped, dates
d/m/yyyy, times and numbers from the settings or the database. A note's own line was
rendered (and escaped) by the catalogue that wrote it; this module only arranges them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from chat.fitting import fit
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


def office_digest(day: date, at: time, notes: Sequence[OfficeNote]) -> list[str]:
    """The day's digest: a headline of counts, then one section per kind, each note on a
    bullet; split on line boundaries when it is longer than one message."""
    by_kind = {kind: [n for n in notes if n.kind is kind] for kind, _, _ in SECTIONS}
    counts = [f"{len(by_kind[kind])} {words}" for kind, _, words in SECTIONS if by_kind[kind]]
    lines = [
        f"📋 <b>Tổng hợp trong ngày {fmt_date(day)}</b> (đến {at:%H:%M})",
        " · ".join(counts) + ".",
    ]
    for kind, heading, _ in SECTIONS:
        if not by_kind[kind]:
            continue
        lines += ["", f"<b>{heading} ({len(by_kind[kind])})</b>"]
        lines += [f"• {note.html}" for note in by_kind[kind]]
    return fit("\n".join(lines))


__all__ = ["SECTIONS", "office_digest"]
