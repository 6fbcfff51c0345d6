"""What the bot says about notice files beyond the shared catalogue (Telegram HTML)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

#: Groups (unknown lead names) that get a 👥 button of their own under the preview.
MAP_BUTTONS = 5
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


def suggestion_buttons(
    import_id: int, index: int, agencies: Sequence[tuple[str, str]]
) -> list[list[dict[str, str]]]:
    """A "Có phải …?" button per suggested agency ((id, name) pairs) for group ``index``."""
    rows: list[list[dict[str, str]]] = []
    for agency_id, name in agencies:
        data = f"imp:set:{import_id}:{index}:{agency_id}"
        if len(data.encode()) <= _CALLBACK_BYTES:
            rows.append([{"text": f"Có phải {name[:48]}?", "data": data}])
    return rows


def stale_map_button() -> str:
    return (
        "Nút này thuộc một bản xem trước cũ, hoặc tên cơ quan này đã được sửa. Gửi /fix xem "
        "để xem bản xem trước mới. Dữ liệu không thay đổi."
    )


# ------------------------------------------------------------------ groups to map (👥)

_GROUP_PROMPT = "👥 Nhóm “"
_GROUP_PROMPT_NAME = re.compile(r"\A👥 Nhóm “(?P<name>[^”]+)”")


def group_buttons(import_id: int, groups: Sequence[tuple[int, str]]) -> list[list[dict[str, str]]]:
    """One 👥 button per group not mapped yet ((its number, its name); the first
    :data:`MAP_BUTTONS`): the button carries the group's number, never its name (a name may
    not fit in a button's data)."""
    rows: list[list[dict[str, str]]] = []
    for index, name in groups[:MAP_BUTTONS]:
        shown = name if len(name) <= 40 else name[:39] + "…"
        rows.append(
            [{"text": f"👥 Chọn cơ quan cho “{shown}”", "data": f"imp:map:{import_id}:{index}"}]
        )
    return rows


def whole_group_buttons(
    import_id: int, groups: Sequence[tuple[int, str, int]]
) -> list[list[dict[str, str]]]:
    """A "Cả nhóm …" button per registry group to map ((its number, its name, how many
    agencies it has)): one press gives the tasks to every agency of the group."""
    rows: list[list[dict[str, str]]] = []
    for index, name, count in groups[:MAP_BUTTONS]:
        shown = name if len(name) <= 36 else name[:35] + "…"
        rows.append(
            [
                {
                    "text": f"Cả nhóm “{shown}” ({count} cơ quan)",
                    "data": f"imp:all:{import_id}:{index}",
                }
            ]
        )
    return rows


def group_prompt(
    name: str,
    numbers: Sequence[int],
    suggested: bool,
    chosen: Sequence[str] = (),
    whole: int | None = None,
) -> str:
    """The question a group's 👥 button asks; the name is read back from it when the admin
    replies (so an answer still works after a restart). ``whole``: the group is the
    registry's, of that many agencies ("Cả nhóm" and "trừ …" then answer)."""
    text = (
        f"{_GROUP_PROMPT}{escape(name[:200])}” (nhiệm vụ số {_numbers(numbers)}) gồm những "
        "cơ quan nào trong danh mục? Vui lòng trả lời tin này bằng tên các cơ quan, cách nhau "
        "bằng dấu chấm phẩy, ví dụ: Bộ Tài chính; Bộ Y tế"
    )
    if suggested:
        text += ", hoặc bấm một cơ quan gợi ý dưới đây"
    text += "."
    if whole is not None:
        text += (
            f"\nĐể giao cho cả nhóm ({whole} cơ quan), vui lòng bấm “Cả nhóm” dưới đây; để giao "
            "cho cả nhóm trừ một số cơ quan, trả lời tin này, ví dụ: trừ Bộ Tài chính; Bộ Y tế "
            "(có thể ghi không dấu)."
        )
    if chosen:
        text += f"\nĐã chọn: {escape(', '.join(chosen[:10]))}" + (", …" if len(chosen) > 10 else "")
    return text


def group_prompt_name(text: str) -> str | None:
    """The group a :func:`group_prompt` asks about, or None for any other message."""
    match = _GROUP_PROMPT_NAME.match(text)
    return match.group("name") if match else None


def group_mapped(name: str, numbers: Sequence[int], agencies: Sequence[str]) -> str:
    """A group now mapped: every agency chosen for it so far."""
    shown = ", ".join(agencies[:10]) + (", …" if len(agencies) > 10 else "")
    return (
        f"✅ Nhóm “{escape(name[:120])}” (nhiệm vụ số {_numbers(numbers)}) giao cho "
        f"{len(agencies)} cơ quan: {escape(shown)}. Các nhiệm vụ này được lưu khi anh/chị bấm "
        "Xác nhận. Muốn thêm cơ quan, vui lòng bấm lại 👥; gửi /fix xem để xem lại bản xem "
        "trước."
    )


def whole_group_mapped(
    name: str,
    numbers: Sequence[int],
    count: int,
    excluded: Sequence[str] = (),
    outside: Sequence[str] = (),
) -> str:
    """A registry group given to all its ``count`` agencies, or all but ``excluded``
    ("trừ …"); ``outside``: agencies named after "trừ" that are not in the group."""
    if excluded:
        left = ", ".join(excluded[:10]) + (", …" if len(excluded) > 10 else "")
        whom = f"{count} cơ quan: cả nhóm trừ {escape(left)}"
    else:
        whom = f"cả nhóm, {count} cơ quan"
    text = f"✅ Nhóm “{escape(name[:120])}” (nhiệm vụ số {_numbers(numbers)}) giao cho {whom}."
    if outside:
        named = ", ".join(f"“{escape(n[:60])}”" for n in outside[:5])
        text += f" ({named} không thuộc nhóm này nên không cần trừ.)"
    return text + (
        " Các nhiệm vụ này được lưu khi anh/chị bấm Xác nhận; gửi /fix xem để xem lại bản xem "
        "trước."
    )


def except_outside_only(name: str, outside: Sequence[str]) -> str:
    """ "trừ …" naming only agencies that are not in the group: nothing is chosen."""
    named = ", ".join(f"“{escape(n[:60])}”" for n in outside[:5])
    return (
        f"⚠️ {named} không thuộc nhóm “{escape(name[:120])}”, nên chưa chọn cơ quan nào cho "
        "nhóm. Vui lòng trả lời lại, ví dụ: trừ Bộ Tài chính."
    )


def except_unmatched(names: Sequence[str]) -> str:
    """Names after "trừ" that match no agency of the registry: nothing is chosen."""
    listed = ", ".join(f"“{escape(n[:60])}”" for n in names[:5])
    return (
        f"⚠️ Chưa khớp cơ quan nào trong danh mục: {listed}, nên chưa chọn cơ quan nào cho "
        "nhóm. Vui lòng trả lời lại tin hỏi và ghi đúng tên cơ quan (có thể ghi không dấu), "
        "ví dụ: trừ Bộ Tài chính."
    )


def not_a_whole_group(name: str) -> str:
    """ "Cả nhóm" or "trừ …" for a group the registry does not have (a person, a body)."""
    return (
        f"⚠️ “{escape(name[:120])}” không phải một nhóm trong danh mục, nên không giao được cho "
        "“cả nhóm”. Vui lòng trả lời bằng tên các cơ quan, ví dụ: Bộ Tài chính; Bộ Y tế. Chưa "
        "chọn cơ quan nào."
    )


def group_unmatched(names: Sequence[str], suggested: bool) -> str:
    """Names in an answer that match no agency of the registry."""
    listed = ", ".join(f"“{escape(n[:60])}”" for n in names[:5])
    how = "bấm một cơ quan gợi ý dưới đây, hoặc " if suggested else ""
    return (
        f"⚠️ Chưa khớp cơ quan nào trong danh mục: {listed}. Vui lòng {how}bấm lại 👥 và ghi "
        "đúng tên cơ quan (có thể ghi không dấu). Tên này chưa được thêm vào nhóm."
    )


def waiting_question(
    groups: dict[str, list[int]], no_lead: Sequence[int], waiting: int, ready: int
) -> str:
    """✅ pressed while tasks still wait for their agencies: nothing was stored; what waits,
    and the two ways on."""
    lines = [f"⏸ Chưa lưu gì. Còn {waiting} nhiệm vụ chưa có cơ quan trong danh mục:"]
    lines.extend(f"• “{escape(name[:80])}”: số {_numbers(nums)}" for name, nums in groups.items())
    if no_lead:
        lines.append(
            f"• không ghi cơ quan chủ trì: số {_numbers(no_lead)} (gửi /fix {no_lead[0]} chủ trì "
            "Bộ Tài chính)"
        )
    choose = "Vui lòng bấm 👥 để chọn cơ quan cho từng nhóm rồi bấm Xác nhận lại"
    if ready:
        lines.append(
            f"{choose}, hoặc bấm “💾 Lưu {ready} nhiệm vụ đã rõ” để lưu các nhiệm vụ khác ngay: "
            f"{waiting} nhiệm vụ này được giữ lại chờ chọn cơ quan, chưa nhắc ai."
        )
    else:
        lines.append(f"{choose}.")
    return "\n".join(lines)


def waiting_keyboard(import_id: int, ready: int) -> list[list[dict[str, str]]]:
    """Under :func:`waiting_question`: store what is ready (when anything is), or cancel."""
    rows: list[list[dict[str, str]]] = []
    if ready:
        rows.append([{"text": f"💾 Lưu {ready} nhiệm vụ đã rõ", "data": f"imp:part:{import_id}"}])
    rows.append([{"text": "✖️ Hủy", "data": f"imp:no:{import_id}"}])
    return rows


def kept_waiting(waiting: Sequence[str]) -> str:
    """Under "Đã lưu …": the tasks not stored, kept pending until their agencies are chosen
    (each line names the task and the lead it waits for)."""
    lines = "\n".join(f"• {escape(line)}" for line in waiting[:20])
    more = f"\n… và {len(waiting) - 20} nhiệm vụ khác" if len(waiting) > 20 else ""
    return (
        "👥 Chưa lưu, giữ lại chờ chọn cơ quan, chưa nhắc ai (gửi /fix xem để chọn):\n"
        + lines
        + more
    )


def deadlines_out_of_window(numbers: Sequence[int], low: int, high: int) -> str:
    """Deadlines of the notice outside the year window, left undated in the preview."""
    shown = ", ".join(str(n) for n in numbers[:12]) + (", …" if len(numbers) > 12 else "")
    first = numbers[0]
    return (
        f"⚠️ Hạn ghi trong văn bản của nhiệm vụ {shown} nằm ngoài khoảng năm {low}–{high} nên "
        "chưa được nhận; các nhiệm vụ này đang để chưa xác định thời hạn (⚠️ trong bản xem "
        f"trước, bên cạnh lời văn gốc). Nếu hạn đúng là khác, đề nghị sửa bằng "
        f"<code>/fix {first} hạn 31/12/{low + 1}</code> (ghi ngày đúng)."
    )
