"""The README's phone-sized reminder is what the bot sends: the transcript under "On a
phone" is rendered again here by the dispatcher's renderer from the ten tasks it shows,
and the two must agree line by line (text as Telegram shows it, buttons as ``[…]``)."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

from chat.dispatch_wording import ChatRenderer
from domain.deadline import DeadlineKind, Granularity
from domain.status import TaskStatus
from domain.task_line import TaskLine

README = Path(__file__).resolve().parent.parent / "README.md"
FRIDAY = date(2026, 12, 4)
TASKS = [
    (
        11,
        "Báo cáo tiến độ Đề án 06 về phát triển ứng dụng dữ liệu dân cư, định danh và xác "
        "thực điện tử phục vụ chuyển đổi số quốc gia",
        date(2026, 11, 20),
    ),
    (12, "Rà soát, sửa đổi Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân", date(2026, 12, 1)),
    (
        13,
        "Hoàn thiện Cơ sở dữ liệu quốc gia về dân cư, kết nối với các bộ, ngành",
        date(2026, 12, 4),
    ),
    (14, "Xây dựng Trung tâm dữ liệu quốc gia", date(2026, 12, 4)),
    (15, "Tổng kết 5 năm thực hiện Chỉ thị 07", date(2026, 12, 7)),
    (16, "Hướng dẫn các địa phương cấp căn cước cho người gốc Việt Nam", date(2026, 12, 11)),
    (17, "Đẩy mạnh thanh toán không dùng tiền mặt trong dịch vụ công", date(2026, 12, 11)),
    (18, "Chuẩn hoá dữ liệu hộ tịch", date(2026, 12, 31)),
    (19, "Tổng kết công tác năm 2026", date(2027, 1, 15)),
    (20, "Khẩn trương rà soát thủ tục hành chính", None),
]


def _lines() -> list[TaskLine]:
    return [
        TaskLine(
            task_id=task_id,
            title=title,
            due=due,
            granularity=Granularity.DAY if due else None,
            kind=DeadlineKind.DEADLINE if due else DeadlineKind.NONE,
            phrase="" if due else "khẩn trương",
            status=TaskStatus.OPEN,
            assigned_as="Bộ Công an",
        )
        for task_id, title, due in TASKS
    ]


def _transcript() -> list[str]:
    """The README's block after "What a focal point … sees", up to its first button row."""
    text = README.read_text(encoding="utf-8")
    start = text.index("What a focal point of the Ministry of Public")
    block = text[text.index("```\n", start) + 4 :]
    block = block[: block.index("```")]
    return block.rstrip("\n").split("\n")


def _as_telegram_shows(html: str) -> list[str]:
    return unescape(re.sub(r"</?(b|i|code)>", "", html)).split("\n")


def test_the_readme_reminder_is_the_one_the_bot_renders() -> None:
    [rendered] = ChatRenderer().reminder("Bộ Công an", _lines(), FRIDAY, asked=())
    shown = _transcript()
    buttons = [" ".join(f"[{button['text']}]" for button in row) for row in rendered.keyboard]
    text = _as_telegram_shows(rendered.html)
    assert shown[: len(text)] == text
    rest = shown[len(text) :]
    # The button rows: the first task's, then (abridged in the README) the others, ◀ ▶.
    assert rest[0] == buttons[0]
    assert rest[-1] == buttons[-1]
    assert len(buttons) == 8 + 1  # eight tasks' rows and the pager
    assert not rendered.silent  # overdue tasks: it rings
