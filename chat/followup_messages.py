"""What the bot says about the office's follow-up: extension proposals and decisions,
corrections (undo, reopen, edit, cancel), progress notes and confirmations.

Same rules as ``chat.messages``: Vietnamese, Telegram HTML, every value escaped, dates
d/m/yyyy, numbers from the settings or the database.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import assert_never
from zoneinfo import ZoneInfo

from chat.followdate_messages import dated_task
from chat.messages import e, fmt_date, fmt_instant
from chat.status_words import PENDING_MARK, STATUS_LABEL, status_text
from domain.errors import ChangeProblem, UndoProblem
from domain.status import EventKind, ProposalState, TaskStatus
from tracking.corrections import ClosedPeriod, Correction
from tracking.decisions import DeadlineSet, ProposalView
from tracking.views import ReplyOutcome
from tracking.wording import period_label

OFFICE = "Văn phòng theo dõi"
"""The office's name in these texts: ``OFFICE_NAME``, set once at start-up by
:func:`use_office_name` (one deployment, one office)."""


def use_office_name(name: str) -> None:
    global OFFICE
    OFFICE = name


def _how_late(deadline: date | None, today: date) -> str:
    if deadline is None:
        return ""
    days = (today - deadline).days
    if days > 0:
        return f" (quá hạn {days} ngày)"
    if days == 0:
        return " (đến hạn hôm nay)"
    return f" (còn {-days} ngày)"


# ---------------------------------------------------------------- proposals


def proposal_sent(outcome: ReplyOutcome, tz: ZoneInfo) -> str:
    """The focal point's confirmation of a /late with a date."""
    assert outcome.new_due is not None
    kept = (
        f"thời hạn vẫn là {fmt_date(outcome.deadline)}"
        if outcome.deadline
        else "thời hạn chưa thay đổi"
    )
    return (
        f"⏳ Đã ghi nhận báo cáo chậm nhiệm vụ <b>#{outcome.task_id} {e(outcome.title)}</b> "
        f"và đề xuất lùi thời hạn đến <b>{fmt_date(outcome.new_due)}</b>.\n"
        f"Đề xuất đã được gửi {OFFICE} xem xét. Trong khi chờ quyết định, {kept} "
        "và bot vẫn nhắc theo thời hạn này."
    )


def undo_hint(outcome: ReplyOutcome) -> str:
    if not outcome.undo_minutes or outcome.event_id is None:
        return ""
    return f"\nNếu báo cáo nhầm, anh/chị bấm ↩️ Hoàn tác trong {outcome.undo_minutes} phút."


def proposal_for_admins(outcome: ReplyOutcome, who: str, reason: str, today: date) -> str:
    """The admins' notice of a proposal: everything needed to decide it."""
    assert outcome.new_due is not None
    deadline = fmt_date(outcome.deadline) if outcome.deadline else "chưa xác định"
    return (
        f"📨 <b>Đề xuất lùi thời hạn — cần {OFFICE} quyết định</b>\n"
        f"Nhiệm vụ <b>#{outcome.task_id}</b> {e(outcome.title)}\n"
        f"Cơ quan: {e(outcome.agency)} ({e(who)})\n"
        f"Thời hạn đang áp dụng: {deadline}{_how_late(outcome.deadline, today)}\n"
        f"Đề xuất lùi đến: <b>{fmt_date(outcome.new_due)}</b>\n"
        f"Lý do: {e(reason)}"
    )


def proposal_keyboard(proposal_id: int) -> list[list[dict[str, str]]]:
    return [
        [
            {"text": "✅ Đồng ý gia hạn", "data": f"ext:ok:{proposal_id}"},
            {"text": "✖️ Không đồng ý", "data": f"ext:no:{proposal_id}"},
        ],
        [{"text": "📌 Chi tiết", "data": f"ext:info:{proposal_id}"}],
    ]


def undo_keyboard(outcome: ReplyOutcome) -> list[list[dict[str, str]]] | None:
    if not outcome.undo_minutes or outcome.event_id is None or outcome.already:
        return None
    return [[{"text": "↩️ Hoàn tác", "data": f"undo:{outcome.event_id}"}]]


def _decided(state: ProposalState) -> str:
    return {
        ProposalState.APPROVED: "đồng ý gia hạn",
        ProposalState.REJECTED: "không đồng ý gia hạn",
        ProposalState.WITHDRAWN: "rút lại (cán bộ đầu mối hoàn tác hoặc đã báo cáo hoàn thành)",
        ProposalState.PENDING: "chưa quyết định",
    }[state]


def decision_line(view: ProposalView, tz: ZoneInfo) -> str:
    """Appended to the admins' proposal message once decided."""
    when = fmt_instant(view.decided_at, tz) if view.decided_at else ""
    mark = "✅" if view.state is ProposalState.APPROVED else "✖️"
    return f"{mark} {e(view.decided_by)} đã {_decided(view.state)} lúc {when}."


def reason_prompt(view: ProposalView) -> str:
    return (
        f"✖️ Lý do không đồng ý đề xuất số {view.proposal_id} (nhiệm vụ #{view.task_id}): "
        "nếu cần, đề nghị anh/chị <b>trả lời tin nhắn này</b> bằng lý do; lý do sẽ được "
        "gửi cán bộ đầu mối."
    )


_REASON_PROMPT = re.compile(r"^✖️ Lý do không đồng ý đề xuất số (\d+) ")


def reason_prompt_proposal(text: str) -> int | None:
    match = _REASON_PROMPT.match(text)
    return int(match[1]) if match else None


def reason_refused(reason: ChangeProblem) -> str:
    if reason is ChangeProblem.REASON_GIVEN:
        return "Lý do của quyết định này đã được ghi trước đó. Dữ liệu không thay đổi."
    return (
        "Chỉ người đã không đồng ý đề xuất mới gửi được lý do cho đề xuất này. "
        "Dữ liệu không thay đổi."
    )


def reason_recorded(view: ProposalView) -> str:
    return f"Đã ghi lý do và gửi cán bộ đầu mối của {e(view.agency)}."


def already_decided(state: ProposalState, by: str, at: datetime | None, tz: ZoneInfo) -> str:
    when = f" lúc {fmt_instant(at, tz)}" if at else ""
    who = f"{by} " if by else ""
    return f"Đề xuất này đã được {who}{_decided(state)}{when}. Dữ liệu không thay đổi."


def not_decidable(task_id: int, reason: TaskStatus) -> str:
    match reason:
        case TaskStatus.DONE:
            why = "đã hoàn thành"
        case TaskStatus.AWAITING:
            why = "đang chờ xác nhận hoàn thành"
        case TaskStatus.CANCELLED:
            why = "đã được rút"
        case TaskStatus.OPEN | TaskStatus.LATE:  # still open: decidable, never refused
            why = "đang thực hiện"
        case _:
            assert_never(reason)
    return f"Nhiệm vụ #{task_id} {why} nên không cần quyết định gia hạn. Dữ liệu không thay đổi."


def proposal_missing(ref: int) -> str:
    return f"Không tìm thấy đề xuất gia hạn số {ref}. Dữ liệu không thay đổi."


def focal_approved(view: ProposalView) -> str:
    return (
        f"✅ {OFFICE} đã <b>đồng ý gia hạn</b> nhiệm vụ <b>#{view.task_id} {e(view.title)}</b>: "
        f"thời hạn mới là <b>{fmt_date(view.proposed_due)}</b>. Bot sẽ nhắc theo thời hạn này."
    )


def focal_rejected(view: ProposalView) -> str:
    kept = f"vẫn là {fmt_date(view.deadline)}" if view.deadline else "không thay đổi"
    text = (
        f"✖️ {OFFICE} <b>không đồng ý</b> đề xuất lùi thời hạn nhiệm vụ "
        f"<b>#{view.task_id} {e(view.title)}</b> đến {fmt_date(view.proposed_due)}. "
        f"Thời hạn {kept}; đề nghị anh/chị khẩn trương hoàn thành và báo cáo."
    )
    if view.note:
        text += f"\nLý do: {e(view.note)}"
    return text


def focal_reason(view: ProposalView) -> str:
    return f"Lý do {OFFICE} không đồng ý gia hạn nhiệm vụ <b>#{view.task_id}</b>: {e(view.note)}"


def proposal_detail(view: ProposalView, tz: ZoneInfo, today: date) -> str:
    deadline = fmt_date(view.deadline) if view.deadline else "chưa xác định"
    text = (
        f"📌 <b>Đề xuất gia hạn số {view.proposal_id}</b>\n"
        f"Nhiệm vụ <b>#{view.task_id}</b> {e(view.title)}\n"
        f"Cơ quan: {e(view.agency)}\n"
        f"Người đề xuất: {e(view.proposed_by)}, lúc {fmt_instant(view.proposed_at, tz)}\n"
        f"Thời hạn đang áp dụng: {deadline}{_how_late(view.deadline, today)}\n"
        f"Đề xuất lùi đến: <b>{fmt_date(view.proposed_due)}</b>\n"
        f"Lý do: {e(view.reason)}\n"
        f"Tình trạng: {_decided(view.state)}"
    )
    if view.state is not ProposalState.PENDING and view.decided_by:
        text += f" ({e(view.decided_by)})"
    return text + f"\nXem đầy đủ: /task {view.task_id}"


def pending_in_task(views: list[ProposalView]) -> str:
    """Under /task for admins: the proposals waiting, with their buttons below."""
    lines = [f"<b>Đề xuất gia hạn đang chờ {OFFICE} quyết định</b>"]
    lines += [
        f"• Số {v.proposal_id}: {e(v.agency)} đề xuất lùi đến {fmt_date(v.proposed_due)}"
        f" — {e(v.reason)}"
        for v in views
    ]
    return "\n".join(lines)


#: How many waiting proposals /dexuat lists with buttons (the rest are counted).
PENDING_SHOWN = 10


def no_pending() -> str:
    return f"Không có đề xuất gia hạn nào đang chờ {OFFICE} quyết định."


def pending_list(views: list[ProposalView], shown: list[ProposalView], today: date) -> str:
    lines = [f"📨 <b>{len(views)} đề xuất gia hạn đang chờ quyết định</b> (cũ nhất trước)"]
    for v in shown:
        deadline = fmt_date(v.deadline) if v.deadline else "chưa xác định"
        lines.append(
            f"• <b>#{v.task_id}</b> {e(v.title[:70])}\n    {e(v.agency)}: hạn {deadline}"
            f"{_how_late(v.deadline, today)} → đề xuất {fmt_date(v.proposed_due)}. "
            f"Lý do: {e(v.reason[:200])}"
        )
    if len(views) > len(shown):
        lines.append(f"… và {len(views) - len(shown)} đề xuất khác; xem từng nhiệm vụ bằng /task.")
    return "\n".join(lines)


def giahan_usage() -> str:
    return (
        "Cú pháp: /giahan 12 30/9/2027 theo đề nghị của Bộ Tư pháp — số nhiệm vụ, thời hạn "
        "mới (một ngày, hoặc cụm như “trong Quý I/2027”), có thể kèm lý do."
    )


def giahan_past(day: date) -> str:
    return (
        f"Thời hạn mới {fmt_date(day)} đã qua. Đề nghị anh/chị nhập một ngày từ hôm nay trở đi. "
        "Dữ liệu không thay đổi."
    )


def deadline_set_admin(result: DeadlineSet) -> str:
    text = (
        f"📅 Đã gia hạn nhiệm vụ <b>#{result.task_id} {e(result.title)}</b> đến "
        f"<b>{fmt_date(result.due)}</b> cho {len(result.agencies)} cơ quan"
    )
    if len(result.agencies) <= 3:
        text += ": " + e(", ".join(result.agencies))
    text += ". Bot nhắc theo thời hạn mới."
    if result.closed_proposals:
        text += f" {result.closed_proposals} đề xuất đang chờ đã được đóng."
    return text


def deadline_set_focal(result: DeadlineSet) -> str:
    text = (
        f"📅 {OFFICE} đã gia hạn nhiệm vụ <b>#{result.task_id} {e(result.title)}</b>: "
        f"thời hạn mới là <b>{fmt_date(result.due)}</b>. Bot sẽ nhắc theo thời hạn này."
    )
    if result.reason:
        text += f"\nLý do: {e(result.reason)}"
    return text


def help_focal(undo_minutes: int) -> list[str]:
    """The focal points' part of /help about the office's follow-up."""
    lines = [
        "Báo chậm kèm ngày là <b>đề xuất</b> lùi thời hạn: ví dụ /late 20 chờ ý kiến Bộ Tư pháp "
        f"30/9/2027. {OFFICE} quyết định; trong khi chờ, thời hạn cũ vẫn áp dụng và bot vẫn "
        "nhắc, anh/chị được báo kết quả. Báo chậm không kèm ngày chỉ ghi nhận lý do.",
    ]
    if undo_minutes:
        lines.append(f"Báo cáo nhầm? Bấm ↩️ Hoàn tác dưới tin xác nhận trong {undo_minutes} phút.")
    lines.append(
        "/tiendo — ghi tiến độ mà không đổi trạng thái, ví dụ: /tiendo 12 đã gửi dự thảo "
        "lấy ý kiến các bộ (cũng dùng được /progress)."
    )
    return lines


def help_admin() -> list[str]:
    """The admins' part of /help about the office's follow-up."""
    return [
        "Đề xuất gia hạn đến kèm nút ✅ Đồng ý gia hạn / ✖️ Không đồng ý / 📌 Chi tiết; "
        "chỉ quyết định đầu tiên có hiệu lực. Sau khi không đồng ý, có thể trả lời tin nhắn "
        "của bot bằng lý do.",
        "/giahan — đặt thời hạn mới, ví dụ: /giahan 12 30/9/2027 theo Công văn 123/VPCP-KSTT "
        "hoặc /giahan 12 trong Quý I/2027; /task 12 hiện các đề xuất đang chờ kèm nút.",
        "/dexuat — các đề xuất gia hạn đang chờ quyết định, kèm nút",
        "/reopen — mở lại nhiệm vụ đã báo hoàn thành: /reopen 12, hoặc /reopen 12 Bộ Công an; "
        "nhiệm vụ định kỳ: mở lại kỳ được báo cáo hoàn thành gần nhất (cũng bằng nút ↩️ "
        "dưới /task 12)",
        "/edit — sửa nhiệm vụ: /edit 12 hạn 30/9/2027 · /edit 12 tên Báo cáo tổng kết · "
        "/edit 12 chủ trì Bộ Công an · /edit 12 phối hợp Bộ Tài chính, Bộ Tư pháp · "
        "/edit 12 đôn đốc 15/1/2027 (ngày đôn đốc nhiệm vụ chưa xác định thời hạn)",
        "/cancel — rút nhiệm vụ (không nhắc nữa, tính riêng là “đã rút”): "
        "/cancel 12 theo Công văn 123/VPCP-KSTT",
        "Khi bật xác nhận hoàn thành (CONFIRM_DONE), báo cáo hoàn thành đến kèm nút ✅ Xác "
        "nhận / ↩️ Trả lại; hoặc /xacnhan 12, /tralai 12 hồ sơ còn thiếu.",
    ]


def cancelled_task(task_id: int) -> str:
    return f"Nhiệm vụ #{task_id} đã được {OFFICE} rút, không cần báo cáo. Dữ liệu không thay đổi."


__all__ = ["OFFICE", "PENDING_MARK", "STATUS_LABEL", "status_text", "use_office_name"]


# ---------------------------------------------------------------- corrections


def _agencies(names: tuple[str, ...]) -> str:
    if len(names) <= 3:
        return e(", ".join(names))
    return f"{len(names)} cơ quan"


_UNDONE_WHAT = {
    "done": "báo cáo hoàn thành",
    "submitted": "báo cáo hoàn thành",
    "late": "báo cáo chậm",
    "extension_proposed": "báo cáo chậm và đề xuất lùi thời hạn",
}


def _period_of(c: Correction) -> str:
    assert c.period is not None
    return period_label(c.granularity, c.period)


def undone_focal(c: Correction) -> str:
    if c.period is not None:
        return (
            f"↩️ Đã hoàn tác báo cáo hoàn thành {_period_of(c)} của nhiệm vụ "
            f"<b>#{c.task_id} {e(c.title)}</b>. Kỳ này trở lại chưa hoàn thành, hạn "
            f"{fmt_date(c.period)}; bot nhắc lại theo kỳ này. {OFFICE} đã được thông báo."
        )
    what = _UNDONE_WHAT.get(c.undone.value if c.undone else "", "báo cáo")
    return (
        f"↩️ Đã hoàn tác {what} nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>. Nhiệm vụ trở lại "
        f"trạng thái trước đó; bot tiếp tục nhắc theo thời hạn. {OFFICE} đã được thông báo."
    )


def undone_admin(c: Correction, who: str) -> str:
    if c.period is not None:
        return (
            f"↩️ {_agencies(c.agencies)} ({e(who)}) đã rút lại báo cáo hoàn thành "
            f"{_period_of(c)} của nhiệm vụ <b>#{c.task_id}</b> {e(c.title)}."
        )
    what = _UNDONE_WHAT.get(c.undone.value if c.undone else "", "báo cáo")
    return (
        f"↩️ {_agencies(c.agencies)} ({e(who)}) đã rút lại {what} nhiệm vụ "
        f"<b>#{c.task_id}</b> {e(c.title)}."
    )


def undo_line() -> str:
    return "↩️ Đã hoàn tác."


def undo_refused(reason: UndoProblem, minutes: int) -> str:
    match reason:
        case UndoProblem.EXPIRED:
            return (
                f"Đã quá {minutes} phút nên không thể hoàn tác. Nếu cần sửa, đề nghị anh/chị "
                f"liên hệ {OFFICE}. Dữ liệu không thay đổi."
            )
        case UndoProblem.ALREADY:
            return "Báo cáo này đã được hoàn tác trước đó. Dữ liệu không thay đổi."
        case UndoProblem.DECIDED:
            return (
                f"Sau báo cáo này đã có thay đổi khác (ví dụ {OFFICE} đã quyết định) nên không "
                "thể hoàn tác. Dữ liệu không thay đổi."
            )
        case UndoProblem.NOT_YOURS:
            return "Chỉ cơ quan đã báo cáo mới hoàn tác được. Dữ liệu không thay đổi."
        case UndoProblem.NOT_LAST:
            return (
                "Sau kỳ này đã có kỳ khác được báo cáo hoàn thành, nên không thể mở lại kỳ "
                "này; chỉ mở lại được kỳ được báo cáo hoàn thành gần nhất. "
                "Dữ liệu không thay đổi."
            )
        case UndoProblem.GONE:
            return "Không tìm thấy báo cáo để hoàn tác. Dữ liệu không thay đổi."
        case _:
            assert_never(reason)


def reopened_admin(c: Correction) -> str:
    if c.period is not None:
        return (
            f"🔄 Đã mở lại {_period_of(c)} của nhiệm vụ <b>#{c.task_id} {e(c.title)}</b> cho "
            f"{_agencies(c.agencies)}: kỳ này trở lại chưa hoàn thành, hạn "
            f"{fmt_date(c.period)}; kế hoạch nhắc kỳ sau đã được rút, bot nhắc lại theo kỳ "
            "này. Cán bộ đầu mối đã được thông báo."
        )
    return (
        f"🔄 Đã mở lại nhiệm vụ <b>#{c.task_id} {e(c.title)}</b> cho {_agencies(c.agencies)}. "
        "Bot nhắc lại theo thời hạn."
    )


def reopened_focal(c: Correction) -> str:
    if c.period is not None:
        return (
            f"🔄 {OFFICE} đã mở lại {_period_of(c)} của nhiệm vụ <b>#{c.task_id} "
            f"{e(c.title)}</b>: báo cáo hoàn thành kỳ này chưa được ghi nhận. Đề nghị anh/chị "
            f"hoàn thành và báo cáo lại kỳ này (hạn {fmt_date(c.period)}); bot nhắc lại theo "
            "kỳ này."
        )
    return (
        f"🔄 {OFFICE} đã mở lại nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>. Đề nghị anh/chị "
        "tiếp tục thực hiện và báo cáo; bot nhắc lại theo thời hạn."
    )


def cancelled_admin(c: Correction) -> str:
    return (
        f"🚫 Đã rút nhiệm vụ <b>#{c.task_id} {e(c.title)}</b> ({_agencies(c.agencies)}). "
        f"Bot không nhắc nữa; nhiệm vụ được tính riêng là “đã rút”. Lý do: {e(c.reason)}"
    )


def cancelled_focal(c: Correction) -> str:
    return (
        f"🚫 {OFFICE} đã rút nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>; anh/chị không cần "
        f"báo cáo nhiệm vụ này nữa. Lý do: {e(c.reason)}"
    )


_FIELD_WORD = {
    "deadline": "thời hạn",
    "title": "tên",
    "lead": "cơ quan chủ trì",
    "co": "cơ quan phối hợp",
}


def edited_admin(c: Correction) -> str:
    return (
        f"✏️ Đã sửa {_FIELD_WORD[c.field]} nhiệm vụ <b>#{c.task_id}</b>: "
        f"“{e(c.old)}” → “{e(c.new)}”."
    )


def edited_focal(c: Correction) -> str:
    return (
        f"✏️ {OFFICE} đã sửa {_FIELD_WORD[c.field]} nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>: "
        f"“{e(c.old)}” → “{e(c.new)}”."
    )


def change_refused(reason: ChangeProblem, value: str, task_id: int) -> str:
    match reason:
        case ChangeProblem.UNKNOWN_FIELD:
            return (
                f"Không sửa được “{e(value)}”. Có thể sửa: hạn, tên, chủ trì, phối hợp — ví dụ "
                f"/edit {task_id} hạn 30/9/2027. Dữ liệu không thay đổi."
            )
        case ChangeProblem.EMPTY:
            return f"Thiếu giá trị mới sau “{e(value)}”. Dữ liệu không thay đổi."
        case ChangeProblem.SAME:
            return f"Giá trị mới “{e(value)}” giống giá trị hiện tại. Dữ liệu không thay đổi."
        case ChangeProblem.GROUP_LEAD:
            return (
                f"Nhiệm vụ #{task_id} giao cho nhiều cơ quan (“{e(value)}”), không đổi được cơ "
                "quan chủ trì. Dữ liệu không thay đổi."
            )
        case ChangeProblem.NOT_DONE:
            return (
                f"Nhiệm vụ #{task_id} chưa hoàn thành, chưa bị rút, nên không cần mở lại. "
                "Dữ liệu không thay đổi."
            )
        case ChangeProblem.NO_PERIOD:
            return (
                f"Nhiệm vụ định kỳ #{task_id} chưa có kỳ nào được báo cáo hoàn thành, nên không "
                "có kỳ nào để mở lại. Dữ liệu không thay đổi."
            )
        case ChangeProblem.ALREADY_CANCELLED:
            return f"Nhiệm vụ #{task_id} đã được rút trước đó. Dữ liệu không thay đổi."
        case ChangeProblem.NOT_AWAITING:
            return (
                f"Nhiệm vụ #{task_id} không có báo cáo hoàn thành nào đang chờ xác nhận. "
                "Dữ liệu không thay đổi."
            )
        case ChangeProblem.FOLLOWUP_DATED:
            return dated_task(task_id)
        case ChangeProblem.NOT_REJECTED_BY_YOU | ChangeProblem.REASON_GIVEN:
            return reason_refused(reason)
        case _:
            assert_never(reason)


def not_a_member(task_id: int) -> str:
    return f"Cơ quan này không có trong nhiệm vụ #{task_id}. Dữ liệu không thay đổi."


#: How many "reopen a period" buttons /task shows (a group duty has one per member).
PERIODS_SHOWN = 8


def closed_periods_in_task(periods: list[ClosedPeriod], tz: ZoneInfo) -> str:
    """Under /task, for admins: the last period each agency reported done."""
    lines = ["<b>Kỳ báo cáo hoàn thành gần nhất</b>"]
    lines += [
        f"• {e(p.agency)}: {period_label(p.granularity, p.period)}, báo cáo lúc "
        f"{fmt_instant(p.at, tz)}"
        for p in periods[:PERIODS_SHOWN]
    ]
    if len(periods) > PERIODS_SHOWN:
        lines.append(
            f"… và {len(periods) - PERIODS_SHOWN} cơ quan khác: /reopen kèm số nhiệm vụ và "
            "tên cơ quan."
        )
    lines.append(
        "Nếu báo cáo chưa đạt, anh/chị bấm ↩️ để mở lại kỳ đó: kỳ này trở lại chưa hoàn "
        "thành, kế hoạch nhắc kỳ sau được rút."
    )
    return "\n".join(lines)


def closed_periods_keyboard(periods: list[ClosedPeriod]) -> list[list[dict[str, str]]]:
    return [
        [
            {
                "text": f"↩️ Mở lại {period_label(p.granularity, p.period)} · {p.agency}"[:60],
                "data": f"rp:{p.event_id}",
            }
        ]
        for p in periods[:PERIODS_SHOWN]
    ]


def period_button_refused_admin() -> str:
    """A ↩️ Mở lại kỳ button pressed by someone who is not an admin."""
    return f"Chỉ {OFFICE} mở lại được một kỳ đã báo cáo hoàn thành. Dữ liệu không thay đổi."


def reopen_usage() -> str:
    return (
        "Cú pháp: /reopen 12 — mở lại nhiệm vụ 12 (nhiệm vụ định kỳ: mở lại kỳ được báo cáo "
        "hoàn thành gần nhất); /reopen 12 Bộ Công an — chỉ của Bộ Công an."
    )


def edit_usage() -> str:
    return (
        "Cú pháp: /edit 12 hạn 30/9/2027 · /edit 12 tên Báo cáo tổng kết · "
        "/edit 12 chủ trì Bộ Công an · /edit 12 phối hợp Bộ Tài chính, Bộ Tư pháp "
        "(hoặc “không”) · /edit 12 đôn đốc 15/1/2027."
    )


def cancel_usage() -> str:
    return "Cú pháp: /cancel 12 theo Công văn 123/VPCP-KSTT rút nhiệm vụ — cần ghi lý do."


def tiendo_usage() -> str:
    return (
        "Cú pháp: /tiendo 12 đã gửi dự thảo lấy ý kiến các bộ — ghi tiến độ, không đổi trạng thái."
    )


def progress_admin(c: Correction, who: str) -> str:
    """A progress note, as the office's daily digest lists it."""
    return (
        f"📝 {_agencies(c.agencies)} ({e(who)}) cập nhật tiến độ nhiệm vụ <b>#{c.task_id}</b> "
        f"{e(c.title)}: {e(c.new)}"
    )


def progress_recorded(c: Correction) -> str:
    return (
        f"📝 Đã ghi tiến độ nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>. Trạng thái không thay "
        f"đổi; {OFFICE} xem được trong /task {c.task_id}."
    )


# ---------------------------------------------------------------- confirmation of completions


def submitted_focal(outcome: ReplyOutcome) -> str:
    return (
        f"✅ Đã ghi nhận báo cáo hoàn thành nhiệm vụ <b>#{outcome.task_id} {e(outcome.title)}</b>. "
        f"Báo cáo đang chờ {OFFICE} xác nhận; bot tạm dừng nhắc nhiệm vụ này." + undo_hint(outcome)
    )


def submitted_admin(outcome: ReplyOutcome, who: str, note: str) -> str:
    text = (
        f"📥 <b>Báo cáo hoàn thành chờ xác nhận</b>\n{e(outcome.agency)} ({e(who)}) báo cáo "
        f"hoàn thành nhiệm vụ <b>#{outcome.task_id}</b> {e(outcome.title)}"
    )
    if note:
        text += f"\nGhi chú: {e(note)}"
    return text


def confirm_keyboard(task_id: int) -> list[list[dict[str, str]]]:
    return [
        [
            {"text": "✅ Xác nhận hoàn thành", "data": f"cf:ok:{task_id}"},
            {"text": "↩️ Trả lại", "data": f"cf:no:{task_id}"},
        ]
    ]


def return_prompt(task_id: int) -> str:
    return (
        f"↩️ Lý do trả lại báo cáo hoàn thành nhiệm vụ #{task_id}: đề nghị anh/chị "
        "<b>trả lời tin nhắn này</b> bằng lý do; lý do được gửi cán bộ đầu mối."
    )


_RETURN_PROMPT = re.compile(r"^↩️ Lý do trả lại báo cáo hoàn thành nhiệm vụ #(\d+):")


def return_prompt_task(text: str) -> int | None:
    match = _RETURN_PROMPT.match(text)
    return int(match[1]) if match else None


def confirmed_admin(c: Correction) -> str:
    if c.kind is EventKind.CONFIRMED:
        return f"✅ Đã xác nhận hoàn thành nhiệm vụ <b>#{c.task_id}</b> ({_agencies(c.agencies)})."
    return (
        f"↩️ Đã trả lại báo cáo hoàn thành nhiệm vụ <b>#{c.task_id}</b> "
        f"({_agencies(c.agencies)}). Lý do: {e(c.reason)}"
    )


def confirmed_focal(c: Correction) -> str:
    if c.kind is EventKind.CONFIRMED:
        return (
            f"✅ {OFFICE} đã xác nhận hoàn thành nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>. "
            "Cảm ơn anh/chị!"
        )
    return (
        f"↩️ {OFFICE} trả lại báo cáo hoàn thành nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>: "
        f"{e(c.reason)}. Đề nghị anh/chị tiếp tục thực hiện và báo cáo lại; bot nhắc lại theo "
        "thời hạn."
    )


def tralai_usage() -> str:
    return "Cú pháp: /tralai 12 hồ sơ còn thiếu báo cáo đánh giá tác động — cần ghi lý do."
