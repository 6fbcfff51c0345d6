"""End to end, on a phone: /nhiemvu of 20 tasks and /agencies of more than 50 agencies are
each one message of one screen and a half, the tasks grouped and status first, each page
with its own tasks' buttons; ◀ ▶ edit that message in place, and nothing else is sent.
The 14-day window arrives silently, the 7-day one rings. Real HTTP to the emulator, real SQLite, fake clock (Wednesday 2/12/2026)."""

from __future__ import annotations

import re

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join, reminders

#: Deadlines of the 20 tasks: 3 overdue, 9 due within 7 days, 6 later, 2 undated.
DEADLINES = [
    *["25/11/2026"] * 3,
    *["04/12/2026"] * 9,
    *["15/01/2027"] * 6,
    *["khẩn trương"] * 2,
]


def _current(emulator: BotApiEmulator, chat_id: int, message_id: int) -> SentMessage:
    return next(m for m in emulator.bot_messages(chat_id) if m.message_id == message_id)


def _listed(message: SentMessage) -> list[int]:
    """The tasks a list shows, from their first lines ("⛔ #3 · quá hạn 7 ngày · …")."""
    return [int(i) for i in re.findall(r"^[⛔⏰🔔❔] #(\d+) ·", message.text, re.M)]


async def _turn(
    emulator: BotApiEmulator, chat_id: int, message: SentMessage, data: str, page: str
) -> SentMessage:
    await emulator.click(chat_id, chat_id, message.message_id, data)
    return await emulator.wait_for(
        lambda: (
            current
            if page in (current := _current(emulator, chat_id, message.message_id)).text
            else None
        )
    )


async def test_tasks_is_one_message_paged_in_place_with_each_pages_buttons(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    for n, deadline in enumerate(DEADLINES, start=1):
        await ask(emulator, ADMIN, ADMIN, f"/addtask Bộ Công an | Nhiệm vụ số {n} | {deadline}")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)

    listed = await ask(emulator, FOCAL, FOCAL, "/nhiemvu")
    before = len(emulator.bot_messages(FOCAL))
    lines = listed.text.splitlines()
    # The first two lines: whose, how many, how bad.
    assert lines[0] == "📋 Nhiệm vụ chưa hoàn thành của Bộ Công an (20)"
    assert lines[1] == (
        "3 quá hạn, 9 đến hạn trong 7 ngày tới, 6 sắp đến hạn, 2 chưa xác định thời hạn."
    )
    # Two lines a task, status first.
    first = lines.index("⛔ Quá hạn") + 1
    assert lines[first] == "⛔ #1 · quá hạn 7 ngày · hạn 25/11/2026"
    assert lines[first + 1] == "Nhiệm vụ số 1"

    seen: list[int] = []
    groups: list[str] = []
    current = listed
    for page in range(3):
        shown = _listed(current)
        assert 1 <= len(shown) <= 8
        assert "Trang " + f"{page + 1}/3" in current.text
        buttons = {b["callback_data"] for b in current.buttons}
        tasks = {d for d in buttons if not d.startswith("pg:")}
        assert tasks == {f"{a}:{i}" for i in shown for a in ("done", "late")}
        nav = [b["text"] for b in current.buttons if b["callback_data"].startswith("pg:")]
        assert nav == (["◀"] if page else []) + [f"{page + 1}/3"] + (["▶"] if page < 2 else [])
        groups += [g for g in ("⛔ Quá hạn", "⏰ Đến hạn", "🔔 Sắp đến hạn") if g in current.text]
        groups += (
            ["❔ Chưa xác định thời hạn"] if "❔ Chưa xác định thời hạn" in current.text else []
        )
        seen += shown
        if page < 2:
            current = await _turn(emulator, FOCAL, listed, f"pg:t:{page + 1}", f"{page + 2}/3")
    assert seen == list(range(1, 21)), "most urgent first, every task once"
    assert set(groups) == {
        "⛔ Quá hạn",
        "⏰ Đến hạn",
        "🔔 Sắp đến hạn",
        "❔ Chưa xác định thời hạn",
    }
    await _turn(emulator, FOCAL, listed, "pg:t:1", "Trang 2/3")
    back = await _turn(emulator, FOCAL, listed, "pg:t:0", "Trang 1/3")
    assert _listed(back) == list(range(1, 9))
    # A task of the page answered by its own button; the list was paged, never re-sent.
    await emulator.click(FOCAL, FOCAL, listed.message_id, "done:2")
    await emulator.wait_for_bot_message(FOCAL, lambda m: "Đã ghi nhận: #2" in m.text)
    later = [m for m in emulator.bot_messages(FOCAL) if m.message_id >= listed.message_id]
    assert len([m for m in later if "📋 Nhiệm vụ chưa" in m.text]) == 1
    assert len(emulator.bot_messages(FOCAL)) == before + 1  # only the confirmation


async def test_agencies_of_a_national_task_page_eight_at_a_time(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(
        emulator,
        ADMIN,
        ADMIN,
        "/addtask Các bộ, cơ quan, địa phương | Kiện toàn Ban Chỉ đạo | 01/12/2026",
    )
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo riêng | 20/12/2026")
    joined = emulator.mark()  # the office's note may come before the welcome
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await emulator.wait_for_bot_message(
        ADMIN, lambda m: "đã đăng ký làm cán bộ đầu mối" in m.text, since=joined
    )

    listed = await ask(emulator, ADMIN, ADMIN, "/agencies")
    before = len(emulator.bot_messages(ADMIN))
    head = re.match(r"🏛 Các cơ quan \((\d+)\)\n(\d+) cơ quan có nhiệm vụ quá hạn", listed.text)
    assert head, listed.text
    total = int(head[1])
    assert total > 50
    pages = -(-total // 8)
    assert f"Trang 1/{pages}" in listed.text
    # The agency with most overdue and unfinished first, in two lines with its focal point.
    assert "⛔ Bộ Công an: 2 chưa hoàn thành, 1 quá hạn\n    Đầu mối: Lan" in listed.text

    names: list[str] = []
    current = listed
    for page in range(pages):
        entries = re.findall(r"^[⛔⚠️✅]+ (.+?): \d+ chưa hoàn thành", current.text, re.M)
        assert 1 <= len(entries) <= 8
        assert current.text.count("\n") <= 25, "one screen and a half"
        assert current.text.count("Đầu mối:") == len(entries)
        names += entries
        if page < pages - 1:
            current = await _turn(
                emulator, ADMIN, listed, f"pg:a:{page + 1}", f"Trang {page + 2}/{pages}"
            )
    assert len(names) == len(set(names)) == total
    assert len(emulator.bot_messages(ADMIN)) == before, "paged in place, nothing sent"


async def test_the_fourteen_day_window_arrives_silently_and_the_seven_day_one_rings(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Tổng kết năm | 30/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await live.at(local(2026, 12, 16, 8, 30))  # Wednesday, 14 days ahead
    [far] = reminders(emulator, FOCAL)
    assert "🔔 #1 · còn 14 ngày · hạn 30/12/2026" in far.text
    assert far.disable_notification is True
    await live.at(local(2026, 12, 23, 8, 30))  # 7 days ahead
    near = [m for m in reminders(emulator, FOCAL) if m.message_id != far.message_id]
    assert [m.disable_notification for m in near] == [False]
    assert "⏰ #1 · còn 7 ngày" in near[0].text


async def test_a_task_of_fifty_agencies_is_one_screen_and_a_half_for_everyone(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(
        emulator,
        ADMIN,
        ADMIN,
        "/addtask Các bộ, cơ quan, địa phương | Kiện toàn Ban Chỉ đạo | 01/12/2026",
    )
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    for reader in (FOCAL, ADMIN):
        detail = await ask(emulator, reader, reader, "/task 1")
        summary = re.search(r"(\d+) cơ quan: (\d+) quá hạn", detail.text)
        assert summary, detail.text
        assert int(summary[1]) == int(summary[2]) > 50
        assert detail.text.count("\n") <= 30, (reader, detail.text.count("\n"))
        assert [b["text"] for b in detail.buttons] == [f"👥 Xem đủ {summary[1]} cơ quan"]
    mine = await ask(emulator, FOCAL, FOCAL, "/task 1")
    assert "Cơ quan của anh/chị:\n• Bộ Công an — quá hạn" in mine.text
