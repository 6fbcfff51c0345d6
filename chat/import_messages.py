"""What the bot says about notice files beyond the shared catalogue (Telegram HTML)."""

from __future__ import annotations

from html import escape


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
