"""What the bot says about focal points (``/daumoi``, re-pressing one's own link). HTML."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from zoneinfo import ZoneInfo

from chat import list_messages
from tracking.focal import FocalPoint

Keyboard = list[list[dict[str, str]]]

#: Focal points on one page of /daumoi, each with its 🗑 button (as many as tasks on a page).
PAGE_SIZE = 8

_HEAD_ONE = "👥 Cán bộ đầu mối của "
_HEAD_ALL = "👥 Cán bộ đầu mối ("
_HEAD = re.compile(r"^👥 Cán bộ đầu mối(?: của (.+))? \(\d+\)$")


def e(text: object) -> str:
    return escape(str(text), quote=False)


def _who(point: FocalPoint) -> str:
    kind = "nhóm" if point.is_group else "cá nhân"
    return f"{e(point.title or point.chat_id)} ({kind})"


def _page_count(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def _clamped(points: Sequence[FocalPoint], page: int) -> int:
    return min(max(page, 0), _page_count(len(points)) - 1)


def listing(points: Sequence[FocalPoint], agency: str | None, tz: ZoneInfo, page: int = 0) -> str:
    """One page of /daumoi: :data:`PAGE_SIZE` focal points under their agencies, numbered
    through the whole list; the first line names the agency listed (read back by
    :func:`listed_agency` when ◀ ▶ are pressed)."""
    if not points:
        where = f" của <b>{e(agency)}</b>" if agency else ""
        return (
            f"Chưa có cán bộ đầu mối nào{where}. Tạo đường dẫn đăng ký bằng "
            f"<code>/invite {e(agency or 'Bộ Công an')}</code>."
        )
    head = (
        f"{_HEAD_ONE}<b>{e(agency)}</b> ({len(points)})" if agency else f"{_HEAD_ALL}{len(points)})"
    )
    page = _clamped(points, page)
    first = page * PAGE_SIZE
    lines = [head]
    current = None
    for number, point in enumerate(points[first : first + PAGE_SIZE], start=first + 1):
        if agency is None and point.agency != current:
            lines.append(f"\n<b>{e(point.agency)}</b>")
            current = point.agency
        joined = point.joined_at.astimezone(tz)
        lines.append(f"{number}. {_who(point)} — đăng ký {joined.day}/{joined.month}/{joined.year}")
    lines.append("\nBấm 🗑 để gỡ một cán bộ đầu mối: bot sẽ không gửi tin nhắc việc đến đó nữa.")
    pages = _page_count(len(points))
    if pages > 1:
        last = min(len(points), first + PAGE_SIZE)
        lines.append(
            f"Trang {page + 1}/{pages} (đầu mối {first + 1}–{last} trong {len(points)}); "
            "bấm ◀ ▶ để xem tiếp."
        )
    return "\n".join(lines)


def keyboard(points: Sequence[FocalPoint], page: int = 0) -> Keyboard:
    """The page's 🗑 buttons, then ◀ ▶ (``dm:pg:<page>``) when the list has several pages."""
    page = _clamped(points, page)
    first = page * PAGE_SIZE
    rows: Keyboard = [
        [
            {
                "text": f"🗑 Gỡ {number}. {(point.title or str(point.chat_id))[:40]}",
                "data": f"dm:rm:{point.chat_id}",
            }
        ]
        for number, point in enumerate(points[first : first + PAGE_SIZE], start=first + 1)
    ]
    return rows + list_messages.pager("", page, _page_count(len(points)), prefix="dm:pg")


def listed_agency(text: str) -> tuple[bool, str | None]:
    """What a /daumoi message lists, read back from its first line as the client shows it:
    (True, None) every agency, (True, name) one agency, (False, None) not a /daumoi list."""
    match = _HEAD.match(text.split("\n", 1)[0])
    if match is None:
        return False, None
    return True, match[1]


def list_changed() -> str:
    """◀ ▶ under a message that is no longer a /daumoi list (or its agency is gone)."""
    return "Danh sách này không còn hiệu lực. Vui lòng gõ lại /daumoi để xem danh sách hiện tại."


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
    "list_changed",
    "listed_agency",
    "listing",
    "removed",
    "told_removed",
]
