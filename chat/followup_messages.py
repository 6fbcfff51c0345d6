"""What the bot says about the office's decisions on deadlines: extension proposals (sent,
decided, listed, their reasons), a deadline the office sets itself (/giahan), and the
follow-up's part of /help. Corrections are in ``chat.correction_messages``, the office's
confirmation of completions in ``chat.confirm_messages``.

Same rules as ``chat.messages``: Vietnamese, Telegram HTML, every value escaped, dates
d/m/yyyy, numbers from the settings or the database. The office's name (``OFFICE_NAME``) is
an argument: one process may serve several offices.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import assert_never
from zoneinfo import ZoneInfo

from chat.messages import e, fmt_date, fmt_instant
from domain.errors import ChangeProblem
from domain.status import ProposalState, TaskStatus
from tracking.decisions import DeadlineSet, ProposalView
from tracking.views import ReplyOutcome


def _how_late(deadline: date | None, today: date) -> str:
    if deadline is None:
        return ""
    days = (today - deadline).days
    if days > 0:
        return f" (quá hạn {days} ngày)"
    if days == 0:
        return " (đến hạn hôm nay)"
    return f" (còn {-days} ngày)"


def proposal_sent(outcome: ReplyOutcome, tz: ZoneInfo, office: str) -> str:
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
        f"Đề xuất đã được gửi {e(office)} xem xét. Trong khi chờ quyết định, {kept} "
        "và bot vẫn nhắc theo thời hạn này."
    )


def proposal_for_admins(
    outcome: ReplyOutcome, who: str, reason: str, today: date, office: str
) -> str:
    """The admins' notice of a proposal: everything needed to decide it."""
    assert outcome.new_due is not None
    deadline = fmt_date(outcome.deadline) if outcome.deadline else "chưa xác định"
    return (
        f"📨 <b>Đề xuất lùi thời hạn — cần {e(office)} quyết định</b>\n"
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


def focal_approved(view: ProposalView, office: str) -> str:
    return (
        f"✅ {e(office)} đã <b>đồng ý gia hạn</b> nhiệm vụ <b>#{view.task_id} {e(view.title)}</b>: "
        f"thời hạn mới là <b>{fmt_date(view.proposed_due)}</b>. Bot sẽ nhắc theo thời hạn này."
    )


def focal_rejected(view: ProposalView, office: str) -> str:
    kept = f"vẫn là {fmt_date(view.deadline)}" if view.deadline else "không thay đổi"
    text = (
        f"✖️ {e(office)} <b>không đồng ý</b> đề xuất lùi thời hạn nhiệm vụ "
        f"<b>#{view.task_id} {e(view.title)}</b> đến {fmt_date(view.proposed_due)}. "
        f"Thời hạn {kept}; đề nghị anh/chị khẩn trương hoàn thành và báo cáo."
    )
    if view.note:
        text += f"\nLý do: {e(view.note)}"
    return text


def focal_reason(view: ProposalView, office: str) -> str:
    return f"Lý do {e(office)} không đồng ý gia hạn nhiệm vụ <b>#{view.task_id}</b>: {e(view.note)}"


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


def pending_in_task(views: list[ProposalView], office: str) -> str:
    """Under /task for admins: the proposals waiting, with their buttons below."""
    lines = [f"<b>Đề xuất gia hạn đang chờ {e(office)} quyết định</b>"]
    lines += [
        f"• Số {v.proposal_id}: {e(v.agency)} đề xuất lùi đến {fmt_date(v.proposed_due)}"
        f" — {e(v.reason)}"
        for v in views
    ]
    return "\n".join(lines)


#: How many waiting proposals /dexuat lists with buttons (the rest are counted).
PENDING_SHOWN = 10


def no_pending(office: str) -> str:
    return f"Không có đề xuất gia hạn nào đang chờ {e(office)} quyết định."


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


def deadline_set_focal(result: DeadlineSet, office: str) -> str:
    text = (
        f"📅 {e(office)} đã gia hạn nhiệm vụ <b>#{result.task_id} {e(result.title)}</b>: "
        f"thời hạn mới là <b>{fmt_date(result.due)}</b>. Bot sẽ nhắc theo thời hạn này."
    )
    if result.reason:
        text += f"\nLý do: {e(result.reason)}"
    return text


def help_focal(undo_minutes: int, office: str) -> list[str]:
    """The focal points' part of /help about the office's follow-up."""
    lines = [
        "Báo chậm kèm ngày là <b>đề xuất</b> lùi thời hạn: ví dụ /late 20 chờ ý kiến Bộ Tư pháp "
        f"30/9/2027. {e(office)} quyết định; trong khi chờ, thời hạn cũ vẫn áp dụng và bot vẫn "
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


def cancelled_task(task_id: int, office: str) -> str:
    return (
        f"Nhiệm vụ #{task_id} đã được {e(office)} rút, không cần báo cáo. Dữ liệu không thay đổi."
    )
