"""End to end: the follow-up date of an undated task. The import preview proposes one per
undated task with a 📅 button; confirming it puts the first progress request on that
morning, once. /addtask proposes the same with a button, or takes a date typed after
"đôn đốc"; /edit moves it and the plan follows; /task shows it. Bad dates are refused in
Vietnamese and nothing is stored. Real HTTP, real SQLite, fake clock (Wednesday 2/12/2026
10:00)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL, local
from tests.followup_checks import pending_followups, requests
from tests.test_e2e_chat import ask, invite_and_join

NOTICE = (
    "THÔNG BÁO\n\nKẾT LUẬN VỀ CÔNG TÁC PHÁP CHẾ\n\nHà Nội, ngày 01 tháng 12 năm 2026\n\n"
    "I. NHIỆM VỤ\n\n"
    "1. Bộ Công an chủ trì rà soát văn bản, hoàn thành trước ngày 20 tháng 12 năm 2026.\n\n"
    "2. Bộ Công an khẩn trương hoàn thiện hồ sơ định danh điện tử.\n\n"
    "3. Bộ Công an sớm tổng kết việc thí điểm cấp căn cước.\n"
).encode()


def morning(day: date) -> tuple[int, ...]:
    return (day.year, day.month, day.day, 8, 30)


async def _answer_after(emu: BotApiEmulator, message_id: int, text: str) -> SentMessage:
    return await emu.wait_for_bot_message(
        ADMIN, lambda m: text in m.text, after_message_id=message_id
    )


async def test_an_imported_undated_task_with_its_date_confirmed_is_asked_that_morning_once(
    live: LiveBot, emulator: BotApiEmulator, tmp_path: Path
) -> None:
    await emulator.send_document(ADMIN, ADMIN, "tb.txt", NOTICE, "text/plain")
    preview = await emulator.wait_for_bot_message(
        ADMIN, lambda m: any(b["callback_data"].startswith("imp:ok") for b in m.buttons)
    )
    # "khẩn trương": 5 working days after Wednesday 2/12 is Wednesday 9/12; "sớm": 10,
    # Wednesday 16/12. The dated task gets no date of this kind.
    assert "Ngày đôn đốc: 9/12/2026 (đề xuất)" in preview.text
    assert "Ngày đôn đốc: 16/12/2026 (đề xuất)" in preview.text
    assert len(re.findall(r"Ngày đôn đốc: \d", preview.text)) == 2
    assert "/fix 2 đôn đốc" in preview.text
    import_id = preview.buttons[0]["callback_data"].removeprefix("imp:ok:")
    pressed = f"imp:fu:{import_id}:2:20261209"
    assert pressed in {b["callback_data"] for b in preview.buttons}

    await emulator.click(ADMIN, ADMIN, preview.message_id, pressed)
    chosen = await _answer_after(emulator, preview.message_id, "Nhiệm vụ số 2")
    assert "ngày đôn đốc 9/12/2026 (đã chọn)" in chosen.text
    assert "08:30" in chosen.text
    # The pressed button is taken off the preview; ✅ Xác nhận and the others stay.
    [edited] = [m for m in emulator.bot_messages(ADMIN) if m.message_id == preview.message_id]
    left = {b["callback_data"] for b in edited.buttons}
    assert pressed not in left
    assert f"imp:ok:{import_id}" in left
    assert f"imp:fu:{import_id}:3:20261216" in left

    # Bad dates for the preview: refused in words, the chosen date unchanged.
    past = await ask(emulator, ADMIN, ADMIN, "/fix 2 đôn đốc 1/12/2026")
    assert "đã qua" in past.text
    far = await ask(emulator, ADMIN, ADMIN, "/fix 2 don doc 5/1/2028")
    assert "trong vòng một năm tới" in far.text
    garbage = await ask(emulator, ADMIN, ADMIN, "/fix 2 đôn đốc sau Tết")
    assert "không phải là một ngày" in garbage.text
    dated = await ask(emulator, ADMIN, ADMIN, "/fix 1 đôn đốc 10/12/2026")
    assert "đã có thời hạn" in dated.text
    sent = await emulator.send_text(ADMIN, ADMIN, "/fix xem")
    again = await emulator.wait_for_bot_message(
        ADMIN,
        lambda m: any(b["callback_data"].startswith("imp:ok") for b in m.buttons),
        after_message_id=sent["message_id"],
    )
    shown = again.text
    assert "Ngày đôn đốc: 9/12/2026 (đã chọn)" in shown
    assert "Ngày đôn đốc: 16/12/2026 (đề xuất)" in shown

    await emulator.click(ADMIN, ADMIN, preview.message_id, f"imp:ok:{import_id}")
    stored = await emulator.wait_for_bot_message(ADMIN, lambda m: "Đã lưu" in m.text)
    assert "3 nhiệm vụ mới" in stored.text
    # Stored with the task: #2 on 9/12; #3 (not confirmed) one interval after the notice's
    # issue date (1/12 + 30 days = Thursday 31/12), as before.
    database = tmp_path / "bot.sqlite3"
    assert pending_followups(database) == [(2, "2026-12-09"), (3, "2026-12-31")]
    detail = await ask(emulator, ADMIN, ADMIN, "/task 2")
    assert "Ngày đôn đốc: 9/12/2026" in detail.text
    assert "(định kỳ)" not in detail.text
    other = await ask(emulator, ADMIN, ADMIN, "/task 3")
    assert "Ngày đôn đốc: 31/12/2026 (định kỳ)" in other.text

    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await live.at(local(2026, 12, 3, 8, 30))
    await live.at(local(*morning(date(2026, 12, 8))))
    assert requests(emulator) == []
    await live.at(local(*morning(date(2026, 12, 9))))
    [request] = requests(emulator)
    assert "#2" in request.text
    assert "#3" not in request.text
    await live.at(local(2026, 12, 10, 8, 30))
    await live.at(local(2026, 12, 11, 8, 30))
    assert len(requests(emulator)) == 1


async def test_addtask_proposes_a_date_with_a_button_or_takes_one_typed(
    live: LiveBot, emulator: BotApiEmulator, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    added = await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát thủ tục | khẩn trương")
    assert "#1" in added.text
    assert "Đề xuất ngày đôn đốc: 9/12/2026" in added.text
    assert "/edit 1 đôn đốc" in added.text
    assert [b["callback_data"] for b in added.buttons] == ["fu:1:20261209"]
    # Not confirmed yet: one interval after today, as before (1/1/2027 is a holiday: 4/1).
    assert pending_followups(database) == [(1, "2027-01-04")]

    await emulator.click(ADMIN, ADMIN, added.message_id, "fu:1:20261209")
    set_ = await _answer_after(emulator, added.message_id, "Nhiệm vụ #1: ngày đôn đốc")
    assert "9/12/2026" in set_.text
    assert pending_followups(database) == [(1, "2026-12-09")]

    typed = await ask(
        emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Tổng kết thí điểm | sớm | đôn đốc 15/12/2026"
    )
    assert "#2" in typed.text
    assert "Ngày đôn đốc: 15/12/2026" in typed.text
    assert typed.buttons == []
    assert pending_followups(database) == [(1, "2026-12-09"), (2, "2026-12-15")]

    # Refused: nothing is created.
    for text, answer in (
        ("/addtask Bộ Công an | Việc A | khẩn trương | đôn đốc 1/12/2026", "đã qua"),
        ("/addtask Bộ Công an | Việc A | khẩn trương | đôn đốc 2/12/2026", "từ ngày mai"),
        ("/addtask Bộ Công an | Việc A | khẩn trương; theo dõi 3/1/2028", "một năm"),
        ("/addtask Bộ Công an | Việc A | 31/12/2026 | đôn đốc 15/12/2026", "có thời hạn"),
        ("/addtask Bộ Công an | Việc A | sớm | đôn đốc 32/12/2026", "không phải là một ngày"),
    ):
        refused = await ask(emulator, ADMIN, ADMIN, text)
        assert answer in refused.text, (text, refused.text)
        assert "Dữ liệu không thay đổi" in refused.text or "Không có nhiệm vụ" in refused.text
    missing = await ask(emulator, ADMIN, ADMIN, "/task 3")
    assert "Việc A" not in missing.text

    # /edit moves #2's date: the plan follows; bad dates change nothing.
    moved = await ask(emulator, ADMIN, ADMIN, "/edit 2 đôn đốc 11/12/2026")
    assert "Nhiệm vụ #2: ngày đôn đốc 11/12/2026" in moved.text
    bad = await ask(emulator, ADMIN, ADMIN, "/edit 2 theo doi hôm qua")
    assert "không phải là một ngày" in bad.text
    assert pending_followups(database) == [(1, "2026-12-09"), (2, "2026-12-11")]
    detail = await ask(emulator, ADMIN, ADMIN, "/task 2")
    assert "Ngày đôn đốc: 11/12/2026" in detail.text
    assert "ngày đôn đốc: 15/12/2026 → 11/12/2026" in detail.text

    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await live.at(local(2026, 12, 9, 8, 30))
    [first] = requests(emulator)
    assert "#1" in first.text
    assert "#2" not in first.text
    await live.at(local(2026, 12, 11, 8, 30))
    assert len(requests(emulator)) == 2
    assert "#2" in requests(emulator)[-1].text
    await live.at(local(2026, 12, 15, 8, 30))
    assert len(requests(emulator)) == 2
