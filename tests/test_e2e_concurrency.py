"""Updates from different chats are handled at the same time; one chat's in order.

A focal point presses a button, then writes /tasks. The emulator holds the bot's answer
to the press for two seconds (as a slow connection would), so the press's handler is
still running when the message comes in. Other chats writing meanwhile are answered
before it; the message, whose own answer is not held, is answered only after the press's.
"""

from __future__ import annotations

import asyncio

from botapi_emulator import BotApiEmulator, Fault
from demo.harness import LiveBot
from tests.conftest import FOCAL, OTHER_FOCAL, STRANGER
from tests.test_e2e_chat import ask

HOLD = 2.0


async def test_a_slow_chat_holds_only_itself_and_keeps_its_order(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    anchor = await ask(emulator, FOCAL, FOCAL, "/help")
    held = emulator.add_fault(Fault(method="answerCallbackQuery", delay_before=HOLD))
    await emulator.click_forged(FOCAL, FOCAL, anchor.message_id, "menu:help")
    then = await emulator.send_text(FOCAL, FOCAL, "/tasks")
    await emulator.wait_for(lambda: held.calls or None, timeout=10)
    loop = asyncio.get_running_loop()
    began = loop.time()
    others = [await emulator.send_text(chat, chat, "/help") for chat in (OTHER_FOCAL, STRANGER)]
    for chat, sent in zip((OTHER_FOCAL, STRANGER), others, strict=True):
        await emulator.wait_for_bot_message(  # the first chat's answer may come before its wait
            chat,
            lambda m, s=sent: m.reply_to == s["message_id"],
            timeout=HOLD * 5,
            after_message_id=sent["message_id"],
        )
    took = loop.time() - began
    later = [m for m in emulator.bot_messages(FOCAL) if m.message_id > then["message_id"]]
    assert took < HOLD, f"other chats waited {took:.1f} s for the held chat"
    assert later == [], "the chat's second update overtook its first"

    def both() -> tuple[int, int] | None:
        after = [m for m in emulator.bot_messages(FOCAL) if m.message_id > then["message_id"]]
        pressed = [m.message_id for m in after if m.reply_to is None]
        answered = [m.message_id for m in after if m.reply_to == then["message_id"]]
        return (pressed[0], answered[0]) if pressed and answered else None

    pressed, answered = await emulator.wait_for(both, timeout=10)
    # The message's answer was not held, yet it came after the press's.
    assert pressed < answered, "the chat's second update overtook its first"
