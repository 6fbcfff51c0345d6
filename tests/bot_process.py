"""The real ``python bot.py`` process for end-to-end tests: started against the emulator,
its own memory read from ``/proc`` (the bot's, not the test runner's)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
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


async def stop_bot(
    process: asyncio.subprocess.Process,
    signum: signal.Signals = signal.SIGTERM,
    *,
    within: float = 40,
) -> tuple[str, float]:
    """Signal the bot and wait for it to exit; returns its output and the seconds it took.

    A bot that does not exit in ``within`` seconds is killed and the test fails with the
    end of its output (what it was doing), not a bare timeout."""
    process.send_signal(signum)
    return await wait_exit(process, within=within, why=f"of {signum.name}")


async def wait_exit(
    process: asyncio.subprocess.Process, *, within: float, why: str = ""
) -> tuple[str, float]:
    """Wait for the bot to exit by itself; returns its output and the seconds it took (the
    process is waited on, not the clock). Killed, and the test failed with the end of its
    output, if it has not exited in ``within`` seconds."""
    began = time.monotonic()
    chunks: list[bytes] = []

    async def drain() -> None:
        assert process.stdout is not None
        while chunk := await process.stdout.read(65536):
            chunks.append(chunk)

    # Read as it comes (not communicate(): what a cancelled one read would be lost).
    ended = asyncio.ensure_future(asyncio.gather(drain(), process.wait()))
    done, _ = await asyncio.wait({ended}, timeout=within)
    took = time.monotonic() - began
    if not done:
        process.kill()
        await ended
        raise AssertionError(
            f"the bot did not exit within {within:g} s {why}:\n"
            + b"".join(chunks).decode(errors="replace")[-4000:]
        )
    return b"".join(chunks).decode(errors="replace"), took
