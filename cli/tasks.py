"""``bot.py tasks --json``: one JSON object per task, with the office's status as of a day."""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import UTC, date, datetime

from cli.support import Commands, Streams, clock_of, day_of, settings_of
from domain.clock import Clock
from settings import Settings


def register(commands: Commands) -> None:
    tasks = commands.add("tasks", handler=handle, help="list the tasks")
    tasks.add_argument(
        "--json", action="store_true", required=True, help="one JSON object per line"
    )
    tasks.add_argument(
        "--as-of",
        dest="as_of",
        metavar="YYYY-MM-DD",
        help="statuses as they stood at the end of that day (default today)",
    )


def handle(args: argparse.Namespace, streams: Streams) -> int:
    clock = clock_of(args)
    settings = settings_of(args, require_bot=False)
    today = datetime.now(UTC).astimezone(settings.timezone).date()
    as_of = day_of(args.as_of, "--as-of", today) if args.as_of else None
    return asyncio.run(_tasks_json(settings, clock, as_of, streams))


async def _tasks_json(
    settings: Settings, clock: Clock, as_of: date | None, streams: Streams
) -> int:
    from tracking.plan import task_records
    from wiring import build_core

    core = build_core(settings, clock)
    try:
        await core.prepare()
        day = as_of or core.planner.local_day(clock.now())
        records = await task_records(
            core.tracker, core.sessions, as_of=day, timezone=settings.timezone
        )
        for record in records:
            print(json.dumps(record, ensure_ascii=False), file=streams.stdout)
    finally:
        await core.close()
    return 0
