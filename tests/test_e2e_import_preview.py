"""The import preview never drops anything silently: leads the registry does not know are
listed apart as groups to map, with one command that fixes them all and a 👥 button each;
numbers stay put after "bỏ", the preview is sent again on request, fields may be written
without diacritics, and confirming asks first while some tasks wait, then stores the known
tasks while the others stay pending. Real HTTP, real SQLite, fake clock."""

from __future__ import annotations

import re

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from tests.conftest import ADMIN
from tests.test_e2e_chat import ask

NOTICE = (
    "THÔNG BÁO\n\nKẾT LUẬN VỀ CÔNG TÁC PHÁP CHẾ\n\nHà Nội, ngày 01 tháng 12 năm 2026\n\n"
    "I. NHIỆM VỤ\n\n"
    "1. Sở Tư pháp chủ trì rà soát văn bản, hoàn thành trước ngày 20 tháng 12 năm 2026.\n\n"
    "2. Bộ Y tế chủ trì, phối hợp với Bộ Tài chính xây dựng Đề án, hoàn thành trong tháng "
    "12 năm 2026.\n\n"
    "3. Sở Tư pháp tổng hợp, báo cáo trong Quý I/2027.\n"
).encode()


async def _preview(emu: BotApiEmulator) -> SentMessage:
    await emu.send_document(ADMIN, ADMIN, "tb.txt", NOTICE, "text/plain")
    return await emu.wait_for_bot_message(
        ADMIN, lambda m: any(b["callback_data"].startswith("imp:ok") for b in m.buttons)
    )


async def _show_again(emu: BotApiEmulator) -> str:
    """ "/fix xem": the preview again, ending with its buttons; returns its whole text."""
    sent = await emu.send_text(ADMIN, ADMIN, "/fix xem")
    await emu.wait_for_bot_message(
        ADMIN,
        lambda m: any(b["callback_data"].startswith("imp:ok") for b in m.buttons),
        after_message_id=sent["message_id"],
    )
    return "\n".join(m.text for m in emu.bot_messages(ADMIN) if m.message_id > sent["message_id"])


async def test_unknown_leads_are_shown_and_fixed_all_at_once(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    last = await _preview(emulator)
    preview = "\n".join(m.text for m in emulator.bot_messages(ADMIN))
    assert "Giao cho nhóm chưa xác định: 2 nhiệm vụ" in preview
    assert "Chủ trì: “Sở Tư pháp” 👥 chưa xác định" in preview
    assert "• “Sở Tư pháp”: số 1, 3" in preview
    assert "/fix tất cả chủ trì Sở Tư pháp → Bộ Tài chính" in preview
    assert "Phối hợp: Bộ Tài chính" in preview
    assert last.buttons

    dropped = await ask(emulator, ADMIN, ADMIN, "/fix 2 bo")
    assert "Đã bỏ nhiệm vụ số 2" in dropped.text
    fixed = await ask(emulator, ADMIN, ADMIN, "/fix 3 han 31/03/2027")
    assert "Đã sửa nhiệm vụ số 3" in fixed.text  # number 3 is still the third task
    refused = await ask(emulator, ADMIN, ADMIN, "/fix 2 ten Đề án mới")
    assert "đã bị bỏ" in refused.text

    shown = await _show_again(emulator)
    assert "2. [I.2]" in shown
    assert "— đã bỏ" in shown
    assert "Đọc được 2 nhiệm vụ" in shown

    unknown = await ask(emulator, ADMIN, ADMIN, "/fix tất cả chủ trì Sở Nội vụ → Bộ Tư pháp")
    assert "Không có nhiệm vụ nào" in unknown.text
    changed = await ask(emulator, ADMIN, ADMIN, "/fix tat ca chu tri so tu phap -> Bo Tu phap")
    assert "Đã đổi cơ quan chủ trì của 2 nhiệm vụ" in changed.text
    assert "“Bộ Tư pháp”" in changed.text


async def test_confirming_keeps_the_unknown_ones_pending(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    last = await _preview(emulator)
    await emulator.click(ADMIN, ADMIN, last.message_id, last.buttons[0]["callback_data"])
    asked = await emulator.wait_for_bot_message(ADMIN, lambda m: "Chưa lưu gì" in m.text)
    assert "Còn 2 nhiệm vụ chưa có cơ quan trong danh mục" in asked.text
    assert "• “Sở Tư pháp”: số 1, 3" in asked.text
    (keep,) = [b for b in asked.buttons if b["callback_data"].startswith("imp:part:")]
    assert keep["text"] == "💾 Lưu 1 nhiệm vụ đã rõ"
    assert any(b["text"] == "👥 Chọn cơ quan cho “Sở Tư pháp”" for b in asked.buttons)
    await emulator.click(ADMIN, ADMIN, asked.message_id, keep["callback_data"])
    stored = await emulator.wait_for_bot_message(ADMIN, lambda m: "Đã lưu" in m.text)
    assert "1 nhiệm vụ mới" in stored.text
    assert "giữ lại chờ chọn cơ quan, chưa nhắc ai" in stored.text

    shown = await _show_again(emulator)
    assert "Đọc được 2 nhiệm vụ" in shown
    assert "• “Sở Tư pháp”: số 1, 2" in shown
    fixed = await ask(emulator, ADMIN, ADMIN, "/fix tất cả chủ trì Sở Tư pháp → Bộ Tư pháp")
    assert "2 nhiệm vụ" in fixed.text
    assert "chưa xác định" not in await _show_again(emulator)
    final = [m for m in emulator.bot_messages(ADMIN) if m.buttons][-1]
    await emulator.click(ADMIN, ADMIN, final.message_id, final.buttons[0]["callback_data"])
    second = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Đã lưu" in m.text and m.message_id > stored.message_id
    )
    assert "2 nhiệm vụ mới" in second.text


async def test_a_long_preview_pages_in_place_with_its_buttons_on_every_page(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    items = "".join(
        f"{n}. Bộ Công an chủ trì rà soát nội dung số {n}, hoàn thành trước ngày 20 tháng 12 "
        "năm 2026.\n\n"
        for n in range(1, 13)
    )
    notice = (
        "THÔNG BÁO\n\nKẾT LUẬN VỀ CÔNG TÁC AN NINH\n\nHà Nội, ngày 01 tháng 12 năm 2026\n\n"
        "I. NHIỆM VỤ\n\n" + items
    ).encode()
    await emulator.send_document(ADMIN, ADMIN, "tb.txt", notice, "text/plain")
    preview = await emulator.wait_for_bot_message(
        ADMIN, lambda m: any(b["callback_data"].startswith("imp:ok") for b in m.buttons)
    )
    assert "12 nhiệm vụ" in preview.text
    assert "Trang 1/2" in preview.text
    assert re.search(r"nội dung số 8$", preview.text, re.M)
    assert not re.search(r"nội dung số 9$", preview.text, re.M)
    forward = next(b for b in preview.buttons if b["text"] == "▶")
    await emulator.click(ADMIN, ADMIN, preview.message_id, forward["callback_data"])
    paged = await emulator.wait_for(
        lambda: next(
            (
                m
                for m in emulator.bot_messages(ADMIN)
                if m.message_id == preview.message_id and "Trang 2/2" in m.text
            ),
            None,
        )
    )
    assert re.search(r"nội dung số 12$", paged.text, re.M)
    assert not re.search(r"nội dung số 8$", paged.text, re.M)
    assert any(b["callback_data"].startswith("imp:ok") for b in paged.buttons)


async def _map_prompt(emu: BotApiEmulator, preview: SentMessage) -> SentMessage:
    """Press the preview's button for "Sở Tư pháp"; returns the question it asks."""
    (button,) = [b for b in preview.buttons if b["callback_data"].startswith("imp:map:")]
    assert button["text"] == "👥 Chọn cơ quan cho “Sở Tư pháp”"
    await emu.click(ADMIN, ADMIN, preview.message_id, button["callback_data"])
    return await emu.wait_for_bot_message(
        ADMIN,
        lambda m: m.text.startswith("👥 Nhóm “Sở Tư pháp”"),
        after_message_id=preview.message_id,
    )


async def test_a_button_per_unknown_name_maps_it_to_a_suggested_agency(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    preview = await _preview(emulator)
    prompt = await _map_prompt(emulator, preview)
    assert "(nhiệm vụ số 1, 3)" in prompt.text
    (suggested,) = [b for b in prompt.buttons if b["text"] == "Có phải Bộ Tư pháp?"]
    await emulator.click(ADMIN, ADMIN, prompt.message_id, suggested["callback_data"])
    changed = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "giao cho" in m.text, after_message_id=prompt.message_id
    )
    assert "Nhóm “Sở Tư pháp” (nhiệm vụ số 1, 3) giao cho 1 cơ quan: Bộ Tư pháp" in changed.text
    shown = await _show_again(emulator)
    assert "chưa xác định" not in shown
    assert "Chủ trì: Bộ Tư pháp" in shown
    assert "👥 Chọn cơ quan" not in " ".join(
        b["text"]
        for m in emulator.bot_messages(ADMIN)
        if m.message_id > changed.message_id
        for b in m.buttons
    )

    # The group is mapped: its old button asks again, with what was chosen, to add more.
    (button,) = [b for b in preview.buttons if b["callback_data"].startswith("imp:map:")]
    await emulator.click(ADMIN, ADMIN, preview.message_id, button["callback_data"])
    again = await emulator.wait_for_bot_message(
        ADMIN, lambda m: m.text.startswith("👥 Nhóm"), after_message_id=changed.message_id
    )
    assert "Đã chọn: Bộ Tư pháp" in again.text


async def test_the_unknown_name_may_be_answered_in_words(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    preview = await _preview(emulator)
    prompt = await _map_prompt(emulator, preview)
    refused = await ask(emulator, ADMIN, ADMIN, "Sở Không Có Thật", reply_to=prompt.message_id)
    assert "Chưa khớp cơ quan nào trong danh mục: “Sở Không Có Thật”" in refused.text
    changed = await ask(emulator, ADMIN, ADMIN, "bo tu phap", reply_to=prompt.message_id)
    assert "(nhiệm vụ số 1, 3) giao cho 1 cơ quan: Bộ Tư pháp" in changed.text
