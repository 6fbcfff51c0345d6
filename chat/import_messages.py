"""What the bot says about notice files beyond the shared catalogue (Telegram HTML)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

#: Unknown lead names that get a button of their own under the preview.
MAP_BUTTONS = 5
_MAP_PROMPT = "🔗 Cơ quan chủ trì thay cho “"
_MAP_PROMPT_NAME = re.compile(r"\A🔗 Cơ quan chủ trì thay cho “(?P<name>[^”]+)”")
_CALLBACK_BYTES = 64  # Telegram's limit for a button's data


def scanned_pdf() -> str:
    return (
        "Tệp PDF này là bản quét (ảnh), không có lớp chữ nên không đọc được nội dung. "
        "Đề nghị anh/chị gửi bản .docx hoặc bản PDF có lớp chữ (bản điện tử từ hệ thống "
        "văn bản), hoặc chạy nhận dạng chữ (OCR) rồi gửi lại. Dữ liệu không thay đổi."
    )


def fix_all_usage() -> str:
    return (
        "Vui lòng ghi tên chủ trì đang ghi trong bản xem trước, dấu →, rồi cơ quan đúng, ví dụ "
        "<code>/fix tất cả chủ trì Sở KH&amp;CN → Sở Khoa học và Công nghệ</code>. "
        "Dữ liệu không thay đổi."
    )


def no_such_lead(name: str) -> str:
    return (
        f"Không có nhiệm vụ nào trong bản xem trước do “{escape(name[:80])}” chủ trì. "
        "Gửi /fix xem để xem lại bản xem trước. Dữ liệu không thay đổi."
    )


def fixed_all(count: int, old: str, new: str) -> str:
    return (
        f"Đã đổi cơ quan chủ trì của {count} nhiệm vụ từ “{escape(old[:80])}” thành "
        f"“{escape(new)}”. Gửi /fix xem để xem lại bản xem trước."
    )


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers[:12]) + (", …" if len(numbers) > 12 else "")


def map_buttons(import_id: int, leads: Sequence[str]) -> list[list[dict[str, str]]]:
    """One button per unknown lead (the first :data:`MAP_BUTTONS`), to choose the agency
    it stands for; the button carries the lead's place in the preview's list (from 1), not
    its name (a name may not fit in a button's data)."""
    rows: list[list[dict[str, str]]] = []
    for index, lead in enumerate(leads[:MAP_BUTTONS], start=1):
        shown = lead if len(lead) <= 40 else lead[:39] + "…"
        rows.append(
            [{"text": f"🔗 Chọn cơ quan cho “{shown}”", "data": f"imp:map:{import_id}:{index}"}]
        )
    return rows


def map_prompt(name: str, numbers: Sequence[int], suggested: bool) -> str:
    """The question a lead's button asks; the name is read back from it when the admin
    replies (so an answer still works after a restart)."""
    how = (
        "Vui lòng bấm một cơ quan gợi ý dưới đây, hoặc trả lời tin này bằng tên cơ quan"
        if suggested
        else "Vui lòng trả lời tin này bằng tên cơ quan"
    )
    return (
        f"{_MAP_PROMPT}{escape(name[:200])}” (nhiệm vụ số {_numbers(numbers)}) là cơ quan "
        f"nào trong danh mục? {how}, ví dụ Bộ Tài chính."
    )


def map_prompt_name(text: str) -> str | None:
    """The lead name a :func:`map_prompt` asks about, or None for any other message."""
    match = _MAP_PROMPT_NAME.match(text)
    return match.group("name") if match else None


def suggestion_buttons(
    import_id: int, index: int, agencies: Sequence[tuple[str, str]]
) -> list[list[dict[str, str]]]:
    """A button per suggested agency ((id, name) pairs) for the lead at ``index``."""
    rows: list[list[dict[str, str]]] = []
    for agency_id, name in agencies:
        data = f"imp:set:{import_id}:{index}:{agency_id}"
        if len(data.encode()) <= _CALLBACK_BYTES:
            rows.append([{"text": name, "data": data}])
    return rows


def stale_map_button() -> str:
    return (
        "Nút này thuộc một bản xem trước cũ, hoặc tên cơ quan này đã được sửa. Gửi /fix xem "
        "để xem bản xem trước mới. Dữ liệu không thay đổi."
    )
