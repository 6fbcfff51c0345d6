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

With ``--json`` each measured N is one JSON object on its own line of stdout, with exactly
the keys of :class:`Figures`; the peer's go to stderr, with ``"peer":
"apscheduler3-sqlalchemyjobstore"`` added.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.bench_startup import generate, start_bot
from botapi_emulator import BotApiEmulator
from demo.harness import TOKEN
from domain.calendar import WorkingCalendar
from domain.clock import FakeClock
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.local_agencies import load_local_agencies
from domain.status import ReminderKind
from scheduler.dispatch import Dispatcher
from scheduler.windows import deadline_windows
from settings import load_settings
from storage.models import ChatRow, ReminderRow
from tracking.service import Actor, NewTask, Tracker
from wiring import build_core, build_product, policy_of, settle_start_up

ROOT = Path(__file__).resolve().parent.parent
PEER = "apscheduler3-sqlalchemyjobstore"
#: Monday 2/11/2026 08:00 in Hanoi: the tasks are stored then.
BUILT_AT = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
#: Monday 09:00 in Hanoi, in sending hours, nothing due: the idle passes and the bot's clock.
IDLE_AT = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
#: Tuesday 3/11 08:30 in Hanoi: the due obligations' first window (3 days before Friday).
SWEEP_AT = datetime(2026, 11, 3, 1, 30, tzinfo=UTC)
DUE_DAY = date(2026, 11, 6)
#: The rest are due 40 days ahead or later: their first window (30 days before) is past
#: the sweep.
FIRST_LATER = 40
MEMBERS = 20
TASKS_PER_NOTICE = 500
DUE = 1000
KEYS = (
    "obligations",
    "chats",
    "agencies",
    "build_s",
    "sweep_1000_ms",
    "idle_pass_ms",
    "cold_start_s",
    "peak_rss_mb",
    "db_mb",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Figures:
    """What one N measured (the JSON object's keys, in order)."""

    obligations: int
    chats: int
    agencies: int
    build_s: float
    sweep_1000_ms: float
    idle_pass_ms: float
    cold_start_s: float
    peak_rss_mb: float
    db_mb: float


@dataclass(frozen=True, kw_only=True, slots=True)
class Shape:
    obligations: int
    chats: int
    agencies: int


def _deadline(due: date) -> Deadline:
    return Deadline(due=due, granularity=Granularity.DAY, kind=DeadlineKind.DEADLINE, phrase="")


def plan_tasks(shape: Shape, names: Sequence[str]) -> list[NewTask]:
    """The tasks of N obligations over the agencies ``names``: first the due ones (one per
    agency of the first ``DUE``), then the rest, ``MEMBERS`` members a task, each agency's
    share about N / agencies."""
    due = min(DUE, shape.obligations, len(names), shape.chats)
    tasks: list[NewTask] = []
    for first in range(0, due, MEMBERS):
        members = tuple(names[first : min(first + MEMBERS, due)])
        tasks.append(_task(len(tasks), members, DUE_DAY))
    left = shape.obligations - due
    cursor = 0
    while left > 0:
        size = min(MEMBERS, left, len(names))
        members = tuple(names[(cursor + k) % len(names)] for k in range(size))
        cursor = (cursor + size) % len(names)
        later = BUILT_AT.date() + timedelta(days=FIRST_LATER + len(tasks) % 360)
        tasks.append(_task(len(tasks), members, later))
        left -= size
    return tasks


def _task(n: int, members: tuple[str, ...], due: date) -> NewTask:
    return NewTask(
        title=f"Nhiệm vụ số {n}",
        text=f"Giao các cơ quan thực hiện nhiệm vụ số {n}.",
        lead=members[0],
        members=members,
        deadline=_deadline(due),
        ref=str(n),
        seed_key=f"scale|{n}",
    )


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


@dataclass(frozen=True, kw_only=True, slots=True)
class Measured:
    """The figures, and what people are told besides."""

    figures: Figures
    reminders: int
    messages: int
    sweep_cpu_ms: float = 0.0
    """The sweep's CPU time in this process (its database thread's too): on a shared
    machine, what the sweep cost apart from waiting for the processor."""


async def _measure_in(
    folder: Path, shape: Shape, emulator: BotApiEmulator, limit: float
) -> Measured:
    agencies_file = folder / "local_agencies.toml"
    generate(shape.agencies, agencies_file)
    bodies = load_local_agencies(agencies_file)
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
        await core.prepare()
        build_s = await _store_tasks(core.tracker, plan_tasks(shape, [b.name for b in bodies]))
        await _bind_chats(core.sessions, [body.agency().id for body in bodies], shape.chats)
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
        due = min(DUE, shape.obligations, shape.agencies, shape.chats)
        if fired != due or queued < due:
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


async def _store_tasks(tracker: Tracker, tasks: Sequence[NewTask]) -> float:
    """Store the tasks as imported notices of ``TASKS_PER_NOTICE`` tasks; seconds taken."""
    began = time.perf_counter()
    for first in range(0, len(tasks), TASKS_PER_NOTICE):
        report = await tracker.store_notice(
            key=f"scale-{first}",
            number=f"{first}/TB-VPCP",
            issued=BUILT_AT.date(),
            title="Thông báo kết luận",
            source="",
            tasks=tasks[first : first + TASKS_PER_NOTICE],
            actor=Actor(name="bench"),
            now=BUILT_AT,
        )
        if report.skipped:
            raise RuntimeError(f"tasks not stored: {report.skipped[:3]}")
    return time.perf_counter() - began


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


async def _bind_chats(
    sessions: async_sessionmaker[AsyncSession], agency_ids: Sequence[str], chats: int
) -> None:
    """``chats`` focal points, the n-th for agency n modulo their count, every tenth a group
    (bound after the tasks were stored, as invitations go out after an import: a chat's
    welcome lists its open tasks, so nothing is left to tell)."""
    rows = [
        {
            "chat_id": -(900_000 + n) if n % 10 == 0 else 900_000 + n,
            "agency_id": agency_ids[n % len(agency_ids)],
            "title": f"Đầu mối {n}",
            "user_id": 900_000 + n,
            "active": True,
            "joined_at": BUILT_AT,
            "inactive_reason": "",
        }
        for n in range(chats)
    ]
    async with sessions.begin() as session:
        for first in range(0, len(rows), 50_000):
            await session.execute(insert(ChatRow), rows[first : first + 50_000])


# ---------------------------------------------------------------------------- the peer


def _peer_plans(obligations: int) -> dict[str, Any]:
    """The peer's plan, for its process: the product's windows (30, 14, 7, 3, 1 days before,
    the day, the first working day after) of the due day and of each later day, and how
    obligations are spread over them (as :func:`plan_tasks` spreads them)."""
    policy = policy_of(load_settings({}, require_bot=False))

    def windows(due: date) -> list[tuple[str, str]]:
        return [
            (window.at.isoformat(), window.kind.value)
            for window in deadline_windows(due, policy, WorkingCalendar(), after=BUILT_AT, chases=0)
            if window.kind is not ReminderKind.CHASE
        ]

    later = [BUILT_AT.date() + timedelta(days=FIRST_LATER + n) for n in range(360)]
    return {
        "obligations": obligations,
        "due": min(DUE, obligations),
        "members": MEMBERS,
        "sweep_at": SWEEP_AT.isoformat(),
        "due_windows": windows(DUE_DAY),
        "later_windows": [windows(day) for day in later],
    }


def _child(*arguments: str) -> tuple[dict[str, float], float]:
    """Run this module with ``arguments``; its JSON line, and seconds from exec to it."""
    began = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-m", "bench.scale_peer", *arguments],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        line = process.stdout.readline()
        took = time.monotonic() - began
        process.stdout.read()
    if process.returncode != 0 or not line:
        raise RuntimeError(f"the peer's process failed ({process.returncode}): {arguments}")
    return json.loads(line), took


def measure_peer(obligations: int) -> Measured:
    """The peer at ``obligations`` (one job per reminder), in child processes."""
    with tempfile.TemporaryDirectory() as name:
        plans = Path(name) / "plans.json"
        plans.write_text(json.dumps(_peer_plans(obligations)))
        built, _ = _child("build", name)
        started, cold = _child("start", name)
    figures = Figures(
        obligations=obligations,
        chats=0,
        agencies=0,
        build_s=built["build_s"],
        sweep_1000_ms=built["sweep_1000_ms"],
        idle_pass_ms=built["idle_pass_ms"],
        cold_start_s=cold,
        peak_rss_mb=started["peak_rss_mb"],
        db_mb=built["db_mb"],
    )
    return Measured(figures=figures, reminders=int(built["jobs"]), messages=0)


def peer_sizes(largest: int, budget: float) -> list[int]:
    """1,000 · 3ᵏ up to ``largest`` (and ``largest`` itself when smaller than 1,000)."""
    sizes = [min(largest, DUE)]
    while sizes[-1] * 3 <= largest:
        sizes.append(sizes[-1] * 3)
    return sizes if budget > 0 else []


def run_peer(largest: int, budget: float) -> Measured | None:
    """The peer at the largest size whose build, judged from the one before, fits."""
    best: Measured | None = None
    for size in peer_sizes(largest, budget):
        if best is not None and best.figures.build_s / best.figures.obligations * size > budget:
            break
        best = measure_peer(size)
    return best


# ---------------------------------------------------------------------------- output


def _line(
    label: str, figures: Figures, reminders: int = 0, messages: int = 0, cpu_ms: float = 0.0
) -> str:
    rate = figures.obligations / figures.build_s
    planned = f", {reminders:,} reminders ({reminders / figures.build_s:,.0f}/s)"
    cpu = f", {cpu_ms:.1f} ms of CPU" if cpu_ms else ""
    queued = f" ({messages:,} messages{cpu})" if messages else ""
    return (
        f"{label}\n"
        f"  build            {figures.build_s:8.1f} s   {rate:9,.0f} obligations/s"
        f"{planned if reminders else ''}\n"
        f"  sweep, 1,000     {figures.sweep_1000_ms:8.1f} ms{queued}\n"
        f"  idle pass        {figures.idle_pass_ms:8.2f} ms\n"
        f"  cold start       {figures.cold_start_s:8.2f} s\n"
        f"  peak RSS         {figures.peak_rss_mb:8.0f} MB\n"
        f"  database         {figures.db_mb:8.0f} MB"
    )


def report(measured: Measured, *, as_json: bool, peer: bool = False) -> None:
    """Print one N's figures: a JSON object with exactly the keys of ``Figures`` (the
    peer's on stderr, marked as the peer's), or lines for people."""
    figures = measured.figures
    if as_json:
        if peer:
            print(json.dumps({"peer": PEER, **asdict(figures)}), file=sys.stderr, flush=True)
        else:
            print(json.dumps(asdict(figures)), flush=True)
        return
    if peer:
        label = f"{PEER}: {figures.obligations:,} obligations, one job per reminder"
    else:
        label = (
            f"{figures.obligations:,} obligations, {figures.chats:,} chats, "
            f"{figures.agencies:,} generated agencies"
        )
    print(
        _line(label, figures, measured.reminders, measured.messages, measured.sweep_cpu_ms),
        flush=True,
    )


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
