"""The real ``python bot.py`` process, on a rehearsal clock, against the local emulator."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

from botapi_emulator import BotApiEmulator
from demo.harness import TOKEN
from tests.bot_process import stop_bot
from tests.conftest import ADMIN, FOCAL
from tests.test_e2e_chat import ask
from wiring import ROOT


async def test_the_bot_process_runs_on_a_fast_clock_and_keeps_the_token_out_of_its_logs(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
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
        "SWEEP_SECONDS": "5",
    }
    # Wednesday 25 November 2026, 08:20 in Hanoi, at 60× speed: 08:30 comes after ~10 s.
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "bot.py"),
        "--env-file",
        str(tmp_path / "none.env"),
        "--clock-start",
        "2026-11-25T08:20:00+07:00",
        "--clock-speed",
        "60",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        await emulator.wait_for(lambda: emulator.long_poll_waiting or None, timeout=60)
        reply = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Công an")
        token = re.search(r"start=([\w-]+)", reply.text)
        assert token
        joined = await ask(emulator, FOCAL, FOCAL, f"/start {token[1]}")
        assert "đầu mối của Bộ Công an" in joined.text
        # The seeded tasks of the Ministry are long overdue: one summary at 08:30.
        summary = await emulator.wait_for_bot_message(
            FOCAL, lambda m: "Nhắc việc" in m.text, timeout=40
        )
        assert "quá hạn" in summary.text
    finally:
        logs, _ = await stop_bot(process, within=30)
    assert process.returncode == 0, logs[-3000:]
    assert "bot is running" in logs
    assert TOKEN not in logs
    assert TOKEN.split(":")[1] not in logs
