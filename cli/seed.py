"""``bot.py seed``: create or upgrade the database and load the seed tasks (idempotent)."""

from __future__ import annotations

import argparse
import asyncio

from cli.support import Commands, Streams, clock_of, settings_of
from domain.clock import Clock
from settings import Settings


def register(commands: Commands) -> None:
    commands.add(
        "seed",
        handler=handle,
        help="create/upgrade the database and load the seed tasks (idempotent)",
    )


def handle(args: argparse.Namespace, streams: Streams) -> int:
    clock = clock_of(args)
    settings = settings_of(args, require_bot=False)
    return asyncio.run(_seed(settings, clock, streams))


async def _seed(settings: Settings, clock: Clock, streams: Streams) -> int:
    from wiring import build_core

    core = build_core(settings, clock)
    try:
        report = await core.prepare()
    finally:
        await core.close()
    assert report is not None
    print(
        f"{report.agencies} agencies; added {report.notices_added} notices, {report.tasks_added} tasks, "
        f"{report.assignments_added} obligations, {report.reminders_planned} reminders planned",
        file=streams.stdout,
    )
    return 0
