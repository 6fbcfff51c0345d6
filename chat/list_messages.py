"""Task lists for a phone screen: reminders and /tasks. Telegram HTML, escaped.

* One task in two lines, status first: "⛔ #1 · quá hạn 290 ngày · hạn 10/5/2024", then the
  title cut at about 70 characters (the full text is in /task).
* Grouped, most urgent first: ⛔ quá hạn · ⏰ đến hạn (today … 7 days) · 🔔 sắp đến hạn ·
  ❔ chưa xác định thời hạn.
* The first two lines carry the message: the worst item in the title, then who, how many,
  how bad ("Bộ Tài chính có 6 nhiệm vụ cần báo cáo: 4 quá hạn, 2 đến hạn trong 7 ngày tới.").
* At most :data:`PAGE_SIZE` tasks per message; the message carries those tasks' buttons, and
  a longer list pages with ◀ ▶ buttons that edit the message in place (``pg:…``).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from chat.status_words import proposal_mark
from domain.deadline import DeadlineKind, Granularity
from domain.status import TaskStatus
from domain.task_line import TaskLine
from tracking.views import AgencyOverview
from tracking.wording import period_label

Keyboard = list[list[dict[str, str]]]

#: Tasks on one message (a phone screen and a half).
PAGE_SIZE = 8
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


@dataclass(frozen=True, slots=True)
class Page:
    """One message of a list: its text, the tasks it shows (for their buttons), and where
    it stands among the pages."""

    html: str
    task_ids: list[int]
    page: int
    pages: int


def page_count(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def _grouped(lines: Sequence[TaskLine], today: date, owner: str) -> str:
    blocks: list[str] = []
    current: Urgency | None = None
    for line in lines:
        left = line.days_left(today)
        group = urgency(line, today)
        if group is not current:
            blocks.append(_HEADINGS[group])
            current = group
        blocks.append(_item(line, owner, group, left))
    return "\n".join(blocks)


_HEADINGS = {u: f"<b>{MARK[u]} {GROUP[u]}</b>" for u in _URGENCIES}


def _window(lines: Sequence[TaskLine], page: int) -> tuple[int, list[TaskLine]]:
    pages = page_count(len(lines))
    page = min(max(page, 0), pages - 1)
    return page, list(lines[page * PAGE_SIZE : (page + 1) * PAGE_SIZE])


def _page_line(page: int, pages: int, total: int) -> str:
    if pages == 1:
        return ""
    first = page * PAGE_SIZE + 1
    last = min(total, first + PAGE_SIZE - 1)
    return (
        f"\nTrang {page + 1}/{pages} (nhiệm vụ {first}–{last} trong {total}); bấm ◀ ▶ để xem tiếp."
    )


def reminder_page(agency: str, lines: Sequence[TaskLine], today: date, page: int = 0) -> Page:
    """One page of a reminder (``lines`` sorted most urgent first)."""
    page, shown = _window(lines, page)
    pages = page_count(len(lines))
    found = counts(lines, today)
    head = (
        f"{_title_of(lines, today, found)}\n"
        f"{e(agency)} có {len(lines)} nhiệm vụ cần báo cáo: {_summary_of(found)}."
    )
    example = shown[0].task_id if shown else 1
    footer = (
        "Bấm nút bên dưới để báo cáo, hoặc gõ "
        f"<code>/xong {example}</code> khi đã hoàn thành, "
        f"<code>/cham {example} lý do và ngày dự kiến</code> nếu chậm."
        if len(lines) > 1
        else "Bấm nút bên dưới, hoặc trả lời tin này bằng /xong khi đã hoàn thành, "
        "/cham kèm lý do nếu chậm."
    )
    html = (
        f"{head}\n\n{_grouped(shown, today, agency)}\n\n{footer}"
        f"{_page_line(page, pages, len(lines))}"
    )
    return Page(html=html, task_ids=[line.task_id for line in shown], page=page, pages=pages)


def tasks_page(agency: str, lines: Sequence[TaskLine], today: date, page: int = 0) -> Page:
    """One page of /tasks (``lines`` sorted most urgent first)."""
    if not lines:
        return Page(
            html=f"🎉 {e(agency)} không còn nhiệm vụ nào chưa hoàn thành.",
            task_ids=[],
            page=0,
            pages=1,
        )
    page, shown = _window(lines, page)
    pages = page_count(len(lines))
    head = (
        f"📋 <b>Nhiệm vụ chưa hoàn thành của {e(agency)}</b> ({len(lines)})\n"
        f"{summary(lines, today)[:1].upper()}{summary(lines, today)[1:]}."
    )
    footer = f"Xem chi tiết một nhiệm vụ: <code>/task {shown[0].task_id}</code>"
    html = (
        f"{head}\n\n{_grouped(shown, today, agency)}\n\n{footer}"
        f"{_page_line(page, pages, len(lines))}"
    )
    return Page(html=html, task_ids=[line.task_id for line in shown], page=page, pages=pages)


#: Tasks the welcome shows at once, the most urgent first (all of them with /nhiemvu).
WELCOME_TASKS = 3


def welcome_page(agency: str, lines: Sequence[TaskLine], today: date) -> Page:
    """The welcome's tasks (``lines`` sorted most urgent first): the three most urgent,
    grouped and status first; a list that short is /tasks' page."""
    if len(lines) <= WELCOME_TASKS:
        return tasks_page(agency, lines, today)
    shown = list(lines[:WELCOME_TASKS])
    html = (
        f"📋 <b>{len(shown)} nhiệm vụ gấp nhất của {e(agency)}</b>\n\n"
        f"{_grouped(shown, today, agency)}\n\n"
        f"Xem đủ {len(lines)} nhiệm vụ: bấm 📋 bên dưới hoặc gõ /nhiemvu."
    )
    return Page(html=html, task_ids=[line.task_id for line in shown], page=0, pages=1)


def welcome_keyboard(page: Page, total: int) -> Keyboard:
    """The welcome's tasks' buttons, and 📋 for the whole list when it shows only some."""
    rows = task_buttons(page.task_ids)
    if total > len(page.task_ids):
        rows.append([{"text": f"📋 Xem đủ {total} nhiệm vụ", "data": "menu:tasks"}])
    return rows


#: Agencies on one page of /agencies.
AGENCY_PAGE = 10


def agencies_page(items: Sequence[AgencyOverview], page: int = 0) -> Page:
    """One page of /agencies: each agency in two lines, the most overdue first."""
    if not items:
        return Page(
            html="Chưa có cơ quan nào có nhiệm vụ hoặc cán bộ đầu mối.",
            task_ids=[],
            page=0,
            pages=1,
        )
    ordered = sorted(items, key=lambda i: (-i.overdue_count, -i.open_count, i.name))
    pages = max(1, -(-len(ordered) // AGENCY_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = ordered[page * AGENCY_PAGE : (page + 1) * AGENCY_PAGE]
    lines = []
    for item in shown:
        mark = "⛔" if item.overdue_count else ("⚠️" if not item.focal_points else "✅")
        figures = [f"{item.open_count} chưa hoàn thành"]
        if item.overdue_count:
            figures.append(f"<b>{item.overdue_count} quá hạn</b>")
        if item.pending_count:
            figures.append(f"{item.pending_count} đề xuất gia hạn chờ duyệt")
        points = ", ".join(item.focal_points) if item.focal_points else "chưa có cán bộ đầu mối"
        lines.append(
            f"{mark} <b>{e(item.name)}</b>: {', '.join(figures)}\n    Đầu mối: {e(points)}"
        )
    overdue = sum(1 for i in items if i.overdue_count)
    missing = sum(1 for i in items if not i.focal_points)
    head = (
        f"🏛 <b>Các cơ quan</b> ({len(items)})\n"
        f"{overdue} cơ quan có nhiệm vụ quá hạn, {missing} cơ quan chưa có cán bộ đầu mối."
    )
    tail = f"\nTrang {page + 1}/{pages}; bấm ◀ ▶ để xem tiếp." if pages > 1 else ""
    return Page(html=head + "\n\n" + "\n".join(lines) + tail, task_ids=[], page=page, pages=pages)


def all_reported() -> str:
    return "Các nhiệm vụ của tin nhắc việc này đều đã được báo cáo. Xem lại bằng /nhiemvu."


def task_buttons(task_ids: Sequence[int]) -> Keyboard:
    """✅ / ⏳ for each task a message shows."""
    return [
        [
            {"text": f"✅ Hoàn thành #{task_id}", "data": f"done:{task_id}"},
            {"text": f"⏳ Báo cáo chậm #{task_id}", "data": f"late:{task_id}"},
        ]
        for task_id in task_ids
    ]


def pager(kind: str, page: int, pages: int) -> Keyboard:
    """◀ ▶ under a list of several pages; ``pg:<kind>:<page>`` edits the message in place."""
    if pages <= 1:
        return []
    row: list[dict[str, str]] = []
    if page > 0:
        row.append({"text": "◀", "data": f"pg:{kind}:{page - 1}"})
    row.append({"text": f"{page + 1}/{pages}", "data": f"pg:{kind}:{page}"})
    if page < pages - 1:
        row.append({"text": "▶", "data": f"pg:{kind}:{page + 1}"})
    return [row]


def page_keyboard(kind: str, page: Page, *, buttons: bool = True) -> Keyboard:
    return (task_buttons(page.task_ids) if buttons else []) + pager(kind, page.page, page.pages)


__all__ = [
    "AGENCY_PAGE",
    "PAGE_SIZE",
    "QUIET_DAYS",
    "Page",
    "Urgency",
    "agencies_page",
    "page_keyboard",
    "pager",
    "quiet",
    "reminder_page",
    "task_buttons",
    "task_item",
    "tasks_page",
    "urgency",
    "welcome_keyboard",
    "welcome_page",
]
