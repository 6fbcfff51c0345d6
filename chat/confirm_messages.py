"""What the bot says when the office confirms reported completions (``CONFIRM_DONE``):
a completion awaiting confirmation, the buttons, the question for a returned one's reason,
and the outcome on both sides.

Same rules as ``chat.messages``; the office's name is an argument (see
``chat.followup_messages``).
"""

from __future__ import annotations

import re

from chat.correction_messages import agencies_named, undo_hint
from chat.messages import e
from domain.status import EventKind
from tracking.corrections import Correction
from tracking.views import ReplyOutcome


def submitted_focal(outcome: ReplyOutcome, office: str) -> str:
    return (
        f"✅ Đã ghi nhận báo cáo hoàn thành nhiệm vụ <b>#{outcome.task_id} {e(outcome.title)}</b>. "
        f"Báo cáo đang chờ {e(office)} xác nhận; bot tạm dừng nhắc nhiệm vụ này."
        + undo_hint(outcome)
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
        return f"✅ Đã xác nhận hoàn thành nhiệm vụ <b>#{c.task_id}</b> ({agencies_named(c.agencies)})."
    return (
        f"↩️ Đã trả lại báo cáo hoàn thành nhiệm vụ <b>#{c.task_id}</b> "
        f"({agencies_named(c.agencies)}). Lý do: {e(c.reason)}"
    )


def confirmed_focal(c: Correction, office: str) -> str:
    if c.kind is EventKind.CONFIRMED:
        return (
            f"✅ {e(office)} đã xác nhận hoàn thành nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>. "
            "Cảm ơn anh/chị!"
        )
    return (
        f"↩️ {e(office)} trả lại báo cáo hoàn thành nhiệm vụ <b>#{c.task_id} {e(c.title)}</b>: "
        f"{e(c.reason)}. Đề nghị anh/chị tiếp tục thực hiện và báo cáo lại; bot nhắc lại theo "
        "thời hạn."
    )


def tralai_usage() -> str:
    return "Cú pháp: /tralai 12 hồ sơ còn thiếu báo cáo đánh giá tác động — cần ghi lý do."
