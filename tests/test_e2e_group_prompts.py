"""End to end, in a team's group: a question the bot asks after a button press names the
person who pressed, so Telegram shows the reply box to that person only (ForceReply is
``selective``), and only their answer counts. The ⏳ question is in
``test_e2e_onboarding.py``; here the 📝 progress question of an undated task, and the
group link pressed again.
Real HTTP to the emulator, real SQLite, fake clock (Wednesday 2/12/2026)."""

from __future__ import annotations

import re

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from tests.conftest import ADMIN, OTHER_FOCAL, STRANGER, local
from tests.test_e2e_chat import ask

GROUP = -100666


async def test_the_progress_question_in_a_group_names_who_pressed_and_waits_for_them(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(
        emulator,
        ADMIN,
        ADMIN,
        "/addtask Bộ Công an | Rà soát thủ tục | khẩn trương | đôn đốc 4/12/2026",
    )
    invite = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Công an")
    token = re.search(r"\?startgroup=([\w-]+)", invite.text)
    assert token, invite.text
    emulator.add_group(GROUP, "Tổ công tác C06", [OTHER_FOCAL, STRANGER])
    await ask(emulator, GROUP, OTHER_FOCAL, f"/start@hanchot_bot {token[1]}")
    # Pressing the group link again: the group is told it is registered, as a group.
    again = await ask(emulator, GROUP, STRANGER, f"/start@hanchot_bot {token[1]}")
    assert "Nhóm này đã được đăng ký làm cán bộ đầu mối của Bộ Công an" in again.text
    assert "Anh/chị" not in again.text
    await live.at(local(2026, 12, 4, 8, 30))
    request = next(
        m for m in emulator.bot_messages(GROUP) if "Đề nghị cập nhật tình hình thực hiện" in m.text
    )
    assert "prog:1" in {b["callback_data"] for b in request.buttons}

    await emulator.click(GROUP, OTHER_FOCAL, request.message_id, "prog:1")
    prompt = await emulator.wait_for_bot_message(
        GROUP, lambda m: m.text.startswith("📝 Cập nhật tiến độ nhiệm vụ #1")
    )
    assert "Minh" in prompt.text
    assert any("tg://user?id=2002" in (en.get("url") or "") for en in prompt.entities)
    call = next(
        c
        for c in reversed(emulator.calls)
        if c.method.lower() == "sendmessage" and "Cập nhật tiến độ" in str(c.params.get("text"))
    )
    markup = call.params["reply_markup"]
    assert isinstance(markup, dict)
    assert markup.get("force_reply") is True
    assert markup.get("selective") is True

    other = await ask(emulator, GROUP, STRANGER, "tôi trả lời thay", reply_to=prompt.message_id)
    assert "dành cho người đã bấm 📝" in other.text
    detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert "tôi trả lời thay" not in detail.text
    answered = await ask(emulator, GROUP, OTHER_FOCAL, "đã gửi dự thảo", reply_to=prompt.message_id)
    assert "Đã ghi tiến độ" in answered.text
    detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert "đã gửi dự thảo" in detail.text
