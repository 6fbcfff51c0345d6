"""The bot token appears nowhere while things go wrong at run time: the real ``bot.py``
through a failing poll (502, 409 Conflict), refused and failing sends (500, 400), a file
whose download fails, and at last the token revoked while it runs (401 on every call).

Grepped afterwards for the token and for its secret half alone: everything the process
wrote (stdout and stderr, tracebacks included), the database with its journal files,
every request the bot made to the Bot API (what could reach a chat) and every message.
(Start-up failures: ``tests/test_hostile_startup.py``.)
"""

from __future__ import annotations

import json
from pathlib import Path

from botapi_emulator import BotApiEmulator
from demo.harness import TOKEN
from tests.bot_process import spawn_bot, stop_bot
from tests.conftest import ADMIN, FOCAL
from tests.test_e2e_chat import ask

SECRET = TOKEN.split(":", 1)[1]


def assert_nowhere(where: str, text: str) -> None:
    assert TOKEN not in text, where
    assert SECRET not in text, where


async def test_no_failure_at_run_time_shows_the_token(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    bot = await spawn_bot(emulator, tmp_path)
    try:
        await emulator.wait_for(lambda: emulator.long_poll_waiting or None, timeout=60)
        emulator.fail_next("getUpdates", error_code=502, description="Bad Gateway")
        emulator.fail_next(
            "getUpdates",
            error_code=409,
            description="Conflict: terminated by other getUpdates request",
        )
        assert (await ask(emulator, ADMIN, ADMIN, "/help")).text
        # A reply refused with 500, then with 400: the bot says what it can.
        emulator.fail_next("sendMessage", ADMIN, error_code=500, description="Internal Error")
        emulator.fail_next(
            "sendMessage", ADMIN, error_code=400, description="Bad Request: can't parse entities"
        )
        await emulator.send_text(ADMIN, ADMIN, "/agencies")
        await emulator.send_text(ADMIN, ADMIN, "/daumoi")
        assert (await ask(emulator, ADMIN, ADMIN, "/help")).text
        # A notice file whose download fails.
        emulator.fail_next("getFile", error_code=500, description="Internal Server Error")
        sent = await emulator.send_document(
            ADMIN, ADMIN, "tb.txt", "Bộ Công an chủ trì".encode(), "text/plain"
        )
        failed = await emulator.wait_for_bot_message(
            ADMIN, lambda m: m.reply_to == sent["message_id"], timeout=30
        )
        assert "không tải được tệp" in failed.text
        # The token is revoked while the bot runs: the next poll and a reply get 401, and
        # so does every call while it stops.
        emulator.fail_next("sendMessage", FOCAL, error_code=401, description="Unauthorized")
        emulator.fail_next("getUpdates", error_code=401, description="Unauthorized", times=99)
        await emulator.send_text(FOCAL, FOCAL, "/help")
        await emulator.wait_for_call("getUpdates", timeout=60)
        await emulator.wait_for_call("sendMessage", lambda p: p.get("chat_id") == FOCAL)
        emulator.token = "999999:revoked-elsewhere-0000000000"
    finally:
        logs, _ = await stop_bot(bot)
        emulator.token = TOKEN
    assert bot.returncode == 2, logs[-3000:]
    assert "rejected the token" in logs
    # The failures above were logged, with their tracebacks.
    assert "Invalid token" in logs
    assert "handler agencies failed" in logs
    assert "Traceback" in logs
    assert_nowhere("the process's output", logs)
    for name, data in _files(tmp_path, "bot.sqlite3*").items():
        assert SECRET.encode() not in data, name
    requests = json.dumps([c.params for c in emulator.calls], ensure_ascii=False, default=str)
    assert_nowhere("a request to the Bot API", requests)
    for chat in (ADMIN, FOCAL):
        for message in emulator.messages(chat):
            assert_nowhere(f"a message in chat {chat}", message.text + (message.html or ""))


def _files(folder: Path, pattern: str) -> dict[str, bytes]:
    """The database and its journal files, read once the process has ended."""
    return {path.name: path.read_bytes() for path in folder.glob(pattern)}
