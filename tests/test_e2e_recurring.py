"""End to end: a recurring duty ("trước ngày 20 hằng tháng") is reminded before each
period's due date; /done closes that period only, and the next month's reminders still come;
claimed before they are sent, so a restart sends nothing twice."""

from __future__ import annotations

from pathlib import Path

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import start_live_bot
from domain.clock import FakeClock
from tests.conftest import ADMIN, FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join


def reminders_of(emu: BotApiEmulator, chat_id: int, period: str) -> list[SentMessage]:
    return [m for m in emu.bot_messages(chat_id) if "Nhắc việc" in m.text and period in m.text]


async def test_a_monthly_duty_is_reminded_period_by_period_and_done_closes_one_period(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # Wednesday 2/12/2026 10:00: a monthly report due on the 20th. December's period is due
    # Sunday 20/12: 14 days before is Sunday 6/12 → Friday 4/12; 7 → Friday 11/12; 3 →
    # Thursday 17/12; 1 day before and the day itself → Friday 18/12; overdue Monday 21/12.
    clock = FakeClock(local(2026, 12, 2, 10, 0))
    database = tmp_path / "bot.sqlite3"
    live = await start_live_bot(emulator, database, clock, admin_ids=(ADMIN,))
    try:
        added = await ask(
            emulator,
            ADMIN,
            ADMIN,
            "/addtask Bộ Công an | Báo cáo số liệu cấp căn cước | trước ngày 20 hằng tháng",
        )
        assert "#1" in added.text
        await invite_and_join(emulator, "Bộ Công an", FOCAL)

        await live.at(local(2026, 12, 3, 8, 30))
        assert reminders_of(emulator, FOCAL, "#1") == []
        await live.at(local(2026, 12, 4, 8, 29))
        await live.stop()
        live = await start_live_bot(emulator, database, clock, admin_ids=(ADMIN,))
        await live.at(local(2026, 12, 4, 8, 30))
        [first] = reminders_of(emulator, FOCAL, "kỳ tháng 12/2026")
        assert "hạn 20/12/2026" in first.text
        assert "còn 16 ngày" in first.text
        assert "done:1" in {b["callback_data"] for b in first.buttons}
        # A second pass, and a restart at the same instant, send nothing more.
        await live.product.runner.tick()
        await live.stop()
        live = await start_live_bot(emulator, database, clock, admin_ids=(ADMIN,))
        await live.product.runner.tick()
        assert len(reminders_of(emulator, FOCAL, "#1")) == 1

        detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
        assert "Thời hạn: hằng tháng" in detail.text
        assert "Kỳ hiện tại: kỳ tháng 12/2026, hạn 20/12/2026" in detail.text

        await live.at(local(2026, 12, 11, 8, 30))
        await live.at(local(2026, 12, 17, 8, 30))
        assert len(reminders_of(emulator, FOCAL, "kỳ tháng 12/2026")) == 3

        # /done closes December's period only; January's comes next.
        done = await ask(emulator, FOCAL, FOCAL, "/done 1 đã gửi số liệu tháng 12")
        assert "đã hoàn thành kỳ tháng 12/2026" in done.text
        assert "kỳ tháng 1/2027 (hạn 20/1/2027)" in done.text
        notice = await emulator.wait_for_bot_message(
            ADMIN, lambda m: "báo cáo hoàn thành kỳ tháng 12/2026 của nhiệm vụ #1" in m.text
        )
        assert "đã gửi số liệu tháng 12" in notice.text
        # Pressed again (or by a colleague): the period is not closed twice.
        again = await ask(emulator, FOCAL, FOCAL, "/done 1")
        assert "đã được ghi nhận hoàn thành kỳ tháng 12/2026" in again.text
        assert "Kỳ tiếp theo là kỳ tháng 1/2027" in again.text

        # No more reminders of December's period: neither its due day nor the day after.
        await live.at(local(2026, 12, 18, 8, 30))
        await live.at(local(2026, 12, 21, 8, 30))
        assert len(reminders_of(emulator, FOCAL, "#1")) == 3

        detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
        assert "Kỳ hiện tại: kỳ tháng 1/2027, hạn 20/1/2027" in detail.text
        assert "Báo hoàn thành một kỳ" in detail.text
        assert "kỳ tháng 12/2026: đã gửi số liệu tháng 12" in detail.text
        tasks = await ask(emulator, FOCAL, FOCAL, "/tasks")
        assert "kỳ tháng 1/2027 · hạn 20/1/2027" in tasks.text

        # January's period, due Wednesday 20/1/2027: 14 days before is Wednesday 6/1.
        await live.at(local(2027, 1, 5, 8, 30))
        assert reminders_of(emulator, FOCAL, "kỳ tháng 1/2027") == []
        await live.at(local(2027, 1, 6, 8, 29))
        await live.stop()
        live = await start_live_bot(emulator, database, clock, admin_ids=(ADMIN,))
        await live.at(local(2027, 1, 6, 8, 30))
        await live.stop()
        live = await start_live_bot(emulator, database, clock, admin_ids=(ADMIN,))
        await live.product.runner.tick()
        [january] = reminders_of(emulator, FOCAL, "kỳ tháng 1/2027")
        assert "hạn 20/1/2027" in january.text

        # Not reported: January's period is chased after its due date like any deadline.
        await live.at(local(2027, 1, 21, 8, 30))
        overdue = reminders_of(emulator, FOCAL, "kỳ tháng 1/2027")[-1]
        assert "quá hạn 1 ngày" in overdue.text
    finally:
        await live.stop()
