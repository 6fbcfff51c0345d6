"""A deployment's own agencies: ``/coquan`` lists and adds them, and ``/addtask`` and the
importer know them at once; names typed without diacritics are found when they fit one
agency, and candidates are suggested otherwise. Real HTTP, real SQLite, fake clock."""

from __future__ import annotations

from pathlib import Path

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from storage.local_agency_files import load_local_agencies
from tests.conftest import ADMIN, STRANGER
from tests.test_e2e_chat import ask
from tests.test_e2e_import import send_file


async def test_an_admin_adds_a_local_agency_and_uses_it_at_once(
    local_bot: tuple[LiveBot, Path], emulator: BotApiEmulator
) -> None:
    _, path = local_bot
    empty = await ask(emulator, ADMIN, ADMIN, "/coquan")
    assert "Chưa có cơ quan riêng nào" in empty.text

    added = await ask(
        emulator, ADMIN, ADMIN, "/coquan them Sở Tư pháp | STP, Sở TP | UBND tỉnh Nghệ An"
    )
    assert "Đã thêm cơ quan “Sở Tư pháp” thuộc UBND tỉnh Nghệ An" in added.text
    (stored,) = load_local_agencies(path)
    assert (stored.name, stored.aliases, stored.parent) == (
        "Sở Tư pháp",
        ("STP", "Sở TP"),
        "UBND tỉnh Nghệ An",
    )
    listing = await ask(emulator, ADMIN, ADMIN, "/coquan")
    assert "1. Sở Tư pháp — STP, Sở TP (thuộc UBND tỉnh Nghệ An)" in listing.text

    by_alias = await ask(emulator, ADMIN, ADMIN, "/addtask STP | Rà soát văn bản | 15/12/2026")
    assert "#1" in by_alias.text
    bare = await ask(emulator, ADMIN, ADMIN, "/addtask so tu phap | Báo cáo | 16/12/2026")
    assert "#2" in bare.text
    for task_id in (1, 2):
        detail = await ask(emulator, ADMIN, ADMIN, f"/task {task_id}")
        assert "Sở Tư pháp" in detail.text

    suggested = await ask(emulator, ADMIN, ADMIN, "/addtask Tư pháp tỉnh | Báo cáo | 16/12/2026")
    assert "Tên “Tư pháp tỉnh” chưa khớp đúng một cơ quan" in suggested.text
    [choice] = [b for b in suggested.buttons if b["text"] == "Có phải Sở Tư pháp?"]
    await emulator.click(ADMIN, ADMIN, suggested.message_id, choice["callback_data"])
    chosen = await emulator.wait_for_bot_message(ADMIN, lambda m: "#3" in m.text)
    assert "Sở Tư pháp" in chosen.text

    notice = (
        "THÔNG BÁO\n\nKẾT LUẬN VỀ CÔNG TÁC PHÁP CHẾ\n\nHà Nội, ngày 01 tháng 12 năm 2026\n\n"
        "I. NHIỆM VỤ\n\n1. Sở Tư pháp chủ trì rà soát văn bản, hoàn thành trước ngày 20 tháng "
        "12 năm 2026.\n\n2. Bộ Công an phối hợp với STP kiểm tra, báo cáo trong tháng 12 năm "
        "2026.\n"
    ).encode()
    preview = await send_file(emulator, ADMIN, "tb.txt", notice)
    text = "\n".join(m.text for m in emulator.bot_messages(ADMIN)[-3:])
    assert "Sở Tư pháp" in text, preview.text
    assert "chưa rõ" not in text.lower()


async def test_names_that_are_taken_and_strangers_change_nothing(
    local_bot: tuple[LiveBot, Path], emulator: BotApiEmulator
) -> None:
    _, path = local_bot
    taken = await ask(emulator, ADMIN, ADMIN, "/coquan them Sở Nội vụ | BCA")
    assert "đã dùng cho “Bộ Công an”" in taken.text
    usage = await ask(emulator, ADMIN, ADMIN, "/coquan xoa Sở Nội vụ")
    assert "Cách dùng" in usage.text
    refused = await ask(emulator, STRANGER, STRANGER, "/coquan them Sở Y tế")
    assert "chỉ dành cho Văn phòng theo dõi" in refused.text
    assert not path.exists()


async def test_an_agency_is_looked_up_by_part_of_its_name_with_a_button_per_candidate(
    local_bot: tuple[LiveBot, Path], emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/coquan them Sở Tư pháp | STP | UBND tỉnh Nghệ An")
    # Without diacritics and without "Bộ": one agency, shown at once.
    card = await ask(emulator, ADMIN, ADMIN, "/coquan bo tai chinh")
    assert card.text.startswith("🏛 Bộ Tài chính\n"), card.text
    assert "Loại: bộ" in card.text
    assert "/daumoi Bộ Tài chính" in card.text
    assert not card.buttons
    # "tu phap" fits the ministry, a committee and the deployment's own Sở: a button each.
    choices = await ask(emulator, ADMIN, ADMIN, "/coquan tu phap")
    assert "Tên “tu phap” chưa khớp đúng một cơ quan" in choices.text
    assert [b["text"] for b in choices.buttons] == [
        "Có phải Bộ Tư pháp?",
        "Có phải Sở Tư pháp?",
        "Có phải Ủy ban Pháp luật và Tư pháp của Quốc hội?",
    ]
    await emulator.click(ADMIN, ADMIN, choices.message_id, choices.buttons[1]["callback_data"])
    shown = await emulator.wait_for_bot_message(ADMIN, lambda m: m.text.startswith("🏛 Sở"))
    assert "Tên viết tắt: STP" in shown.text
    assert "Cơ quan riêng của đơn vị, thuộc UBND tỉnh Nghệ An." in shown.text
    [pressed] = [m for m in emulator.bot_messages(ADMIN) if m.message_id == choices.message_id]
    assert not pressed.buttons, "the question's buttons go once one is pressed"
    # A name no agency contains: how to write one, never silence.
    unknown = await ask(emulator, ADMIN, ADMIN, "/coquan Bộ Không Tồn Tại")
    assert "Không tìm thấy cơ quan “Bộ Không Tồn Tại”" in unknown.text
    assert "Cách dùng" in unknown.text
    refused = await ask(emulator, STRANGER, STRANGER, "/coquan tu phap")
    assert "chỉ dành cho Văn phòng theo dõi" in refused.text
    assert not refused.buttons
