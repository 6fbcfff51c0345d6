"""Every sentence the bot says, in one place. Vietnamese, Telegram HTML, always escaped.

Functions take read models and return HTML strings; nothing here touches Telegram or the
database. Long lists are split into messages under Telegram's 4096-character limit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from html import escape
from typing import assert_never
from zoneinfo import ZoneInfo

from chat import followdate_messages, list_messages
from chat.status_words import status_text
from domain.deadline import DeadlineKind, Granularity
from domain.errors import InviteProblem
from domain.status import EventKind, FollowUpStatus, TaskStatus
from domain.titles import TYPED_TITLE_MAX
from tracking.imports import FixProblem
from tracking.preview import render_preview
from tracking.views import (
    EscalationMark,
    InviteView,
    JoinOutcome,
    MemberLine,
    ReplyOutcome,
    TaskDetail,
)
from tracking.wording import fmt_date as fmt_date  # the catalogues' one date formatter
from tracking.wording import period_label

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


# ---------------------------------------------------------------- access


OFFICE = "Văn phòng theo dõi"
"""The office's name when none is configured (``OFFICE_NAME``)."""


def fmt_time(at: time) -> str:
    return f"{at:%H:%M}"


def help_text(
    *,
    is_admin: bool,
    agency: str | None,
    office: str = OFFICE,
    send_time: time = time(8, 30),
    invite_days: int = 7,
    focal_extra: Sequence[str] = (),
    admin_extra: Sequence[str] = (),
) -> str:
    """/help: what the bot does, then the commands by example (no programmer notation)."""
    if agency:
        who = f"Anh/chị là cán bộ đầu mối của <b>{e(agency)}</b>."
    elif is_admin:
        who = f"Anh/chị là cán bộ của {e(office)} (quản trị viên của bot)."
    else:
        who = (
            "Anh/chị chưa đăng ký làm cán bộ đầu mối. Vui lòng bấm đường dẫn đăng ký do "
            f"{e(office)} gửi."
        )
    lines = [
        f"🤖 <b>Bot nhắc việc của {e(office)}</b>",
        "Bot nhắc thời hạn các nhiệm vụ được giao tại thông báo kết luận, lúc "
        f"{fmt_time(send_time)} các ngày làm việc, và nhận báo cáo của cán bộ đầu mối.",
        "",
        who,
        "",
        "<b>Báo cáo nhiệm vụ</b>",
        "/nhiemvu — nhiệm vụ chưa hoàn thành của cơ quan, gấp nhất trước (hoặc /tasks)",
        "/task 12 — chi tiết và lịch sử nhiệm vụ số 12",
        "/xong 12 — báo cáo hoàn thành, có thể kèm ghi chú: /xong 12 đã gửi Công văn "
        "45/BCA-V03 (hoặc /hoanthanh, /done)",
        "/cham 12 chờ ý kiến Bộ Tư pháp 30/9/2027 — báo cáo chậm, kèm lý do và ngày dự "
        "kiến nếu có (hoặc /late)",
        "Trả lời một tin nhắc việc chỉ có một nhiệm vụ bằng /xong, hoặc /cham kèm lý do: không "
        "cần ghi số. Hoặc bấm nút ✅ Hoàn thành / ⏳ Báo cáo chậm dưới tin.",
        *focal_extra,
    ]
    if is_admin:
        lines += [
            "",
            "<b>Dành cho quản trị viên</b>",
            "/addtask Bộ Công an | Báo cáo tiến độ Đề án 06 | trong Quý I/2027 — giao một "
            "nhiệm vụ; có thể ngăn cách bằng dấu “;” hoặc viết mỗi ý một dòng",
            f"/invite Bộ Công an — đường dẫn đăng ký cho cán bộ đầu mối (dùng một lần, hiệu "
            f"lực {invite_days} ngày), gồm đường dẫn cho một người và cho nhóm",
            "/invite Bộ Công an lãnh đạo — đường dẫn đăng ký nhận báo cáo dành cho lãnh đạo "
            "cơ quan: nhiệm vụ đôn đốc nhiều lần chưa có phản hồi và tổng hợp hằng tuần, không "
            "nhận tin nhắc việc",
            "/agencies — các cơ quan, cán bộ đầu mối, số nhiệm vụ chưa hoàn thành và quá hạn",
            "/daumoi Bộ Công an — cán bộ đầu mối của một cơ quan (hoặc /daumoi: tất cả), "
            "kèm nút 🗑 để gỡ",
            "Gửi tệp thông báo (.docx, .pdf, .txt; ghi ngày ban hành ở phần chú thích nếu văn "
            "bản không có), hoặc /import rồi dán nội dung — bot đọc các nhiệm vụ và cho xem "
            "trước, bấm ✅ Xác nhận để lưu",
            "/fix 3 hạn 30/9/2027 · /fix 3 chủ trì Bộ Công an · /fix 3 tên … · /fix 3 bỏ · "
            "/fix xem — sửa bản xem trước trước khi xác nhận",
            "/baocao 30/6/2026 — số liệu theo cơ quan kèm biểu đồ (cũng theo cơ quan hoặc số "
            "thông báo: /baocao Bộ Công an, /baocao 56/TB-VPCP)",
            "/xuatexcel 30/6/2026 — phụ lục Excel (tổng hợp và chi tiết)",
            "/coquan bo tai chinh — tra cứu một cơ quan (gõ không dấu hoặc một phần tên); "
            "/coquan — cơ quan riêng của đơn vị; /coquan them Sở Tư pháp | STP | UBND tỉnh "
            "Nghệ An để thêm",
            "/health — tình trạng gửi tin",
            *admin_extra,
        ]
    return "\n".join(lines)


def start_without_token(office: str = OFFICE) -> str:
    return (
        "Xin chào anh/chị! Bot nhắc thời hạn các nhiệm vụ Chính phủ giao cho cơ quan của "
        f"anh/chị, thay mặt {e(office)}.\n\n"
        "Để nhận tin nhắc việc, anh/chị cần <b>đường dẫn đăng ký</b> do "
        f"{e(office)} gửi riêng cho cơ quan mình. Vui lòng liên hệ {e(office)} để được cấp, "
        "rồi bấm vào đường dẫn đó."
    )


def invite_invalid(reason: InviteProblem, office: str = OFFICE) -> str:
    why = {
        InviteProblem.UNKNOWN: "Đường dẫn đăng ký không đúng.",
        InviteProblem.USED: "Đường dẫn đăng ký này đã được người khác sử dụng.",
        InviteProblem.EXPIRED: "Đường dẫn đăng ký này đã hết hạn.",
    }.get(reason, "Đường dẫn đăng ký không dùng được.")
    return f"⚠️ {why} Vui lòng đề nghị {e(office)} gửi đường dẫn mới."


def joined(outcome: JoinOutcome, *, send_time: time = time(8, 30), group: bool = False) -> str:
    """The welcome after registering (a person, or a group for its team)."""
    who = "Nhóm này đã được đăng ký" if group else "Anh/chị đã đăng ký"
    text = f"✅ {who} làm cán bộ đầu mối của <b>{e(outcome.agency)}</b>."
    if outcome.previous_agency:
        text += f"\n(Trước đây là cán bộ đầu mối của {e(outcome.previous_agency)}.)"
    text += f"\n\nCơ quan hiện có {outcome.open_count} nhiệm vụ chưa hoàn thành"
    text += f", trong đó {outcome.overdue_count} quá hạn." if outcome.overdue_count else "."
    text += (
        f"\nBot sẽ gửi tin nhắc việc lúc {fmt_time(send_time)} các ngày làm việc, trước mỗi "
        "thời hạn. Xem danh sách bằng /nhiemvu, hướng dẫn bằng /help."
    )
    return text


def admin_joined(outcome: JoinOutcome, who: str, group_title: str | None) -> str:
    where = f" (nhóm “{e(group_title)}”)" if group_title else ""
    return (
        f"👤 {e(who)}{where} đã đăng ký làm cán bộ đầu mối của <b>{e(outcome.agency)}</b> "
        f"— {outcome.open_count} nhiệm vụ chưa hoàn thành, {outcome.overdue_count} quá hạn."
    )


def not_bound(office: str = OFFICE) -> str:
    return (
        "Anh/chị chưa đăng ký làm cán bộ đầu mối của cơ quan nào, nên chưa có nhiệm vụ để "
        f"xem. Vui lòng bấm đường dẫn đăng ký do {e(office)} gửi."
    )


def not_admin(office: str = OFFICE) -> str:
    return f"Xin lỗi, lệnh này chỉ dành cho {e(office)}."


# ---------------------------------------------------------------- tasks


#: A task of more member agencies than this shows a summary; the full list is behind a button.
MEMBERS_SHOWN = 5


def members_summary(members: Sequence[MemberLine]) -> str:
    """ "51 cơ quan: 3 hoàn thành, 40 quá hạn, 8 trong hạn"."""
    done = overdue = in_time = other = 0
    for member in members:
        status = member.state.status if member.state is not None else None
        if (status is not None and status.is_done) or member.status is TaskStatus.DONE:
            done += 1
        elif status is FollowUpStatus.OVERDUE:
            overdue += 1
        elif status is FollowUpStatus.IN_TIME:
            in_time += 1
        else:
            other += 1
    parts = [
        f"{count} {label}"
        for count, label in (
            (done, "hoàn thành"),
            (overdue, "quá hạn"),
            (in_time, "trong hạn"),
            (other, "khác (chưa xác định thời hạn, thường xuyên, đã rút)"),
        )
        if count
    ]
    return f"{len(members)} cơ quan: {', '.join(parts)}"


def _member_line(m: MemberLine) -> str:
    return (
        f"• {e(m.agency)}"
        + (f" (nay: {e(m.owner)})" if m.owner != m.agency else "")
        + f" — {_member_status(m)}"
        + (f", thời hạn đang áp dụng {fmt_date(m.new_due)}" if m.new_due else "")
        + (f", {_period(m.period_due, m.granularity)}" if m.period_due else "")
    )


def _period(due: date, period: Granularity | None) -> str:
    """A recurring duty's current period: "kỳ hiện tại: kỳ tháng 3/2026, hạn 20/3/2026"."""
    return f"kỳ hiện tại: {period_label(period, due)}, hạn {list_messages.day(due)}"


def members_full(detail: TaskDetail) -> list[str]:
    """Every member agency of a task (behind the 👥 button of /task)."""
    head = f"👥 <b>#{detail.task_id} — {members_summary(detail.members)}</b>"
    return chunk(head, [_member_line(m) for m in detail.members])


def members_keyboard(task_id: int, count: int) -> list[list[dict[str, str]]]:
    return [[{"text": f"👥 Xem đủ {count} cơ quan", "data": f"tk:m:{task_id}"}]]


def task_detail(detail: TaskDetail, tz: ZoneInfo, reader: str | None = None) -> list[str]:
    """/task; with many member agencies, the reader's own agency (``reader``) first and a
    summary, the full list behind :func:`members_keyboard`."""
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
    followup = followdate_messages.task_line(detail, tz)
    if followup:
        head.append(followup)
    if len(detail.members) > 1:
        head.append(f"Tiến độ: {detail.done_count}/{len(detail.members)} cơ quan đã hoàn thành")
    else:
        for member in detail.members:
            head.append(f"Trạng thái: {_member_status(member)}")
            if member.period_due is not None:
                current = _period(member.period_due, member.granularity)
                head.append(current[0].upper() + current[1:])
            if (
                member.state is not None
                and member.state.extended
                and member.state.deadline_in_force
            ):
                head.append(
                    f"Thời hạn đang áp dụng: {fmt_date(member.state.deadline_in_force)} (đã gia hạn)"
                )
    head += [escalation_flag(mark, tz) for mark in detail.escalations]
    items: list[str] = ["\n".join(head)]
    if detail.text and detail.text != detail.title:
        items.append(f"<blockquote>{e(detail.text[:1500])}</blockquote>")
    if len(detail.members) > MEMBERS_SHOWN:
        own = [m for m in detail.members if reader is not None and reader in (m.agency, m.owner)]
        block = [f"<b>{members_summary(detail.members)}</b>"]
        if own:
            block += ["Cơ quan của anh/chị:", *(_member_line(m) for m in own)]
        block.append("Danh sách đủ các cơ quan: bấm nút bên dưới.")
        items.append("\n".join(block))
    elif len(detail.members) > 1:
        own_first = sorted(
            detail.members, key=lambda m: reader is None or reader not in (m.agency, m.owner)
        )
        items.append("<b>Các cơ quan</b>\n" + "\n".join(_member_line(m) for m in own_first))
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


def escalation_flag(mark: EscalationMark, tz: ZoneInfo) -> str:
    """/task's flag of an obligation escalated, its agency silent since."""
    when = list_messages.day(mark.at.astimezone(tz).date())
    silent = f"{mark.chases} lần đôn đốc chưa có phản hồi"
    if mark.leadership_chats:
        return f"⚠️ Đã báo cáo lãnh đạo {e(mark.agency)} ngày {when}: {silent}."
    return (
        f"⚠️ {e(mark.agency)}: {silent} (từ {when}); cơ quan chưa đăng ký nhóm lãnh đạo "
        "để nhận báo cáo."
    )


def _member_status(member: MemberLine) -> str:
    """The office's status when known, else the stored one."""
    return status_text(member.state) if member.state is not None else STATUS_LABEL[member.status]


def fmt_instant(at: datetime, tz: ZoneInfo) -> str:
    """2/12/2026 10:00: the day as in prose, the time with its zero (08:30)."""
    local = at.astimezone(tz)
    return f"{fmt_date(local.date())} {local:%H:%M}"


# ---------------------------------------------------------------- replies


def done_confirmed(outcome: ReplyOutcome, tz: ZoneInfo) -> str:
    if outcome.next_period is not None:
        return _period_done_confirmed(outcome, outcome.next_period, tz)
    if outcome.already:
        return (
            f"ℹ️ Nhiệm vụ <b>#{outcome.task_id}</b> đã được ghi nhận hoàn thành"
            f"{_recorded(outcome, tz)}. Anh/chị không cần báo cáo lại."
        )
    return (
        f"✅ Đã ghi nhận: <b>#{outcome.task_id} {e(outcome.title)}</b> — {e(outcome.agency)} "
        "đã hoàn thành. Bot sẽ không nhắc nhiệm vụ này nữa. Cảm ơn anh/chị!"
    )


def _period_done_confirmed(outcome: ReplyOutcome, following: date, tz: ZoneInfo) -> str:
    """One period of a recurring duty reported done; the duty goes on with the next."""
    label = functools.partial(period_label, outcome.granularity)
    then = f"{label(following)} (hạn {list_messages.day(following)})"
    if outcome.already:
        done = f" {label(outcome.period)}" if outcome.period else ""
        return (
            f"ℹ️ Nhiệm vụ <b>#{outcome.task_id}</b> đã được ghi nhận hoàn thành{done}"
            f"{_recorded(outcome, tz)}. Kỳ tiếp theo là {then}; anh/chị báo cáo kỳ đó khi "
            "đã hoàn thành."
        )
    done = label(outcome.period) if outcome.period else "kỳ này"
    return (
        f"✅ Đã ghi nhận: <b>#{outcome.task_id} {e(outcome.title)}</b> — {e(outcome.agency)} "
        f"đã hoàn thành {done}. Nhiệm vụ định kỳ: bot sẽ nhắc {then}. Cảm ơn anh/chị!"
    )


def _recorded(outcome: ReplyOutcome, tz: ZoneInfo) -> str:
    if outcome.recorded_at is None:
        return " trước đó"
    return f" lúc {fmt_instant(outcome.recorded_at, tz)}"


def late_confirmed(outcome: ReplyOutcome, tz: ZoneInfo, office: str = OFFICE) -> str:
    if outcome.already:
        return (
            f"ℹ️ Nhiệm vụ <b>#{outcome.task_id}</b> đã được ghi nhận hoàn thành"
            f"{_recorded(outcome, tz)}, không thể báo cáo chậm. Dữ liệu không thay đổi."
        )
    text = f"⏳ Đã ghi nhận báo cáo chậm: <b>#{outcome.task_id} {e(outcome.title)}</b>."
    if outcome.new_due:
        text += f" Đề xuất lùi thời hạn đến {fmt_date(outcome.new_due)} chờ {e(office)} quyết định."
    else:
        text += " Bot vẫn tiếp tục nhắc hằng tuần cho đến khi hoàn thành."
    return text + f" {e(office)} đã được thông báo."


def admin_reply(outcome: ReplyOutcome, who: str, detail: str) -> str:
    verb = (
        "✅ báo cáo <b>hoàn thành</b>"
        if outcome.status is TaskStatus.DONE or outcome.period is not None
        else "⏳ báo cáo <b>chậm</b>"
    )
    if outcome.period is not None:
        verb += f" {period_label(outcome.granularity, outcome.period)} của"
    text = f"{e(outcome.agency)} ({e(who)}) {verb} nhiệm vụ <b>#{outcome.task_id}</b> {e(outcome.title)}"
    if detail:
        done = outcome.status is TaskStatus.DONE or outcome.period is not None
        text += f"\n{'Ghi chú' if done else 'Lý do'}: {e(detail)}"
    if outcome.new_due:
        text += f"\nĐề xuất lùi thời hạn đến: {fmt_date(outcome.new_due)}"
    return text


def reply_hint(task_ids: Sequence[int]) -> str:
    example = task_ids[0]
    return (
        "Bot chưa hiểu tin trả lời này. Để báo cáo, anh/chị trả lời bằng lệnh: "
        f"<code>/xong {example}</code> khi đã hoàn thành, hoặc "
        f"<code>/cham {example} chờ ý kiến Bộ Tư pháp 30/9/2027</code> (lý do và ngày dự kiến) "
        "nếu chậm. Dữ liệu không thay đổi."
    )


def late_prompt(task_id: int, mention: str = "") -> str:
    """The ⏳ button's question; in a group it names the person who pressed (``mention``,
    HTML), so that Telegram shows the reply box to that person only."""
    who = f"{mention}, vui lòng" if mention else "Vui lòng"
    return (
        f"⏳ Báo cáo chậm nhiệm vụ <b>#{task_id}</b>: {who} <b>trả lời tin nhắn này</b> với lý "
        "do, có thể kèm ngày dự kiến hoàn thành (ví dụ: <i>chờ ý kiến thẩm định 15/1/2027</i>)."
    )


#: Also the wording of earlier versions, whose prompts may still be answered.
_LATE_PROMPT = re.compile(r"^⏳ Báo (?:cáo )?chậm nhiệm vụ #(\d+):")


def late_prompt_task(text: str) -> int | None:
    """The task a "why late?" prompt asked about (read back from the prompt's text)."""
    match = _LATE_PROMPT.match(text)
    return int(match[1]) if match else None


def handled_line(task_id: int) -> str:
    return f"✅ #{task_id} đã báo cáo hoàn thành."


def done_by_button_prompt_missing() -> str:
    return "Nút này không còn hiệu lực. Xem danh sách nhiệm vụ hiện tại bằng /nhiemvu."


# ---------------------------------------------------------------- bad input


def missing_id(command: str) -> str:
    example = {"late": "/cham 12 chờ ý kiến Bộ Tư pháp", "task": "/task 12"}.get(
        command, "/xong 12"
    )
    return f"Vui lòng ghi số nhiệm vụ, ví dụ <code>{example}</code>. Xem số nhiệm vụ bằng /nhiemvu."


def bad_id(text: str) -> str:
    return f"“{e(text[:40])}” không phải là số nhiệm vụ. Xem số nhiệm vụ bằng /nhiemvu."


def task_not_found(task_id: int) -> str:
    return f"Không có nhiệm vụ số {task_id}. Xem danh sách bằng /nhiemvu. Dữ liệu không thay đổi."


def not_your_task(task_id: int) -> str:
    return (
        f"Nhiệm vụ #{task_id} không giao cho cơ quan của anh/chị, nên anh/chị không thể báo "
        "cáo thay. Dữ liệu không thay đổi."
    )


def missing_reason() -> str:
    return (
        "Vui lòng ghi lý do chậm, có thể kèm ngày dự kiến hoàn thành, ví dụ: "
        "<code>/cham 12 chờ ý kiến Bộ Tài chính 15/1/2027</code>. Dữ liệu không thay đổi."
    )


def bad_date(text: str) -> str:
    return (
        f"“{e(text[:60])}” không phải là ngày hợp lệ. Vui lòng ghi ngày/tháng/năm, ví dụ "
        "15/1/2027. Dữ liệu không thay đổi."
    )


def past_date(day: date) -> str:
    return (
        f"Ngày dự kiến {fmt_date(day)} đã qua. Vui lòng chọn một ngày sau hôm nay. "
        "Dữ liệu không thay đổi."
    )


def too_long(limit: int) -> str:
    return f"Nội dung quá dài (tối đa {limit} ký tự). Vui lòng rút gọn. Dữ liệu không thay đổi."


def ambiguous_reply(task_ids: Sequence[int]) -> str:
    ids = ", ".join(f"#{i}" for i in task_ids[:10]) + (", …" if len(task_ids) > 10 else "")
    return (
        f"Tin nhắc việc này có nhiều nhiệm vụ ({ids}). Vui lòng ghi rõ số, ví dụ "
        f"<code>/xong {task_ids[0]}</code>, hoặc bấm nút dưới nhiệm vụ đó."
    )


# ---------------------------------------------------------------- admin


def addtask_usage() -> str:
    return (
        "Vui lòng ghi cơ quan, tên nhiệm vụ và thời hạn, ngăn cách bằng “|” hoặc “;”, hoặc "
        "mỗi ý một dòng. Ví dụ:\n"
        "/addtask Bộ Công an | Báo cáo tiến độ Đề án 06 | trong Quý I/2027\n"
        "Thời hạn có thể là 31/3/2027, “trong tháng 3/2027”, “hằng tháng”, “thường xuyên”…"
    )


def unknown_agency(name: str) -> str:
    return (
        f"Không tìm thấy cơ quan “{e(name[:80])}”. Vui lòng ghi tên đầy đủ hoặc tên viết tắt, "
        "ví dụ “Bộ Công an”, “Bộ KH&amp;CN”, “UBND tỉnh An Giang”. Dữ liệu không thay đổi."
    )


def deadline_not_understood(text: str) -> str:
    return (
        f"Không hiểu thời hạn “{e(text[:80])}”. Ví dụ hợp lệ: 31/3/2027, “trong tháng 3/2027”, "
        "“trong Quý I/2027”, “trong năm 2027”, “thường xuyên”, “hằng tháng”. "
        "Dữ liệu không thay đổi."
    )


def task_added(task_id: int, title: str, lead: str, due_text: str, members: int) -> str:
    text = f"🆕 Đã tạo nhiệm vụ <b>#{task_id}</b> {e(title)}\nChủ trì: {e(lead)}\nThời hạn: {e(due_text)}"
    if members > 1:
        text += f"\nGiao cho {members} cơ quan, mỗi cơ quan được nhắc và báo cáo riêng."
    return text


def invite_usage() -> str:
    return "Vui lòng ghi tên cơ quan, ví dụ: <code>/invite Bộ Công an</code> (có thể gõ không dấu)."


def invite_created(invite: InviteView, link: str, tz: ZoneInfo, group_link: str = "") -> str:
    text = (
        f"🔗 Đường dẫn đăng ký cán bộ đầu mối của <b>{e(invite.agency)}</b>, dùng một lần, "
        f"hiệu lực đến {fmt_instant(invite.expires_at, tz)}.\n\n"
        f"Cho một người — gửi riêng cho cán bộ đầu mối, họ bấm vào rồi bấm Bắt đầu:\n{e(link)}"
    )
    if group_link:
        text += (
            "\n\nCho nhóm của đơn vị — người trong nhóm bấm vào, chọn nhóm để thêm bot vào "
            f"nhóm; cả nhóm nhận tin nhắc việc:\n{e(group_link)}"
        )
    return text


def chat_disabled(chat_title: str, agency: str, reason: str) -> str:
    return (
        f"⚠️ Không gửi được tin cho cán bộ đầu mối “{e(chat_title)}” của <b>{e(agency)}</b> "
        f"({e(reason)}). Bot đã tạm ngừng gửi tin đến đó; đề nghị mời cán bộ đầu mối mới bằng "
        "/invite."
    )


def leadership_chat_disabled(chat_title: str, agency: str, reason: str) -> str:
    return (
        f"⚠️ Không gửi được tin cho nơi nhận báo cáo dành cho lãnh đạo “{e(chat_title)}” của "
        f"<b>{e(agency)}</b> ({e(reason)}). Bot đã tạm ngừng gửi tin đến đó; nếu cần, đề nghị "
        f"gửi đường dẫn mới bằng /invite {e(agency)} lãnh đạo."
    )


def chat_gone_reason(blocked: bool) -> str:
    """Why a focal point's chat can no longer be reached (for :func:`chat_disabled`)."""
    return "cán bộ đầu mối đã chặn bot" if blocked else "cuộc trò chuyện không còn tồn tại"


def internal_error() -> str:
    return "Đã có lỗi khi xử lý yêu cầu. Dữ liệu không thay đổi. Vui lòng thử lại sau ít phút."


# ---------------------------------------------------------------- imports


#: Tasks of an import preview on one page.
IMPORT_PAGE = 8


def import_preview_page(
    *,
    number: str,
    issued: date | None,
    title: str,
    tasks: Sequence[dict[str, object]],
    unknown: Sequence[str],
    page: int = 0,
    followups: Mapping[int, str] | None = None,
) -> tuple[str, int, int]:
    """One page of the importer's proposal: the head, at most :data:`IMPORT_PAGE` tasks and
    the footer (what to do); returns the text, the page shown and how many pages there are.
    ``followups``: an undated task's follow-up line by its number."""
    text = render_preview(
        followups=followups,
        number=number,
        issued=issued,
        title=title,
        tasks=[dict(t) for t in tasks],
        unknown=unknown,
        fmt_due=fmt_due,
        fmt_date=fmt_date,
        html=True,
    )
    items = list(text.items)
    pages = max(1, -(-len(items) // IMPORT_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = items[page * IMPORT_PAGE : (page + 1) * IMPORT_PAGE]
    blocks = [text.head, *shown]
    if pages > 1:
        first = page * IMPORT_PAGE + 1
        blocks.append(
            f"Trang {page + 1}/{pages} (nhiệm vụ {first}–{first + len(shown) - 1} trong "
            f"{len(items)}); bấm ◀ ▶ để xem tiếp."
        )
    if text.footer:
        blocks.append(text.footer)
    return "\n\n".join(blocks), page, pages


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
        "hoặc gửi tệp .docx/.txt/.pdf (có thể ghi ngày ban hành ở phần chú thích, ví dụ 23/2/2025)."
    )


def is_import_prompt(text: str) -> bool:
    return text.startswith("📥 Gửi toàn văn thông báo")


def import_needs_date() -> str:
    return (
        "Không tìm thấy ngày ban hành trong văn bản, nên chưa đọc được thời hạn. "
        "Vui lòng gửi lại tệp kèm chú thích là ngày ban hành (ví dụ 23/2/2025), "
        "hoặc /import 23/2/2025 rồi dán nội dung. Dữ liệu không thay đổi."
    )


def import_unreadable() -> str:
    """A file the importer could not read at all (damaged, or not a document)."""
    return (
        "Không đọc được tệp: tệp hỏng hoặc không phải văn bản. Vui lòng gửi tệp .docx, .pdf có lớp chữ hoặc .txt. "
        "Dữ liệu không thay đổi."
    )


def import_empty() -> str:
    return (
        "Không tìm thấy nhiệm vụ nào được giao trong văn bản này. Đề nghị anh/chị kiểm tra lại "
        "nội dung, hoặc thêm từng nhiệm vụ bằng /addtask. Dữ liệu không thay đổi."
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
    return "Đã hủy bản xem trước. Không có nhiệm vụ nào được lưu."


def import_missing() -> str:
    return (
        "Không có bản xem trước nào đang chờ xác nhận. Vui lòng gửi tệp thông báo hoặc dùng "
        "/import."
    )


def fix_usage() -> str:
    return (
        "✏️ Sửa một nhiệm vụ của bản xem trước (số thứ tự như trong bản xem trước), rồi bấm "
        "✅ Xác nhận. Ví dụ:\n"
        "/fix 3 hạn 30/9/2027 · /fix 3 chủ trì Bộ Công an · /fix 3 tên Báo cáo tổng kết · "
        "/fix 3 đôn đốc 15/1/2027 · /fix 3 bỏ · "
        "/fix tất cả chủ trì Bộ Kế hoạch → Bộ Tài chính · /fix xem"
    )


def fix_rejected(reason: FixProblem, value: str) -> str:
    match reason:
        case FixProblem.NUMBER:
            return f"Không có nhiệm vụ số {e(value)} trong bản xem trước. Dữ liệu không thay đổi."
        case FixProblem.DEADLINE:
            return deadline_not_understood(value)
        case FixProblem.AGENCY:
            return unknown_agency(value)
        case FixProblem.TITLE:
            return f"Tên nhiệm vụ phải có từ 1 đến {TYPED_TITLE_MAX} ký tự. Dữ liệu không thay đổi."
        case FixProblem.DROPPED:
            return f"Nhiệm vụ số {e(value)} đã bị bỏ khỏi bản xem trước. Dữ liệu không thay đổi."
        case FixProblem.FIELD | FixProblem.NO_SUCH_LEAD:
            return fix_usage()
        case (
            FixProblem.FOLLOWUP_DATED
            | FixProblem.FOLLOWUP_DATE
            | FixProblem.FOLLOWUP_PAST
            | FixProblem.FOLLOWUP_TOO_FAR
        ):
            return followdate_messages.refused(reason, value) or fix_usage()
        case unknown:
            assert_never(unknown)


def _due_of(task: dict[str, object]) -> str:
    """A preview task's deadline in words (its stored form is ISO)."""
    due = task.get("due")
    try:
        day = date.fromisoformat(str(due)) if due else None
    except ValueError:
        return e(str(due))
    granularity = task.get("granularity")
    kind = task.get("kind")
    try:
        return e(
            fmt_due(
                day,
                Granularity(str(granularity)) if granularity else None,
                DeadlineKind(str(kind)) if kind else DeadlineKind.DEADLINE,
            )
        )
    except ValueError:
        return fmt_date(day) if day else "chưa xác định thời hạn"


def fix_applied(number: int, task: dict[str, object] | None) -> str:
    if task is None:
        return (
            f"Đã bỏ nhiệm vụ số {number} khỏi bản xem trước (số của các nhiệm vụ khác giữ nguyên)."
        )
    return (
        f"Đã sửa nhiệm vụ số {number}: {e(task['title'])}\n"
        f"Chủ trì: {e(task['lead'])} · Hạn: {_due_of(task)}"
    )
