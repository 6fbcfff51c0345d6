"""What every catalogue of the chat shares: escaping, the deadline and time formats, the
status and history labels, the message budget and the split of long lists, the office's
default name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from html import escape
from zoneinfo import ZoneInfo

from domain.deadline import DeadlineKind, Granularity
from domain.status import EventKind, TaskStatus
from tracking.wording import fmt_date

#: Stay well under Telegram's 4096 characters (entities count after parsing).
MESSAGE_BUDGET = 3500


STATUS_LABEL = {
    TaskStatus.OPEN: "đang thực hiện",
    TaskStatus.LATE: "báo chậm",
    TaskStatus.DONE: "đã hoàn thành",
    TaskStatus.AWAITING: "chờ xác nhận hoàn thành",
    TaskStatus.CANCELLED: "đã rút",
}


EVENT_LABEL = {
    EventKind.CREATED: "Tạo nhiệm vụ",
    EventKind.DONE: "Báo hoàn thành",
    EventKind.LATE: "Báo chậm",
    EventKind.REOPENED: "Mở lại",
    EventKind.EDITED: "Sửa nhiệm vụ",
    EventKind.EXTENSION_PROPOSED: "Đề xuất lùi thời hạn",
    EventKind.EXTENSION_APPROVED: "Đồng ý gia hạn",
    EventKind.EXTENSION_REJECTED: "Không đồng ý gia hạn",
    EventKind.UNDONE: "Hoàn tác báo cáo",
    EventKind.SUBMITTED: "Báo hoàn thành (chờ xác nhận)",
    EventKind.CONFIRMED: "Xác nhận hoàn thành",
    EventKind.RETURNED: "Trả lại báo cáo hoàn thành",
    EventKind.CANCELLED: "Rút nhiệm vụ",
    EventKind.PROGRESS: "Tiến độ",
    EventKind.MOVED: "Chuyển cơ quan chủ trì",
    EventKind.PERIOD_DONE: "Báo hoàn thành một kỳ",
}


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def e(text: object) -> str:
    """Escape for Telegram HTML."""
    return escape(str(text), quote=False)


def fmt_due(due: date | None, granularity: Granularity | None, kind: DeadlineKind) -> str:
    """A due date as precise as the notice was."""
    if kind is DeadlineKind.ONGOING:
        return "thường xuyên"
    if kind is DeadlineKind.RECURRING:
        period = {
            Granularity.WEEKLY: "hằng tuần",
            Granularity.MONTHLY: "hằng tháng",
            Granularity.QUARTERLY: "hằng quý",
            Granularity.YEARLY: "hằng năm",
        }
        return period.get(granularity, "định kỳ") if granularity else "định kỳ"
    if due is None:
        return "chưa xác định thời hạn"
    if granularity is Granularity.MONTH:
        return f"tháng {due.month}/{due.year} ({fmt_date(due)})"
    if granularity is Granularity.QUARTER:
        return f"Quý {_ROMAN[(due.month - 1) // 3 + 1]}/{due.year} ({fmt_date(due)})"
    if granularity is Granularity.HALF:
        return f"{'6 tháng đầu' if due.month == 6 else '6 tháng cuối'} năm {due.year} ({fmt_date(due)})"
    if granularity is Granularity.YEAR:
        return f"năm {due.year} ({fmt_date(due)})"
    return fmt_date(due)


def chunk(header: str, items: Sequence[str], footer: str = "") -> list[str]:
    """Split ``items`` into messages under the budget; header on the first, footer on the last."""
    messages: list[str] = []
    current = header
    for item in items:
        if len(current) + len(item) + 2 > MESSAGE_BUDGET and current:
            messages.append(current.rstrip())
            current = ""
        current += ("\n\n" if current else "") + item
    if footer:
        if len(current) + len(footer) + 2 > MESSAGE_BUDGET:
            messages.append(current.rstrip())
            current = footer
        else:
            current += "\n\n" + footer
    messages.append(current.rstrip())
    return messages


OFFICE = "Văn phòng theo dõi"
"""The office's name when none is configured (``OFFICE_NAME``)."""


def fmt_time(at: time) -> str:
    return f"{at:%H:%M}"


def fmt_instant(at: datetime, tz: ZoneInfo) -> str:
    """2/12/2026 10:00: the day as in prose, the time with its zero (08:30)."""
    local = at.astimezone(tz)
    return f"{fmt_date(local.date())} {local:%H:%M}"
