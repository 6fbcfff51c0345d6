"""What a focal point is told of the tasks newly given to their agency, and the list of
its co-operations in /nhiemvu. Telegram HTML, escaped.

One message per chat and sweep: "📌 Văn phòng theo dõi giao 3 nhiệm vụ mới từ Thông báo
số 56/TB-VPCP ngày 23/2/2025", who does what in the second line, then each task in two
lines (status and deadline first) with its ✅ / ⏳ buttons. Co-operations (phối hợp) are
listed apart, marked 🤝, with the lead named and no buttons: the lead reports, nobody
chases the co-operating agency. A long notice pages like every list: ``PAGE_SIZE`` tasks a
page, that page's buttons, ◀ ▶ editing the message in place (``pg:n``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from chat import list_messages as lists
from chat.list_messages import Keyboard, e
from domain.task_line import TaskLine
from tracking.views import AssignedItem, NoticeRef

#: One message of the notice: (HTML, the tasks it has buttons for, its keyboard).
Part = tuple[str, list[int], Keyboard | None]


def notice_name(notice: NoticeRef) -> str:
    """ "Thông báo số 56/TB-VPCP ngày 23/2/2025"; a notice known without a number by its
    title or its date."""
    issued = f" ngày {lists.day(notice.issued)}" if notice.issued else ""
    if notice.number:
        return f"Thông báo số {e(notice.number)}{issued}"
    if notice.title:
        return f"văn bản “{e(lists.cut(notice.title, 60))}”{issued}"
    return f"thông báo{issued}" if issued else "thông báo"


def _source(items: Sequence[AssignedItem]) -> NoticeRef | str | None:
    """The one notice every task came from (None: all added by the office), or "" when
    they came from several."""
    notices = {item.notice for item in items}
    return notices.pop() if len(notices) == 1 else ""


def _title(office: str, items: Sequence[AssignedItem], source: NoticeRef | str | None) -> str:
    whence = f" từ {notice_name(source)}" if isinstance(source, NoticeRef) else ""
    if source == "":
        whence = " từ nhiều văn bản"
    if all(item.co for item in items):
        return f"🤝 <b>{e(office)} gửi {len(items)} nhiệm vụ mới để phối hợp{whence}</b>"
    return f"📌 <b>{e(office)} giao {len(items)} nhiệm vụ mới{whence}</b>"


def _roles(agency: str, lead: int, co: int) -> str:
    if lead and co:
        return (
            f"{e(agency)} chủ trì {lead} nhiệm vụ, phối hợp {co} nhiệm vụ. Đề nghị anh/chị "
            "theo dõi thời hạn và báo cáo các nhiệm vụ chủ trì khi hoàn thành."
        )
    if lead:
        return (
            f"{e(agency)} là cơ quan chủ trì. Đề nghị anh/chị theo dõi thời hạn và báo cáo "
            "khi hoàn thành."
        )
    return (
        f"{e(agency)} là cơ quan phối hợp: để anh/chị biết và phối hợp với cơ quan chủ trì; "
        "cơ quan chủ trì báo cáo kết quả, bot không nhắc việc các nhiệm vụ này."
    )


def co_item(line: TaskLine, lead: str, today: date) -> str:
    """A co-operation in two lines: marked 🤝, its deadline, then the title and the lead."""
    left = lists.left_words(line, today)
    parts = [f"🤝 <b>#{line.task_id}</b>", "phối hợp", *([left] if left else [])]
    parts.append(lists.due_words(line))
    return " · ".join(parts) + f"\n{e(lists.cut(line.title))} — chủ trì: {e(lead)}"


def _item(item: AssignedItem, agency: str, today: date, mixed: bool) -> str:
    text = (
        co_item(item.line, item.lead, today)
        if item.co
        else lists.task_item(item.line, today, agency)
    )
    if mixed:
        text += f"\n<i>{notice_name(item.notice) if item.notice else 'Văn phòng bổ sung'}</i>"
    return text


def _footer(items: Sequence[AssignedItem]) -> str:
    own = [item.line.task_id for item in items if not item.co]
    example = (own or [items[0].line.task_id])[0]
    if not own:
        return (
            f"Xem toàn văn bằng <code>/task {example}</code>; các nhiệm vụ phối hợp có trong "
            "/nhiemvu."
        )
    return (
        "Bấm nút bên dưới để báo cáo, hoặc gõ "
        f"<code>/xong {example}</code> khi đã hoàn thành; xem toàn văn bằng "
        f"<code>/task {example}</code>. Bot sẽ gửi tin nhắc việc trước mỗi thời hạn."
    )


def assigned(office: str, agency: str, items: Sequence[AssignedItem], today: date) -> list[Part]:
    """The notice of ``items`` (the agency's own tasks first, then its co-operations) to
    one chat: one message, its first page with that page's buttons and ◀ ▶ (``pg:n``) to
    page in place; it knows every task it lists (paging, replies)."""
    if not items:
        return []
    page = assigned_page(office, agency, items, today)
    keyboard = lists.page_keyboard("n", page)
    return [(page.html, [item.line.task_id for item in items], keyboard or None)]


def assigned_page(
    office: str, agency: str, items: Sequence[AssignedItem], today: date, page: int = 0
) -> lists.Page:
    """One page of the notice: its first two lines, then ``PAGE_SIZE`` tasks, the
    co-operations after the agency's own tasks; the page's buttons are its own tasks'."""
    source = _source(items)
    lead = sum(1 for item in items if not item.co)
    head = f"{_title(office, items, source)}\n{_roles(agency, lead, len(items) - lead)}"
    size = lists.PAGE_SIZE
    pages = lists.page_count(len(items))
    page = min(max(page, 0), pages - 1)
    shown = items[page * size : (page + 1) * size]
    blocks: list[str] = []
    shown_co = False
    for item in shown:
        if item.co and not shown_co and lead:
            blocks.append("<b>🤝 Phối hợp</b>")
            shown_co = True
        blocks.append(_item(item, agency, today, mixed=source == ""))
    html = (
        f"{head}\n\n" + "\n".join(blocks) + f"\n\n{_footer(shown)}"
        f"{_page_line(page, pages, len(items))}"
    )
    own = [item.line.task_id for item in shown if not item.co]
    return lists.Page(html=html, task_ids=own, page=page, pages=pages)


def _page_line(page: int, pages: int, total: int) -> str:
    if pages == 1:
        return ""
    first = page * lists.PAGE_SIZE + 1
    last = min(total, first + lists.PAGE_SIZE - 1)
    return (
        f"\nTrang {page + 1}/{pages} (nhiệm vụ {first}–{last} trong {total}); bấm ◀ ▶ để xem tiếp."
    )


def co_tasks_page(
    agency: str, lines: Sequence[tuple[TaskLine, str]], today: date, page: int = 0
) -> lists.Page:
    """One page of an agency's co-operations in /nhiemvu: ``(line, lead)`` most urgent
    first, apart from its own tasks, without buttons (the lead reports)."""
    size = lists.PAGE_SIZE
    pages = lists.page_count(len(lines))
    page = min(max(page, 0), pages - 1)
    shown = lines[page * size : (page + 1) * size]
    head = (
        f"🤝 <b>Nhiệm vụ phối hợp của {e(agency)}</b> ({len(lines)})\n"
        "Cơ quan chủ trì báo cáo kết quả; bot không nhắc việc các nhiệm vụ này."
    )
    body = "\n".join(co_item(line, lead, today) for line, lead in shown)
    tail = _page_line(page, pages, len(lines))
    example = shown[0][0].task_id if shown else 1
    html = f"{head}\n\n{body}\n\nXem chi tiết một nhiệm vụ: <code>/task {example}</code>{tail}"
    return lists.Page(html=html, task_ids=[], page=page, pages=pages)


def co_operation_refused(task_id: int, lead: str) -> str:
    """A co-operating agency reporting (done, late or progress) on a task it co-operates
    on: the lead reports it; what the agency can do instead."""
    return (
        f"Cơ quan của anh/chị là cơ quan phối hợp của nhiệm vụ #{task_id}; {e(lead)} là cơ "
        "quan chủ trì và báo cáo tiến độ, kết quả. Đề nghị anh/chị gửi thông tin phối hợp "
        f"cho {e(lead)}; xem nhiệm vụ bằng <code>/task {task_id}</code>. Dữ liệu không thay đổi."
    )


def nothing_left() -> str:
    """◀ ▶ on a notice whose tasks are all finished or no longer the agency's."""
    return (
        "Các nhiệm vụ của tin này đều đã hoàn thành hoặc không còn giao cho cơ quan của "
        "anh/chị. Xem lại bằng /nhiemvu."
    )


def co_count_line(agency: str, count: int) -> str:
    """In a welcome: the co-operations waiting beside the agency's own tasks."""
    return f"{e(agency)} còn phối hợp {count} nhiệm vụ; xem bằng /nhiemvu."


__all__ = [
    "assigned",
    "assigned_page",
    "co_count_line",
    "co_item",
    "co_operation_refused",
    "co_tasks_page",
    "nothing_left",
    "notice_name",
]
