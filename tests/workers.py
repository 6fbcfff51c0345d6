"""Several real bot processes on one PostgreSQL database, driven through the emulator.

Each worker is ``bot.py`` in its own process with its own health port (and webhook port in
webhook mode), its output in a file. Their product clocks are aligned: each starts at the
same instant of the product's time shifted by the real time elapsed since the first spawn.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from botapi_emulator import BotApiEmulator
from demo.harness import TOKEN
from tests.conftest import ADMIN
from wiring import ROOT

SWEEP_SECONDS = 5
WEBHOOK_SECRET = "workers-webhook-secret_1"
_DELIVERED = re.compile(r"delivered (\d+) message")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Worker:
    name: str
    process: asyncio.subprocess.Process
    log: Path
    health_port: int
    webhook_port: int | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.webhook_port}/hook"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def sent(self) -> int:
        """Messages this worker's passes delivered (from its log)."""
        return sum(int(m[1]) for m in _DELIVERED.finditer(self.output()))

    async def health(self) -> dict[str, Any] | None:
        """The /healthz report, or None while the worker does not answer."""
        try:
            async with (
                aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http,
                http.get(f"http://127.0.0.1:{self.health_port}/healthz") as reply,
            ):
                body: dict[str, Any] = json.loads(await reply.text())
                return body
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return None

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> int:
        """SIGTERM and wait; returns the exit code."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), timeout=60)


class Fleet:
    """The workers of one test, spawned with aligned clocks."""

    def __init__(
        self,
        emulator: BotApiEmulator,
        database_url: str,
        folder: Path,
        clock_start: datetime,
        *,
        speed: float = 1.0,
    ) -> None:
        self._emulator = emulator
        self._url = database_url
        self._folder = folder
        self._start = clock_start
        self._speed = speed
        self._origin = time.monotonic()
        self.workers: list[Worker] = []

    def now(self) -> datetime:
        """The product time the workers' clocks show now."""
        return self._start + timedelta(seconds=(time.monotonic() - self._origin) * self._speed)

    async def spawn(self, *, webhook_url: str | None = None) -> Worker:
        name = f"w{len(self.workers) + 1}"
        log = self._folder / f"{name}.log"
        health_port = free_port()
        env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("TELEGRAM_", "ADMIN_", "DATABASE_", "WEBHOOK_"))
            },
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self._emulator.base_url,
            "ADMIN_IDS": str(ADMIN),
            "DATABASE_URL": self._url,
            "SWEEP_SECONDS": str(SWEEP_SECONDS),
            "DIGEST_DAY": "off",
            "HEALTH_PORT": f"127.0.0.1:{health_port}",
        }
        webhook_port = None
        if webhook_url is not None:
            webhook_port = free_port()
            env |= {
                "WEBHOOK_URL": webhook_url,
                "WEBHOOK_SECRET": WEBHOOK_SECRET,
                "WEBHOOK_LISTEN": f"127.0.0.1:{webhook_port}",
            }
        with log.open("wb") as out:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                str(ROOT / "bot.py"),
                "--env-file",
                str(self._folder / "none.env"),
                "--clock-start",
                self.now().isoformat(),
                "--clock-speed",
                str(self._speed),
                cwd=self._folder,
                env=env,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
            )
        worker = Worker(name, process, log, health_port, webhook_port)
        self.workers.append(worker)
        return worker

    async def wait_until_up(
        self,
        worker: Worker,
        *,
        timeout: float = 120,  # noqa: ASYNC109 - a deadline for a polled condition
    ) -> dict[str, Any]:
        """Until the worker's health report shows a first successful pass."""
        return await poll(
            lambda: _up(worker), timeout=timeout, what=f"{worker.name} to start", worker=worker
        )

    async def stop_all(self) -> None:
        for worker in self.workers:
            if worker.process.returncode is None:
                worker.process.send_signal(signal.SIGTERM)
        for worker in self.workers:
            try:
                await asyncio.wait_for(worker.process.wait(), timeout=60)
            except TimeoutError:
                worker.kill()
                await worker.process.wait()


async def _up(worker: Worker) -> dict[str, Any] | None:
    report = await worker.health()
    return report if report is not None and report.get("last_pass") else None


async def poll(
    condition: Callable[[], Any],
    *,
    timeout: float,  # noqa: ASYNC109 - a deadline for a polled condition
    what: str,
    worker: Worker | None = None,
    every: float = 0.1,
) -> Any:
    """Re-check ``condition`` (sync or async) until it is truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if worker is not None and worker.process.returncode is not None:
            raise AssertionError(
                f"{worker.name} exited ({worker.process.returncode}) waiting for {what}:\n"
                + worker.output()[-3000:]
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(every)
