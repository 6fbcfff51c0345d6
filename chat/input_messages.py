"""What the bot says when input is not what it expected: an unknown command, free text, a
date without its year, an agency name it cannot settle alone. Telegram HTML, escaped.

Never silence, never a bare refusal: each answer names what the bot understood and the next
step, with an example to copy or a button to press (``docs/ui-language.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from domain.agencies import Agency

Keyboard = list[list[dict[str, str]]]

#: Vietnamese commands and the command each stands for; registered and shown in /help.
ALIASES: dict[str, str] = {
    "nhiemvu": "tasks",
    "xong": "done",
    "hoanthanh": "done",
    "cham": "late",
}

#: Words typed without the slash ("xong 5", "hoàn thành 5"), folded, and the command meant.
WORDS: dict[str, str] = {
    "xong": "xong",
    "hoan thanh": "xong",
    "hoanthanh": "xong",
    "da xong": "xong",
    "done": "done",
    "cham": "cham",
    "bao cham": "cham",
    "late": "late",
    "nhiem vu": "nhiemvu",
    "nhiemvu": "nhiemvu",
    "tasks": "tasks",
    "tien do": "tiendo",
    "tiendo": "tiendo",
    "huong dan": "help",
    "help": "help",
}


def e(text: object) -> str:
    return escape(str(text), quote=False)


def _day(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def unknown_command(typed: str, suggestion: str | None, args: str) -> str:
    shown = e(typed[:40])
    if suggestion is not None:
        example = f"/{suggestion}" + (f" {e(args[:80])}" if args else "")
        return (
            f"Bot không có lệnh /{shown}. Có phải anh/chị muốn gõ <code>{example}</code>?\n"
            "Bấm vào lệnh để sao chép, hoặc xem tất cả các lệnh bằng /help."
        )
    return (
        f"Bot không có lệnh /{shown}. Các lệnh thường dùng: /nhiemvu (nhiệm vụ của cơ quan), "
        "/xong 12 (báo cáo hoàn thành nhiệm vụ số 12), /cham 12 kèm lý do (báo cáo chậm). "
        "Xem đủ các lệnh bằng /help."
    )


def word_as_command(command: str, rest: str) -> str:
    """Free text that starts like a command without its slash ("xong 5")."""
    example = f"/{command}" + (f" {e(rest[:80])}" if rest else "")
    return (
        f"Để bot ghi nhận, vui lòng gửi lệnh có dấu gạch chéo: <code>{example}</code> "
        "(bấm vào để sao chép)."
    )


def free_text(*, agency: str | None, is_admin: bool, office: str) -> str:
    """A message in a private chat that is no command and no reply."""
    if is_admin:
        return (
            "Bot chỉ làm việc qua lệnh và nút bấm. Để nhập thông báo kết luận, anh/chị gửi tệp "
            ".docx/.pdf/.txt hoặc gõ /import; để xem tình hình các cơ quan, bấm nút bên dưới."
        )
    if agency is None:
        return (
            "Bot nhắc thời hạn các nhiệm vụ Chính phủ giao cho cơ quan của anh/chị. "
            f"Để nhận tin nhắc việc, anh/chị bấm đường dẫn đăng ký do {e(office)} gửi."
        )
    return (
        f"Bot chỉ làm việc qua lệnh và nút bấm. Anh/chị là cán bộ đầu mối của "
        f"<b>{e(agency)}</b>: xem nhiệm vụ bằng nút bên dưới, báo cáo hoàn thành bằng "
        "<code>/xong 12</code>, báo cáo chậm bằng <code>/cham 12 chờ ý kiến Bộ Tư pháp "
        "30/9/2027</code>."
    )


#: What a message that is neither text nor a file is, as the reader calls it.
MEDIA_WORDS: dict[str, str] = {
    "photo": "ảnh",
    "sticker": "nhãn dán (sticker)",
    "voice": "tin nhắn thoại",
    "video": "video",
    "audio": "tệp âm thanh",
    "animation": "ảnh động",
    "video_note": "tin nhắn video",
    "location": "vị trí",
    "contact": "thông tin liên hệ",
}


def not_text(
    kind: str,
    *,
    agency: str | None,
    is_admin: bool,
    formats: Sequence[str],
    office: str,
    command: str | None = None,
) -> str:
    """A photo, a sticker, a voice message … the bot cannot read: what it does read.
    ``command``: the command the caption starts with, to send as a message of its own."""
    what = MEDIA_WORDS.get(kind, "loại tin nhắn này")
    head = f"Bot chưa đọc được {what}; bot đọc lệnh, nút bấm và tin nhắn chữ."
    if command is not None:
        return (
            f"{head} Lệnh trong chú thích chưa được ghi nhận: vui lòng gửi lệnh thành một tin "
            f"nhắn riêng, <code>{e(command[:120])}</code> (bấm vào để sao chép)."
        )
    listed = ", ".join(formats)
    if is_admin:
        return (
            f"{head} Để nhập thông báo kết luận, anh/chị gửi văn bản dạng tệp ({listed}; trên "
            "điện thoại: 📎 → Tệp), không chụp ảnh văn bản; hoặc gõ /import rồi dán nội dung."
        )
    if agency is None:
        return (
            f"{head} Bot nhắc thời hạn các nhiệm vụ Chính phủ giao cho cơ quan của anh/chị; để "
            f"nhận tin nhắc việc, anh/chị bấm đường dẫn đăng ký do {e(office)} gửi."
        )
    return (
        f"{head} Anh/chị là cán bộ đầu mối của <b>{e(agency)}</b>: báo cáo hoàn thành bằng "
        "<code>/xong 12</code>, báo cáo chậm bằng <code>/cham 12 chờ ý kiến Bộ Tư pháp "
        "30/9/2027</code>, hoặc bấm nút bên dưới."
    )


def free_text_keyboard(*, bound: bool, is_admin: bool) -> Keyboard:
    row: list[dict[str, str]] = []
    if is_admin:
        row.append({"text": "🏛 Các cơ quan", "data": "menu:agencies"})
    elif bound:
        row.append({"text": "📋 Nhiệm vụ của cơ quan", "data": "menu:tasks"})
    row.append({"text": "❓ Hướng dẫn", "data": "menu:help"})
    return [row]


def ask_year(task_id: int | None, reason: str, this_year: date, next_year: date) -> str:
    """A day-month without a year that has already passed this year."""
    number = f"{task_id} " if task_id is not None else ""
    return (
        f"Ngày {this_year.day}/{this_year.month} năm nay đã qua. Nếu anh/chị muốn đề xuất "
        f"{_day(next_year)}, vui lòng gửi lại có ghi năm: "
        f"<code>/cham {number}{e(reason[:200])} {_day(next_year)}</code>\n"
        "Dữ liệu không thay đổi."
    )


def agency_choices(typed: str, found: Sequence[Agency]) -> str:
    if not found:
        return (
            f"Không tìm thấy cơ quan “{e(typed[:80])}”. Vui lòng ghi tên đầy đủ hoặc tên "
            "viết tắt, ví dụ “Bộ Công an”, “Bộ KH&amp;CN”, “UBND tỉnh An Giang” (có thể gõ "
            "không dấu). Dữ liệu không thay đổi."
        )
    return (
        f"Tên “{e(typed[:80])}” chưa khớp đúng một cơ quan. Có phải anh/chị muốn ghi một "
        "trong các cơ quan dưới đây? Bấm để chọn."
    )


def agency_keyboard(verb: str, found: Sequence[Agency]) -> Keyboard:
    """One "Có phải …?" button per candidate; ``verb`` says what the press completes."""
    return [
        [{"text": f"Có phải {agency.name[:48]}?", "data": f"ag:{verb}:{agency.id}"}]
        for agency in found
    ]


def choice_expired() -> str:
    return (
        "Không tìm thấy lệnh ban đầu của nút này. Vui lòng gửi lại lệnh với tên cơ quan đã "
        "chọn. Dữ liệu không thay đổi."
    )


def alias_help(*, is_admin: bool) -> list[str]:
    """The Vietnamese commands and their English twins, for /help."""
    extra = "; quản trị: /giahan, /baocao, /xuatexcel, /coquan" if is_admin else ""
    return [
        "Lệnh tiếng Việt: /nhiemvu = /tasks, /xong = /hoanthanh = /done, /cham = /late, "
        f"/tiendo = /progress{extra}.",
    ]


__all__ = [
    "ALIASES",
    "MEDIA_WORDS",
    "WORDS",
    "agency_choices",
    "agency_keyboard",
    "alias_help",
    "ask_year",
    "choice_expired",
    "free_text",
    "free_text_keyboard",
    "not_text",
    "unknown_command",
    "word_as_command",
]
