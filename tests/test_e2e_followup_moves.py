"""End to end: an imported undated task with no follow-up date chosen is first asked one
interval after the notice's issue date, and a task moved to another lead is asked of its new
lead only. Real HTTP to the emulator, a real SQLite file, the fake clock (Wednesday
2/12/2026 10:00)."""

from __future__ import annotations

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL, local
from tests.followup_checks import requests
from tests.test_e2e_chat import ask, invite_and_join
from tests.test_e2e_telling import import_notice

# Issued Friday 20/11/2026: 30 days later is Sunday 20/12, so Monday 21/12.
NOTICE = (
    "Số: 15/TB-VPCP\nHà Nội, ngày 20 tháng 11 năm 2026\nTHÔNG BÁO\n"
    "I. NHIỆM VỤ, GIẢI PHÁP\n"
    "1. Bộ Công an khẩn trương hoàn thiện hồ sơ định danh điện tử.\n"
    "2. Bộ Công an sớm tổng kết việc thí điểm cấp căn cước.\n"
)


async def test_an_imported_undated_task_is_asked_one_interval_after_the_notice_and_of_its_new_lead(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
    await import_notice(emulator, NOTICE)  # confirmed without choosing a follow-up date
    # Thursday 10/12: task #2 goes to the Ministry of Health.
    await live.at(local(2026, 12, 10, 10, 0))
    moved = await ask(emulator, ADMIN, ADMIN, "/edit 2 chủ trì Bộ Y tế")
    assert "“Bộ Công an” → “Bộ Y tế”" in moved.text

    await live.at(local(2026, 12, 18, 8, 30))
    assert requests(emulator, FOCAL) == []
    assert requests(emulator, OTHER_FOCAL) == []
    await live.at(local(2026, 12, 21, 8, 30))
    [own] = requests(emulator, FOCAL)
    assert "#1" in own.text
    assert "#2" not in own.text
    [moved_request] = requests(emulator, OTHER_FOCAL)
    assert "#2" in moved_request.text
    assert "#1" not in moved_request.text
    assert "prog:2" in {b["callback_data"] for b in moved_request.buttons}
    # The old lead cannot answer for it any more; the new one can.
    refused = await ask(emulator, FOCAL, FOCAL, "/tiendo 2 đang tổng kết")
    assert "Đã ghi tiến độ" not in refused.text
    noted = await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, "/tiendo 2 đang tổng kết")
    assert "Đã ghi tiến độ" in noted.text

    # A month on: each asked again, each of its own task only.
    await live.at(local(2027, 1, 20, 8, 30))
    await live.at(local(2027, 1, 21, 8, 30))
    assert len(requests(emulator, FOCAL)) == 2
    assert all("#2" not in m.text for m in requests(emulator, FOCAL))
    assert len(requests(emulator, OTHER_FOCAL)) == 2
    assert all("#1" not in m.text for m in requests(emulator, OTHER_FOCAL))
