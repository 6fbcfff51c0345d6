"""What the bot answers when ``/baocao`` or ``/xuatexcel`` cannot report as asked: its
usage, a scope or a day it cannot read (with the agencies a name may mean), a scope with
nothing assigned, a button gone stale. The reports themselves are in
``chat.report_messages``; same rules as ``chat.messages``."""

from __future__ import annotations

from chat.report_messages import e
from reports.figures import Report
from reports.wording import scope_label
from tracking.wording import fmt_date


def usage() -> str:
    return (
        "Báo cáo tình hình thực hiện nhiệm vụ:\n"
        "• /baocao — tính đến hôm nay, tất cả cơ quan\n"
        "• /baocao 30/6/2026 — tính đến một ngày\n"
        "• /baocao Bộ Công an — một cơ quan; /baocao 56/TB-VPCP — một thông báo\n"
        "• /xuatexcel 30/6/2026 56/TB-VPCP — phụ lục Excel (ngày và phạm vi có thể bỏ)"
    )


def unknown_scope(text: str) -> str:
    return (
        f"Không tìm thấy cơ quan hay thông báo “{e(text[:80])}”. Đề nghị anh/chị ghi tên "
        "cơ quan (ví dụ “Bộ Công an”, “UBND tỉnh An Giang”) hoặc số thông báo "
        "(ví dụ “56/TB-VPCP”).\n\n" + usage()
    )


def scope_choices(text: str) -> str:
    """``/baocao`` with a name that fits several agencies, or only part of one: ask which."""
    return (
        f"Không tìm thấy cơ quan hay thông báo “{e(text[:80])}”. Có phải anh/chị muốn xem "
        "báo cáo của một trong các cơ quan dưới đây? Bấm vào tên cơ quan để xem, hoặc gửi lại "
        "/baocao với tên đầy đủ của cơ quan hay số thông báo (ví dụ “56/TB-VPCP”)."
    )


def bad_day(text: str) -> str:
    return (
        f"“{e(text[:60])}” không phải là ngày hợp lệ. Đề nghị anh/chị ghi ngày/tháng/năm, "
        "ví dụ /baocao 30/6/2026."
    )


def nothing_in_scope(report: Report) -> str:
    return (
        f"Tính đến ngày {fmt_date(report.as_of)}, {e(scope_label(report))} chưa có nhiệm vụ "
        "nào được giao, nên không có số liệu để báo cáo."
    )


def stale_button() -> str:
    return "Nút này không còn dùng được. Vui lòng gửi lại /baocao."
