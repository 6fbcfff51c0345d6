"""End to end: a standing duty ("thường xuyên", or a recurring one with no period) is
followed up by the interval as an undated task is, so it takes a follow-up date the same
ways — proposed in the import preview and under /addtask, typed after "đôn đốc", moved with
/edit — and its first check-in goes out that morning. A task with a deadline, or a duty
with periods (each with its own due date), still refuses one. Real HTTP to the emulator,
a real SQLite file, the fake clock (Wednesday 2/12/2026 10:00)."""

from __future__ import annotations

import re
from pathlib import Path

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL, local
from tests.followup_checks import pending_followups, requests
from tests.test_e2e_chat import ask, invite_and_join

NOTICE = (
    "Số: 15/TB-VPCP\nHà Nội, ngày 20 tháng 11 năm 2026\nTHÔNG BÁO\n"
    "I. NHIỆM VỤ, GIẢI PHÁP\n"
    "1. Bộ Công an thường xuyên cập nhật dữ liệu dân cư.\n"
    "2. Bộ Công an báo cáo tình hình cấp căn cước trước ngày 20 hằng tháng.\n"
)


async def test_a_standing_duty_takes_a_follow_up_date_as_an_undated_task_does(
    live: LiveBot, emulator: BotApiEmulator, database: Path
) -> None:
    # The import preview proposes one for the standing duty, none for the monthly duty.
    prompt = await ask(emulator, ADMIN, ADMIN, "/import")
    await emulator.send_text(ADMIN, ADMIN, NOTICE, reply_to=prompt.message_id)
    preview = await emulator.wait_for_bot_message(
        ADMIN, lambda m: any(b["callback_data"].startswith("imp:ok") for b in m.buttons)
    )
    # Its interval from today: 2/12 + 30 days is New Year's Day, so Monday 4/1/2027.
    assert len(re.findall(r"Ngày đôn đốc: \d", preview.text)) == 1
    assert "Ngày đôn đốc: 4/1/2027 (đề xuất)" in preview.text
    monthly = await ask(emulator, ADMIN, ADMIN, "/fix 2 đôn đốc 10/12/2026")
    assert "đã có thời hạn" in monthly.text
    chosen = await ask(emulator, ADMIN, ADMIN, "/fix 1 đôn đốc 10/12/2026")
    assert "ngày đôn đốc 10/12/2026 (đã chọn)" in chosen.text
    import_id = preview.buttons[0]["callback_data"].removeprefix("imp:ok:")
    await emulator.click(ADMIN, ADMIN, preview.message_id, f"imp:ok:{import_id}")
    await emulator.wait_for_bot_message(ADMIN, lambda m: "Đã lưu" in m.text)
    assert pending_followups(database) == [(1, "2026-12-10")]

    # /addtask: a standing duty gets the proposal and its button, or takes a typed date.
    added = await ask(
        emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát dữ liệu | thường xuyên"
    )
    assert "#3" in added.text
    assert "Đề xuất ngày đôn đốc: 4/1/2027" in added.text
    assert [b["callback_data"] for b in added.buttons] == ["fu:3:20270104"]
    typed = await ask(
        emulator,
        ADMIN,
        ADMIN,
        "/addtask Bộ Công an | Báo cáo công tác | định kỳ theo quy định | đôn đốc 14/12/2026",
    )
    assert "#4" in typed.text
    assert "Ngày đôn đốc: 14/12/2026" in typed.text
    refused = await ask(
        emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo | hằng tháng | đôn đốc 14/12/2026"
    )
    assert "Không có nhiệm vụ nào được tạo" in refused.text
    # /edit moves the standing duty's date; /task shows it.
    moved = await ask(emulator, ADMIN, ADMIN, "/edit 3 đôn đốc 11/12/2026")
    assert "Nhiệm vụ #3: ngày đôn đốc 11/12/2026" in moved.text
    detail = await ask(emulator, ADMIN, ADMIN, "/task 3")
    assert "Ngày đôn đốc: 11/12/2026" in detail.text
    assert pending_followups(database) == [
        (1, "2026-12-10"),
        (3, "2026-12-11"),
        (4, "2026-12-14"),
    ]
    dated = await ask(emulator, ADMIN, ADMIN, "/edit 2 đôn đốc 11/12/2026")
    assert "đã có thời hạn" in dated.text

    # The check-ins go out on those mornings, once each.
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await live.at(local(2026, 12, 9, 8, 30))
    assert requests(emulator) == []
    for day, task in ((10, 1), (11, 3), (14, 4)):
        await live.at(local(2026, 12, day, 8, 30))
        assert f"#{task}" in requests(emulator)[-1].text
    assert len(requests(emulator)) == 3

    # Given a deadline, the duty's chosen date goes: reminders follow the deadline.
    await ask(emulator, ADMIN, ADMIN, "/edit 3 đôn đốc 5/1/2027")
    await ask(emulator, ADMIN, ADMIN, "/edit 3 hạn 31/3/2027")
    assert (3, "2027-01-05") not in pending_followups(database)
    assert "Ngày đôn đốc" not in (await ask(emulator, ADMIN, ADMIN, "/task 3")).text
