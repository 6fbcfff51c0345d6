"""A national deployment on one machine: a real SQLite file of N obligations and M chats.

    .venv/bin/python -m bench.bench_scale [--obligations 100000,1000000] [--chats 100000]
        [--agencies A] [--json] [--peer-seconds 180] [--keep DIR]

For each N it builds the database the way a deployment fills it — ``--agencies`` bodies of
its own (``LOCAL_AGENCIES_FILE``, generated as ``bench.bench_startup`` does), the schema,
the registry mirror and the shipped seeds (``Core.prepare``), then notices of tasks stored
through the import path (``Tracker.store_notice``: one obligation per member, its reminder
plan, in one transaction per notice), 20 members a task, deadlines spread over a year; then
``--chats`` focal-point chats bound, spread over the agencies. 1,000 of the obligations (one
per agency of the first 1,000) are due on the second morning, before anything else. The
product is then built on it and settled as ``bot.py`` settles it once started
(``wiring.settle_start_up``: what start-up made is frozen out of the cyclic collector's
passes). It then measures, on that file:

* ``build_s``: storing the tasks and their reminder plans (the rate is N / build_s);
* ``idle_pass_ms``: one whole pass of the product's dispatcher (sweeps, claims, delivery,
  pass hooks) in sending hours with nothing due, median of 5;
* ``cold_start_s``: exec of the real ``bot.py`` on the file to its first ``getUpdates`` on
  the Bot API emulator (its clock set to the build's morning), and ``peak_rss_mb``, the bot
  process's peak RSS by then and through its first pass;
* ``sweep_1000_ms``: the sweep on the second morning that claims the 1,000 due reminders and
  queues their messages (``Dispatcher.fire_due``); the lines for people add its CPU time in
  this process (what it cost on a loaded machine apart from waiting for a core);
* ``db_mb``: the database file (and its write-ahead log).

Side by side, the one-job-per-reminder peer: APScheduler 3 with its ``SQLAlchemyJobStore``
on a SQLite file, one date job per reminder of the same plans (a job per obligation window),
built with ``add_job``; its sweep is one scheduler pass over 1,000 due jobs, its idle pass
one with nothing due, its cold start a new process opening the store to its first pass. It
runs at the largest N of 1,000 · 3ᵏ (up to the largest N asked) whose build, judged from the
previous one, fits in ``--peer-seconds``; ``--peer-seconds 0`` leaves it out.

``--keep DIR`` builds each database in ``DIR/<N>`` and leaves it there to look into.

The database is built by ``bench.scale_build`` (which ``bench.bench_postgres`` builds its
database with too), the figures and their printing are in ``bench.scale_figures``, the
peer's processes are run by ``bench.scale_peer_runs``.

With ``--json`` each measured N is one JSON object on its own line of stdout, with exactly
the keys of :class:`Figures`; the peer's go to stderr, with ``"peer":
"apscheduler3-sqlalchemyjobstore"`` added.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from bench.bench_startup import generate, start_bot
from bench.scale_build import BUILT_AT, IDLE_AT, SWEEP_AT, Shape, build
from bench.scale_figures import KEYS, PEER, Figures, Measured, report
from bench.scale_peer_runs import run_peer
from botapi_emulator import BotApiEmulator
from demo.harness import TOKEN
from domain.clock import FakeClock
from scheduler.dispatch import Dispatcher
from settings import load_settings
from storage.models import ReminderRow
from wiring import build_core, build_product, settle_start_up

__all__ = ["KEYS", "PEER", "Figures", "Measured", "Shape", "main", "measure"]


def _database_mb(path: Path) -> float:
    files = [path, path.with_name(path.name + "-wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 1e6


async def measure(shape: Shape, *, limit: float, keep: Path | None = None) -> Measured:
    """Build one database of ``shape`` and measure it (see the module's docstring); in
    ``keep/<N>`` when given (left there to look into), else in a temporary folder."""
    emulator = BotApiEmulator(TOKEN)
    await emulator.start()
    try:
        if keep is not None:
            folder = keep / str(shape.obligations)
            folder.mkdir(parents=True)
            return await _measure_in(folder, shape, emulator, limit)
        with tempfile.TemporaryDirectory() as name:
            return await _measure_in(Path(name), shape, emulator, limit)
    finally:
        await emulator.stop()


async def _measure_in(
    folder: Path, shape: Shape, emulator: BotApiEmulator, limit: float
) -> Measured:
    agencies_file = folder / "local_agencies.toml"
    generate(shape.agencies, agencies_file)
    database = folder / "bot.sqlite3"
    settings = load_settings(
        {
            "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
            "LOCAL_AGENCIES_FILE": str(agencies_file),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": emulator.base_url,
            "ADMIN_IDS": "1001",
            "DIGEST_DAY": "off",
        },
        require_bot=True,
    )
    core = build_core(settings, FakeClock(BUILT_AT))
    try:
        build_s = await build(core, shape, agencies_file)
        dispatcher = build_product(core).runner.dispatcher
        settle_start_up()  # as bot.py does once it has started
        idle_s = await _idle_pass(dispatcher)
        start = await start_bot(
            emulator,
            folder,
            agencies_file,
            limit,
            arguments=("--clock-start", (IDLE_AT + timedelta(minutes=10)).isoformat()),
            settle=1.0,
        )
        if start is None:
            raise RuntimeError(f"bot.py did not reach getUpdates within {limit:g} s")
        t0, cpu0 = time.perf_counter(), time.process_time()
        fired, queued = await dispatcher.fire_due(SWEEP_AT)
        sweep_s, sweep_cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
        if fired != shape.due or queued < shape.due:
            raise RuntimeError(f"the sweep fired {fired} reminders into {queued} messages")
        async with core.sessions() as session:
            reminders = int(await session.scalar(select(func.count(ReminderRow.id))) or 0)
    finally:
        await core.close()
    figures = Figures(
        obligations=shape.obligations,
        chats=shape.chats,
        agencies=shape.agencies,
        build_s=build_s,
        sweep_1000_ms=sweep_s * 1000,
        idle_pass_ms=idle_s * 1000,
        cold_start_s=start.seconds,
        peak_rss_mb=start.peak_rss_mb,
        db_mb=_database_mb(database),
    )
    return Measured(
        figures=figures, reminders=reminders, messages=queued, sweep_cpu_ms=sweep_cpu_s * 1000
    )


async def _idle_pass(dispatcher: Dispatcher) -> float:
    """Seconds of a whole pass with nothing due, median of 5 (after the first day's pass,
    which sends the seeds' overdue summary)."""
    await dispatcher.run_once(IDLE_AT)
    times = []
    for n in range(5):
        t0 = time.perf_counter()
        report = await dispatcher.run_once(IDLE_AT + timedelta(minutes=1 + n))
        times.append(time.perf_counter() - t0)
        if report.fired or report.messages_queued or report.sent:
            raise RuntimeError(f"an idle pass did something: {report}")
    return statistics.median(times)


def _counts(text: str) -> list[int]:
    return [int(n.replace("_", "")) for n in text.split(",") if n.strip()]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--obligations",
        default="100000,1000000",
        help="obligations to build, comma-separated (default 100000,1000000)",
    )
    parser.add_argument(
        "--chats", type=int, default=100_000, help="focal-point chats (default 100000)"
    )
    parser.add_argument(
        "--agencies",
        type=int,
        help="generated agencies the chats and tasks are spread over (default: --chats)",
    )
    parser.add_argument(
        "--peer-seconds",
        type=float,
        default=180,
        help="longest build the one-job-per-reminder peer may take (default 180; 0: no peer)",
    )
    parser.add_argument(
        "--peer-obligations",
        type=int,
        help="the largest N the peer is tried at (default: the largest --obligations)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=180,
        help="seconds the bot may take to reach getUpdates (default 180)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="build each database in KEEP/<N> (which must not exist) and leave it there",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per measured N")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    sizes = _counts(arguments.obligations)
    agencies = arguments.agencies or arguments.chats
    for size in sizes:
        shape = Shape(obligations=size, chats=arguments.chats, agencies=agencies)
        measured = asyncio.run(measure(shape, limit=arguments.timeout, keep=arguments.keep))
        report(measured, as_json=arguments.json)
    peer = run_peer(arguments.peer_obligations or max(sizes), arguments.peer_seconds)
    if peer is not None:
        report(peer, as_json=arguments.json, peer=True)


if __name__ == "__main__":
    main()
