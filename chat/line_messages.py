"""One task of a list as a phone shows it, and what a list says of its tasks. Telegram
HTML, escaped.

* One task in two lines, status first: "⛔ #1 · quá hạn 290 ngày · hạn 10/5/2024", then the
  title cut at about 70 characters (the full text is in /task).
* Grouped, most urgent first: ⛔ quá hạn · ⏰ đến hạn (today … 7 days) · 🔔 sắp đến hạn ·
  ❔ chưa xác định thời hạn.
* A reminder's title names its worst item; its counts say how bad ("4 quá hạn, 2 đến hạn
  trong 7 ngày tới"); far windows are quiet.

The pages these lines are arranged in are ``chat.list_messages``'.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date
from html import escape

from chat.status_words import proposal_mark
from domain.deadline import DeadlineKind, Granularity
from domain.status import TaskStatus
from domain.task_line import TaskLine
from tracking.wording import period_label

#: Where a title is cut in a list.
TITLE_CHARS = 70
#: Tasks due within this many days are "đến hạn"; later ones "sắp đến hạn".
DUE_DAYS = 7
#: A reminder whose most urgent task is at least this far away is sent silently.
QUIET_DAYS = 14
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Urgency(enum.IntEnum):
    OVERDUE = 0
    DUE = 1
    SOON = 2
    UNDATED = 3


#: The groups in their order (iterating the enum class itself is slow in a sweep's loop).
_URGENCIES = tuple(Urgency)

MARK = {Urgency.OVERDUE: "⛔", Urgency.DUE: "⏰", Urgency.SOON: "🔔", Urgency.UNDATED: "❔"}
GROUP = {
    Urgency.OVERDUE: "Quá hạn",
    Urgency.DUE: "Đến hạn",
    Urgency.SOON: "Sắp đến hạn",
    Urgency.UNDATED: "Chưa xác định thời hạn",
}


def e(text: object) -> str:
    return escape(str(text), quote=False)


def day(value: date) -> str:
    """A date in prose: 30/6/2025."""
    return f"{value.day}/{value.month}/{value.year}"


def urgency(line: TaskLine, today: date) -> Urgency:
    left = line.days_left(today)
    if left is None:
        return Urgency.UNDATED
    if left < 0:
        return Urgency.OVERDUE
    return Urgency.DUE if left <= DUE_DAYS else Urgency.SOON


def due_words(line: TaskLine) -> str:
    """The deadline as precise as the notice was: "hạn 10/5/2024", "hạn tháng 7/2025"."""
    if line.kind is DeadlineKind.ONGOING:
        return "thường xuyên"
    if line.kind is DeadlineKind.RECURRING:
        if line.due is None:
            return "định kỳ"
        return f"{period_label(line.granularity, line.due)} · hạn {day(line.due)}"
    due = line.due
    if due is None:
        phrase = f" (văn bản ghi “{e(line.phrase[:40])}”)" if line.phrase else ""
        return f"chưa xác định thời hạn{phrase}"
    match line.granularity:
        case Granularity.MONTH:
            return f"hạn tháng {due.month}/{due.year}"
        case Granularity.QUARTER:
            return f"hạn Quý {_ROMAN[(due.month - 1) // 3 + 1]}/{due.year}"
        case Granularity.YEAR:
            return f"hạn năm {due.year}"
        case _:
            return f"hạn {day(due)}"


def left_words(line: TaskLine, today: date) -> str:
    return _left_words(line.days_left(today))


def _left_words(left: int | None) -> str:
    if left is None:
        return ""
    if left < 0:
        return f"<b>quá hạn {-left} ngày</b>"
    if left == 0:
        return "<b>đến hạn hôm nay</b>"
    return f"còn {left} ngày"


def cut(title: str, limit: int = TITLE_CHARS) -> str:
    if len(title) <= limit:
        return title
    return title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-") + "…"


def task_item(line: TaskLine, today: date, owner: str = "") -> str:
    """Two lines: status first, then the title (and a predecessor the task was assigned to)."""
    return _item(line, owner, urgency(line, today), line.days_left(today))


def _item(line: TaskLine, owner: str, group: Urgency, days_left: int | None) -> str:
    """:func:`task_item` of a line whose urgency and days left are known."""
    parts = [f"{MARK[group]} <b>#{line.task_id}</b>"]
    left = _left_words(days_left)
    if left:
        parts.append(left)
    parts.append(due_words(line))
    if line.status is TaskStatus.LATE:
        parts.append("đã báo cáo chậm")
    second = e(cut(line.title))
    if owner and line.assigned_as != owner:
        second += f" — giao cho {e(line.assigned_as)}"
    return " · ".join(parts) + proposal_mark(line.proposed_due) + "\n" + second


def counts(lines: Sequence[TaskLine], today: date) -> dict[Urgency, int]:
    found = dict.fromkeys(_URGENCIES, 0)
    for line in lines:
        found[urgency(line, today)] += 1
    return found


_SUMMARY_WORDS = {
    Urgency.OVERDUE: "quá hạn",
    Urgency.DUE: f"đến hạn trong {DUE_DAYS} ngày tới",
    Urgency.SOON: "sắp đến hạn",
    Urgency.UNDATED: "chưa xác định thời hạn",
}


def summary(lines: Sequence[TaskLine], today: date) -> str:
    """ "4 quá hạn, 2 đến hạn trong 7 ngày tới, 1 sắp đến hạn, 1 chưa xác định thời hạn"."""
    return _summary_of(counts(lines, today))


def _summary_of(found: dict[Urgency, int]) -> str:
    return ", ".join(f"{found[u]} {_SUMMARY_WORDS[u]}" for u in _URGENCIES if found[u])


def worst(lines: Sequence[TaskLine], today: date) -> Urgency:
    return min((urgency(line, today) for line in lines), default=Urgency.UNDATED)


def _worst_of(found: dict[Urgency, int]) -> Urgency:
    """The most urgent group with a task (undated when there is none), from the counts."""
    return next((u for u in _URGENCIES if found[u]), Urgency.UNDATED)


def quiet(lines: Sequence[TaskLine], today: date) -> bool:
    """A far window (30 or 14 days ahead): nothing due sooner, so no need to ring."""
    lefts = [line.days_left(today) for line in lines]
    dated = [left for left in lefts if left is not None]
    return bool(dated) and len(dated) == len(lefts) and min(dated) >= QUIET_DAYS


def reminder_title(lines: Sequence[TaskLine], today: date) -> str:
    """The reminder's title names its worst item."""
    return _title_of(lines, today, counts(lines, today))


def _title_of(lines: Sequence[TaskLine], today: date, found: dict[Urgency, int]) -> str:
    """:func:`reminder_title` with the lines' counts already made."""
    most = _worst_of(found)
    match most:
        case Urgency.OVERDUE:
            text = f"{found[Urgency.OVERDUE]} nhiệm vụ quá hạn"
        case Urgency.DUE:
            soonest = min(
                line.days_left(today) or 0 for line in lines if urgency(line, today) is Urgency.DUE
            )
            text = "Nhiệm vụ đến hạn hôm nay" if soonest == 0 else "Nhiệm vụ đến hạn"
        case Urgency.SOON:
            text = "Nhiệm vụ sắp đến hạn"
        case _:
            text = "Nhiệm vụ chưa xác định thời hạn"
    return f"{MARK[most]} <b>Nhắc việc: {text}</b>"
