"""The 1,000-reminder sweep again, on a copy of a database ``bench.bench_scale --keep`` left,
each of its statements and its commit timed.

    .venv/bin/python -m bench.scale_sweep DIR/<N> [--runs 5] [--pragma NAME=VALUE]

The copy's sweep of the second morning is undone (its reminders pending again, its messages
gone), then it is swept ``--runs`` times, each sweep undone after it and the log then
copied back into the database as the bot's runner does after a pass (``storage.checkpoint``). For each sweep it
prints the wall time and the process's CPU time, and for each statement run by SQLite's
driver (the sweep's ``BEGIN IMMEDIATE``, its reads and writes, its ``COMMIT``) the wall time,
the CPU time of the thread that ran it, and the write-ahead log's state after it: what a
sweep spends waiting rather than computing, and where. ``--pragma`` sets a pragma on the
product's connections after its own (``--pragma cache_size=-64000``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import resource
import shutil
import sqlite3
import struct
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.scale_build import IDLE_AT, SWEEP_AT
from demo.harness import TOKEN
from domain.clock import FakeClock
from settings import load_settings
from storage import sqlite_driver
from wiring import build_core, build_product, settle_start_up


@dataclass
class Step:
    at_ms: float
    sql: str
    wall_ms: float
    cpu_ms: float
    wal: str
    waits: str = ""
    """The thread's voluntary / involuntary context switches and blocks read / written
    (``getrusage``) during the statement: a block is a wait for I/O or a lock, an
    involuntary switch one for a core."""


_steps: list[Step] = []
_wal: Path | None = None
_origin = 0.0  # perf_counter() at the sweep's start


def _wal_frames() -> str:
    """The log's frames in use and those copied back into the database (the wal-index
    header and checkpoint info at the start of the ``-shm`` file)."""
    shm = None if _wal is None else _wal.with_name(_wal.name.replace("-wal", "-shm"))
    if shm is None or not shm.exists():
        return "-"
    with shm.open("rb") as file:
        head = file.read(104)
    if len(head) < 104:
        return "-"
    frames, backfilled = (
        struct.unpack_from("=I", head, 16)[0],
        struct.unpack_from("=I", head, 96)[0],
    )
    return f"{frames:5d}/{backfilled:<5d}"


def _usage() -> tuple[int, int, int, int]:
    u = resource.getrusage(resource.RUSAGE_THREAD)
    return u.ru_nvcsw, u.ru_nivcsw, u.ru_inblock, u.ru_oublock


def _waits(before: tuple[int, int, int, int]) -> str:
    vol, invol, read, written = (b - a for a, b in zip(before, _usage(), strict=True))
    return f"{vol:3d}/{invol:<3d} {read:5d}r {written:6d}w"


def _timed_run(raw: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> Any:
    u0 = _usage()
    t0, c0 = time.perf_counter(), time.thread_time()
    try:
        return _untimed_run(raw, operation, parameters, many)
    finally:
        wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
        sql = " ".join(operation.split())[:50]
        _steps.append(
            Step((t0 - _origin) * 1e3, sql, wall * 1e3, cpu * 1e3, _wal_frames(), _waits(u0))
        )


_untimed_run = sqlite_driver._run
_untimed_commit = sqlite_driver.OneTripConnection.commit


def _timed_commit(self: sqlite_driver.OneTripConnection) -> None:
    inline = self.inline
    u0 = _usage()
    t0, c0 = time.perf_counter(), time.thread_time()
    try:
        _untimed_commit(self)
    finally:
        wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
        label = "COMMIT (inline)" if inline else "COMMIT (thread)"
        # The thread's CPU is only this thread's when the commit ran inline.
        cpu_ms = cpu * 1e3 if inline else float("nan")
        waits = _waits(u0) if inline else ""
        _steps.append(Step((t0 - _origin) * 1e3, label, wall * 1e3, cpu_ms, _wal_frames(), waits))


def _undo(database: Path) -> None:
    """Put the second morning's reminders back to pending and drop their messages."""
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        # What the log needs copying back is left to the product's connections.
        db.execute("PRAGMA wal_autocheckpoint=0")
        at = db.execute("SELECT max(handled_at) FROM reminders").fetchone()[0]
        outbox = [
            row[0]
            for row in db.execute(
                "SELECT DISTINCT outbox_id FROM reminders"
                " WHERE handled_at = ? AND outbox_id IS NOT NULL",
                (at,),
            )
        ]
        db.execute(
            "UPDATE reminders SET state = 'pending', handled_at = NULL, outbox_id = NULL"
            " WHERE handled_at = ?",
            (at,),
        )
        db.executemany("DELETE FROM outbox WHERE id = ?", [(n,) for n in outbox])


async def _sweeps(folder: Path, runs: int, pragmas: Sequence[str]) -> None:
    global _wal, _origin
    database = folder / "bot.sqlite3"
    _wal = folder / "bot.sqlite3-wal"
    settings = load_settings(
        {
            "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
            "LOCAL_AGENCIES_FILE": str(folder / "local_agencies.toml"),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9",
            "ADMIN_IDS": "1001",
            "DIGEST_DAY": "off",
        },
        require_bot=True,
    )
    core = build_core(settings, FakeClock(IDLE_AT))
    if pragmas:

        @event.listens_for(core.engine.sync_engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: object) -> None:
            cursor = dbapi_connection.cursor()
            for pragma in pragmas:
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

    try:
        dispatcher = build_product(core).runner.dispatcher
        settle_start_up()
        for run in range(runs):
            _steps.clear()
            t0 = _origin = time.perf_counter()
            c0, u0 = time.process_time(), _usage()
            fired, queued = await dispatcher.fire_due(SWEEP_AT)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(
                f"sweep {run + 1}: {fired} fired, {queued} queued, {wall * 1e3:.1f} ms wall,"
                f" {cpu * 1e3:.1f} ms CPU, WAL frames {_wal_frames()}; the loop's thread:"
                f" {_waits(u0)}"
            )
            for step in _steps:
                print(
                    f"  at {step.at_ms:7.2f} ms {step.wall_ms:7.2f} ms wall {step.cpu_ms:7.2f} ms CPU"
                    f"  WAL {step.wal:11s} {step.waits:20s} {step.sql}"
                )
            await asyncio.to_thread(_undo, database)
            checkpointer = getattr(core, "checkpointer", None)  # None before it existed
            if checkpointer is not None:  # as the bot's runner does after a pass
                await checkpointer.run()
    finally:
        await core.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kept", type=Path, help="a folder bench.bench_scale --keep left")
    parser.add_argument("--runs", type=int, default=5, help="sweeps to time (default 5)")
    parser.add_argument(
        "--pragma",
        action="append",
        default=[],
        help="a PRAGMA for the product's connections after its own, e.g. mmap_size=2000000000",
    )
    arguments = parser.parse_args(argv)
    sqlite_driver._run = _timed_run  # type: ignore[assignment]
    sqlite_driver.OneTripConnection.commit = _timed_commit  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory(dir=arguments.kept.parent) as name:
        folder = Path(name)
        for file in ("bot.sqlite3", "bot.sqlite3-wal", "local_agencies.toml"):
            if (arguments.kept / file).exists():
                shutil.copy(arguments.kept / file, folder / file)
        _undo(folder / "bot.sqlite3")
        asyncio.run(_sweeps(folder, arguments.runs, arguments.pragma))


if __name__ == "__main__":
    main()
