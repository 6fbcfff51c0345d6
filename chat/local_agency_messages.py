"""What the bot says about a deployment's own agencies (``/coquan``). Telegram HTML, escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from domain.agencies import Agency
from domain.local_agencies import LocalAgency


def usage() -> str:
    return (
        "Cách dùng: <code>/coquan</code> xem các cơ quan riêng của đơn vị; "
        "để thêm một cơ quan, ghi tên, các tên viết tắt hoặc bí danh, rồi cơ quan cấp trên, "
        "ví dụ <code>/coquan them Sở Tư pháp | STP, Sở TP | UBND tỉnh Nghệ An</code>."
    )


def listing(agencies: Sequence[LocalAgency]) -> str:
    if not agencies:
        return "Chưa có cơ quan riêng nào. " + usage()
    lines = [f"<b>Cơ quan riêng của đơn vị</b> ({len(agencies)}):"]
    for number, agency in enumerate(agencies, start=1):
        line = f"{number}. {escape(agency.name)}"
        if agency.aliases:
            line += " — " + ", ".join(escape(a) for a in agency.aliases)
        if agency.parent:
            line += f" (thuộc {escape(agency.parent)})"
        lines.append(line)
    return "\n".join(lines)


def added(agency: LocalAgency) -> str:
    aliases = ", ".join(f"“{escape(a)}”" for a in agency.aliases) or "không có"
    parent = f" thuộc {escape(agency.parent)}" if agency.parent else ""
    return (
        f"Đã thêm cơ quan “{escape(agency.name)}”{parent}; tên viết tắt, bí danh: {aliases}. "
        "Từ bây giờ văn bản xem trước vào và lệnh /addtask nhận ra cơ quan này."
    )


def name_taken(name: str, holder: str) -> str:
    return (
        f"Tên “{escape(name[:80])}” đã dùng cho “{escape(holder[:80])}”. "
        "Đề nghị anh/chị chọn tên hoặc bí danh khác. Dữ liệu không thay đổi."
    )


def too_long() -> str:
    return "Tên hoặc danh sách bí danh quá dài. Dữ liệu không thay đổi."


def unreadable_file(problem: str) -> str:
    return (
        f"Không đọc được tệp cơ quan riêng: {escape(problem[:200])}. "
        "Đề nghị anh/chị kiểm tra tệp. Dữ liệu không thay đổi."
    )


def candidates(name: str, found: Sequence[Agency]) -> str:
    """Suggestions for a name that matched no agency exactly."""
    if not found:
        return ""
    names = ", ".join(f"“{escape(a.name)}”" for a in found)
    return f" Có phải anh/chị muốn ghi: {names}?"
