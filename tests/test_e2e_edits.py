"""An edited message is never executed a second time, whatever it was: every command the
bot registers, a file, a reason typed in reply to the bot's question, a progress note.

First the inventory: an edit of each kind, as Telegram sends it (``edited_message``), is
taken by no handler of the running application but the one that answers edits. Then the
real bot: each report edited after it was recorded gets the short answer, sent as a reply
to the edited message, and leaves every table as it was.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, TypeHandler

from botapi_emulator import BotApiEmulator
from chat import refusals
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL
from tests.test_e2e_chat import ask, invite_and_join
from tests.test_fuzz_chat import snapshot

EDITED = refusals.edit_ignored().split(":")[0]


def _edited(bot_id: int, chat_id: int, **fields: Any) -> dict[str, Any]:
    message = {
        "message_id": 7,
        "date": 1764640800,
        "edit_date": 1764640900,
        "chat": {"id": chat_id, "type": "private", "first_name": "Lan"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Lan"},
        **fields,
    }
    return {"update_id": 1, "edited_message": message}


def test_no_handler_but_the_edit_answer_takes_an_edited_message(live: LiveBot) -> None:
    application = live.product.application
    bot = application.bot
    me = {"id": 7000000001, "is_bot": True, "first_name": "Bot"}
    question = {"message_id": 6, "date": 1764640700, "chat": {"id": FOCAL, "type": "private"},
                "from": me, "text": "⏳ Báo cáo chậm nhiệm vụ #1: Vui lòng trả lời"}  # fmt: skip
    handlers: list[BaseHandler[Any, Any, Any]] = [
        h for group in application.handlers.values() for h in group
    ]
    commands = sorted({c for h in handlers if isinstance(h, CommandHandler) for c in h.commands})
    assert {"addtask", "done", "late", "invite", "giahan", "tiendo"} <= set(commands)
    kinds: dict[str, dict[str, Any]] = {
        **{
            f"/{c}": {
                "text": f"/{c} 1 x",
                "entities": [{"type": "bot_command", "offset": 0, "length": len(c) + 1}],
            }
            for c in commands
        },
        "a file": {
            "document": {"file_id": "f", "file_unique_id": "u", "file_name": "tb.txt"},
            "caption": "23/02/2025",
        },
        "a reply to the bot": {"text": "chờ số liệu", "reply_to_message": question},
        "words": {"text": "xong 1"},
    }
    for kind, fields in kinds.items():
        update = Update.de_json(_edited(me["id"], FOCAL, **fields), bot)
        taking = [
            h
            for h in handlers
            if not isinstance(h, TypeHandler) and h.check_update(update) not in (None, False)
        ]
        names = [getattr(h.callback, "__name__", repr(h.callback)) for h in taking]
        assert names in (["edited"], []), (kind, names)
        if kind != "words":
            assert names == ["edited"], kind


async def test_edited_reports_and_replies_are_answered_and_change_nothing(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát dữ liệu | 31/12/2026")
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo quý | 31/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    late = await emulator.send_text(FOCAL, FOCAL, "/late 1 chờ số liệu 20/1/2027")
    await emulator.wait_for_bot_message(FOCAL, lambda m: m.reply_to == late["message_id"])
    progress = await emulator.send_text(FOCAL, FOCAL, "/tiendo 2 đã gửi dự thảo")
    await emulator.wait_for_bot_message(FOCAL, lambda m: m.reply_to == progress["message_id"])
    # A reason given in reply to the late button's question.
    anchor = await ask(emulator, FOCAL, FOCAL, "/help")
    await emulator.click_forged(FOCAL, FOCAL, anchor.message_id, "late:2")
    prompt = await emulator.wait_for_bot_message(
        FOCAL, lambda m: "Báo cáo chậm nhiệm vụ #2" in m.text
    )
    reason = await emulator.send_text(FOCAL, FOCAL, "chờ ý kiến Bộ", reply_to=prompt.message_id)
    await emulator.wait_for_bot_message(FOCAL, lambda m: m.reply_to == reason["message_id"])
    extension = await emulator.send_text(ADMIN, ADMIN, "/giahan 1 15/1/2027")
    await emulator.wait_for_bot_message(ADMIN, lambda m: m.reply_to == extension["message_id"])
    await emulator.wait_for_bot_message(FOCAL, lambda m: "đã gia hạn nhiệm vụ #1" in m.text)
    before = await snapshot(live)
    edits = [
        (FOCAL, late, "/late 1 chờ số liệu 25/1/2027"),
        (FOCAL, progress, "/tiendo 2 đã gửi dự thảo lần hai"),
        (FOCAL, reason, "chờ ý kiến Bộ Tài chính 30/12/2026"),
        (ADMIN, extension, "/giahan 1 20/1/2027"),
    ]
    for chat, sent, text in edits:
        seen = max(m.message_id for m in emulator.messages(chat))
        await emulator.edit_user_message(chat, chat, sent["message_id"], text)
        answer = await emulator.wait_for_bot_message(
            chat, lambda m: m.text.startswith("✏️"), after_message_id=seen
        )
        assert EDITED in answer.text, (text, answer.text)
        # The answer quotes the edited message: in a busy chat it shows which edit it means.
        assert answer.reply_to == sent["message_id"], (text, answer.reply_to)
    assert await snapshot(live) == before
    # Sent again as a new message, the same report is recorded.
    again = await ask(emulator, FOCAL, FOCAL, "/tiendo 2 đã gửi dự thảo lần hai")
    assert "Đã ghi tiến độ" in again.text
    assert await snapshot(live) != before
