"""What the bot says about focal points (``/daumoi``, re-pressing one's own link). HTML."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from zoneinfo import ZoneInfo

from tracking.focal import FocalPoint

Keyboard = list[list[dict[str, str]]]

#: Focal points of one /daumoi message that get their own 🗑 button.
BUTTONS = 30


def e(text: object) -> str:
    return escape(str(text), quote=False)


def _who(point: FocalPoint) -> str:
    kind = "nhóm" if point.is_group else "cá nhân"
    return f"{e(point.title or point.chat_id)} ({kind})"


def listing(points: Sequence[FocalPoint], agency: str | None, tz: ZoneInfo) -> str:
    if not points:
        where = f" của <b>{e(agency)}</b>" if agency else ""
        return (
            f"Chưa có cán bộ đầu mối nào{where}. Tạo đường dẫn đăng ký bằng "
            f"<code>/invite {e(agency or 'Bộ Công an')}</code>."
        )
    head = (
        f"👥 <b>Cán bộ đầu mối của {e(agency)}</b> ({len(points)})"
        if agency
        else f"👥 <b>Cán bộ đầu mối</b> ({len(points)})"
    )
    lines = [head]
    current = None
    for number, point in enumerate(points, start=1):
        if agency is None and point.agency != current:
            lines.append(f"\n<b>{e(point.agency)}</b>")
            current = point.agency
        joined = point.joined_at.astimezone(tz)
        lines.append(f"{number}. {_who(point)} — đăng ký {joined.day}/{joined.month}/{joined.year}")
    lines.append("\nBấm 🗑 để gỡ một cán bộ đầu mối: bot sẽ không gửi tin nhắc việc đến đó nữa.")
    if len(points) > BUTTONS:
        lines.append(
            f"Nút 🗑 có cho {BUTTONS} cán bộ đầu mối đầu tiên; để gỡ người khác, vui lòng gõ "
            "/daumoi kèm tên cơ quan, ví dụ <code>/daumoi Bộ Công an</code>."
        )
    return "\n".join(lines)


def keyboard(points: Sequence[FocalPoint]) -> Keyboard:
    return [
        [
            {
                "text": f"🗑 Gỡ {number}. {(point.title or str(point.chat_id))[:40]}",
                "data": f"dm:rm:{point.chat_id}",
            }
        ]
        for number, point in enumerate(points[:BUTTONS], start=1)
    ]


def removed(point: FocalPoint) -> str:
    return (
        f"Đã gỡ {_who(point)} khỏi danh sách cán bộ đầu mối của <b>{e(point.agency)}</b>. "
        "Bot không gửi tin nhắc việc đến đó nữa; lịch sử báo cáo vẫn được giữ."
    )


def told_removed(agency: str, office: str) -> str:
    """To the chat taken off."""
    return (
        f"{e(office)} đã gỡ anh/chị khỏi danh sách cán bộ đầu mối của <b>{e(agency)}</b>. "
        "Bot sẽ không gửi tin nhắc việc đến đây nữa. Nếu cần đăng ký lại, vui lòng liên hệ "
        f"{e(office)}."
    )


def already_removed() -> str:
    return "Cán bộ đầu mối này đã được gỡ trước đó. Dữ liệu không thay đổi."


def already_registered(agency: str | None, *, group: bool = False) -> str:
    """Pressing one's own link again: it worked the first time (a group is "nhóm này")."""
    where = f" của <b>{e(agency)}</b>" if agency else ""
    who = "Nhóm này đã được đăng ký" if group else "Anh/chị đã đăng ký"
    return (
        f"✅ {who} làm cán bộ đầu mối{where} bằng đường dẫn này rồi. Xem nhiệm vụ "
        "bằng /nhiemvu, hướng dẫn bằng /help."
    )


__all__ = [
    "already_registered",
    "already_removed",
    "keyboard",
    "listing",
    "removed",
    "told_removed",
]
