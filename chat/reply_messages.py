"""The answers to the focal points' reports: done and late confirmed, the admins' notice,
the "why late?" prompt read back, the hint under a reminder."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from chat import list_messages
from chat.format_messages import e, fmt_instant
from domain.status import TaskStatus
from tracking.views import ReplyOutcome
from tracking.wording import fmt_date, period_label


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


def late_confirmed(outcome: ReplyOutcome, tz: ZoneInfo, office: str) -> str:
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
