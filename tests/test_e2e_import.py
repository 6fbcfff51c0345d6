"""An admin drops a notice into the chat: preview, fix, confirm — over real HTTP."""

from __future__ import annotations

import re

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from tests.conftest import ADMIN, STRANGER, local
from tests.pdf_maker import scanned_pdf, text_pdf
from tests.test_e2e_chat import ask, invite_and_join, reminders
from wiring import SEEDS

NOTICE_56 = (SEEDS / "tb-56-vpcp-2025-02-23.txt").read_bytes()


async def send_file(
    emu: BotApiEmulator, user: int, name: str, content: bytes, caption: str | None = None
) -> SentMessage:
    sent = await emu.send_document(user, user, name, content, "text/plain", caption=caption)
    return await emu.wait_for_bot_message(
        user,
        lambda m: m.reply_to == sent["message_id"] or m.buttons != [],
        after_message_id=sent["message_id"],
    )


async def _preview_end(emu: BotApiEmulator) -> SentMessage:
    return await emu.wait_for_bot_message(
        ADMIN, lambda m: any(b["callback_data"].startswith("imp:ok") for b in m.buttons)
    )


async def whole_groups(emu: BotApiEmulator, preview: SentMessage) -> None:
    """Press every "Cả nhóm …" button under a preview, each answered in turn."""
    for button in [b for b in preview.buttons if b["callback_data"].startswith("imp:all:")]:
        before = emu.bot_messages(ADMIN)[-1].message_id
        await emu.click(ADMIN, ADMIN, preview.message_id, button["callback_data"])
        await emu.wait_for_bot_message(
            ADMIN, lambda m: "giao cho cả nhóm" in m.text, after_message_id=before
        )


async def test_an_admin_imports_a_notice_file_fixes_a_task_and_confirms(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await emulator.send_document(ADMIN, ADMIN, "56-TB-VPCP.txt", NOTICE_56, "text/plain")
    last = await _preview_end(emulator)
    preview = "\n".join(m.text for m in emulator.bot_messages(ADMIN))
    assert "56/TB-VPCP" in preview
    assert "23/2/2025" in preview
    match = re.search(r"Đọc được (\d+) nhiệm vụ", preview)
    assert match
    count = int(match[1])
    assert count >= 30
    assert "[IV.1.đ]" in preview
    assert "“hoàn thành trước ngày 31 tháng 3 năm 2025”" in preview
    assert re.search(r"có thời hạn, \d+ chưa xác định thời hạn ⚠️", preview)

    fixed = await ask(emulator, ADMIN, ADMIN, "/fix 1 hạn 31/12/2026")
    assert "Đã sửa nhiệm vụ số 1" in fixed.text
    assert "Hạn: 31/12/2026" in fixed.text
    dropped = await ask(emulator, ADMIN, ADMIN, f"/fix {count} bỏ")
    assert "Đã bỏ nhiệm vụ" in dropped.text
    for bad, expected in {
        "/fix 999 hạn 31/12/2026": "Không có nhiệm vụ số 999",
        "/fix 1 hạn một ngày nào đó": "Không hiểu thời hạn",
        "/fix 1 chủ trì Bộ Không Tồn Tại": "Không tìm thấy cơ quan",
        "/fix": "Sửa một nhiệm vụ của bản xem trước",
    }.items():
        reply = await ask(emulator, ADMIN, ADMIN, bad)
        assert expected in reply.text, bad
    # Part of a name: "Có phải …?" buttons; the one pressed becomes the lead.
    choices = await ask(emulator, ADMIN, ADMIN, "/fix 2 chủ trì tài nguyên")
    assert "Có phải anh/chị muốn ghi" in choices.text
    [button] = choices.buttons
    assert button["text"] == "Có phải Bộ Tài nguyên và Môi trường?"
    await emulator.click(ADMIN, ADMIN, choices.message_id, button["callback_data"])
    chosen = await emulator.wait_for_bot_message(ADMIN, lambda m: "Đã sửa nhiệm vụ số 2" in m.text)
    assert "Bộ Tài nguyên và Môi trường" in chosen.text

    # Tasks given to the registry's groups as written ("Các bộ, cơ quan, địa phương") wait
    # for the admin's word; here the admin gives each group's tasks to the whole group.
    whole = [b for b in last.buttons if b["callback_data"].startswith("imp:all:")]
    assert [b["text"] for b in whole] == [
        "Cả nhóm “Các bộ, cơ quan, địa phương” (51 cơ quan)",
        "Cả nhóm “Các địa phương” (34 cơ quan)",
    ]
    await whole_groups(emulator, last)

    await emulator.click(
        ADMIN, ADMIN, last.message_id, f"imp:ok:{last.buttons[0]['callback_data'].split(':')[2]}"
    )
    stored = await emulator.wait_for_bot_message(ADMIN, lambda m: "Đã lưu" in m.text)
    assert f"{count - 1} nhiệm vụ mới" in stored.text

    # The stored tasks are scheduled like seeded ones: the Ministry of Public Security's
    # focal point is reminded of the fixed task (due 31/12/2026) 14 days before, together
    # with the weekly chase of the notice's overdue tasks.
    await invite_and_join(emulator, "Bộ Công an", 2001)
    await live.at(local(2026, 12, 17, 8, 30))
    [reminder] = reminders(emulator, 2001)
    assert "1 sắp đến hạn" in reminder.text  # the overdue ones come first; ▶ pages to it
    for _ in range(10):
        current = next(
            m for m in emulator.bot_messages(2001) if m.message_id == reminder.message_id
        )
        if "còn 14 ngày · hạn 31/12/2026" in current.text:
            break
        forward = next(b for b in current.buttons if b["text"] == "▶")
        await emulator.click(2001, 2001, reminder.message_id, forward["callback_data"])
        await emulator.wait_for(
            lambda old=current.text: (
                next(
                    m.text != old
                    for m in emulator.bot_messages(2001)
                    if m.message_id == reminder.message_id
                )
                or None
            )
        )
    assert "còn 14 ngày · hạn 31/12/2026" in current.text

    # Importing the same notice again duplicates nothing: only the task dropped the first
    # time is new.
    await emulator.send_document(ADMIN, ADMIN, "56-TB-VPCP.txt", NOTICE_56, "text/plain")
    again = await _preview_end(emulator)
    await whole_groups(emulator, again)
    await emulator.click(ADMIN, ADMIN, again.message_id, again.buttons[0]["callback_data"])
    repeat = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Đã lưu" in m.text and m.message_id > stored.message_id
    )
    assert "1 nhiệm vụ mới" in repeat.text
    assert f"{count - 1} nhiệm vụ đã có" in repeat.text


async def test_pasted_text_after_import_is_previewed_and_can_be_cancelled(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    prompt = await ask(emulator, ADMIN, ADMIN, "/import")
    assert "trả lời tin này" in prompt.text
    text = (
        "Số: 12/TB-VPCP\nHà Nội, ngày 05 tháng 01 năm 2026\nTHÔNG BÁO\n"
        "I. NHIỆM VỤ, GIẢI PHÁP\n1. Bộ Y tế chủ trì, phối hợp với Bộ Công an hoàn thiện "
        "hồ sơ sức khỏe điện tử, hoàn thành trong Quý I/2026.\n"
        "2. Bộ Tài chính bố trí kinh phí, hoàn thành trong tháng 3/2026.\n"
    )
    await emulator.send_text(ADMIN, ADMIN, text, reply_to=prompt.message_id)
    last = await _preview_end(emulator)
    shown = "\n".join(m.text for m in emulator.bot_messages(ADMIN))
    assert "Đọc được 2 nhiệm vụ" in shown
    assert "Chủ trì: Bộ Y tế" in shown
    assert "Quý I/2026 (31/3/2026) ← “hoàn thành trong Quý I/2026”" in shown
    await emulator.click(ADMIN, ADMIN, last.message_id, last.buttons[1]["callback_data"])
    how = await emulator.wait_for_bot_message(ADMIN, lambda m: "Sửa một nhiệm vụ" in m.text)
    assert "/fix" in how.text
    await emulator.click(ADMIN, ADMIN, last.message_id, last.buttons[2]["callback_data"])
    cancelled = await emulator.wait_for_bot_message(ADMIN, lambda m: "Đã hủy" in m.text)
    assert "Không có nhiệm vụ nào được lưu" in cancelled.text
    missing = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert "Không có nhiệm vụ số 1" in missing.text


async def test_a_text_layer_pdf_is_previewed_like_any_notice(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    pdf = text_pdf(
        [
            ["VĂN PHÒNG CHÍNH PHỦ", "Số: 624/TB-VPCP", "Hà Nội, ngày 16 tháng 11 năm 2025"],
            [
                "THÔNG BÁO",
                "I. NHIỆM VỤ",
                "1. Bộ Y tế xây dựng Kế hoạch, hoàn thành trong tháng 12 năm 2026.",
                "2. Bộ Công an hoàn thành trước ngày 10 tháng 12 năm 2026.",
            ],
        ]
    )
    await emulator.send_document(ADMIN, ADMIN, "624.pdf", pdf, "application/pdf")
    await _preview_end(emulator)
    preview = "\n".join(m.text for m in emulator.bot_messages(ADMIN))
    assert "624/TB-VPCP" in preview
    assert "Đọc được 2 nhiệm vụ" in preview
    assert "Bộ Y tế" in preview
    assert "Bộ Công an" in preview


async def test_bad_files_and_strangers_get_a_clear_answer(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    refused = await send_file(emulator, STRANGER, "tb.txt", NOTICE_56)
    assert "chỉ dành cho Văn phòng theo dõi" in refused.text
    pdf = await send_file(emulator, ADMIN, "tb.pdf", b"%PDF-1.4")
    assert "tệp hỏng hoặc không phải văn bản" in pdf.text
    scanned = await send_file(emulator, ADMIN, "scan.pdf", scanned_pdf())
    assert "bản quét" in scanned.text
    doc = await send_file(emulator, ADMIN, "tb.doc", b"\xd0\xcf\x11\xe0")
    assert "không hỗ trợ định dạng" in doc.text
    undated = await send_file(
        emulator, ADMIN, "tb.txt", "1. Bộ Y tế hoàn thành trong tháng 3.\n".encode()
    )
    assert "Không tìm thấy ngày ban hành" in undated.text
    nothing = await send_file(
        emulator, ADMIN, "tb.txt", "Chúc mừng năm mới.\n".encode(), caption="05/01/2026"
    )
    assert "Không tìm thấy nhiệm vụ" in nothing.text
