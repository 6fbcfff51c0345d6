"""End to end: in a private chat, text the bot cannot take as a command, an answer or a
reason still gets the short help with its buttons, also when it is a reply to one of the
bot's messages that asked nothing (the welcome, /help) or to one's own message. Replies
that answer a question keep their meaning (a ⏳ reason, a reply to a reminder).
Real HTTP to the emulator, real SQLite, fake clock."""

from __future__ import annotations

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL, STRANGER
from tests.test_e2e_chat import ask, invite_and_join


async def test_a_reply_that_asks_nothing_gets_the_short_help_in_a_private_chat(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo tiến độ | 20/12/2026")
    joined = await invite_and_join(emulator, "Bộ Công an", FOCAL)
    help_text = await ask(emulator, FOCAL, FOCAL, "/help")
    mine = (await ask(emulator, FOCAL, FOCAL, "tôi đang xem")).reply_to
    assert mine is not None
    for replied in (joined.message_id, help_text.message_id, mine):
        answer = await ask(emulator, FOCAL, FOCAL, "cảm ơn", reply_to=replied)
        assert "cán bộ đầu mối của Bộ Công an" in answer.text
        assert [b["callback_data"] for b in answer.buttons] == ["menu:tasks", "menu:help"]
    # Someone not registered, replying to the bot's answer, is told how to register.
    first = await ask(emulator, STRANGER, STRANGER, "xin chào")
    again = await ask(emulator, STRANGER, STRANGER, "tôi muốn đăng ký", reply_to=first.message_id)
    assert "đường dẫn đăng ký" in again.text
    # A reply that answers a question keeps its meaning: the ⏳ reason is recorded.
    reminder = await ask(emulator, FOCAL, FOCAL, "/nhiemvu")
    await emulator.click(FOCAL, FOCAL, reminder.message_id, "late:1")
    prompt = await emulator.wait_for_bot_message(
        FOCAL, lambda m: m.text.startswith("⏳ Báo cáo chậm nhiệm vụ #1")
    )
    reason = await ask(emulator, FOCAL, FOCAL, "chờ số liệu", reply_to=prompt.message_id)
    assert "Đã ghi nhận báo cáo chậm: #1" in reason.text
