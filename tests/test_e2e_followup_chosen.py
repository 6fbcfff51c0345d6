"""End to end: a follow-up date the office chose is its decision. A progress note sent
before that morning is recorded and does not move the request; once the chosen morning has
come, a progress note restarts the interval as it always does. Real HTTP to the emulator, a
real SQLite file, the fake clock (Wednesday 2/12/2026 10:00)."""

from __future__ import annotations

from pathlib import Path

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL, local
from tests.followup_checks import pending_followups, requests
from tests.test_e2e_chat import ask, invite_and_join


async def test_a_progress_note_before_the_chosen_date_keeps_it_and_after_it_restarts_the_interval(
    live: LiveBot, emulator: BotApiEmulator, database: Path
) -> None:
    # #1 chosen for Wednesday 9/12; #2 with no date chosen (the interval: Monday 4/1/2027).
    await ask(
        emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát thủ tục | khẩn trương | đôn đốc 9/12"
    )
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Tổng kết thí điểm | sớm")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    assert pending_followups(database) == [(1, "2026-12-09"), (2, "2027-01-04")]

    # Thursday 3/12: progress notes on both. #1 keeps the office's date; #2's interval
    # restarts (3/12 + 30 days = Saturday 2/1/2027: Monday 4/1).
    await live.at(local(2026, 12, 3, 10, 0))
    noted = await ask(emulator, FOCAL, FOCAL, "/tiendo 1 đã lấy ý kiến các bộ")
    assert "Đã ghi tiến độ" in noted.text
    await ask(emulator, FOCAL, FOCAL, "/tiendo 2 đang tổng hợp")
    assert pending_followups(database) == [(1, "2026-12-09"), (2, "2027-01-04")]
    detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert "Ngày đôn đốc: 9/12/2026" in detail.text
    assert "đã lấy ý kiến các bộ" in detail.text

    await live.at(local(2026, 12, 8, 8, 30))
    assert requests(emulator) == []
    await live.at(local(2026, 12, 9, 8, 30))
    [request] = requests(emulator)
    assert "#1" in request.text
    assert "#2" not in request.text
    # Its next one an interval after it (Friday 8/1/2027) …
    assert pending_followups(database) == [(1, "2027-01-08"), (2, "2027-01-04")]
    # … until the answer to it restarts the interval: Monday 14/12 + 30 days = 13/1/2027.
    await live.at(local(2026, 12, 14, 10, 0))
    await ask(emulator, FOCAL, FOCAL, "/tiendo 1 đã trình dự thảo quy trình")
    assert pending_followups(database) == [(1, "2027-01-13"), (2, "2027-01-04")]
    await live.at(local(2027, 1, 8, 8, 30))
    assert len(requests(emulator)) == 2  # #2 on 4/1 only
    await live.at(local(2027, 1, 13, 8, 30))
    assert len(requests(emulator)) == 3
    assert "#1" in requests(emulator)[-1].text
