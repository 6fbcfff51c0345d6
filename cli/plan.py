"""``bot.py plan``: the reminders that would go out, per send time and chat, in a period."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, date, datetime, timedelta

from cli.support import Commands, Streams, clock_of, day_of, settings_of
from domain.clock import Clock
from domain.errors import ConfigError
from settings import Settings


def register(commands: Commands) -> None:
    plan = commands.add(
        "plan", handler=handle, help="the reminders that would go out, per chat, in a period"
    )
    plan.add_argument(
        "--from", dest="start", metavar="YYYY-MM-DD", help="first day (default today)"
    )
    plan.add_argument(
        "--to", dest="end", metavar="YYYY-MM-DD", help="last day (default 30 days later)"
    )


def handle(args: argparse.Namespace, streams: Streams) -> int:
    clock = clock_of(args)
    settings = settings_of(args, require_bot=False)
    today = datetime.now(UTC).astimezone(settings.timezone).date()
    start = day_of(args.start, "--from", today) if args.start else None
    end = day_of(args.end, "--to", today) if args.end else None
    return asyncio.run(_plan(settings, clock, start, end, streams))


async def _plan(
    settings: Settings, clock: Clock, start: date | None, end: date | None, streams: Streams
) -> int:
    from tracking.plan import describe_plan
    from wiring import build_core

    core = build_core(settings, clock)
    try:
        await core.prepare()
        today = core.planner.local_day(clock.now())
        first = start or today
        last = end or first + timedelta(days=30)
        if last < first:
            raise ConfigError("--to", "must not be before --from")
        for line in await describe_plan(core.sessions, core.registry, core.planner, first, last):
            print(line, file=streams.stdout)
    finally:
        await core.close()
    return 0
