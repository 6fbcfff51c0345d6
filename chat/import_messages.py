"""What the bot says about notice files beyond the shared catalogue (Telegram HTML)."""

from __future__ import annotations


def scanned_pdf() -> str:
    return (
        "Tệp PDF này là bản quét (ảnh), không có lớp chữ nên không đọc được nội dung. "
        "Đề nghị anh/chị gửi bản .docx hoặc bản PDF có lớp chữ (bản điện tử từ hệ thống "
        "văn bản), hoặc chạy nhận dạng chữ (OCR) rồi gửi lại. Chưa có gì thay đổi."
    )
