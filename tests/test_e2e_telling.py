"""End to end: focal points are told what their agency was given — one grouped message per
chat at the next sending time, co-operating agencies for information and never chased.
Real HTTP to the emulator, a real SQLite file, the fake clock."""

from __future__ import annotations

from pathlib import Path

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot, start_live_bot
from domain.clock import FakeClock
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join, reminders
from tests.test_e2e_import import whole_groups
from tracking.telling_sweep import GATHER
from wiring import build_core, teller

NOTICE = (
    "Số: 12/TB-VPCP\nHà Nội, ngày 01 tháng 12 năm 2026\nTHÔNG BÁO\n"
    "I. NHIỆM VỤ, GIẢI PHÁP\n"
    "1. Bộ Công an chủ trì, phối hợp với Bộ Y tế rà soát dữ liệu dân cư, hoàn thành trước "
    "ngày 10 tháng 12 năm 2026.\n"
    "2. Bộ Công an hoàn thiện Đề án định danh điện tử, hoàn thành trước ngày 25 tháng 12 "
    "năm 2026.\n"
    "3. Bộ Công an báo cáo kết quả triển khai Đề án 06, hoàn thành trước ngày 31 tháng 3 "
    "năm 2027.\n"
    "4. Bộ Y tế xây dựng hồ sơ sức khỏe điện tử, hoàn thành trước ngày 30 tháng 6 năm 2027.\n"
)


async def settle(live: LiveBot) -> None:
    """Let the notices gather (``GATHER`` with nothing new), then run a pass."""
    await live.at(live.clock.now() + GATHER)


def told(emu: BotApiEmulator, chat_id: int) -> list[SentMessage]:
    """The notices of new tasks a chat received."""
    return [m for m in emu.bot_messages(chat_id) if "nhiệm vụ mới" in m.text]


async def import_notice(emu: BotApiEmulator, text: str) -> None:
    """The admin pastes a notice after /import and confirms the preview, giving each task
    of a registry group written bare ("Các bộ, ngành") to the whole group ("Cả nhóm …")."""
    prompt = await ask(emu, ADMIN, ADMIN, "/import")
    await emu.send_text(ADMIN, ADMIN, text, reply_to=prompt.message_id)
    preview = await emu.wait_for_bot_message(
        ADMIN, lambda m: any(b["callback_data"].startswith("imp:ok") for b in m.buttons)
    )
    await whole_groups(emu, preview)
    await emu.click(ADMIN, ADMIN, preview.message_id, preview.buttons[0]["callback_data"])
    await emu.wait_for_bot_message(ADMIN, lambda m: "Đã lưu" in m.text)


async def test_a_task_added_for_a_bound_agency_is_told_once_with_its_buttons(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    # Wednesday 2/12/2026 10:00, a sending time: told in one message once nothing more has
    # come in for the agency for a moment.
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo tiến độ Đề án 06 | 20/12/2026")
    await live.product.runner.tick()
    assert told(emulator, FOCAL) == []
    await settle(live)
    [notice] = told(emulator, FOCAL)
    assert notice.text.startswith("📌 Văn phòng theo dõi giao 1 nhiệm vụ mới\n")
    assert "Bộ Công an là cơ quan chủ trì" in notice.text
    assert "#1 · còn 18 ngày · hạn 20/12/2026" in notice.text
    assert {b["callback_data"] for b in notice.buttons} == {"done:1", "late:1"}

    # Later passes, and the next days, tell nothing more.
    await live.product.runner.tick()
    await live.at(local(2026, 12, 3, 8, 30))
    assert len(told(emulator, FOCAL)) == 1
    assert reminders(emulator, FOCAL) == []

    # Replying /done to it needs no id: it knows the task it carries.
    done = await ask(emulator, FOCAL, FOCAL, "/done đã gửi báo cáo", reply_to=notice.message_id)
    assert "Đã ghi nhận" in done.text
    assert "#1" in done.text


async def test_a_task_added_at_night_is_told_the_next_working_morning(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    # Friday 4/12/2026 22:00: nothing goes out at night nor over the weekend.
    live.clock.set(local(2026, 12, 4, 22, 0))
    await ask(emulator, ADMIN, ADMIN, "/addtask BCA | Rà soát dữ liệu dân cư | 31/12/2026")
    runner = live.product.runner
    await runner.tick()
    assert told(emulator, FOCAL) == []
    wake = runner.next_wake
    assert wake is not None
    assert local(2026, 12, 4, 22, 0) < wake <= local(2026, 12, 7, 8, 30), "no busy loop"
    await live.at(local(2026, 12, 5, 8, 30))
    await live.at(local(2026, 12, 7, 8, 29))
    assert told(emulator, FOCAL) == []
    # Monday 7/12 08:30, the send time.
    await live.at(local(2026, 12, 7, 8, 30))
    [notice] = told(emulator, FOCAL)
    assert "Rà soát dữ liệu dân cư" in notice.text


async def test_an_import_tells_the_lead_once_and_the_co_operating_agency_for_information(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
    await import_notice(emulator, NOTICE)
    await settle(live)

    # The Ministry of Public Security leads three tasks: one message listing them.
    [lead] = told(emulator, FOCAL)
    assert lead.text.startswith(
        "📌 Văn phòng theo dõi giao 3 nhiệm vụ mới từ Thông báo số 12/TB-VPCP ngày 1/12/2026\n"
    )
    for task_id in (1, 2, 3):
        assert f"#{task_id} ·" in lead.text
    assert "#4" not in lead.text
    assert {b["callback_data"] for b in lead.buttons} == {
        f"{action}:{task_id}" for task_id in (1, 2, 3) for action in ("done", "late")
    }

    # The Ministry of Health leads #4 and co-operates on #1: one message, #1 marked, no
    # button for it.
    [health] = told(emulator, OTHER_FOCAL)
    assert "giao 2 nhiệm vụ mới" in health.text
    assert "Bộ Y tế chủ trì 1 nhiệm vụ, phối hợp 1 nhiệm vụ" in health.text
    assert "🤝 #1 · phối hợp · còn 8 ngày · hạn 10/12/2026" in health.text
    assert "chủ trì: Bộ Công an" in health.text
    assert {b["callback_data"] for b in health.buttons} == {"done:4", "late:4"}

    # #1 falls due and is overdue: the lead is reminded and chased, the co-operating
    # agency never is.
    for instant in (
        local(2026, 12, 9, 8, 30),
        local(2026, 12, 10, 8, 30),
        local(2026, 12, 11, 8, 30),
        local(2026, 12, 18, 8, 30),
    ):
        await live.at(instant)
    assert any("#1" in m.text and "quá hạn" in m.text for m in reminders(emulator, FOCAL))
    assert all("#1 " not in m.text for m in reminders(emulator, OTHER_FOCAL))
    assert len(told(emulator, FOCAL)) == 1
    assert len(told(emulator, OTHER_FOCAL)) == 1


async def test_a_chat_bound_later_gets_the_open_list_in_its_welcome_and_nothing_more(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    # The Ministry of Health has no chat yet: its tasks wait for its welcome.
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Y tế | Hồ sơ sức khỏe điện tử | 20/12/2026")
    await ask(emulator, ADMIN, ADMIN, "/addtask BYT | Kết nối dữ liệu khám chữa bệnh | khẩn trương")
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát dữ liệu dân cư | 31/12/2026")
    await ask(emulator, ADMIN, ADMIN, "/edit 3 phối hợp Bộ Y tế")
    await live.product.runner.tick()
    # Thursday 3/12 10:00 it registers.
    await live.at(local(2026, 12, 3, 10, 0))
    joined = await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
    assert "Nhiệm vụ chưa hoàn thành của Bộ Y tế (2)" in joined.text
    assert "#1 · còn 17 ngày · hạn 20/12/2026" in joined.text
    assert "#2 · chưa xác định thời hạn" in joined.text
    assert "Bộ Y tế còn phối hợp 1 nhiệm vụ; xem bằng /nhiemvu." in joined.text
    assert {b["callback_data"] for b in joined.buttons} == {
        f"{a}:{i}" for i in (1, 2) for a in ("done", "late")
    }
    # Nothing more to tell it: the welcome told it all.
    await live.at(local(2026, 12, 4, 8, 30))
    assert told(emulator, OTHER_FOCAL) == []


async def test_tasks_lists_the_co_operations_apart_and_pages_them(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Y tế | Hồ sơ sức khỏe điện tử | 20/12/2026")
    for n in range(2, 12):
        await ask(emulator, ADMIN, ADMIN, f"/addtask Bộ Công an | Nhiệm vụ {n} | {n}/1/2027")
        await ask(emulator, ADMIN, ADMIN, f"/edit {n} phối hợp Bộ Y tế")
    await settle(live)
    # Typed one after the other: told together in one message, its own task first; ▶
    # pages it in place to the rest of the co-operations.
    [notice] = told(emulator, OTHER_FOCAL)
    assert "giao 11 nhiệm vụ mới" in notice.text
    assert "Bộ Y tế chủ trì 1 nhiệm vụ, phối hợp 10 nhiệm vụ" in notice.text
    assert "Trang 1/2" in notice.text
    assert {b["callback_data"] for b in notice.buttons} == {"done:1", "late:1", "pg:n:0", "pg:n:1"}
    await emulator.click(OTHER_FOCAL, OTHER_FOCAL, notice.message_id, "pg:n:1")
    rest = await emulator.wait_for_bot_message(
        OTHER_FOCAL, lambda m: m.message_id == notice.message_id and "Trang 2/2" in m.text
    )
    assert "🤝 #9 · phối hợp" in rest.text
    assert "#1 ·" not in rest.text
    assert {b["callback_data"] for b in rest.buttons} == {"pg:n:0", "pg:n:1"}
    sent = await emulator.send_text(OTHER_FOCAL, OTHER_FOCAL, "/nhiemvu")
    own = await emulator.wait_for_bot_message(
        OTHER_FOCAL,
        lambda m: "Nhiệm vụ chưa hoàn thành của Bộ Y tế" in m.text,
        after_message_id=sent["message_id"],
    )
    assert "#1 ·" in own.text
    assert "#2 ·" not in own.text
    co = await emulator.wait_for_bot_message(
        OTHER_FOCAL,
        lambda m: "Nhiệm vụ phối hợp của Bộ Y tế (10)" in m.text,
        after_message_id=sent["message_id"],
    )
    assert "🤝 #2 · phối hợp" in co.text
    assert "chủ trì: Bộ Công an" in co.text
    assert "Trang 1/2" in co.text
    assert not any(b["callback_data"].startswith("done:") for b in co.buttons)
    await emulator.click(OTHER_FOCAL, OTHER_FOCAL, co.message_id, "pg:c:1")
    paged = await emulator.wait_for_bot_message(
        OTHER_FOCAL, lambda m: m.message_id == co.message_id and "Trang 2/2" in m.text
    )
    assert "#10 ·" in paged.text or "#11 ·" in paged.text
    assert "#2 ·" not in paged.text
    # The co-operating agency may read a co-operation in full, not report it.
    detail = await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, "/task 2")
    assert "Nhiệm vụ 2" in detail.text
    refused = await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, "/done 2")
    assert "cơ quan phối hợp của nhiệm vụ #2; Bộ Công an là cơ quan chủ trì" in refused.text
    # Nor a progress note: told who leads and what it can do, not "not your agency's".
    refused = await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, "/tiendo 2 đã gửi số liệu")
    assert "Bộ Công an là cơ quan chủ trì" in refused.text, refused.text
    assert "gửi thông tin phối hợp cho Bộ Công an" in refused.text
    assert "/task 2" in refused.text
    assert "không giao cho" not in refused.text


async def test_a_task_moved_to_another_lead_is_told_there_and_its_reminders_follow(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát dữ liệu dân cư | 10/12/2026")
    await settle(live)
    assert len(told(emulator, FOCAL)) == 1
    moved = await ask(emulator, ADMIN, ADMIN, "/edit 1 chủ trì Bộ Y tế")
    assert "“Bộ Công an” → “Bộ Y tế”" in moved.text
    await settle(live)
    # The new lead is told of it as of a new task; the old one, that it moved.
    [notice] = told(emulator, OTHER_FOCAL)
    assert "Bộ Y tế là cơ quan chủ trì" in notice.text
    assert {b["callback_data"] for b in notice.buttons} == {"done:1", "late:1"}
    assert any("đã sửa cơ quan chủ trì" in m.text for m in emulator.bot_messages(FOCAL))
    assert len(told(emulator, FOCAL)) == 1
    # Its reminders went with it: the day before, and on the day, the new lead only.
    await live.at(local(2026, 12, 9, 8, 30))
    await live.at(local(2026, 12, 10, 8, 30))
    assert len(reminders(emulator, OTHER_FOCAL)) == 2
    assert reminders(emulator, FOCAL) == []


async def test_a_notice_planned_before_a_crash_is_sent_once_after_the_restart(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    clock = FakeClock(local(2026, 12, 4, 10, 0))
    live = await start_live_bot(emulator, database, clock)
    try:
        await invite_and_join(emulator, "Bộ Công an", FOCAL)
        # Friday 22:00: recorded with the task, not sent at night.
        live.clock.set(local(2026, 12, 4, 22, 0))
        await ask(emulator, ADMIN, ADMIN, "/addtask BCA | Rà soát dữ liệu dân cư | 31/12/2026")
    finally:
        await live.stop()
    # Monday 08:30 a sweep claims it and queues the message, then its process dies before
    # sending (nothing of it is in memory anywhere: only the database remembers).
    monday = local(2026, 12, 7, 8, 30)
    clock.set(monday)
    core = build_core(live.settings, clock)
    try:
        assert await teller(core).fire(monday) == 1
    finally:
        await core.close()
    assert told(emulator, FOCAL) == []
    # The restarted bot sends it, once; another restart sends nothing again.
    for _ in range(2):
        live = await start_live_bot(emulator, database, clock)
        try:
            await live.product.runner.tick()
            await live.at(monday + GATHER)
        finally:
            await live.stop()
        [notice] = told(emulator, FOCAL)
        assert "Rà soát dữ liệu dân cư" in notice.text
