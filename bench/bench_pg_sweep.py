"""The 1,000-reminder due sweep on PostgreSQL, repeated on fresh copies of one database, with
the time of each of its statements: where a sweep's time goes on the server and in Python.

    .venv/bin/python -m bench.bench_pg_sweep [--obligations 20000] [--chats 2000]
        [--agencies 2000] [--runs 5] [--statements] [--port P]

It builds one database as ``bench.bench_postgres`` does (a throwaway server, or ``--port``),
then for each run copies it (``CREATE DATABASE … TEMPLATE``) and runs, in this process, one
sweep with nothing due (its statements compiled, as in a running worker), five whole quiet
passes of the dispatcher (``Dispatcher.run_once`` with nothing to do; their median) and
the sweep of the second morning (``Dispatcher.fire_due``), with the collector held off
during it. Each run prints the quiet pass, the sweep's wall and CPU time (this process's: the server's own time is the
difference, on a quiet machine) and, with ``--statements``, each statement's wall time as
SQLAlchemy sent it. The machine's load is printed with each run: the figures follow it.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.bench_postgres import _environment, build_database
from bench.bench_startup import generate
from bench.pg_processes import admin, server, url_of
from bench.pg_worker import LIMITS_OFF, quiet_passes
from bench.scale_build import IDLE_AT, SWEEP_AT, Shape
from botapi_emulator import BotApiEmulator
from demo.harness import TOKEN
from domain.clock import FakeClock
from settings import load_settings
from wiring import build_core, build_product


async def sweep(env: dict[str, str], statements: bool) -> tuple[float, float, int, int, float]:
    """Five quiet passes, then one due sweep on the database of ``env``: the sweep's wall ms,
    CPU ms, fired, queued, and the quiet passes' median wall ms."""
    core = build_core(load_settings(env, require_bot=True), FakeClock(SWEEP_AT))
    product = build_product(core, flood_rules=LIMITS_OFF)
    timings: list[tuple[float, str]] = []
    started: list[float] = []

    def before(*_: Any) -> None:
        started.append(time.perf_counter())

    def after(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        timings.append(((time.perf_counter() - started.pop()) * 1000, " ".join(statement.split())))

    try:
        dispatcher = product.runner.dispatcher
        await dispatcher.fire_due(IDLE_AT)
        quiet, busy = await quiet_passes(dispatcher, IDLE_AT)
        if busy:
            raise RuntimeError(f"the quiet passes did something: {busy}")
        if statements:
            event.listen(core.engine.sync_engine, "before_cursor_execute", before)
            event.listen(core.engine.sync_engine, "after_cursor_execute", after)
        gc.collect()
        gc.disable()
        wall, cpu = time.perf_counter(), time.process_time()
        fired, queued = await dispatcher.fire_due(SWEEP_AT)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        gc.enable()
        for ms, text in timings:
            print(f"    {ms:7.1f} ms  {text[:110]}")
        return wall * 1000, cpu * 1000, fired, queued, quiet
    finally:
        await product.application.bot.request.shutdown()
        await core.close()


async def measure(port: int, shape: Shape, runs: int, statements: bool) -> None:
    template = f"built_{uuid.uuid4().hex[:12]}"
    await admin(port, f"CREATE DATABASE {template}")
    try:
        with tempfile.TemporaryDirectory() as name:
            agencies_file = Path(name) / "local_agencies.toml"
            generate(shape.agencies, agencies_file)
            emulator = BotApiEmulator(TOKEN)  # only for its address: nothing is sent
            env = _environment(url_of(port, template), emulator, agencies_file)
            print(f"built in {await build_database(env, shape, agencies_file):.1f} s")
            for run in range(1, runs + 1):
                copy = f"c_{uuid.uuid4().hex[:12]}"
                await admin(port, f"CREATE DATABASE {copy} TEMPLATE {template}")
                load = os.getloadavg()[0]
                copied = _environment(url_of(port, copy), emulator, agencies_file)
                wall, cpu, fired, queued, quiet = await sweep(copied, statements)
                print(
                    f"run {run}: {fired} reminders → {queued} messages in {wall:.1f} ms "
                    f"({cpu:.1f} ms of this process's CPU); a quiet pass {quiet:.2f} ms; "
                    f"load {load:.1f}"
                )
                await admin(port, f"DROP DATABASE {copy} WITH (FORCE)")
    finally:
        await admin(port, f"DROP DATABASE {template} WITH (FORCE)")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--obligations", type=int, default=20_000)
    parser.add_argument("--chats", type=int, default=2_000)
    parser.add_argument("--agencies", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--statements", action="store_true", help="time each statement")
    parser.add_argument("--port", type=int, help="a running server on 127.0.0.1")
    args = parser.parse_args(argv)
    shape = Shape(obligations=args.obligations, chats=args.chats, agencies=args.agencies)
    with server(args.port) as port:
        asyncio.run(measure(port, shape, args.runs, args.statements))


if __name__ == "__main__":
    main()
