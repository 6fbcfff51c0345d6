"""The bot token appears nowhere while things go wrong at run time: the real ``bot.py``
through a failing poll (502, 409 Conflict), refused and failing sends (500, 400), a file
whose download fails, and at last the token revoked while it runs (401 on every call).

A token revoked while the bot runs stops it by itself, with one line saying so and exit
status 2, whichever call is refused first — the poll, a reply, a message of the outbox —
and what was not sent stays pending: a restart with the token restored sends it once.

Grepped afterwards for the token and for its secret half alone: everything the process
wrote (stdout and stderr, tracebacks included), the database with its journal files,
every request the bot made to the Bot API (what could reach a chat) and every message.
(Start-up failures: ``tests/test_hostile_startup.py``.)
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from botapi_emulator import BotApiEmulator, Fault
from demo.harness import TOKEN
from tests.bot_process import spawn_bot, stop_bot, wait_exit
from tests.conftest import ADMIN, FOCAL
from tests.test_e2e_chat import ask, invite_and_join

SECRET = TOKEN.split(":", 1)[1]
#: What @BotFather gives after a revocation; the emulator accepts only it from then on.
REVOKED = "999999:revoked-elsewhere-0000000000"
#: How long a bot whose token is refused may take to stop by itself (its own bounds: a
#: send's timeout, the stop's grace, the wind-down).
STOPS_WITHIN = 60
REFUSED_LINE = "the Bot API refused the bot's token while it was running"


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
        # The token is revoked while the bot runs: its waiting poll is answered 401.
        emulator.token = REVOKED
        logs, took = await wait_exit(bot, within=STOPS_WITHIN, why="after the revocation")
    finally:
        if bot.returncode is None:
            await stop_bot(bot)
        emulator.token = TOKEN
    print(f"stopped {took:.1f} s after the token was revoked")
    assert bot.returncode == 2, logs[-3000:]
    assert f"{REFUSED_LINE} (getUpdates: Unauthorized)" in logs, logs[-3000:]
    assert "TELEGRAM_BOT_TOKEN" in logs
    # The failures above were logged, with their tracebacks; the refusal in one line.
    assert "handler agencies failed" in logs
    assert "Traceback" in logs
    assert "Invalid token" not in logs  # PTB's own record of it, with its traceback
    assert logs.count("refused the bot's token") == 1
    assert_nowhere("the process's output", logs)
    _assert_nowhere_in_files(tmp_path)
    _assert_nowhere_sent(emulator)


async def test_a_reply_refused_with_401_stops_the_bot_by_itself(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    bot = await spawn_bot(emulator, tmp_path)
    try:
        await emulator.wait_for(lambda: emulator.long_poll_waiting or None, timeout=60)
        emulator.fail_next("sendMessage", FOCAL, error_code=401, description="Unauthorized")
        await emulator.send_text(FOCAL, FOCAL, "/help")
        logs, _ = await wait_exit(bot, within=STOPS_WITHIN, why="after the refused reply")
    finally:
        if bot.returncode is None:
            await stop_bot(bot)
    assert bot.returncode == 2, logs[-3000:]
    assert f"{REFUSED_LINE} (a reply: Unauthorized)" in logs, logs[-3000:]
    assert "Traceback" not in logs, logs[-3000:]
    assert_nowhere("the process's output", logs)
    _assert_nowhere_in_files(tmp_path)


async def test_a_token_revoked_while_a_message_is_sent_leaves_it_pending_for_the_next_start(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # Monday 2 March 2026, 09:00 in Hanoi.
    bot = await spawn_bot(emulator, tmp_path, clock_start="2026-03-02T09:00:00+07:00")
    try:
        await emulator.wait_for(lambda: emulator.long_poll_waiting or None, timeout=60)
        added = await ask(
            emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo tiến độ | 30/09/2026"
        )
        task = re.search(r"#(\d+)", added.text)
        assert task, added.text
        await invite_and_join(emulator, "Bộ Công an", FOCAL)
        # Telegram holds the report's confirmation; the token is revoked meanwhile.
        held = emulator.add_fault(Fault(method="sendMessage", chat_id=FOCAL, delay_before=300))
        await emulator.send_text(FOCAL, FOCAL, f"/done {task[1]} đã gửi báo cáo")
        await emulator.wait_for_call(
            "sendMessage",
            lambda p: p.get("chat_id") == FOCAL and "Đã ghi nhận" in str(p.get("text")),
            timeout=60,
        )
        emulator.token = REVOKED
        logs, _ = await wait_exit(bot, within=STOPS_WITHIN, why="after the revocation")
    finally:
        if bot.returncode is None:
            await stop_bot(bot)
        emulator.token = TOKEN
    assert bot.returncode == 2, logs[-3000:]
    assert REFUSED_LINE in logs, logs[-3000:]
    assert logs.count("refused the bot's token") == 1
    assert "Traceback" not in logs, logs[-3000:]
    assert_nowhere("the process's output", logs)
    _assert_nowhere_in_files(tmp_path)
    assert not _confirmations(emulator)
    confirmation = _outbox(tmp_path, "Đã ghi nhận")
    assert [state for state, _ in confirmation] == ["pending"]
    _assert_sent_means_delivered(emulator, tmp_path)

    # Started again with the token restored (a day later): the confirmation goes out once,
    # and the report is not taken again.
    emulator.faults.remove(held)
    again = await spawn_bot(emulator, tmp_path, clock_start="2026-03-03T09:00:00+07:00")
    try:
        await emulator.wait_for(lambda: _confirmations(emulator) or None, timeout=60)
        assert (await ask(emulator, ADMIN, ADMIN, "/help")).text
    finally:
        logs, _ = await stop_bot(again)
    assert again.returncode == 0, logs[-3000:]
    assert len(_confirmations(emulator)) == 1
    assert [state for state, _ in _outbox(tmp_path, "Đã ghi nhận")] == ["sent"]
    _assert_sent_means_delivered(emulator, tmp_path)
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        states = dict(db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
    assert "sending" not in states, states
    assert_nowhere("the process's output", logs)
    _assert_nowhere_in_files(tmp_path)
    _assert_nowhere_sent(emulator)


def _confirmations(emulator: BotApiEmulator) -> list[str]:
    return [m.text for m in emulator.bot_messages(FOCAL) if "Đã ghi nhận" in m.text]


def _outbox(folder: Path, words: str) -> list[tuple[str, int | None]]:
    """The outbox rows holding ``words``: their state and Telegram's message id."""
    with sqlite3.connect(folder / "bot.sqlite3") as db:
        return db.execute(
            "SELECT state, message_id FROM outbox WHERE html LIKE ? ORDER BY id",
            (f"%{words}%",),
        ).fetchall()


def _assert_sent_means_delivered(emulator: BotApiEmulator, folder: Path) -> None:
    """Every message the outbox calls sent is one Telegram shows, in its chat."""
    with sqlite3.connect(folder / "bot.sqlite3") as db:
        sent = db.execute("SELECT chat_id, message_id FROM outbox WHERE state = 'sent'").fetchall()
    shown = {(chat, m.message_id) for chat in (ADMIN, FOCAL) for m in emulator.bot_messages(chat)}
    assert set(sent) <= shown, set(sent) - shown


def _assert_nowhere_in_files(folder: Path) -> None:
    """Every file the bot left in its folder: the database and its journals, any log."""
    files = _files(folder, "**/*")
    assert "bot.sqlite3" in files
    for name, data in files.items():
        assert SECRET.encode() not in data, name


def _assert_nowhere_sent(emulator: BotApiEmulator) -> None:
    requests = json.dumps([c.params for c in emulator.calls], ensure_ascii=False, default=str)
    assert_nowhere("a request to the Bot API", requests)
    for chat in (ADMIN, FOCAL):
        for message in emulator.messages(chat):
            assert_nowhere(f"a message in chat {chat}", message.text + (message.html or ""))


def _files(folder: Path, pattern: str) -> dict[str, bytes]:
    """The files the bot wrote (the database and its journal files, …), read once the
    process has ended."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.glob(pattern) if p.is_file()}
