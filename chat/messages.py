"""Every sentence the bot says, in one place. Vietnamese, Telegram HTML, always escaped.

Functions take read models and return HTML strings; nothing here touches Telegram or the
database. Long lists are split into messages under Telegram's 4096-character limit.

Here: joining, access, bad input and the admins' commands. The shared formats live in
``chat.format_messages``, a task's detail in ``chat.task_messages``, the answers to reports in
``chat.reply_messages``, the import preview in ``chat.preview_messages``; all of them are
importable from here too, as before."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import assert_never
from zoneinfo import ZoneInfo

from chat import followdate_messages
from chat.format_messages import EVENT_LABEL as EVENT_LABEL
from chat.format_messages import MESSAGE_BUDGET as MESSAGE_BUDGET
from chat.format_messages import OFFICE as OFFICE
from chat.format_messages import STATUS_LABEL as STATUS_LABEL
from chat.format_messages import chunk as chunk
from chat.format_messages import e as e
from chat.format_messages import fmt_due as fmt_due
from chat.format_messages import fmt_instant as fmt_instant
from chat.format_messages import fmt_time as fmt_time
from chat.preview_messages import IMPORT_PAGE as IMPORT_PAGE
from chat.preview_messages import fix_applied as fix_applied
from chat.preview_messages import fix_usage as fix_usage
from chat.preview_messages import import_cancelled as import_cancelled
from chat.preview_messages import import_empty as import_empty
from chat.preview_messages import import_keyboard as import_keyboard
from chat.preview_messages import import_missing as import_missing
from chat.preview_messages import import_needs_date as import_needs_date
from chat.preview_messages import import_preview_page as import_preview_page
from chat.preview_messages import import_prompt as import_prompt
from chat.preview_messages import import_stored as import_stored
from chat.preview_messages import import_unreadable as import_unreadable
from chat.preview_messages import is_import_prompt as is_import_prompt
from chat.reply_messages import admin_reply as admin_reply
from chat.reply_messages import done_by_button_prompt_missing as done_by_button_prompt_missing
from chat.reply_messages import done_confirmed as done_confirmed
from chat.reply_messages import handled_line as handled_line
from chat.reply_messages import late_confirmed as late_confirmed
from chat.reply_messages import late_prompt as late_prompt
from chat.reply_messages import late_prompt_task as late_prompt_task
from chat.reply_messages import reply_hint as reply_hint
from chat.task_messages import MEMBERS_SHOWN as MEMBERS_SHOWN
from chat.task_messages import escalation_flag as escalation_flag
from chat.task_messages import members_full as members_full
from chat.task_messages import members_keyboard as members_keyboard
from chat.task_messages import members_summary as members_summary
from chat.task_messages import task_detail as task_detail
from domain.errors import InviteProblem
from domain.titles import TYPED_TITLE_MAX
from tracking.imports import FixProblem
from tracking.views import InviteView, JoinOutcome
from tracking.wording import fmt_date as fmt_date  # the catalogues' one date formatter


def help_text(
    *,
    is_admin: bool,
    agency: str | None,
    office: str,
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


def start_without_token(office: str) -> str:
    return (
        "Xin chào anh/chị! Bot nhắc thời hạn các nhiệm vụ Chính phủ giao cho cơ quan của "
        f"anh/chị, thay mặt {e(office)}.\n\n"
        "Để nhận tin nhắc việc, anh/chị cần <b>đường dẫn đăng ký</b> do "
        f"{e(office)} gửi riêng cho cơ quan mình. Vui lòng liên hệ {e(office)} để được cấp, "
        "rồi bấm vào đường dẫn đó."
    )


def invite_invalid(reason: InviteProblem, office: str) -> str:
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


def not_bound(office: str) -> str:
    return (
        "Anh/chị chưa đăng ký làm cán bộ đầu mối của cơ quan nào, nên chưa có nhiệm vụ để "
        f"xem. Vui lòng bấm đường dẫn đăng ký do {e(office)} gửi."
    )


def not_admin(office: str) -> str:
    return f"Xin lỗi, lệnh này chỉ dành cho {e(office)}."


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


def fix_rejected(reason: FixProblem, value: str) -> str:
    match reason:
        case FixProblem.NUMBER:
            return f"Không có nhiệm vụ số {e(value)} trong bản xem trước. Dữ liệu không thay đổi."
        case FixProblem.DEADLINE:
            return deadline_not_understood(value)
        case FixProblem.DEADLINE_RANGE:
            low, _, high = value.partition("-")
            return (
                f"Thời hạn phải trong khoảng năm {e(low)}–{e(high)}. "
                "Đề nghị anh/chị kiểm tra lại thời hạn. Dữ liệu không thay đổi."
            )
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
