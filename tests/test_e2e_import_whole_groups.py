"""A registry group written bare in a notice ("Các bộ, ngành", "Ủy ban nhân dân các tỉnh,
thành phố trực thuộc Trung ương": no members named) is never every member of the group
without the admin's word: the preview reports it as a group to map, with a "Cả nhóm … (N
cơ quan)" button that gives its tasks to the whole group in one press, "trừ Bộ X" (also
"tru bo x") as an answer for the group but the agencies named, and the usual answer by
names. A named list ("Các Bộ, cơ quan: Tài chính, Công Thương, Y tế", "Các tỉnh Nghệ An,
Quảng Ngãi") keeps exactly its members. The real ``bot.py`` process over the Bot API
emulator, what is stored read from its SQLite file; answers that cannot apply, with the
product in the test's process."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from storage.agency_files import shipped_registry
from storage.models import AssignmentRow
from tests.bot_process import spawn_bot, stop_bot
from tests.conftest import ADMIN
from tests.test_e2e_chat import ask

NOTICE = (
    "THÔNG BÁO\n\nKẾT LUẬN VỀ CÔNG TÁC CHUYỂN ĐỔI SỐ\n\nHà Nội, ngày 01 tháng 12 năm 2026\n\n"
    "I. NHIỆM VỤ\n\n"
    "1. Các bộ, ngành rà soát thủ tục hành chính, hoàn thành trước ngày 20 tháng 12 năm "
    "2026.\n\n"
    "2. Các Bộ, cơ quan: Tài chính, Công Thương, Y tế xây dựng kế hoạch, hoàn thành trước "
    "ngày 25 tháng 12 năm 2026.\n\n"
    "3. Các tỉnh Nghệ An, Quảng Ngãi hoàn thành giải phóng mặt bằng trước ngày 28 tháng 12 "
    "năm 2026.\n\n"
    "4. Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương kiểm kê đất đai, báo cáo "
    "trước ngày 30 tháng 12 năm 2026.\n\n"
    "5. Bộ Xây dựng chủ trì tổng hợp, báo cáo trong Quý I/2027.\n"
).encode()

MINISTRIES = "Các bộ, ngành"
PROVINCES = "Các địa phương"
REGISTRY = shipped_registry()
EVERY_MINISTRY = {a.id for a in REGISTRY.members("bo-nganh")}
EVERY_PROVINCE = {a.id for a in REGISTRY.members("dia-phuong")}
#: The named lists, as the notice names them: never their whole group.
NAMED = {"I.2": {"bo-tc", "bo-ct", "bo-yt"}, "I.3": {"ubnd-nghe-an", "ubnd-quang-ngai"}}


@pytest.fixture
async def bot(emulator: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Path]:
    """The real bot process; yields its database file."""
    process = await spawn_bot(emulator, tmp_path)
    try:
        await emulator.wait_for(lambda: emulator.long_poll_waiting or None, timeout=60)
        yield tmp_path / "bot.sqlite3"
    finally:
        await stop_bot(process)


def _stored(database: Path) -> dict[str, set[str]]:
    """Each stored task of the notice (no number: keyed by its date; the seeded tasks
    aside) by its item → the agencies obliged."""
    found: dict[str, set[str]] = {}
    with sqlite3.connect(database) as conn:
        for ref, agency in conn.execute(
            "SELECT t.ref, a.agency_id FROM tasks t JOIN assignments a ON a.task_id = t.id "
            "WHERE t.seed_key LIKE 'VB-2026-12-01-%'"
        ):
            found.setdefault(ref, set()).add(agency)
    return found


async def _preview(emu: BotApiEmulator) -> tuple[SentMessage, str]:
    """The notice sent as a file; its preview's last message (with the buttons) and text."""
    sent = await emu.send_document(ADMIN, ADMIN, "tb.txt", NOTICE, "text/plain")
    last = await emu.wait_for_bot_message(
        ADMIN,
        lambda m: any(b["callback_data"].startswith("imp:ok") for b in m.buttons),
        after_message_id=sent["message_id"],
        timeout=60,
    )
    text = "\n".join(m.text for m in emu.bot_messages(ADMIN) if m.message_id > sent["message_id"])
    return last, text


async def _press(emu: BotApiEmulator, message: SentMessage, text: str, answer: str) -> SentMessage:
    """Press the button reading ``text``; returns the bot's next message containing
    ``answer``."""
    (button,) = [b for b in message.buttons if b["text"] == text]
    before = emu.bot_messages(ADMIN)[-1].message_id
    await emu.click(ADMIN, ADMIN, message.message_id, button["callback_data"])
    return await emu.wait_for_bot_message(
        ADMIN, lambda m: answer in m.text, after_message_id=before, timeout=30
    )


async def _saved(emu: BotApiEmulator, preview: SentMessage) -> SentMessage:
    (ok,) = [b for b in preview.buttons if b["callback_data"].startswith("imp:ok:")]
    before = emu.bot_messages(ADMIN)[-1].message_id
    await emu.click(ADMIN, ADMIN, preview.message_id, ok["callback_data"])
    return await emu.wait_for_bot_message(
        ADMIN, lambda m: "Đã lưu" in m.text or "Chưa lưu gì" in m.text, after_message_id=before
    )


async def _settled(database: Path, refs: int) -> dict[str, set[str]]:
    """What the bot stored, once its ``refs`` tasks are there (the bot answers after its
    transaction ends; the file is read by another process)."""
    for _ in range(100):
        stored = _stored(database)
        if len(stored) >= refs:
            return stored
        await asyncio.sleep(0.05)
    return _stored(database)


async def test_a_bare_group_waits_and_one_press_gives_it_to_the_whole_group(
    emulator: BotApiEmulator, bot: Path
) -> None:
    preview, text = await _preview(emulator)
    assert "Giao cho nhóm chưa xác định: 2 nhiệm vụ" in text
    assert f"Chủ trì: “{MINISTRIES}” 👥 chưa xác định" in text
    assert f"• “{MINISTRIES}”: số 1 — nhóm trong danh mục (17 cơ quan)" in text
    assert f"• “{PROVINCES}”: số 4 — nhóm trong danh mục (34 cơ quan)" in text
    # The named lists are theirs alone, never the group.
    assert "Gồm 3 cơ quan: Bộ Tài chính, Bộ Công Thương, Bộ Y tế" in text
    assert "Gồm 2 cơ quan: UBND tỉnh Nghệ An, UBND tỉnh Quảng Ngãi" in text
    assert [b["text"] for b in preview.buttons if b["callback_data"].startswith("imp:all:")] == [
        f"Cả nhóm “{MINISTRIES}” (17 cơ quan)",
        f"Cả nhóm “{PROVINCES}” (34 cơ quan)",
    ]

    # ✅ before the groups are decided stores nothing.
    asked = await _saved(emulator, preview)
    assert "Chưa lưu gì. Còn 2 nhiệm vụ chưa có cơ quan trong danh mục" in asked.text
    assert _stored(bot) == {}

    done = await _press(emulator, preview, f"Cả nhóm “{PROVINCES}” (34 cơ quan)", "giao cho")
    assert f"Nhóm “{PROVINCES}” (nhiệm vụ số 4) giao cho cả nhóm, 34 cơ quan." in done.text
    done = await _press(emulator, preview, f"Cả nhóm “{MINISTRIES}” (17 cơ quan)", "giao cho")
    assert f"Nhóm “{MINISTRIES}” (nhiệm vụ số 1) giao cho cả nhóm, 17 cơ quan." in done.text

    stored = await _saved(emulator, preview)
    assert "5 nhiệm vụ mới" in stored.text
    assert await _settled(bot, 5) == {
        "I.1": EVERY_MINISTRY,
        **NAMED,
        "I.4": EVERY_PROVINCE,
        "I.5": {"bo-xd"},
    }
    assert len(EVERY_MINISTRY) == 17
    assert len(EVERY_PROVINCE) == 34


async def test_a_bare_group_but_some_agencies_and_a_group_mapped_by_names(
    emulator: BotApiEmulator, bot: Path
) -> None:
    preview, _ = await _preview(emulator)
    question = await _press(
        emulator, preview, f"👥 Chọn cơ quan cho “{MINISTRIES}”", f"👥 Nhóm “{MINISTRIES}”"
    )
    assert "Để giao cho cả nhóm (17 cơ quan)" in question.text
    assert "trừ Bộ Tài chính" in question.text
    assert [b["text"] for b in question.buttons] == [f"Cả nhóm “{MINISTRIES}” (17 cơ quan)"]

    # A name that matches no agency chooses nothing.
    unknown = await ask(emulator, ADMIN, ADMIN, "trừ Bộ Không Có", reply_to=question.message_id)
    assert "Chưa khớp cơ quan nào trong danh mục: “Bộ Không Có”" in unknown.text
    # Without diacritics: the group but the Ministry of Finance.
    but = await ask(emulator, ADMIN, ADMIN, "tru bo tai chinh", reply_to=question.message_id)
    assert f"Nhóm “{MINISTRIES}” (nhiệm vụ số 1) giao cho 16 cơ quan: cả nhóm trừ Bộ Tài chính" in (
        but.text
    )

    # The provinces' group answered with names, as any group is.
    question = await _press(
        emulator, preview, f"👥 Chọn cơ quan cho “{PROVINCES}”", f"👥 Nhóm “{PROVINCES}”"
    )
    named = await ask(emulator, ADMIN, ADMIN, "Nghệ An; quang ngai", reply_to=question.message_id)
    assert "giao cho 2 cơ quan: UBND tỉnh Nghệ An, UBND tỉnh Quảng Ngãi" in named.text

    stored = await _saved(emulator, preview)
    assert "5 nhiệm vụ mới" in stored.text
    assert await _settled(bot, 5) == {
        "I.1": EVERY_MINISTRY - {"bo-tc"},
        **NAMED,
        "I.4": {"ubnd-nghe-an", "ubnd-quang-ngai"},
        "I.5": {"bo-xd"},
    }


PERSON = "Phó Thủ tướng Chính phủ Trần Hồng Hà"
MIXED = (
    "THÔNG BÁO\n\nKẾT LUẬN VỀ CÔNG TÁC ĐẤT ĐAI\n\nHà Nội, ngày 01 tháng 12 năm 2026\n\n"
    "I. NHIỆM VỤ\n\n"
    "1. Các bộ, ngành rà soát quy định, hoàn thành trước ngày 20 tháng 12 năm 2026.\n\n"
    f"2. Giao {PERSON} trực tiếp chỉ đạo công tác giải phóng mặt bằng.\n"
).encode()


async def test_answers_that_cannot_apply_choose_nothing_and_say_why(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await emulator.send_document(ADMIN, ADMIN, "tb.txt", MIXED, "text/plain")
    preview = await emulator.wait_for_bot_message(
        ADMIN, lambda m: any(b["callback_data"].startswith("imp:ok") for b in m.buttons)
    )
    # Only the registry's group has "Cả nhóm"; the person is answered with names alone.
    assert [b["text"] for b in preview.buttons if b["callback_data"].startswith("imp:all:")] == [
        f"Cả nhóm “{MINISTRIES}” (17 cơ quan)"
    ]
    question = await _press(
        emulator, preview, f"👥 Chọn cơ quan cho “{PERSON}”", f"👥 Nhóm “{PERSON}”"
    )
    assert "Cả nhóm" not in question.text
    whole = await ask(emulator, ADMIN, ADMIN, "cả nhóm", reply_to=question.message_id)
    assert f"“{PERSON}” không phải một nhóm trong danh mục" in whole.text

    question = await _press(
        emulator, preview, f"👥 Chọn cơ quan cho “{MINISTRIES}”", f"👥 Nhóm “{MINISTRIES}”"
    )
    outside = await ask(emulator, ADMIN, ADMIN, "trừ Nghệ An", reply_to=question.message_id)
    assert f"“UBND tỉnh Nghệ An” không thuộc nhóm “{MINISTRIES}”" in outside.text
    # Typed instead of pressed: "Cả nhóm" as the answer.
    typed = await ask(emulator, ADMIN, ADMIN, "Ca nhom", reply_to=question.message_id)
    assert f"Nhóm “{MINISTRIES}” (nhiệm vụ số 1) giao cho cả nhóm, 17 cơ quan." in typed.text
    # "trừ" after "Cả nhóm" replaces what was chosen: the group but two ministries.
    but = await ask(
        emulator, ADMIN, ADMIN, "trừ Bộ Tài chính và bo y te", reply_to=question.message_id
    )
    assert "giao cho 15 cơ quan: cả nhóm trừ Bộ Tài chính, Bộ Y tế" in but.text

    asked = await _saved(emulator, preview)
    assert f"• “{PERSON}”: số 2" in asked.text
    assert f"• “{MINISTRIES}”" not in asked.text
    async with live.product.core.sessions() as session:
        stored = (await session.scalars(select(AssignmentRow.agency_id))).all()
    assert stored == []  # nothing stored while the person's task waits
