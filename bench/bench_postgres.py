"""The scale figures on PostgreSQL, with one and with two worker processes on one database.

    .venv/bin/python -m bench.bench_postgres [--obligations 100000] [--chats 10000]
        [--agencies A] [--wave 5000] [--workers 1,2] [--json] [--port P] [--verbose]

It starts a throwaway PostgreSQL server as the tests do (``tests/postgres.py``: ``initdb``
into a temporary folder, a free port, stopped at the end; as root the server runs as the
``postgres`` user, and a missing server is installed from Debian's packages as ``dev.py``
installs it) — or, with ``--port``, uses a running one on 127.0.0.1 that lets ``postgres``
in without a password. It builds one database the way ``bench.bench_scale`` builds its
SQLite file (``--agencies`` generated bodies, ``Core.prepare``, the tasks stored through
the import path with their reminder plans, ``--chats`` focal-point chats; 1,000 obligations
due on the second morning), then, for each worker count K of ``--workers``, on a fresh copy
of it (``CREATE DATABASE … TEMPLATE``):

* ``idle_pass_ms``: K processes at once each run whole passes of the product's dispatcher
  in sending hours with nothing due; the slowest process's median of 5;
* ``cold_start_s``: K real bot processes (``bot.py``'s wiring and run loop, flood limits
  off: ``bench.pg_worker bot``) exec'd together, to the first ``getUpdates`` on the Bot API
  emulator (one of them polls: the others stand by), and ``all_up_s`` to the last one's
  first successful pass;
* ``delivery_msg_s``: a task for "Các bộ, cơ quan, địa phương" with ``--wave`` chats bound
  to its agencies' owners, its reminders due at one instant of the workers' clock: the
  wave's messages over the seconds from the first to the last one's arrival at the
  emulator; ``duplicates`` and ``lost`` are counted there (chats that got more than one,
  or none), ``shares`` from each worker's log;
* ``sweep_1000_ms``: K processes at once run the due sweep of the second morning that
  claims the 1,000 due reminders and queues their messages (``Dispatcher.fire_due``): the
  wall time from their start to the last one's end; ``fired`` and ``queued`` add theirs up.

A wave not whole within ``--timeout`` is measured as it stands (its missing chats counted
as lost). Each run also gives ``load_avg``, the machine's load as it began: on a shared
machine the figures follow it. With ``--json`` each worker count is one JSON object on its
own line, with exactly the keys of :class:`Figures`; ``--verbose`` logs each step to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from bench.bench_delivery import add_wave_task, bind_wave
from bench.bench_startup import generate
from bench.pg_processes import admin, passes, server, spawn_bot, stop, until, url_of
from bench.scale_build import BUILT_AT, IDLE_AT, SWEEP_AT, Shape, build
from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import TOKEN
from domain.clock import FakeClock
from domain.status import OutboxState, ReminderState, TellingState
from settings import load_settings
from storage.models import OutboxRow, ReminderRow, TellingRow
from tracking.service import Actor
from wiring import build_core

ADMIN = 1001
FIRST_WAVE_USER = 700_000
SWEEP_SECONDS = 5
log = logging.getLogger("bench.postgres")
KEYS = (
    "obligations",
    "chats",
    "agencies",
    "workers",
    "build_s",
    "sweep_1000_ms",
    "fired",
    "queued",
    "idle_pass_ms",
    "cold_start_s",
    "all_up_s",
    "wave",
    "delivery_msg_s",
    "duplicates",
    "lost",
    "shares",
    "load_avg",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Figures:
    """What one worker count measured (the JSON object's keys, in order)."""

    obligations: int
    chats: int
    agencies: int
    workers: int
    build_s: float
    sweep_1000_ms: float
    fired: int
    queued: int
    idle_pass_ms: float
    cold_start_s: float
    all_up_s: float
    wave: int
    delivery_msg_s: float
    duplicates: int
    lost: int
    shares: list[int]
    load_avg: float
    """The machine's load (one-minute average) as the run began: the figures follow it."""


# ---------------------------------------------------------------------------- the build


def _environment(url: str, emulator: BotApiEmulator, agencies_file: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": url,
        "LOCAL_AGENCIES_FILE": str(agencies_file),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "ADMIN_IDS": str(ADMIN),
        "DIGEST_DAY": "off",
        "SWEEP_SECONDS": str(SWEEP_SECONDS),
    }


async def build_database(env: dict[str, str], shape: Shape, agencies_file: Path) -> float:
    """Schema, registry and seeds, the tasks of ``shape`` and its chats, as ``bench_scale``
    builds its file; seconds the tasks took to store."""
    core = build_core(load_settings(env, require_bot=True), FakeClock(BUILT_AT))
    try:
        return await build(core, shape, agencies_file, batch=10_000)
    finally:
        await core.close()


async def bind_wave_chats(env: dict[str, str], emulator: BotApiEmulator, count: int) -> list[int]:
    """``count`` private chats bound to the owners of the group's agencies, as /start binds
    them (users of the emulator too)."""
    core = build_core(load_settings(env, require_bot=True), FakeClock(BUILT_AT))
    try:
        return await bind_wave(
            core, emulator, count, first_user=FIRST_WAVE_USER, at=BUILT_AT, groups=False
        )
    finally:
        await core.close()


async def plan_wave(env: dict[str, str], now: datetime, due: datetime) -> None:
    """The group's task due this week, its reminders all moved to ``due`` (the new task's
    notices to the chats set aside: the wave is its reminders)."""
    core = build_core(load_settings(env, require_bot=True), FakeClock(now))
    try:
        async with core.sessions() as session:
            before = int(await session.scalar(select(func.max(ReminderRow.id))) or 0)
            told = int(await session.scalar(select(func.max(TellingRow.id))) or 0)
        day = now.date() + timedelta(days=4)
        await add_wave_task(core, day, now, Actor(name="Quản trị", user_id=ADMIN))
        async with core.sessions.begin() as session:
            await session.execute(
                update(ReminderRow)
                .where(ReminderRow.id > before, ReminderRow.state == ReminderState.PENDING)
                .values(at=due)
            )
            await session.execute(
                update(TellingRow)
                .where(TellingRow.id > told, TellingRow.state == TellingState.PENDING)
                .values(state=TellingState.SUPERSEDED)
            )
    finally:
        await core.close()


async def _settled(env: dict[str, str]) -> bool:
    core = build_core(load_settings(env, require_bot=True), FakeClock(BUILT_AT))
    try:
        async with core.sessions() as session:
            waiting = await session.scalar(
                select(func.count(OutboxRow.id)).where(
                    OutboxRow.state.in_((OutboxState.PENDING, OutboxState.SENDING))
                )
            )
        return not waiting
    finally:
        await core.close()


# ---------------------------------------------------------------------------- one run


async def run(
    port: int,
    template: str,
    shape: Shape,
    build_s: float,
    count: int,
    wave: int,
    folder: Path,
    limit: float,
) -> Figures:
    load_avg = os.getloadavg()[0]
    database = f"b_{uuid.uuid4().hex[:12]}"
    await admin(port, f"CREATE DATABASE {database} TEMPLATE {template}")
    emulator = BotApiEmulator(TOKEN)
    await emulator.start()
    try:
        env = _environment(url_of(port, database), emulator, folder / "local_agencies.toml")
        emulator.add_user(ADMIN, "Quản trị")
        chats = await bind_wave_chats(env, emulator, wave)
        log.info("%d workers: wave chats bound", count)
        idle = await passes(env, "idle", IDLE_AT, count)
        if any(p["busy"] for p in idle):
            raise RuntimeError(f"an idle pass did something: {idle}")
        idle_ms = max(p["ms"] for p in idle)
        log.info("%d workers: idle passes measured", count)

        arrivals: dict[int, list[float]] = {chat: [] for chat in chats}

        def arrived(message: SentMessage) -> None:
            if message.chat_id in arrivals:
                arrivals[message.chat_id].append(time.monotonic())

        emulator.on_bot_message(arrived)
        clock = IDLE_AT + timedelta(minutes=10)
        seen = len(emulator.calls)
        began = time.monotonic()
        workers = [await spawn_bot(env, folder, f"k{count}-w{n + 1}", clock) for n in range(count)]
        try:

            def polled() -> bool:
                return any(call.method == "getUpdates" for call in emulator.calls[seen:])

            await until(polled, limit, "the first getUpdates", workers)
            cold_start_s = time.monotonic() - began
            log.info("%d workers: first getUpdates", count)

            async def all_up() -> bool:
                return all([await worker.up() for worker in workers])

            await until(all_up, limit, "every worker's first pass", workers)
            all_up_s = time.monotonic() - began
            log.info("%d workers: all up", count)
            now = clock + timedelta(seconds=time.monotonic() - began)
            await plan_wave(env, now, now + timedelta(seconds=2 * SWEEP_SECONDS))
            log.info("%d workers: wave planned", count)

            def delivered() -> bool:
                return all(arrivals.values())

            # A wave not whole by the limit is measured as it is: its chats are the lost.
            if await until(delivered, limit, "the wave", workers, fail=False):
                # Nothing left to send (so no double can come later), and every worker's
                # log has said what it delivered.
                await until(lambda: _settled(env), limit, "the outbox to settle", workers)
                await until(
                    lambda: sum(w.sent() for w in workers) >= wave, limit, "the logs", workers
                )
            shares = [worker.sent() for worker in workers]
            log.info("%d workers: wave delivered", count)
        finally:
            await stop(workers)
            log.info("%d workers: stopped", count)
        times = sorted(t for got in arrivals.values() for t in got)
        spread = times[-1] - times[0] if times else 0.0
        copies = Counter(len(got) for got in arrivals.values())
        duplicates = sum(n for copies_, n in copies.items() if copies_ > 1)
        lost = copies[0]

        sweep = await passes(env, "sweep", SWEEP_AT, count, "--warm", IDLE_AT.isoformat())
        log.info("%d workers: sweep measured", count)
        if sum(p["fired"] for p in sweep) != shape.due:
            raise RuntimeError(f"{shape.due} reminders were due, the sweep fired {sweep}")
    finally:
        await emulator.stop()
        with contextlib.suppress(Exception):
            await admin(port, f"DROP DATABASE {database} WITH (FORCE)")
    return Figures(
        obligations=shape.obligations,
        chats=shape.chats,
        agencies=shape.agencies,
        workers=count,
        build_s=build_s,
        sweep_1000_ms=max(p["wall_ms"] for p in sweep),
        fired=sum(p["fired"] for p in sweep),
        queued=sum(p["queued"] for p in sweep),
        idle_pass_ms=idle_ms,
        cold_start_s=cold_start_s,
        all_up_s=all_up_s,
        wave=len(times),
        delivery_msg_s=len(times) / spread if spread > 0 else 0.0,
        duplicates=duplicates,
        lost=lost,
        shares=shares,
        load_avg=load_avg,
    )


async def measure(
    port: int, shape: Shape, counts: Sequence[int], wave: int, limit: float, *, as_json: bool
) -> list[Figures]:
    """Build once, then measure each worker count on a copy; each printed as measured."""
    template = f"built_{uuid.uuid4().hex[:12]}"
    await admin(port, f"CREATE DATABASE {template}")
    results = []
    try:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            agencies_file = folder / "local_agencies.toml"
            generate(shape.agencies, agencies_file)
            emulator = BotApiEmulator(TOKEN)  # only for its address: nothing is sent
            env = _environment(url_of(port, template), emulator, agencies_file)
            build_s = await build_database(env, shape, agencies_file)
            log.info("built in %.1f s", build_s)
            for count in counts:
                results.append(
                    await run(port, template, shape, build_s, count, wave, folder, limit)
                )
                report(results[-1], as_json=as_json)
    finally:
        with contextlib.suppress(Exception):
            await admin(port, f"DROP DATABASE {template} WITH (FORCE)")
    return results


def report(figures: Figures, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(asdict(figures)), flush=True)
        return
    print(
        f"{figures.workers} worker(s) on PostgreSQL: {figures.obligations:,} obligations, "
        f"{figures.chats:,} chats, {figures.agencies:,} generated agencies "
        f"(built in {figures.build_s:.1f} s; load {figures.load_avg:.1f})\n"
        f"  sweep, 1,000     {figures.sweep_1000_ms:8.1f} ms   "
        f"({figures.fired:,} reminders → {figures.queued:,} messages)\n"
        f"  idle pass        {figures.idle_pass_ms:8.2f} ms\n"
        f"  cold start       {figures.cold_start_s:8.2f} s   (all up {figures.all_up_s:.2f} s)\n"
        f"  delivery         {figures.delivery_msg_s:8.1f} msg/s   {figures.wave:,} messages, "
        f"{figures.duplicates} duplicates, {figures.lost} lost, shares {figures.shares}",
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--obligations", type=int, default=100_000, help="obligations to build (default 100000)"
    )
    parser.add_argument(
        "--chats", type=int, default=10_000, help="focal-point chats (default 10000)"
    )
    parser.add_argument(
        "--agencies",
        type=int,
        help="generated agencies the tasks are spread over (default --chats)",
    )
    parser.add_argument(
        "--wave", type=int, default=5000, help="chats the delivery wave goes to (default 5000)"
    )
    parser.add_argument(
        "--workers", default="1,2", help="worker counts to measure, comma-separated (default 1,2)"
    )
    parser.add_argument(
        "--port", type=int, help="use the PostgreSQL server on 127.0.0.1:PORT (default: start one)"
    )
    parser.add_argument(
        "--timeout", type=float, default=180, help="seconds any one step may take (default 180)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per worker count")
    parser.add_argument("--verbose", action="store_true", help="log each step to stderr")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    log.setLevel(logging.INFO if arguments.verbose else logging.WARNING)
    shape = Shape(
        obligations=arguments.obligations,
        chats=arguments.chats,
        agencies=arguments.agencies or arguments.chats,
    )
    counts = [int(n) for n in arguments.workers.split(",") if n.strip()]
    with server(arguments.port) as port:
        asyncio.run(
            measure(port, shape, counts, arguments.wave, arguments.timeout, as_json=arguments.json)
        )


if __name__ == "__main__":
    main()
