"""Task lists for a phone screen: reminders and /tasks. Telegram HTML, escaped.

* Each task in two lines, status first, grouped most urgent first (``chat.line_messages``).
* The first two lines carry the message: the worst item in the title, then who, how many,
  how bad ("Bộ Tài chính có 6 nhiệm vụ cần báo cáo: 4 quá hạn, 2 đến hạn trong 7 ngày tới.").
* At most :data:`PAGE_SIZE` tasks per message; the message carries those tasks' buttons, and
  a longer list pages with ◀ ▶ buttons that edit the message in place (``pg:…``).

The lines' names (``Urgency``, ``task_item``, ``due_words``, ``quiet`` …) are still
importable from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from operator import attrgetter

from chat.line_messages import (
    _URGENCIES,
    DUE_DAYS,
    GROUP,
    MARK,
    QUIET_DAYS,
    TITLE_CHARS,
    Urgency,
    _item,
    _summary_of,
    _title_of,
    counts,
    cut,
    day,
    due_words,
    e,
    left_words,
    quiet,
    reminder_title,
    summary,
    task_item,
    urgency,
    worst,
)
from domain.task_line import TaskLine
from tracking.views import AgencyOverview

Keyboard = list[list[dict[str, str]]]

#: Tasks on one message (a phone screen and a half).
PAGE_SIZE = 8


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
    return reminder_parts(agency, lines, today, page).page_for(agency)


@dataclass(frozen=True, slots=True)
class ReminderParts:
    """A reminder's page but for the name of the agency it goes to, the only place the name
    is written: the same for every agency whose lines have the same :func:`reminder_key`
    (a sweep renders it once for all of them)."""

    title: str
    tail: str
    """Everything after the name: the counts, the tasks shown, the footer and page line."""
    task_ids: list[int]
    page: int
    pages: int

    def html(self, agency: str) -> str:
        return f"{self.title}\n{e(agency)}{self.tail}"

    def page_for(self, agency: str) -> Page:
        return Page(
            html=self.html(agency), task_ids=list(self.task_ids), page=self.page, pages=self.pages
        )


def reminder_parts(
    agency: str, lines: Sequence[TaskLine], today: date, page: int = 0
) -> ReminderParts:
    """:func:`reminder_page` but for the agency's name (see :class:`ReminderParts`)."""
    page, shown = _window(lines, page)
    pages = page_count(len(lines))
    found = counts(lines, today)
    example = shown[0].task_id if shown else 1
    footer = (
        "Bấm nút bên dưới để báo cáo, hoặc gõ "
        f"<code>/xong {example}</code> khi đã hoàn thành, "
        f"<code>/cham {example} lý do và ngày dự kiến</code> nếu chậm."
        if len(lines) > 1
        else "Bấm nút bên dưới, hoặc trả lời tin này bằng /xong khi đã hoàn thành, "
        "/cham kèm lý do nếu chậm."
    )
    tail = (
        f" có {len(lines)} nhiệm vụ cần báo cáo: {_summary_of(found)}."
        f"\n\n{_grouped(shown, today, agency)}\n\n{footer}"
        f"{_page_line(page, pages, len(lines))}"
    )
    return ReminderParts(
        title=_title_of(lines, today, found),
        tail=tail,
        task_ids=[line.task_id for line in shown],
        page=page,
        pages=pages,
    )


#: Every field of a line but the name it was assigned under.
_BUT_ASSIGNED_AS = attrgetter(*(f.name for f in fields(TaskLine) if f.name != "assigned_as"))


def reminder_key(lines: Sequence[TaskLine], agency: str) -> tuple[object, ...]:
    """What a reminder's page to ``agency`` says but for the agency's name: every field of
    every line, and the name a line was assigned under where it is not ``agency`` (a
    predecessor's task says so; nothing else of a page depends on the agency)."""
    return tuple(
        (
            _BUT_ASSIGNED_AS(line),
            line.assigned_as if agency and line.assigned_as != agency else None,
        )
        for line in lines
    )


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


#: Agencies on one page of /agencies: as many as tasks on a page (two lines each).
AGENCY_PAGE = PAGE_SIZE


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


def pager(kind: str, page: int, pages: int, *, prefix: str = "") -> Keyboard:
    """◀ ▶ under a list of several pages; ``pg:<kind>:<page>`` (or ``<prefix>:<page>``)
    edits the message in place."""
    if pages <= 1:
        return []
    prefix = prefix or f"pg:{kind}"
    row: list[dict[str, str]] = []
    if page > 0:
        row.append({"text": "◀", "data": f"{prefix}:{page - 1}"})
    row.append({"text": f"{page + 1}/{pages}", "data": f"{prefix}:{page}"})
    if page < pages - 1:
        row.append({"text": "▶", "data": f"{prefix}:{page + 1}"})
    return [row]


def page_keyboard(kind: str, page: Page, *, buttons: bool = True) -> Keyboard:
    return (task_buttons(page.task_ids) if buttons else []) + pager(kind, page.page, page.pages)


__all__ = [
    "AGENCY_PAGE",
    "DUE_DAYS",
    "GROUP",
    "MARK",
    "PAGE_SIZE",
    "QUIET_DAYS",
    "TITLE_CHARS",
    "Keyboard",
    "Page",
    "ReminderParts",
    "Urgency",
    "agencies_page",
    "counts",
    "cut",
    "day",
    "due_words",
    "e",
    "left_words",
    "page_keyboard",
    "pager",
    "quiet",
    "reminder_key",
    "reminder_page",
    "reminder_parts",
    "reminder_title",
    "summary",
    "task_buttons",
    "task_item",
    "tasks_page",
    "urgency",
    "welcome_keyboard",
    "welcome_page",
    "worst",
]
