"""The worker processes of ``bench.bench_postgres``, one per process, configured from the
environment as ``bot.py`` is (``DATABASE_URL``, ``TELEGRAM_*``, ``LOCAL_AGENCIES_FILE`` …):

    python -m bench.pg_worker bot --clock-start ISO
        the bot itself — ``bot.py run``'s wiring and run loop — with its flood limiter
        allowing any rate (limits off), as the benchmark measures what the bot does
        unpaced against the local Bot API emulator;
    python -m bench.pg_worker pass sweep|idle --at ISO
        the product's dispatcher on the database: prints ``ready``, waits for a line on
        stdin (so that several processes start together), then runs one due sweep at
        ``--at`` (``Dispatcher.fire_due``; after one at ``--warm`` with nothing due, so
        that its statements are compiled as in a running worker) or, after a first pass, five whole passes with
        nothing due, and prints what it measured as one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from chat.pacing import FloodRules
from cli.support import clock_of
from domain.clock import FakeClock
from scheduler.dispatch import Dispatcher
from settings import load_settings
from wiring import build_core, build_product, configure_logging, run_to_the_end, run_until_signalled

#: Limits no wave reaches: the limiter lets every call through at once.
LIMITS_OFF = FloodRules(overall=10**9, per_chat=10**9, per_group=10**9)


def run_bot(args: argparse.Namespace) -> int:
    settings = load_settings(dict(os.environ), require_bot=True)
    configure_logging(settings)
    product = build_product(
        build_core(settings, clock_of(args)), speed=args.clock_speed, flood_rules=LIMITS_OFF
    )
    run_to_the_end(run_until_signalled(product))
    return 0


async def quiet_passes(dispatcher: Dispatcher, at: datetime, count: int = 5) -> tuple[float, int]:
    """``count`` whole passes of ``dispatcher``, a minute apart after ``at``: the median ms
    of one, and what they did (reminders fired, messages queued and sent; 0 when quiet)."""
    times = []
    busy = 0
    for n in range(count):
        t0 = time.perf_counter()
        report = await dispatcher.run_once(at + timedelta(minutes=1 + n))
        times.append(time.perf_counter() - t0)
        busy += report.fired + report.messages_queued + report.sent
    return statistics.median(times) * 1000, busy


async def _pass(what: str, at: datetime, warm: datetime | None) -> dict[str, float]:
    settings = load_settings(dict(os.environ), require_bot=True)
    core = build_core(settings, FakeClock(at))
    product = build_product(core, flood_rules=LIMITS_OFF)
    try:
        dispatcher = product.runner.dispatcher
        if what == "idle":
            await dispatcher.run_once(at)
        elif warm is not None:
            fired, _ = await dispatcher.fire_due(warm)  # the statements compiled, nothing due
            if fired:
                raise RuntimeError(f"{fired} reminders were due at {warm}")
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        if what == "sweep":
            t0 = time.perf_counter()
            fired, queued = await dispatcher.fire_due(at)
            return {"ms": (time.perf_counter() - t0) * 1000, "fired": fired, "queued": queued}
        ms, busy = await quiet_passes(dispatcher, at)
        return {"ms": ms, "busy": busy}
    finally:
        await product.application.bot.request.shutdown()  # the client a pass may have opened
        await core.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    bot = sub.add_parser("bot", help="the bot, limits off")
    bot.add_argument("--clock-start", required=True, metavar="ISO")
    bot.add_argument("--clock-speed", type=float, default=1.0, metavar="F")
    bot.add_argument("--env-file", type=Path, default=Path("none.env"))
    one = sub.add_parser("pass", help="one measured sweep or idle passes")
    one.add_argument("what", choices=("sweep", "idle"))
    one.add_argument("--at", required=True, metavar="ISO")
    one.add_argument("--warm", metavar="ISO", help="sweep: first a sweep at ISO, nothing due")
    args = parser.parse_args()
    if args.mode == "bot":
        return run_bot(args)
    figures = asyncio.run(
        _pass(
            args.what,
            datetime.fromisoformat(args.at),
            datetime.fromisoformat(args.warm) if args.warm else None,
        )
    )
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
