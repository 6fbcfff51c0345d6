"""What the bot says about a deployment's own agencies (``/coquan``). Telegram HTML, escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from domain.agencies import Agency, AgencyKind
from domain.local_agencies import LocalAgency
from tracking.wording import fmt_date

#: What sort of body an agency is, as the office says it.
KIND_LABEL = {
    AgencyKind.MINISTRY: "bộ",
    AgencyKind.MINISTRY_LEVEL: "cơ quan ngang bộ",
    AgencyKind.GOVERNMENT_AGENCY: "cơ quan thuộc Chính phủ",
    AgencyKind.PROVINCE: "UBND tỉnh, thành phố trực thuộc trung ương",
    AgencyKind.OTHER: "cơ quan, tổ chức khác",
}


def usage() -> str:
    return (
        "Cách dùng: <code>/coquan</code> xem các cơ quan riêng của đơn vị; "
        "<code>/coquan bo tai chinh</code> xem một cơ quan (gõ không dấu, hoặc một phần "
        "tên cũng được); để thêm một cơ quan, ghi tên, các tên viết tắt hoặc bí danh, rồi cơ quan cấp trên, "
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


def not_found(typed: str) -> str:
    """``/coquan <tên>`` that no agency's name contains."""
    return (
        f"Không tìm thấy cơ quan “{escape(typed[:80])}”. Vui lòng ghi tên đầy đủ, tên viết "
        "tắt hoặc một phần tên, ví dụ “Bộ Công an”, “BCA”, “an giang”.\n\n" + usage()
    )


def card(agency: Agency, local: LocalAgency | None, successor: Agency | None) -> str:
    """One agency as the bot knows it: what it is called, what sort of body, whether the
    deployment added it, whether it was merged into another; where its focal points are."""
    lines = [f"🏛 <b>{escape(agency.name)}</b>"]
    if agency.short and agency.short != agency.name:
        lines.append(f"Tên viết tắt: {escape(agency.short)}")
    if agency.aliases:
        shown = ", ".join(f"“{escape(a)}”" for a in agency.aliases[:10])
        lines.append(f"Tên khác: {shown}")
    lines.append(f"Loại: {KIND_LABEL[agency.kind]}")
    if local is not None:
        parent = f", thuộc {escape(local.parent)}" if local.parent else ""
        lines.append(f"Cơ quan riêng của đơn vị{parent}.")
    if successor is not None:
        since = f" từ ngày {fmt_date(agency.reorganised)}" if agency.reorganised else ""
        lines.append(f"Đã hợp nhất vào {escape(successor.name)}{since}.")
    current = escape((successor or agency).name)
    lines.append(
        f"Cán bộ đầu mối: <code>/daumoi {current}</code> · giao nhiệm vụ: "
        f"<code>/addtask {current}; …</code>"
    )
    return "\n".join(lines)
