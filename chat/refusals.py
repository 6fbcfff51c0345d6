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
    return "Nút này không còn hiệu lực. Gõ /tasks để xem danh sách nhiệm vụ hiện tại."


__all__ = [
    "date_out_of_range",
    "e",
    "edit_ignored",
    "invite_private_only",
    "not_your_task_to_read",
    "unreadable_button",
]
