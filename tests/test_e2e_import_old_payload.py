"""A preview stored before the proposal's JSON form had a version (a bot upgraded while an
admin was reviewing an import) is shown again by "/fix xem", fixed and confirmed in the
chat, and its tasks stored and reminded. Real HTTP, real SQLite, fake clock."""

from __future__ import annotations

from sqlalchemy import select

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from storage.models import ReminderRow, TaskRow
from tests.conftest import ADMIN
from tests.test_e2e_import_groups import _click, _show_again
from tests.test_import_proposal import OLD_SHAPES, store_as_written


async def test_an_old_pending_preview_is_shown_fixed_and_confirmed(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    async with live.product.core.sessions.begin() as session:
        await store_as_written(
            session,
            OLD_SHAPES["followup"],
            chat_id=ADMIN,
            source="tb-56.txt",
            created_at=live.clock.now(),
        )
    _, text = await _show_again(emulator)
    assert "Hoàn thiện đề án định danh điện tử" in text
    assert "Sở KH&CN tỉnh Nghệ An" in text
    assert "Ngày đôn đốc: 21/12/2026" in text  # the date chosen before the upgrade

    sent = await emulator.send_text(ADMIN, ADMIN, "/fix 3 chủ trì Bộ Y tế")
    fixed = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Đã sửa nhiệm vụ số 3" in m.text, after_message_id=sent["message_id"]
    )
    assert "Chủ trì: Bộ Y tế" in fixed.text
    sent = await emulator.send_text(
        ADMIN, ADMIN, "/fix tất cả chủ trì Sở KH&CN tỉnh Nghệ An → Bộ Khoa học và Công nghệ"
    )
    await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Bộ Khoa học và Công nghệ" in m.text, after_message_id=sent["message_id"]
    )
    preview, _ = await _show_again(emulator)
    await _click(emulator, preview, "imp:ok:")
    stored = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Đã lưu" in m.text, after_message_id=preview.message_id
    )
    assert "3 nhiệm vụ mới" in stored.text
    async with live.product.core.sessions() as session:
        tasks = (await session.execute(select(TaskRow.title, TaskRow.followup_on))).all()
        reminders = (await session.scalars(select(ReminderRow.id))).all()
    assert sorted(t.title for t in tasks) == [
        "Hoàn thiện đề án định danh điện tử",
        "Triển khai nền tảng số",
        "Tổng kết mô hình",
    ]
    assert [str(t.followup_on) for t in tasks if t.title == "Triển khai nền tảng số"] == [
        "2026-12-21"
    ]
    assert reminders
