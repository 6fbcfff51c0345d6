"""Every sentence the bot says, in one place. Vietnamese, Telegram HTML, always escaped.

Functions take read models and return HTML strings; nothing here touches Telegram or the
database. Long lists are split into messages under Telegram's 4096-character limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from html import escape
from zoneinfo import ZoneInfo

from chat.status_words import proposal_mark, status_text
from domain.deadline import DeadlineKind, Granularity
from domain.status import EventKind, TaskStatus
from tracking.preview import render_preview
from tracking.views import (
    AgencyOverview,
    InviteView,
    JoinOutcome,
    MemberLine,
    ReplyOutcome,
    TaskDetail,
    TaskLine,
)

#: Stay well under Telegram's 4096 characters (entities count after parsing).
MESSAGE_BUDGET = 3500
#: How many tasks of a reminder get their own buttons (more would bury the text).
BUTTON_TASKS = 50
"""At most this many tasks' buttons on one message (Telegram takes 100 buttons)."""

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
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def e(text: object) -> str:
    """Escape for Telegram HTML."""
    return escape(str(text), quote=False)


def fmt_date(day: date) -> str:
    return f"{day:%d/%m/%Y}"


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
        return "không ghi thời hạn"
    if granularity is Granularity.MONTH:
        return f"tháng {due:%m/%Y} ({fmt_date(due)})"
    if granularity is Granularity.QUARTER:
        return f"Quý {_ROMAN[(due.month - 1) // 3 + 1]}/{due.year} ({fmt_date(due)})"
    if granularity is Granularity.HALF:
        return f"{'6 tháng đầu' if due.month == 6 else '6 tháng cuối'} năm {due.year} ({fmt_date(due)})"
    if granularity is Granularity.YEAR:
        return f"năm {due.year} ({fmt_date(due)})"
    return fmt_date(due)


def fmt_days_left(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return f"<b>quá hạn {-days} ngày</b>"
    if days == 0:
        return "<b>hạn hôm nay</b>"
    return f"còn {days} ngày"


def task_line(index: int | None, line: TaskLine, today: date, owner: str = "") -> str:
    """One task in a list; a task assigned to a predecessor of ``owner`` says so."""
    prefix = f"{index}. " if index is not None else "• "
    left = fmt_days_left(line.days_left(today))
    status = " · báo chậm" if line.status is TaskStatus.LATE else ""
    assigned = (
        f"\n    Giao cho: {e(line.assigned_as)}" if owner and line.assigned_as != owner else ""
    )
    return (
        f"{prefix}<b>#{line.task_id}</b> {e(line.title)}\n"
        f"    Hạn: {e(fmt_due(line.due, line.granularity, line.kind))}"
        f"{' · ' + left if left else ''}{status}{proposal_mark(line.proposed_due)}{assigned}"
    )


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


# ---------------------------------------------------------------- reminders


def reminder(agency: str, lines: Sequence[TaskLine], today: date) -> list[str]:
    """One reminder for a chat listing its due tasks, most urgent first (split if long)."""
    overdue = sum(1 for line in lines if (line.days_left(today) or 0) < 0)
    title = "🔔 <b>Nhắc hạn nhiệm vụ</b>"
    summary = f"{e(agency)}: {len(lines)} nhiệm vụ cần chú ý"
    if overdue:
        summary += f", trong đó <b>{overdue} quá hạn</b>"
    header = f"{title}\n{summary}."
    items = [task_line(i, line, today, agency) for i, line in enumerate(lines, start=1)]
    if len(lines) == 1:
        footer = (
            "Trả lời tin này bằng /done khi đã hoàn thành, hoặc /late &lt;lý do&gt; "
            "[ngày dự kiến] nếu bị chậm. Hoặc bấm nút bên dưới."
        )
    else:
        footer = (
            "Báo kết quả: /done &lt;số&gt; [ghi chú] hoặc /late &lt;số&gt; &lt;lý do&gt; "
            "[ngày dự kiến], hoặc bấm nút bên dưới."
        )
    return chunk(header, items, footer)


def reminder_parts(
    agency: str, lines: Sequence[TaskLine], today: date
) -> list[tuple[str, list[int]]]:
    """The reminder's messages, each with the ids of the tasks it lists (for its buttons)."""
    texts = reminder(agency, lines, today)
    items = [task_line(i, line, today, agency) for i, line in enumerate(lines, start=1)]
    parts: list[tuple[str, list[int]]] = []
    next_item = 0
    for text in texts:
        ids: list[int] = []
        offset = 0
        while next_item < len(items):
            found = text.find(items[next_item].rstrip(), offset)
            if found < 0:
                break
            offset = found + len(items[next_item].rstrip())
            ids.append(lines[next_item].task_id)
            next_item += 1
        parts.append((text, ids))
    return parts


def reminder_keyboard(task_ids: Sequence[int]) -> list[list[dict[str, str]]]:
    """Buttons for the tasks of one reminder message: done / late for each."""
    return [
        [
            {"text": f"✅ Xong #{task_id}", "data": f"done:{task_id}"},
            {"text": f"⏳ Báo chậm #{task_id}", "data": f"late:{task_id}"},
        ]
        for task_id in task_ids[:BUTTON_TASKS]
    ]


# ---------------------------------------------------------------- access


def help_text(
    *,
    is_admin: bool,
    agency: str | None,
    focal_extra: Sequence[str] = (),
    admin_extra: Sequence[str] = (),
) -> str:
    lines = [
        "🤖 <b>Bot đôn đốc nhiệm vụ</b> — nhắc hạn các nhiệm vụ được giao tại thông báo kết luận.",
        "",
        f"Chat này là đầu mối của: <b>{e(agency)}</b>."
        if agency
        else "Chat này chưa được gắn với cơ quan nào. Hãy dùng đường dẫn mời do quản trị viên gửi.",
        "",
        "<b>Lệnh cho cán bộ đầu mối</b>",
        "/tasks — các nhiệm vụ đang mở của cơ quan, theo hạn",
        "/task &lt;số&gt; — chi tiết và lịch sử một nhiệm vụ",
        "/done &lt;số&gt; [ghi chú] — báo đã hoàn thành",
        "/late &lt;số&gt; &lt;lý do&gt; [ngày dự kiến] — báo chậm, ví dụ: /late 12 chờ ý kiến Bộ Tài chính 15/01/2027",
        "Trả lời (reply) một tin nhắc việc chỉ có một nhiệm vụ bằng /done hoặc /late &lt;lý do&gt; — không cần số.",
        *focal_extra,
    ]
    if is_admin:
        lines += [
            "",
            "<b>Lệnh quản trị</b>",
            "/addtask &lt;cơ quan&gt; | &lt;tên nhiệm vụ&gt; | &lt;thời hạn&gt; — ví dụ: /addtask Bộ Công an | Báo cáo tiến độ | trong Quý I/2027",
            "/invite &lt;cơ quan&gt; — tạo đường dẫn mời cán bộ đầu mối (dùng một lần, hạn 7 ngày)",
            "/agencies — các cơ quan, đầu mối, số nhiệm vụ mở và quá hạn",
            "/baocao — số liệu theo cơ quan tính đến hôm nay hoặc một ngày, kèm biểu đồ; ví dụ: /baocao 30/6/2026, /baocao Bộ Công an, /baocao 56/TB-VPCP",
            "/xuatexcel — phụ lục Excel (tổng hợp và chi tiết); ví dụ: /xuatexcel 30/6/2026 56/TB-VPCP",
            *admin_extra,
        ]
    return "\n".join(lines)


def start_without_token() -> str:
    return (
        "Xin chào! Bot này nhắc hạn các nhiệm vụ Chính phủ giao cho cơ quan của anh/chị.\n\n"
        "Để nhận nhắc việc, anh/chị cần <b>đường dẫn mời</b> do văn phòng theo dõi (quản trị viên) "
        "gửi riêng cho cơ quan mình. Hãy liên hệ quản trị viên để được cấp, rồi bấm vào đường dẫn đó.\n\n"
        "Chưa có gì thay đổi."
    )


def invite_invalid(reason: str) -> str:
    why = {
        "unknown": "Mã mời không đúng.",
        "used": "Mã mời này đã được dùng.",
        "expired": "Mã mời này đã hết hạn.",
    }.get(reason, "Mã mời không dùng được.")
    return f"⚠️ {why} Vui lòng xin quản trị viên một đường dẫn mời mới. Chưa có gì thay đổi."


def joined(outcome: JoinOutcome) -> str:
    text = f"✅ Chat này đã trở thành đầu mối của <b>{e(outcome.agency)}</b>."
    if outcome.previous_agency:
        text += f"\n(Trước đây là đầu mối của {e(outcome.previous_agency)}.)"
    text += f"\n\nCơ quan hiện có {outcome.open_count} nhiệm vụ đang mở"
    text += f", {outcome.overdue_count} nhiệm vụ quá hạn." if outcome.overdue_count else "."
    text += (
        "\nBot sẽ nhắc trước mỗi thời hạn lúc 8:30 sáng ngày làm việc. "
        "Gõ /tasks để xem danh sách, /help để xem các lệnh."
    )
    return text


def admin_joined(outcome: JoinOutcome, who: str, group_title: str | None) -> str:
    where = f" (nhóm «{e(group_title)}»)" if group_title else ""
    return (
        f"👤 {e(who)}{where} đã nhận làm đầu mối của <b>{e(outcome.agency)}</b> "
        f"— {outcome.open_count} nhiệm vụ mở, {outcome.overdue_count} quá hạn."
    )


def not_bound() -> str:
    return (
        "Chat này chưa là đầu mối của cơ quan nào, nên chưa có nhiệm vụ. "
        "Hãy bấm đường dẫn mời do quản trị viên gửi."
    )


def not_admin() -> str:
    return "Xin lỗi, lệnh này chỉ dành cho quản trị viên (văn phòng theo dõi nhiệm vụ)."


# ---------------------------------------------------------------- tasks


def tasks_list(agency: str, lines: Sequence[TaskLine], today: date) -> list[str]:
    if not lines:
        return [f"🎉 {e(agency)} không còn nhiệm vụ nào đang mở."]
    header = f"📋 <b>Nhiệm vụ đang mở của {e(agency)}</b> ({len(lines)})"
    items = [task_line(i, line, today, agency) for i, line in enumerate(lines, start=1)]
    return chunk(header, items, "Xem chi tiết: /task &lt;số&gt;")


def task_detail(detail: TaskDetail, tz: ZoneInfo) -> list[str]:
    head = [f"📌 <b>#{detail.task_id} {e(detail.title)}</b>"]
    if detail.notice:
        head.append(
            f"Văn bản: {e(detail.notice)}" + (f", mục {e(detail.ref)}" if detail.ref else "")
        )
    head.append(f"Chủ trì: {e(detail.lead)}")
    if detail.co:
        head.append(f"Phối hợp: {e(', '.join(detail.co))}")
    head.append(f"Thời hạn: {e(fmt_due(detail.due, detail.granularity, detail.kind))}")
    if detail.phrase:
        head.append(f"Nguyên văn: <i>{e(detail.phrase)}</i>")
    if len(detail.members) > 1:
        head.append(f"Tiến độ: {detail.done_count}/{len(detail.members)} cơ quan đã hoàn thành")
    else:
        for member in detail.members:
            head.append(f"Trạng thái: {_member_status(member)}")
            if (
                member.state is not None
                and member.state.extended
                and member.state.deadline_in_force
            ):
                head.append(
                    f"Thời hạn đang áp dụng: {fmt_date(member.state.deadline_in_force)} (đã gia hạn)"
                )
    items: list[str] = ["\n".join(head)]
    if detail.text and detail.text != detail.title:
        items.append(f"<blockquote>{e(detail.text[:1500])}</blockquote>")
    if len(detail.members) > 1:
        items.append(
            "<b>Các cơ quan</b>\n"
            + "\n".join(
                f"• {e(m.agency)}"
                + (f" (nay: {e(m.owner)})" if m.owner != m.agency else "")
                + f" — {_member_status(m)}"
                + (f", thời hạn đang áp dụng {fmt_date(m.new_due)}" if m.new_due else "")
                for m in detail.members
            )
        )
    if detail.history:
        items.append(
            "<b>Lịch sử</b>\n"
            + "\n".join(
                f"• {fmt_instant(h.at, tz)} — {EVENT_LABEL[h.kind]}"
                + (f" ({e(h.actor)})" if h.actor else "")
                + (f": {e(h.detail)}" if h.detail else "")
                for h in detail.history
            )
        )
    return chunk("", items)


def _member_status(member: MemberLine) -> str:
    """The office's status when known, else the stored one."""
    return status_text(member.state) if member.state is not None else STATUS_LABEL[member.status]


def fmt_instant(at: datetime, tz: ZoneInfo) -> str:
    return at.astimezone(tz).strftime("%d/%m/%Y %H:%M")


# ---------------------------------------------------------------- replies


def done_confirmed(outcome: ReplyOutcome, tz: ZoneInfo) -> str:
    if outcome.already:
        return (
            f"ℹ️ Nhiệm vụ <b>#{outcome.task_id}</b> đã được ghi nhận hoàn thành"
            f"{_recorded(outcome, tz)}. Không cần báo lại."
        )
    return (
        f"✅ Đã ghi nhận: <b>#{outcome.task_id} {e(outcome.title)}</b> — {e(outcome.agency)} "
        "đã hoàn thành. Bot sẽ không nhắc nhiệm vụ này nữa. Cảm ơn anh/chị!"
    )


def _recorded(outcome: ReplyOutcome, tz: ZoneInfo) -> str:
    if outcome.recorded_at is None:
        return " trước đó"
    return f" lúc {fmt_instant(outcome.recorded_at, tz)}"


def late_confirmed(outcome: ReplyOutcome, tz: ZoneInfo) -> str:
    if outcome.already:
        return (
            f"ℹ️ Nhiệm vụ <b>#{outcome.task_id}</b> đã được ghi nhận hoàn thành"
            f"{_recorded(outcome, tz)}, không thể báo chậm. Không có gì thay đổi."
        )
    text = f"⏳ Đã ghi nhận báo chậm: <b>#{outcome.task_id} {e(outcome.title)}</b>."
    if outcome.new_due:
        text += f" Bot sẽ nhắc theo ngày dự kiến mới {fmt_date(outcome.new_due)}."
    else:
        text += " Bot vẫn tiếp tục nhắc hằng tuần cho đến khi hoàn thành."
    return text + " Văn phòng theo dõi đã được thông báo."


def admin_reply(outcome: ReplyOutcome, who: str, detail: str) -> str:
    verb = "✅ báo <b>hoàn thành</b>" if outcome.status is TaskStatus.DONE else "⏳ báo <b>chậm</b>"
    text = f"{e(outcome.agency)} ({e(who)}) {verb} nhiệm vụ <b>#{outcome.task_id}</b> {e(outcome.title)}"
    if detail:
        text += f"\n{'Ghi chú' if outcome.status is TaskStatus.DONE else 'Lý do'}: {e(detail)}"
    if outcome.new_due:
        text += f"\nNgày dự kiến mới: {fmt_date(outcome.new_due)}"
    return text


def reply_hint(task_ids: Sequence[int]) -> str:
    example = task_ids[0]
    return (
        "Bot chưa hiểu tin trả lời này. Để báo cáo, hãy trả lời bằng lệnh: "
        f"/done {example} [ghi chú] khi đã hoàn thành, hoặc /late {example} &lt;lý do&gt; [ngày dự kiến]. "
        "Chưa có gì thay đổi."
    )


def late_prompt(task_id: int) -> str:
    return (
        f"⏳ Báo chậm nhiệm vụ <b>#{task_id}</b>: hãy <b>trả lời tin nhắn này</b> với lý do, "
        "có thể kèm ngày dự kiến hoàn thành (ví dụ: <i>chờ ý kiến thẩm định 15/01/2027</i>)."
    )


_LATE_PROMPT = re.compile(r"^⏳ Báo chậm nhiệm vụ #(\d+):")


def late_prompt_task(text: str) -> int | None:
    """The task a "why late?" prompt asked about (read back from the prompt's text)."""
    match = _LATE_PROMPT.match(text)
    return int(match[1]) if match else None


def handled_line(task_id: int) -> str:
    return f"✅ #{task_id} đã báo hoàn thành."


def done_by_button_prompt_missing() -> str:
    return "Nút này đã cũ. Gõ /tasks để xem danh sách nhiệm vụ hiện tại."


# ---------------------------------------------------------------- bad input


def missing_id(command: str) -> str:
    return f"Thiếu số nhiệm vụ. Cú pháp: /{command} &lt;số&gt; … (xem số bằng /tasks)."


def bad_id(text: str) -> str:
    return f"«{e(text[:40])}» không phải là số nhiệm vụ. Xem số nhiệm vụ bằng /tasks."


def task_not_found(task_id: int) -> str:
    return f"Không có nhiệm vụ số {task_id}. Xem danh sách bằng /tasks. Chưa có gì thay đổi."


def not_your_task(task_id: int) -> str:
    return (
        f"Nhiệm vụ #{task_id} không giao cho cơ quan của chat này, nên không thể báo cáo thay. "
        "Chưa có gì thay đổi."
    )


def missing_reason() -> str:
    return (
        "Vui lòng ghi lý do chậm. Cú pháp: /late &lt;số&gt; &lt;lý do&gt; [ngày dự kiến], "
        "ví dụ: /late 12 chờ ý kiến Bộ Tài chính 15/01/2027. Chưa có gì thay đổi."
    )


def bad_date(text: str) -> str:
    return (
        f"«{e(text[:60])}» không phải là ngày hợp lệ. Dùng dạng ngày/tháng/năm, ví dụ 15/01/2027. "
        "Chưa có gì thay đổi."
    )


def past_date(day: date) -> str:
    return (
        f"Ngày dự kiến {fmt_date(day)} đã qua. Hãy chọn một ngày sau hôm nay. Chưa có gì thay đổi."
    )


def too_long(limit: int) -> str:
    return f"Nội dung quá dài (tối đa {limit} ký tự). Vui lòng rút gọn. Chưa có gì thay đổi."


def ambiguous_reply(task_ids: Sequence[int]) -> str:
    ids = ", ".join(f"#{i}" for i in task_ids[:10])
    return f"Tin nhắc này có nhiều nhiệm vụ ({ids}). Hãy ghi rõ số, ví dụ /done {task_ids[0]}."


# ---------------------------------------------------------------- admin


def addtask_usage() -> str:
    return (
        "Cú pháp: /addtask &lt;cơ quan&gt; | &lt;tên nhiệm vụ&gt; | &lt;thời hạn&gt;\n"
        "Ví dụ: /addtask Bộ Công an | Báo cáo tiến độ Đề án 06 | trong Quý I/2027\n"
        "Thời hạn có thể là 31/03/2027, «trong tháng 3/2027», «hằng tháng», «thường xuyên»…"
    )


def unknown_agency(name: str) -> str:
    return (
        f"Không tìm thấy cơ quan «{e(name[:80])}». Hãy ghi tên đầy đủ hoặc tên viết tắt, "
        "ví dụ «Bộ Công an», «Bộ KH&amp;CN», «UBND tỉnh An Giang». Chưa có gì thay đổi."
    )


def deadline_not_understood(text: str) -> str:
    return (
        f"Không hiểu thời hạn «{e(text[:80])}». Ví dụ hợp lệ: 31/03/2027, «trong tháng 3/2027», "
        "«trong Quý I/2027», «trong năm 2027», «thường xuyên», «hằng tháng». Chưa có gì thay đổi."
    )


def task_added(task_id: int, title: str, lead: str, due_text: str, members: int) -> str:
    text = f"🆕 Đã tạo nhiệm vụ <b>#{task_id}</b> {e(title)}\nChủ trì: {e(lead)}\nThời hạn: {e(due_text)}"
    if members > 1:
        text += f"\nGiao cho {members} cơ quan, mỗi cơ quan được nhắc và báo cáo riêng."
    return text


def invite_usage() -> str:
    return "Cú pháp: /invite &lt;cơ quan&gt;, ví dụ: /invite Bộ Công an"


def invite_created(invite: InviteView, link: str, tz: ZoneInfo) -> str:
    return (
        f"🔗 Đường dẫn mời đầu mối của <b>{e(invite.agency)}</b>:\n{e(link)}\n\n"
        f"Dùng một lần, hết hạn lúc {fmt_instant(invite.expires_at, tz)}. "
        "Gửi riêng cho cán bộ đầu mối; họ bấm vào để bắt đầu nhận nhắc việc."
    )


def agencies_overview(items: Sequence[AgencyOverview]) -> list[str]:
    if not items:
        return ["Chưa có cơ quan nào có nhiệm vụ hoặc đầu mối."]
    lines = []
    for item in items:
        points = ", ".join(item.focal_points) if item.focal_points else "⚠️ chưa có đầu mối"
        lines.append(
            f"• <b>{e(item.name)}</b>: {item.open_count} mở"
            + (f", <b>{item.overdue_count} quá hạn</b>" if item.overdue_count else "")
            + (f", {item.pending_count} đề xuất gia hạn chờ duyệt" if item.pending_count else "")
            + f"\n    Đầu mối: {e(points)}"
        )
    return chunk(f"🏛 <b>Các cơ quan</b> ({len(items)})", lines)


def chat_disabled(chat_title: str, agency: str, reason: str) -> str:
    return (
        f"⚠️ Không gửi được tin cho đầu mối «{e(chat_title)}» của <b>{e(agency)}</b> "
        f"({e(reason)}). Chat này đã được tạm ngừng; hãy mời đầu mối mới bằng /invite."
    )


def internal_error() -> str:
    return "Đã có lỗi khi xử lý yêu cầu. Chưa có gì thay đổi. Vui lòng thử lại sau ít phút."


# ---------------------------------------------------------------- imports


def import_preview(
    *,
    number: str,
    issued: date | None,
    title: str,
    tasks: Sequence[dict[str, object]],
    unknown: Sequence[str],
) -> list[str]:
    """The importer's proposal (:func:`tracking.preview.render_preview`, the wording the
    command line prints too), split into messages."""
    text = render_preview(
        number=number,
        issued=issued,
        title=title,
        tasks=[dict(t) for t in tasks],
        unknown=unknown,
        fmt_due=fmt_due,
        fmt_date=fmt_date,
        html=True,
    )
    return chunk(text.head, list(text.items), text.footer)


def import_keyboard(import_id: int) -> list[list[dict[str, str]]]:
    return [
        [
            {"text": "✅ Xác nhận", "data": f"imp:ok:{import_id}"},
            {"text": "✏️ Sửa", "data": f"imp:fix:{import_id}"},
            {"text": "✖️ Hủy", "data": f"imp:no:{import_id}"},
        ]
    ]


def import_prompt() -> str:
    return (
        "📥 Gửi toàn văn thông báo: <b>trả lời tin này</b> bằng nội dung văn bản, "
        "hoặc gửi tệp .docx/.txt/.pdf (có thể ghi ngày ban hành ở phần chú thích, ví dụ 23/02/2025)."
    )


def is_import_prompt(text: str) -> bool:
    return text.startswith("📥 Gửi toàn văn thông báo")


def import_needs_date() -> str:
    return (
        "Không tìm thấy ngày ban hành trong văn bản, nên chưa đọc được thời hạn. "
        "Hãy gửi lại tệp kèm chú thích là ngày ban hành (ví dụ 23/02/2025), "
        "hoặc /import 23/02/2025 rồi dán nội dung. Chưa có gì thay đổi."
    )


def import_unreadable(reason: str) -> str:
    return f"Không đọc được tệp: {e(reason)}. Hãy gửi tệp .docx, .pdf có lớp chữ hoặc .txt. Chưa có gì thay đổi."


def import_empty() -> str:
    return (
        "Không tìm thấy nhiệm vụ nào được giao trong văn bản này. "
        "Kiểm tra lại nội dung, hoặc thêm từng nhiệm vụ bằng /addtask. Chưa có gì thay đổi."
    )


def import_stored(report_added: int, existing: int, skipped: Sequence[str], key: str) -> str:
    text = f"✅ Đã lưu {e(key)}: {report_added} nhiệm vụ mới, đã lên lịch nhắc việc."
    if existing:
        text += f"\n{existing} nhiệm vụ đã có từ lần nhập trước (không nhân đôi)."
    if skipped:
        text += "\n⚠️ Chưa lưu, giữ lại chờ sửa (gửi /fix xem):\n" + "\n".join(
            f"• {e(s)}" for s in skipped[:20]
        )
    return text


def import_cancelled() -> str:
    return "Đã hủy bản nhập. Không có gì được lưu."


def import_missing() -> str:
    return "Không có bản nhập nào đang chờ xác nhận trong chat này. Gửi tệp thông báo hoặc dùng /import."


def fix_usage() -> str:
    return (
        "✏️ Sửa một nhiệm vụ của bản nhập (số thứ tự như trong bản xem trước), rồi bấm Xác nhận:\n"
        "Cú pháp: /fix &lt;số&gt; hạn &lt;thời hạn&gt; | /fix &lt;số&gt; chủ trì &lt;cơ quan&gt; | "
        "/fix &lt;số&gt; tên &lt;tên mới&gt; | /fix &lt;số&gt; bỏ | "
        "/fix tất cả chủ trì &lt;tên đang ghi&gt; → &lt;cơ quan&gt; | /fix xem"
    )


def fix_rejected(reason: str, value: str) -> str:
    match reason:
        case "number":
            return f"Không có nhiệm vụ số {e(value)} trong bản nhập. Chưa có gì thay đổi."
        case "deadline":
            return deadline_not_understood(value)
        case "agency":
            return unknown_agency(value)
        case "title":
            return "Tên nhiệm vụ phải có từ 1 đến 250 ký tự. Chưa có gì thay đổi."
        case "dropped":
            return f"Nhiệm vụ số {e(value)} đã bị bỏ khỏi bản nhập. Chưa có gì thay đổi."
        case _:
            return fix_usage()


def fix_applied(number: int, task: dict[str, object] | None) -> str:
    if task is None:
        return f"Đã bỏ nhiệm vụ số {number} khỏi bản nhập (số của các nhiệm vụ khác giữ nguyên)."
    due = task.get("due")
    return (
        f"Đã sửa nhiệm vụ số {number}: {e(task['title'])}\n"
        f"Chủ trì: {e(task['lead'])} · Hạn: {e(str(due) if due else 'không có thời hạn')}"
    )
