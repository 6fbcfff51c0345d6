"""What the bot says when it refuses careless or hostile input (edits, reading someone
else's task, an invitation in a group, out-of-range dates, oversized or odd files).

Part of the message catalogue (``chat.messages``): Vietnamese, Telegram HTML, escaped.
"""

from __future__ import annotations

from chat.messages import e


def edit_ignored() -> str:
    return (
        "✏️ Bot không thực hiện lại tin nhắn đã sửa: lệnh ban đầu đã được xử lý như khi gửi. "
        "Nếu cần thay đổi, đề nghị anh/chị gửi một lệnh mới."
    )


def not_your_task_to_read(task_id: int) -> str:
    return (
        f"Nhiệm vụ #{task_id} không thuộc cơ quan của anh/chị (không chủ trì, không phối hợp), "
        "nên bot không hiển thị. Xem nhiệm vụ của cơ quan bằng /tasks."
    )


def invite_private_only() -> str:
    return (
        "🔒 Đường dẫn đăng ký chỉ dùng được một lần và ai thấy cũng có thể bấm, nên bot không "
        "tạo trong nhóm. Đề nghị anh/chị gửi riêng lệnh /invite cho bot (trong tin nhắn riêng)."
    )


def date_out_of_range(low: int, high: int) -> str:
    return (
        f"Năm của ngày dự kiến phải trong khoảng {low}–{high}. "
        "Đề nghị anh/chị kiểm tra lại ngày. Dữ liệu không thay đổi."
    )


def unreadable_button() -> str:
    return "Nút này không còn hiệu lực. Xem danh sách nhiệm vụ hiện tại bằng /nhiemvu."


def prompt_for_someone_else(task_id: int) -> str:
    """A reply to a ⏳ question that asked another member of the group."""
    return (
        f"Câu hỏi này dành cho người đã bấm ⏳ dưới nhiệm vụ #{task_id}. Để báo cáo chậm, "
        f"anh/chị bấm ⏳ Báo cáo chậm dưới tin nhắc việc, hoặc gõ "
        f"<code>/cham {task_id} lý do và ngày dự kiến</code>. Dữ liệu không thay đổi."
    )


def progress_for_someone_else(task_id: int) -> str:
    """A reply to a 📝 question that asked another member of the group."""
    return (
        f"Câu hỏi này dành cho người đã bấm 📝 dưới nhiệm vụ #{task_id}. Để cập nhật tiến độ, "
        f"anh/chị bấm 📝 Cập nhật tiến độ dưới tin nhắc việc, hoặc gõ "
        f"<code>/tiendo {task_id} tình hình thực hiện</code>. Dữ liệu không thay đổi."
    )


__all__ = [
    "date_out_of_range",
    "e",
    "edit_ignored",
    "invite_private_only",
    "not_your_task_to_read",
    "progress_for_someone_else",
    "prompt_for_someone_else",
    "unreadable_button",
]


# ---------------------------------------------------------------- notice files


def _mb(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


def file_too_large(limit: int) -> str:
    return (
        f"Tệp lớn hơn {_mb(limit)}, bot không đọc. Một thông báo kết luận thường chỉ vài chục KB: "
        "đề nghị anh/chị bỏ phần phụ lục, hình ảnh rồi gửi lại, hoặc dán nội dung sau lệnh "
        "/import. Dữ liệu không thay đổi."
    )


def file_encoding() -> str:
    return (
        "Tệp .txt không dùng bảng mã UTF-8 (có thể là Windows-1258, TCVN3 hoặc VNI), bot không "
        "đọc để tránh sai dấu tên cơ quan. Đề nghị anh/chị mở tệp, chọn “Lưu thành” (Save As) "
        "với bảng mã UTF-8, rồi gửi lại. Dữ liệu không thay đổi."
    )


def file_inflates(limit: int) -> str:
    return (
        f"Tệp .docx khi giải nén lớn hơn {_mb(limit)} hoặc có cấu trúc bất thường, bot không "
        "đọc. Đề nghị anh/chị lưu lại văn bản (không kèm hình ảnh) thành .docx hoặc .txt "
        "rồi gửi lại. Dữ liệu không thay đổi."
    )


def file_too_slow(seconds: float) -> str:
    return (
        f"Bot không đọc xong tệp trong {seconds:g} giây nên đã dừng. Đề nghị anh/chị kiểm tra "
        "lại tệp, lưu thành .txt (UTF-8) hoặc dán nội dung sau lệnh /import. "
        "Dữ liệu không thay đổi."
    )


def file_unsupported(suffix: str) -> str:
    shown = e(suffix[:20]) if suffix else "không có đuôi"
    return (
        f"Bot không hỗ trợ định dạng “{shown}”. Đề nghị anh/chị lưu văn bản thành .docx "
        "hoặc .txt (UTF-8) rồi gửi lại. Dữ liệu không thay đổi."
    )


def file_not_downloaded() -> str:
    return "Bot không tải được tệp từ Telegram. Đề nghị anh/chị gửi lại sau ít phút."


def deadline_out_of_range(low: int, high: int) -> str:
    return (
        f"Thời hạn phải trong khoảng năm {low}–{high}. "
        "Đề nghị anh/chị kiểm tra lại thời hạn. Dữ liệu không thay đổi."
    )


def write_busy() -> str:
    """A write that could not have its turn in time (storage.db.WriteTurnBusy): nothing was
    recorded, so the user is told to send it again, not that it failed for good."""
    return (
        "⏳ Hệ thống đang bận, anh/chị vui lòng thử lại sau ít phút. Yêu cầu vừa rồi chưa "
        "được ghi nhận. Dữ liệu không thay đổi."
    )
