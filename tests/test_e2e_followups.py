"""End to end: undated tasks get a progress request, standing duties a check-in, every
FOLLOWUP_EVERY_DAYS (30) days, grouped with the chat's other reminders; claimed before they
are sent like reminders, so a restart sends nothing twice; an answer restarts the interval;
a withdrawn task is asked no more."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from botapi_emulator import BotApiEmulator
from demo.harness import start_live_bot
from domain.calendar import WorkingCalendar
from domain.clock import FakeClock
from tests.conftest import ADMIN, FOCAL, local
from tests.followup_checks import ASKED, requests
from tests.test_e2e_chat import ask, invite_and_join


def morning(day: date) -> datetime:
    return local(day.year, day.month, day.day, 8, 30)


async def test_an_undated_task_gets_its_monthly_progress_request_once_even_after_a_restart(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # Wednesday 2/12/2026 10:00: an undated task and a standing duty for the Ministry of
    # Public Security, and a dated one due in a week.
    clock = FakeClock(local(2026, 12, 2, 10, 0))
    database = tmp_path / "bot.sqlite3"
    live = await start_live_bot(emulator, database, clock, admin_ids=(ADMIN,))
    try:
        added = await ask(
            emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát thủ tục | khẩn trương"
        )
        assert "#1" in added.text
        await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Cập nhật dữ liệu | thường xuyên")
        await invite_and_join(emulator, "Bộ Công an", FOCAL)

        # 30 days later is Friday 1/1/2027, New Year's Day: Monday 4/1/2027 at 08:30.
        await live.at(local(2026, 12, 3, 8, 30))
        await live.at(local(2027, 1, 1, 8, 30))
        assert requests(emulator, FOCAL) == []
        await live.at(local(2027, 1, 4, 8, 29))
        assert requests(emulator, FOCAL) == []
        await live.stop()
        live = await start_live_bot(emulator, database, clock, admin_ids=(ADMIN,))
        await live.at(local(2027, 1, 4, 8, 30))
        [request] = requests(emulator, FOCAL)
        assert "Bộ Công an có 2 nhiệm vụ cần báo cáo" in request.text
        assert "thường xuyên: #1, #2" in request.text
        assert "/tiendo 1" in request.text
        assert {b["callback_data"] for b in request.buttons} >= {
            "done:1",
            "prog:1",
            "done:2",
            "prog:2",
        }
        # A second pass, and a restart at the same instant, send nothing more.
        await live.product.runner.tick()
        await live.stop()
        live = await start_live_bot(emulator, database, clock, admin_ids=(ADMIN,))
        await live.product.runner.tick()
        assert len(requests(emulator, FOCAL)) == 1

        # Free text in reply to the request: a hint, nothing recorded.
        hint = await ask(emulator, FOCAL, FOCAL, "đang làm", reply_to=request.message_id)
        assert "/tiendo 1" in hint.text
        assert "chưa ghi nhận" in hint.text
        detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
        assert "đang làm" not in detail.text

        # The 📝 button asks for the progress; the answer is recorded as a progress note.
        await emulator.click(FOCAL, FOCAL, request.message_id, "prog:1")
        prompt = await emulator.wait_for_bot_message(
            FOCAL, lambda m: m.text.startswith("📝 Cập nhật tiến độ nhiệm vụ #1")
        )
        recorded = await ask(
            emulator, FOCAL, FOCAL, "đã trình dự thảo quy trình", reply_to=prompt.message_id
        )
        assert "Đã ghi tiến độ" in recorded.text
        detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
        assert "đã trình dự thảo quy trình" in detail.text

        # The next requests: #2 one interval after the last request, #1 one interval
        # after its answer (the same day here), as one message.
        following = WorkingCalendar().next_working_day(date(2027, 2, 3))
        day_before = following - timedelta(days=1)
        await live.at(morning(day_before))
        assert len(requests(emulator, FOCAL)) == 1
        await live.at(morning(following))
        assert len(requests(emulator, FOCAL)) == 2
        latest = requests(emulator, FOCAL)[-1]
        assert "#1" in latest.text
        assert "#2" in latest.text

        # Withdrawn (#1) and done (#2): no more requests.
        await ask(emulator, ADMIN, ADMIN, "/cancel 1 đã giao cho cơ quan khác")
        await ask(emulator, FOCAL, FOCAL, "/done 2")
        for month in (3, 4, 5):
            await live.at(local(2027, month, 15, 8, 30))
        assert len(requests(emulator, FOCAL)) == 2
    finally:
        await live.stop()


async def test_a_fresh_install_asks_about_old_undated_tasks_once_at_its_first_working_morning(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # Seeded on Saturday 5/12/2026: the seed notices were issued in 2024–2025, so every
    # undated task's first request has passed; they are asked on Monday 7/12 at 08:30,
    # in the same message as the chat's overdue summary.
    clock = FakeClock(local(2026, 12, 5, 10, 0))
    live = await start_live_bot(
        emulator, tmp_path / "bot.sqlite3", clock, admin_ids=(ADMIN,), seed=True
    )
    try:
        await invite_and_join(emulator, "Bộ Công an", FOCAL)
        await live.at(local(2026, 12, 5, 10, 1))
        before = len(emulator.bot_messages(FOCAL))
        await live.at(local(2026, 12, 7, 8, 30))
        # One reminder (its first page, ◀ ▶ for the rest): the overdue tasks, then the
        # progress request of the undated ones, with their buttons.
        parts = emulator.bot_messages(FOCAL)[before:]
        assert "Nhắc việc" in parts[0].text
        whole = "\n".join(m.text for m in parts)
        assert "quá hạn" in whole
        assert ASKED in whole
        assert any(b["callback_data"].startswith("prog:") for m in parts for b in m.buttons)
        # Not again the next day, nor the day after.
        await live.at(local(2026, 12, 8, 8, 30))
        await live.at(local(2026, 12, 9, 8, 30))
        assert len(requests(emulator, FOCAL)) == len([m for m in parts if ASKED in m.text])
    finally:
        await live.stop()
