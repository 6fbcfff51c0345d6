"""End to end: input people really type on phones never meets silence.

Vietnamese aliases, an unknown command, free text, /late with a document citation, with
the date first or a day that has just passed, agency names without diacritics or prefix,
"Có phải …?" buttons, /addtask without "|".
"""

from __future__ import annotations

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL, STRANGER
from tests.test_e2e_chat import ask, invite_and_join, last_bot_message_id

GROUP = -100777


async def test_vietnamese_aliases_unknown_commands_and_free_text_are_answered(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    for n in range(1, 6):
        await ask(emulator, ADMIN, ADMIN, f"/addtask Bộ Công an | Báo cáo số {n} | 20/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)

    done = await ask(emulator, FOCAL, FOCAL, "/xong 5")
    assert "Đã ghi nhận: #5" in done.text
    done = await ask(emulator, FOCAL, FOCAL, "/hoanthanh 4 đã gửi văn bản")
    assert "Đã ghi nhận: #4" in done.text
    late = await ask(emulator, FOCAL, FOCAL, "/cham 3 chờ ý kiến Bộ Tư pháp")
    assert "#3" in late.text
    listed = await ask(emulator, FOCAL, FOCAL, "/nhiemvu")
    assert "#1" in listed.text
    assert "#5" not in listed.text

    # An unknown command: the nearest one, with what was typed after it, to copy.
    typo = await ask(emulator, FOCAL, FOCAL, "/don 2")
    assert "Bot không có lệnh /don" in typo.text
    assert "/done 2" in typo.text
    nothing_near = await ask(emulator, FOCAL, FOCAL, "/abcxyz")
    assert "/nhiemvu" in nothing_near.text
    assert "/help" in nothing_near.text
    # A focal point is not offered admin commands.
    near_admin = await ask(emulator, FOCAL, FOCAL, "/addtas")
    assert "/addtask" not in near_admin.text

    # Free text in a private chat: a short help with buttons that work.
    free = await ask(emulator, FOCAL, FOCAL, "cho tôi hỏi tình hình nhiệm vụ")
    assert "cán bộ đầu mối của Bộ Công an" in free.text
    assert [b["callback_data"] for b in free.buttons] == ["menu:tasks", "menu:help"]
    await emulator.click(FOCAL, FOCAL, free.message_id, "menu:tasks")
    await emulator.wait_for_bot_message(
        FOCAL, lambda m: "#1" in m.text and "#2" in m.text, after_message_id=free.message_id
    )
    # Words that look like a command without its slash get that command.
    word = await ask(emulator, FOCAL, FOCAL, "xong 2")
    assert "/xong 2" in word.text
    word = await ask(emulator, FOCAL, FOCAL, "hoàn thành 1")
    assert "/xong 1" in word.text
    # Nothing of that changed anything: #1 and #2 are still not done.
    listed = await ask(emulator, FOCAL, FOCAL, "/nhiemvu")
    assert "#1" in listed.text
    assert "#2" in listed.text

    # Someone who is not registered gets how to register.
    stranger = await ask(emulator, STRANGER, STRANGER, "xin chào")
    assert "đường dẫn đăng ký" in stranger.text
    assert [b["callback_data"] for b in stranger.buttons] == ["menu:help"]

    # The menu shows the Vietnamese commands.
    shown = {c["command"] for c in emulator.commands()}
    assert {"nhiemvu", "xong", "cham", "tiendo"} <= shown
    help_text = await ask(emulator, FOCAL, FOCAL, "/help")
    assert "/xong" in help_text.text
    assert "/hoanthanh" in help_text.text


async def test_in_a_group_other_bots_commands_are_left_alone(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    emulator.add_group(GROUP, "Tổ công tác Bộ Công an", [FOCAL, STRANGER])
    await emulator.send_text(GROUP, STRANGER, "/weather@other_bot Hà Nội")
    await emulator.send_text(GROUP, STRANGER, "/zzqq")
    typo = await ask(emulator, GROUP, FOCAL, "/nhiemv")
    assert "/nhiemvu" in typo.text
    addressed = await ask(emulator, GROUP, FOCAL, "/zzqq@hanchot_bot")
    assert "Bot không có lệnh /zzqq" in addressed.text
    answered = [m for m in emulator.bot_messages(GROUP)]
    assert len(answered) == 2, [m.text for m in answered]


async def test_late_finds_its_date_anywhere_and_never_reads_a_citation(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    # Today is Wednesday 2/12/2026.
    for n in range(1, 6):
        await ask(emulator, ADMIN, ADMIN, f"/addtask Bộ Công an | Báo cáo số {n} | 10/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)

    cited = await ask(emulator, FOCAL, FOCAL, "/late 1 vướng Nghị định 13/2023/NĐ-CP")
    assert "Đã ghi nhận báo cáo chậm: #1" in cited.text
    assert "đề xuất" not in cited.text
    cited = await ask(emulator, FOCAL, FOCAL, "/late 2 vướng Thông tư 15/2025, phiên bản số 2.0")
    assert "đề xuất" not in cited.text

    mark = last_bot_message_id(emulator, ADMIN)
    first = await ask(emulator, FOCAL, FOCAL, "/late 3 30/6/2027 chờ ý kiến Bộ Tư pháp")
    assert "đề xuất lùi thời hạn đến 30/6/2027" in first.text
    forwarded = await emulator.wait_for_bot_message(
        ADMIN,
        lambda m: "Đề xuất lùi thời hạn" in m.text and "#3" in m.text,
        after_message_id=mark,
    )
    assert "chờ ý kiến Bộ Tư pháp" in forwarded.text

    mark = last_bot_message_id(emulator, ADMIN)
    month = await ask(
        emulator, FOCAL, FOCAL, "/late 4 vướng Nghị định 13/2023, dự kiến tháng 7/2027"
    )
    assert "đề xuất lùi thời hạn đến 31/7/2027" in month.text
    forwarded = await emulator.wait_for_bot_message(
        ADMIN,
        lambda m: "Đề xuất lùi thời hạn" in m.text and "#4" in m.text,
        after_message_id=mark,
    )
    assert "vướng Nghị định 13/2023" in forwarded.text

    # 1/12 has just passed: the bot asks instead of reading 1/12/2027.
    asked = await ask(emulator, FOCAL, FOCAL, "/late 5 chờ số liệu đến 1/12.")
    assert "Ngày 1/12 năm nay đã qua" in asked.text
    assert "/cham 5 chờ số liệu 1/12/2027" in asked.text
    soon = await ask(emulator, FOCAL, FOCAL, "/late 5 chờ số liệu đến 30/12.")
    assert "đề xuất lùi thời hạn đến 30/12/2026" in soon.text


async def test_agency_names_without_diacritics_or_prefix_and_addtask_without_bars(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    created = await ask(
        emulator, ADMIN, ADMIN, "/addtask bo tai chinh | Báo cáo thu chi | 20/12/2026"
    )
    assert "Chủ trì: Bộ Tài chính" in created.text
    created = await ask(emulator, ADMIN, ADMIN, "/addtask Tài chính; Rà soát; giá; 20/12/2026")
    assert "#2 Rà soát; giá" in created.text
    assert "Chủ trì: Bộ Tài chính" in created.text
    created = await ask(
        emulator, ADMIN, ADMIN, "/addtask y te\nBáo cáo bệnh án điện tử\ntrong tháng 1/2027"
    )
    assert "Chủ trì: Bộ Y tế" in created.text
    assert "tháng" in created.text

    invite = await ask(emulator, ADMIN, ADMIN, "/invite ngoai giao")
    assert "Bộ Ngoại giao" in invite.text
    assert "start=" in invite.text

    # Several agencies fit: "Có phải …?" buttons; pressing one finishes the command.
    ambiguous = await ask(emulator, ADMIN, ADMIN, "/invite Khoa học")
    assert "Có phải" in ambiguous.text
    choice = next(b for b in ambiguous.buttons if b["text"] == "Có phải Bộ Khoa học và Công nghệ?")
    await emulator.click(ADMIN, ADMIN, ambiguous.message_id, choice["callback_data"])
    link = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "start=" in m.text, after_message_id=ambiguous.message_id
    )
    assert "Bộ Khoa học và Công nghệ" in link.text

    ambiguous = await ask(emulator, ADMIN, ADMIN, "/addtask khoa hoc | Đề án đổi mới | 20/12/2026")
    choice = next(b for b in ambiguous.buttons if b["text"] == "Có phải Bộ Khoa học và Công nghệ?")
    await emulator.click(ADMIN, ADMIN, ambiguous.message_id, choice["callback_data"])
    added = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "#4" in m.text, after_message_id=ambiguous.message_id
    )
    assert "Chủ trì: Bộ Khoa học và Công nghệ" in added.text
    # Its buttons are gone, so nobody adds the task twice.
    question = next(m for m in emulator.bot_messages(ADMIN) if m.message_id == ambiguous.message_id)
    assert question.buttons == []
