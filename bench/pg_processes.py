"""The processes ``bench.bench_postgres`` runs: the PostgreSQL server (a throwaway one as
the tests start it, or one running), real bot processes (``bench.pg_worker
bot``), each with its log and its health port, and passes of the dispatcher run by several
processes at once (``bench.pg_worker pass``), started together."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests import postgres
from wiring import ROOT

_DELIVERED = re.compile(r"delivered (\d+) message")


@contextlib.contextmanager
def server(port: int | None) -> Iterator[int]:
    """The port of a PostgreSQL server: the one given, or a throwaway one (installed from
    Debian's packages first when missing and we may)."""
    if port is not None:
        yield port
        return
    if not postgres.available():
        sys.path.insert(0, str(ROOT))
        import dev

        dev.ensure_postgres()
    if not postgres.available():
        raise SystemExit("bench_postgres: PostgreSQL is not installed (apt-get install postgresql)")
    with contextlib.contextmanager(postgres.run_server)() as running:
        yield running.port


def url_of(port: int, database: str) -> str:
    return f"postgresql://postgres@127.0.0.1:{port}/{database}"


async def admin(port: int, statement: str) -> None:
    engine = create_async_engine(
        f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres", isolation_level="AUTOCOMMIT"
    )
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Worker:
    process: asyncio.subprocess.Process
    log: Path
    health_port: int

    def sent(self) -> int:
        text = self.log.read_text(errors="replace")
        return sum(int(m[1]) for m in _DELIVERED.finditer(text))

    async def up(self) -> bool:
        try:
            async with (
                aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http,
                http.get(f"http://127.0.0.1:{self.health_port}/healthz") as reply,
            ):
                return bool(json.loads(await reply.text()).get("last_pass"))
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return False


def _child_env(env: dict[str, str]) -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "ADMIN_", "DATABASE_", "WEBHOOK_", "LOCAL_AGENCIES"))
    }
    return {**keep, **env}


async def spawn_bot(env: dict[str, str], folder: Path, name: str, clock: datetime) -> Worker:
    health_port = _free_port()
    log = folder / f"{name}.log"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.pg_worker",
            "bot",
            "--clock-start",
            clock.isoformat(),
            cwd=ROOT,
            env=_child_env(env) | {"HEALTH_PORT": f"127.0.0.1:{health_port}"},
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
        )
    return Worker(process, log, health_port)


async def stop(workers: Sequence[Worker]) -> None:
    for worker in workers:
        if worker.process.returncode is None:
            worker.process.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            await asyncio.wait_for(worker.process.wait(), 60)
        except TimeoutError:
            worker.process.kill()
            await worker.process.wait()


async def until(
    condition: Any, limit: float, what: str, workers: Sequence[Worker], *, fail: bool = True
) -> bool:
    """Until ``condition`` (sync or async) holds: True; past ``limit`` seconds an error, or
    False unless ``fail``; an error when a worker exits meanwhile."""
    deadline = time.monotonic() + limit
    while True:
        result = condition()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return True
        for worker in workers:
            if worker.process.returncode is not None:
                raise RuntimeError(
                    f"a worker exited ({worker.process.returncode}) waiting for {what}:\n"
                    + worker.log.read_text(errors="replace")[-3000:]
                )
        if time.monotonic() > deadline:
            if not fail:
                return False
            raise RuntimeError(f"timed out after {limit:g} s waiting for {what}")
        await asyncio.sleep(0.02)


async def passes(
    env: dict[str, str], what: str, at: datetime, count: int, *options: str
) -> list[dict[str, Any]]:
    """``count`` processes each running ``bench.pg_worker pass what`` together; their figures
    and the wall time from the start signal to the last one's answer (``"wall_ms"``)."""
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.pg_worker",
            "pass",
            what,
            "--at",
            at.isoformat(),
            *options,
            cwd=ROOT,
            env=_child_env(env),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        for _ in range(count)
    ]
    for process in processes:
        assert process.stdout is not None
        line = await process.stdout.readline()
        if line.strip() != b"ready":
            raise RuntimeError(f"a {what} process failed to start: {line!r}")
    t0 = time.perf_counter()
    for process in processes:
        assert process.stdin is not None
        process.stdin.write(b"go\n")
        await process.stdin.drain()

    async def answer(process: asyncio.subprocess.Process) -> dict[str, Any]:
        assert process.stdout is not None
        line = await process.stdout.readline()
        figures: dict[str, Any] = json.loads(line)
        figures["wall_ms"] = (time.perf_counter() - t0) * 1000
        if await process.wait() != 0:
            raise RuntimeError(f"a {what} process failed ({process.returncode})")
        return figures

    return list(await asyncio.gather(*(answer(p) for p in processes)))
