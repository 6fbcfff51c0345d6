"""Words the use cases record or hand back: the system's name in a history, a task skipped
at import, a group task's history line. Plain text, stored as written. The chat's
catalogues are a higher layer than ``tracking``, so these few live here (and are checked
with them by ``tests/test_catalogue.py``)."""

from __future__ import annotations

from datetime import date, timedelta

from domain.deadline import Granularity


def fmt_date(day: date) -> str:
    """30/6/2025: day/month/year without leading zeros, as the office writes dates in prose.
    The one formatter of a calendar day, so every date the bot writes reads the same."""
    return f"{day.day}/{day.month}/{day.year}"


#: Who acted when nobody did (seeding, the scheduler), in a task's history.
SYSTEM_NAME = "hệ thống"

#: Who acted when a notice was stored from the command line (``bot.py import``).
CLI_NAME = "dòng lệnh"

#: Why a chat is inactive after the office took it off (stored, shown to admins).
REMOVED_BY_OFFICE = "văn phòng theo dõi đã gỡ"


def skipped_unknown_lead(ref: str, title: str, lead: str) -> str:
    """A task of an import that was not stored: its lead agency is not in the registry."""
    return f"{ref}: {title} — không rõ cơ quan chủ trì “{lead}”"


def members_detail(count: int) -> str:
    """The history line of a task given to a group: how many agencies carry it out."""
    return f"{count} cơ quan"


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(period: Granularity | None, due: date) -> str:
    """Which period of a recurring duty is due on ``due``: "kỳ tháng 3/2026", "kỳ quý
    I/2026", "kỳ năm 2026", "kỳ tuần 9/3–15/3/2026" (Monday to Sunday)."""
    match period:
        case Granularity.MONTHLY:
            return f"kỳ tháng {due.month}/{due.year}"
        case Granularity.QUARTERLY:
            return f"kỳ quý {_ROMAN[(due.month - 1) // 3 + 1]}/{due.year}"
        case Granularity.YEARLY:
            return f"kỳ năm {due.year}"
        case Granularity.WEEKLY:
            monday = due - timedelta(days=due.weekday())
            sunday = monday + timedelta(days=6)
            return f"kỳ tuần {monday.day}/{monday.month}–{sunday.day}/{sunday.month}/{sunday.year}"
        case _:
            return f"kỳ hạn {due.day}/{due.month}/{due.year}"


def period_done_detail(label: str, note: str) -> str:
    """The history line of one period of a recurring duty reported done."""
    return f"{label}: {note}" if note else label


def preview_warning(warning: str) -> str:
    """One of the importer's warnings, under the command line's preview."""
    return f"Lưu ý: {warning}"


__all__ = [
    "CLI_NAME",
    "REMOVED_BY_OFFICE",
    "SYSTEM_NAME",
    "members_detail",
    "period_done_detail",
    "period_label",
    "preview_warning",
    "skipped_unknown_lead",
]
