"""kill -9 of the real bot process while a send is unanswered, then an immediate restart:
the message is taken back at once (its sender's pid is gone) and delivered within one sweep;
the duplicates are at most the messages in flight at the kill. A SIGTERM then stops the bot
cleanly: exit code 0, no traceback."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import sys
import time
from pathlib import Path

from botapi_emulator import BotApiEmulator, Fault
from demo.harness import TOKEN
from tests.bot_process import stop_bot
from tests.conftest import ADMIN, FOCAL
from tests.test_e2e_chat import ask, reminders
from wiring import ROOT

SWEEP_SECONDS = 5


async def _spawn(
    emulator: BotApiEmulator, tmp_path: Path, clock_start: str
) -> asyncio.subprocess.Process:
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "ADMIN_", "DATABASE_"))
        },
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "ADMIN_IDS": str(ADMIN),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        "SWEEP_SECONDS": str(SWEEP_SECONDS),
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "bot.py"),
        "--env-file",
        str(tmp_path / "none.env"),
        "--clock-start",
        clock_start,
        "--clock-speed",
        "60",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def test_a_send_in_flight_at_kill_9_is_delivered_by_the_restarted_bot_within_a_sweep(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    # Wednesday 25 November 2026, 08:20 in Hanoi, at 60×: 08:30 comes after ~10 s.
    first = await _spawn(emulator, tmp_path, "2026-11-25T08:20:00+07:00")
    try:
        await emulator.wait_for(lambda: emulator.long_poll_waiting or None, timeout=60)
        reply = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Công an")
        token = re.search(r"start=([\w-]+)", reply.text)
        assert token
        await ask(emulator, FOCAL, FOCAL, f"/start {token[1]}")
        # From now on Telegram takes the focal point's messages but never answers in time.
        held = emulator.add_fault(Fault(method="sendMessage", chat_id=FOCAL, delay_after=300))
        await emulator.wait_for_bot_message(FOCAL, lambda m: "Nhắc việc" in m.text, timeout=40)
        assert held.hits == 1
    finally:
        first.kill()
        await first.communicate()
    assert first.returncode == -signal.SIGKILL
    emulator.faults.remove(held)
    in_flight = 1

    calls_before = len(emulator.calls)
    started = time.monotonic()
    second = await _spawn(emulator, tmp_path, "2026-11-25T08:31:00+07:00")
    try:
        await emulator.wait_for(lambda: len(emulator.calls) > calls_before or None, timeout=60)
        up = time.monotonic()
        await emulator.wait_for(lambda: len(reminders(emulator, FOCAL)) >= 2 or None, timeout=30)
        delivered = time.monotonic()
        print(
            f"restart: up after {up - started:.1f} s, reminder delivered "
            f"{delivered - up:.1f} s after the first call (sweep {SWEEP_SECONDS} s)"
        )
        assert delivered - up < SWEEP_SECONDS
    finally:
        logs, _ = await stop_bot(second)
    assert second.returncode == 0, logs[-3000:]
    assert "Traceback" not in logs, logs[-3000:]
    duplicates = len(reminders(emulator, FOCAL)) - 1
    assert duplicates <= in_flight
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        states = dict(db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
        senders = db.execute("SELECT count(*) FROM senders").fetchone()[0]
    assert "sending" not in states, states
    assert senders == 0  # the clean stop retired its sender; the dead one was taken back
