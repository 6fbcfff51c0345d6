"""End to end: the numbers, times and names the bot states come from the settings. With
``OFFICE_NAME``, ``SEND_TIME`` and ``INVITE_DAYS`` changed, the invitation, the welcome,
/help, the refusals (a refused /baocao too), a late report's confirmation and the reminder's
hour follow; no literal "Văn phòng theo dõi", "08:30" or "7 ngày" is left. Real HTTP to the
emulator, real SQLite, fake clock."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from botapi_emulator import BotApiEmulator
from demo.harness import FakeClock, LiveBot, start_live_bot
from tests.conftest import ADMIN, FOCAL, STRANGER, local, within
from tests.test_e2e_chat import ask, reminders

OFFICE = "Vụ Tổng hợp – VPCP"


@pytest.fixture
async def configured(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[LiveBot]:
    bot = await start_live_bot(
        emulator,
        tmp_path / "bot.sqlite3",
        clock,
        admin_ids=(ADMIN,),
        extra_env={"OFFICE_NAME": OFFICE, "SEND_TIME": "07:15", "INVITE_DAYS": "14"},
    )
    try:
        yield bot
    finally:
        await within(bot.stop(), 60, "stopping the bot")


async def test_the_office_name_the_send_time_and_the_invitation_days_follow_the_settings(
    configured: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo tiến độ | 04/12/2026")
    invite = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Công an")
    assert "hiệu lực đến 16/12/2026 10:00" in invite.text  # Wednesday 2/12 10:00 + 14 days
    admin_help = await ask(emulator, ADMIN, ADMIN, "/help")
    assert OFFICE in admin_help.text
    assert "lúc 07:15" in admin_help.text
    assert "hiệu lực 14 ngày" in admin_help.text
    assert "08:30" not in admin_help.text
    assert "7 ngày" not in admin_help.text

    token = re.search(r"\?start=([\w-]+)", invite.text)
    assert token, invite.text
    joined = await ask(emulator, FOCAL, FOCAL, f"/start {token[1]}")
    assert "Bot sẽ gửi tin nhắc việc lúc 07:15 các ngày làm việc" in joined.text
    focal_help = await ask(emulator, FOCAL, FOCAL, "/help")
    assert "08:30" not in focal_help.text

    # The office is named by its configured name to those who are not its staff.
    for text in ("/start", "/addtask Bộ Y tế | Báo cáo | 20/12/2026", "xin chào"):
        answer = await ask(emulator, STRANGER, STRANGER, text)
        assert "Văn phòng theo dõi" not in answer.text, text
        assert "quản trị viên" not in answer.text, text
    refused = await ask(emulator, STRANGER, STRANGER, "/addtask Bộ Y tế | Báo cáo | 20/12/2026")
    assert f"chỉ dành cho {OFFICE}" in refused.text
    unbound = await ask(emulator, STRANGER, STRANGER, "/nhiemvu")
    assert OFFICE in unbound.text
    report = await ask(emulator, STRANGER, STRANGER, "/baocao")
    assert f"chỉ dành cho {OFFICE}" in report.text

    # The reminders go out at the configured time: Friday 4/12 at 07:15, not 08:30.
    await configured.at(local(2026, 12, 4, 7, 14))
    assert reminders(emulator, FOCAL) == []
    await configured.at(local(2026, 12, 4, 7, 15))
    [reminder] = reminders(emulator, FOCAL)
    assert "⏰ #1 · đến hạn hôm nay" in reminder.text

    # A focal point's late report is told the configured office was informed.
    late = await ask(emulator, FOCAL, FOCAL, "/late 1 chờ ý kiến Bộ Tư pháp")
    assert "Đã ghi nhận báo cáo chậm" in late.text
    assert f"{OFFICE} đã được thông báo" in late.text
    assert "Văn phòng theo dõi" not in late.text
