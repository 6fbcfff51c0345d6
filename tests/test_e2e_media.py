"""End to end: a photo, a sticker, a voice message and every other message that is neither
text nor a file gets a short answer in a private chat — what the bot reads, with buttons —
and a command in a caption is given back to send on its own. In a group the bot answers
only when addressed (a reply to it, its @name); the team's own photos get no answer.
Real HTTP to the emulator, real SQLite, fake clock."""

from __future__ import annotations

import re
from collections.abc import Awaitable

from botapi_emulator import BotApiEmulator, SentMessage
from botapi_emulator.objects import JsonDict
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL, STRANGER
from tests.test_e2e_chat import ask, invite_and_join, last_bot_message_id

GROUP = -100555


async def answer_to(emu: BotApiEmulator, chat_id: int, sending: Awaitable[JsonDict]) -> SentMessage:
    """The bot's answer (a reply) to the message ``sending`` sends."""
    sent = await sending
    return await emu.wait_for_bot_message(
        chat_id, lambda m: m.reply_to == sent["message_id"], after_message_id=sent["message_id"]
    )


async def test_every_kind_of_media_in_a_private_chat_gets_what_the_bot_reads(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo tiến độ | 20/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    sends: dict[str, tuple[str, Awaitable[JsonDict]]] = {
        "photo": ("ảnh", emulator.send_photo(FOCAL, FOCAL, caption="Biên bản")),
        "sticker": ("nhãn dán (sticker)", emulator.send_sticker(FOCAL, FOCAL)),
        "voice": ("tin nhắn thoại", emulator.send_voice(FOCAL, FOCAL)),
        "video": ("video", emulator.send_video(FOCAL, FOCAL)),
        "audio": ("tệp âm thanh", emulator.send_audio(FOCAL, FOCAL)),
        "animation": ("ảnh động", emulator.send_animation(FOCAL, FOCAL)),
        "video_note": ("tin nhắn video", emulator.send_video_note(FOCAL, FOCAL)),
        "location": ("vị trí", emulator.send_location(FOCAL, FOCAL, 21.03, 105.85)),
        "contact": ("thông tin liên hệ", emulator.send_contact(FOCAL, FOCAL, "+8490", "Hà")),
    }
    for kind, (word, sending) in sends.items():
        answer = await answer_to(emulator, FOCAL, sending)
        assert answer.text.startswith(f"Bot chưa đọc được {word};"), (kind, answer.text)
        assert "cán bộ đầu mối của Bộ Công an" in answer.text
        assert "/xong 12" in answer.text
        assert [b["callback_data"] for b in answer.buttons] == ["menu:tasks", "menu:help"]
    # The buttons work from there.
    last = emulator.bot_messages(FOCAL)[-1]
    await emulator.click(FOCAL, FOCAL, last.message_id, "menu:tasks")
    listed = await emulator.wait_for_bot_message(
        FOCAL, lambda m: "#1" in m.text, after_message_id=last.message_id
    )
    assert "Báo cáo tiến độ" in listed.text

    # A command in a caption is given back to send as a message; nothing is recorded.
    answer = await answer_to(emulator, FOCAL, emulator.send_photo(FOCAL, FOCAL, caption="/xong 1"))
    assert "gửi lệnh thành một tin nhắn riêng, /xong 1" in answer.text
    answer = await answer_to(
        emulator, FOCAL, emulator.send_photo(FOCAL, FOCAL, caption="hoàn thành 1 kèm ảnh")
    )
    assert "/xong 1 kèm ảnh" in answer.text
    still = await ask(emulator, FOCAL, FOCAL, "/nhiemvu")
    assert "#1" in still.text
    assert "không còn nhiệm vụ" not in still.text


async def test_the_office_is_told_to_send_notices_as_files_and_a_gif_is_no_notice(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    answer = await answer_to(emulator, ADMIN, emulator.send_photo(ADMIN, ADMIN))
    assert "Bot chưa đọc được ảnh" in answer.text
    assert re.search(r"\.txt, \.docx, \.pdf", answer.text), answer.text
    assert "📎 → Tệp" in answer.text
    assert [b["callback_data"] for b in answer.buttons] == ["menu:agencies", "menu:help"]
    # A GIF comes with a document too: it is answered as a GIF, not refused as a file.
    gif = await answer_to(emulator, ADMIN, emulator.send_animation(ADMIN, ADMIN))
    assert gif.text.startswith("Bot chưa đọc được ảnh động;")
    assert not [c for c in emulator.calls if c.method.lower() == "getfile"]
    # Someone not registered is told how to register.
    stranger = await answer_to(emulator, STRANGER, emulator.send_sticker(STRANGER, STRANGER))
    assert "đường dẫn đăng ký" in stranger.text
    assert [b["callback_data"] for b in stranger.buttons] == ["menu:help"]


async def test_in_a_group_the_bot_answers_media_only_when_addressed(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát thủ tục | 20/12/2026")
    invite = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Công an")
    token = re.search(r"\?startgroup=([\w-]+)", invite.text)
    assert token, invite.text
    emulator.add_group(GROUP, "Tổ công tác C06", [OTHER_FOCAL, STRANGER])
    welcome = await ask(emulator, GROUP, OTHER_FOCAL, f"/start@hanchot_bot {token[1]}")

    # The team's own photos, stickers and voice messages: no answer.
    before = last_bot_message_id(emulator, GROUP)
    quiet = [
        await emulator.send_photo(GROUP, STRANGER, caption="ảnh hội nghị"),
        await emulator.send_sticker(GROUP, OTHER_FOCAL),
        await emulator.send_voice(GROUP, STRANGER),
        await emulator.send_location(GROUP, STRANGER, 21.03, 105.85),
    ]
    # A command after them is answered, so they were read before it.
    listed = await ask(emulator, GROUP, OTHER_FOCAL, "/nhiemvu@hanchot_bot")
    assert "#1" in listed.text
    answered = {m.reply_to for m in emulator.bot_messages(GROUP) if m.message_id > before}
    assert answered.isdisjoint({sent["message_id"] for sent in quiet})

    # A photo in reply to the bot, or naming it, is addressed to it.
    reply = await answer_to(
        emulator,
        GROUP,
        emulator.send_photo(GROUP, STRANGER, caption="ảnh báo cáo", reply_to=welcome.message_id),
    )
    assert reply.text.startswith("Bot chưa đọc được ảnh;")
    assert "cán bộ đầu mối của Bộ Công an" in reply.text
    named = await answer_to(
        emulator, GROUP, emulator.send_video(GROUP, OTHER_FOCAL, caption="@hanchot_bot /xong 1")
    )
    assert "Bot chưa đọc được video" in named.text
    sticker = await answer_to(
        emulator, GROUP, emulator.send_sticker(GROUP, OTHER_FOCAL, reply_to=listed.message_id)
    )
    assert "nhãn dán" in sticker.text
