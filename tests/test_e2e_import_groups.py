"""Tasks given to groups the registry does not know — a collective the notice does not pin
down, a person — are shown apart in the import preview with a 👥 button each; they are
neither stored nor reminded until the admin maps them to registry agencies; ✅ with a group
unmapped stores nothing and asks; "💾 Lưu … nhiệm vụ đã rõ" stores the others and keeps
these pending, as it says. Real HTTP, real SQLite, fake clock."""

from __future__ import annotations

from sqlalchemy import select

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from domain.status import ImportState
from storage.models import AssignmentRow, ImportRow, ReminderRow, TaskRow
from tests.conftest import ADMIN
from tests.test_e2e_chat import ask

NOTICE = (
    "THÔNG BÁO\n\nKẾT LUẬN VỀ CÔNG TÁC ĐẤT ĐAI\n\nHà Nội, ngày 01 tháng 12 năm 2026\n\n"
    "I. NHIỆM VỤ\n\n"
    "1. Bộ Tài chính chủ trì rà soát quy định, hoàn thành trước ngày 20 tháng 12 năm 2026.\n\n"
    "2. Các bộ, ngành liên quan khẩn trương rà soát các dự án, báo cáo trước ngày 25 tháng "
    "12 năm 2026.\n\n"
    "3. Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trực tiếp chỉ đạo công tác giải phóng mặt "
    "bằng.\n"
).encode()

COLLECTIVE = "Các bộ, ngành liên quan"
PERSON = "Phó Thủ tướng Chính phủ Trần Hồng Hà"


async def _preview(emu: BotApiEmulator, after: int = 0) -> SentMessage:
    return await emu.wait_for_bot_message(
        ADMIN,
        lambda m: any(b["callback_data"].startswith("imp:ok") for b in m.buttons),
        after_message_id=after,
    )


async def _show_again(emu: BotApiEmulator) -> tuple[SentMessage, str]:
    """ "/fix xem": the preview again; returns its last message and its whole text."""
    sent = await emu.send_text(ADMIN, ADMIN, "/fix xem")
    last = await _preview(emu, after=sent["message_id"])
    text = "\n".join(m.text for m in emu.bot_messages(ADMIN) if m.message_id > sent["message_id"])
    return last, text


async def _stored(live: LiveBot) -> dict[str, list[str]]:
    """Stored task title → the agencies obliged."""
    async with live.product.core.sessions() as session:
        rows = (
            await session.execute(
                select(TaskRow.title, AssignmentRow.agency_id)
                .join(AssignmentRow, AssignmentRow.task_id == TaskRow.id)
                .order_by(TaskRow.id, AssignmentRow.id)
            )
        ).all()
    found: dict[str, list[str]] = {}
    for title, agency in rows:
        found.setdefault(title, []).append(agency)
    return found


async def _reminders(live: LiveBot) -> int:
    async with live.product.core.sessions() as session:
        return len((await session.scalars(select(ReminderRow.id))).all())


async def _click(emu: BotApiEmulator, message: SentMessage, prefix: str) -> None:
    (button,) = [b for b in message.buttons if b["callback_data"].startswith(prefix)]
    await emu.click(ADMIN, ADMIN, message.message_id, button["callback_data"])


async def _group_button(emu: BotApiEmulator, message: SentMessage, name: str) -> SentMessage:
    """Press the 👥 button of group ``name``; returns the question it asks."""
    (button,) = [b for b in message.buttons if b["text"] == f"👥 Chọn cơ quan cho “{name}”"]
    await emu.click(ADMIN, ADMIN, message.message_id, button["callback_data"])
    return await emu.wait_for_bot_message(
        ADMIN, lambda m: m.text.startswith(f"👥 Nhóm “{name}”"), after_message_id=message.message_id
    )


async def test_groups_wait_apart_until_mapped_and_are_never_stored_silently(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await emulator.send_document(ADMIN, ADMIN, "tb.txt", NOTICE, "text/plain")
    preview = await _preview(emulator)
    text = "\n".join(m.text for m in emulator.bot_messages(ADMIN))
    assert "Giao cho nhóm chưa xác định: 2 nhiệm vụ" in text
    assert "chưa nhắc ai cho đến khi chọn cơ quan trong danh mục" in text
    assert f"• “{COLLECTIVE}”: số 2" in text
    assert f"• “{PERSON}”: số 3" in text
    assert f"Chủ trì: “{COLLECTIVE}” 👥 chưa xác định" in text
    # Never guessed as the whole registry group ("Các bộ, ngành": every ministry).
    assert "Gồm" not in text
    assert [b["text"] for b in preview.buttons if b["callback_data"].startswith("imp:map:")] == [
        f"👥 Chọn cơ quan cho “{COLLECTIVE}”",
        f"👥 Chọn cơ quan cho “{PERSON}”",
    ]

    # ✅ with groups unmapped: nothing is stored, the bot asks.
    await _click(emulator, preview, "imp:ok:")
    asked = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Chưa lưu gì" in m.text, after_message_id=preview.message_id
    )
    assert "Còn 2 nhiệm vụ chưa có cơ quan trong danh mục" in asked.text
    assert "“💾 Lưu 1 nhiệm vụ đã rõ”" in asked.text
    assert await _stored(live) == {}

    # The collective is mapped to two ministries, typed without diacritics.
    question = await _group_button(emulator, asked, COLLECTIVE)
    assert "(nhiệm vụ số 2)" in question.text
    mapped = await ask(
        emulator, ADMIN, ADMIN, "Bộ Tài chính; bo y te", reply_to=question.message_id
    )
    assert f"Nhóm “{COLLECTIVE}” (nhiệm vụ số 2) giao cho 2 cơ quan: Bộ Tài chính, Bộ Y tế" in (
        mapped.text
    )
    unknown = await ask(emulator, ADMIN, ADMIN, "Bộ Không Có", reply_to=question.message_id)
    assert "Chưa khớp cơ quan nào trong danh mục: “Bộ Không Có”" in unknown.text

    again, text = await _show_again(emulator)
    assert "Gồm 2 cơ quan: Bộ Tài chính, Bộ Y tế" in text
    assert "Giao cho nhóm chưa xác định: 1 nhiệm vụ" in text
    assert f"• “{COLLECTIVE}”" not in text
    assert [b["text"] for b in again.buttons if b["callback_data"].startswith("imp:map:")] == [
        f"👥 Chọn cơ quan cho “{PERSON}”"
    ]

    # ✅ again: the person's task still waits; store the others, keep it pending.
    await _click(emulator, again, "imp:ok:")
    asked = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Chưa lưu gì" in m.text, after_message_id=again.message_id
    )
    assert f"• “{PERSON}”: số 3" in asked.text
    await _click(emulator, asked, "imp:part:")
    stored = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Đã lưu" in m.text, after_message_id=asked.message_id
    )
    assert "2 nhiệm vụ mới" in stored.text
    assert "giữ lại chờ chọn cơ quan, chưa nhắc ai" in stored.text
    assert PERSON in stored.text
    tasks = await _stored(live)
    assert sorted(tasks.values()) == [["bo-tc"], ["bo-tc", "bo-yt"]]
    planned = await _reminders(live)
    assert planned > 0
    async with live.product.core.sessions() as session:
        waiting = (
            await session.scalars(select(ImportRow).where(ImportRow.state == ImportState.PENDING))
        ).all()
    assert [[t.lead for t in row.payload.tasks] for row in waiting] == [[PERSON]]

    # The person is mapped to the body they direct; the last task is stored too.
    pending, _ = await _show_again(emulator)
    question = await _group_button(emulator, pending, PERSON)
    mapped = await ask(
        emulator, ADMIN, ADMIN, "Bộ Nông nghiệp và Môi trường", reply_to=question.message_id
    )
    assert "giao cho 1 cơ quan: Bộ Nông nghiệp và Môi trường" in mapped.text
    await _click(emulator, pending, "imp:ok:")
    last = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Đã lưu" in m.text, after_message_id=mapped.message_id
    )
    assert "1 nhiệm vụ mới" in last.text
    assert "chưa nhắc ai" not in last.text
    tasks = await _stored(live)
    assert len(tasks) == 3
    assert ["bo-nnmt"] in tasks.values()
    assert await _reminders(live) > planned


async def test_a_preview_of_groups_only_offers_no_partial_store(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    notice = (
        "THÔNG BÁO\n\nKẾT LUẬN VỀ CÔNG TÁC ĐẤT ĐAI\n\nHà Nội, ngày 01 tháng 12 năm 2026\n\n"
        "I. NHIỆM VỤ\n\n1. Các cơ quan, tổ chức có trách nhiệm rà soát, báo cáo trước ngày "
        "15/12/2026.\n\n2. Các địa phương có dự án đi qua hoàn thành kiểm kê đất đai.\n"
    ).encode()
    await emulator.send_document(ADMIN, ADMIN, "tb.txt", notice, "text/plain")
    preview = await _preview(emulator)
    await _click(emulator, preview, "imp:ok:")
    asked = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Chưa lưu gì" in m.text, after_message_id=preview.message_id
    )
    assert not [b for b in asked.buttons if b["callback_data"].startswith("imp:part:")]
    assert "Lưu 0" not in asked.text
    assert any(b["callback_data"].startswith("imp:no:") for b in asked.buttons)
    assert len([b for b in asked.buttons if b["callback_data"].startswith("imp:map:")]) == 2
    assert await _stored(live) == {}
    assert await _reminders(live) == 0
