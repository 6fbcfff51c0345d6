"""The real ``python bot.py`` process for end-to-end tests: started against the emulator,
its own memory read from ``/proc`` (the bot's, not the test runner's)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from botapi_emulator import BotApiEmulator
from demo.harness import TOKEN
from tests.conftest import ADMIN
from wiring import ROOT


async def spawn_bot(
    emulator: BotApiEmulator,
    folder: Path,
    *,
    clock_start: str | None = None,
    speed: float = 60,
    sweep_seconds: int = 5,
    extra_env: dict[str, str] | None = None,
) -> asyncio.subprocess.Process:
    """``bot.py`` with its database in ``folder``, output (stdout and stderr) on a pipe."""
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "ADMIN_", "DATABASE_"))
        },
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "ADMIN_IDS": str(ADMIN),
        "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'bot.sqlite3'}",
        "SWEEP_SECONDS": str(sweep_seconds),
        "DIGEST_DAY": "off",
        **(extra_env or {}),
    }
    clock = (
        [] if clock_start is None else ["--clock-start", clock_start, "--clock-speed", str(speed)]
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "bot.py"),
        "--env-file",
        str(folder / "none.env"),
        *clock,
        cwd=folder,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


def peak_rss_mb(pid: int) -> float:
    """The peak resident memory of a running process so far (``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmHWM for process {pid}")


def rss_mb(pid: int) -> float:
    """The resident memory of a running process now (``VmRSS``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for process {pid}")
