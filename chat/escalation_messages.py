"""What the office and an agency's leadership read when an obligation is escalated.

Same rules as ``chat.messages``: Vietnamese, Telegram HTML, every value escaped, dates
d/m/yyyy; the number of chases and the office's name come from the database and the
settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from chat.fitting import fit
from chat.list_messages import cut, day, e
from tracking.escalation import Escalated


def _late(item: Escalated, today: date) -> str:
    """ "quá hạn 20 ngày · hạn 10/12/2026", or what can be said of an undated one."""
    if item.deadline is None:
        return "chưa xác định thời hạn"
    days = (today - item.deadline).days
    when = f"hạn {day(item.deadline)}"
    return f"quá hạn {days} ngày · {when}" if days > 0 else when


def office_note(item: Escalated, today: date) -> str:
    """The office's line (a bullet of the digest's escalation section, or a notice at once)."""
    told = (
        f"đã gửi báo cáo tới lãnh đạo {e(item.agency)}"
        if item.leadership_chats
        else f"{e(item.agency)} chưa đăng ký nhóm lãnh đạo để nhận báo cáo"
    )
    return (
        f"🚨 #{item.task_id} {e(cut(item.title))} — {e(item.agency)}: "
        f"{item.chases} lần đôn đốc chưa có phản hồi ({_late(item, today)}); {told}."
    )


def leadership(agency: str, items: Sequence[Escalated], today: date, office: str) -> list[str]:
    """The message to the agency's leadership: who, how many, how bad, what is asked."""
    head = (
        f"🚨 <b>{e(office)} báo cáo lãnh đạo {e(agency)}: {len(items)} nhiệm vụ "
        "đã được đôn đốc nhiều lần nhưng chưa có phản hồi</b>"
    )
    lines = [head, ""]
    for item in items:
        lines.append(
            f"⛔ <b>#{item.task_id}</b> · {_late(item, today)} · "
            f"{item.chases} lần đôn đốc chưa có phản hồi\n{e(cut(item.title))}"
        )
    lines += [
        "",
        f"Đề nghị lãnh đạo chỉ đạo cán bộ đầu mối của {e(agency)} báo cáo tình hình thực hiện "
        f"với {e(office)}.",
    ]
    return fit("\n".join(lines))


__all__ = ["leadership", "office_note"]
