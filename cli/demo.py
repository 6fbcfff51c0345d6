"""``bot.py demo``: the offline demo (local Bot API emulator, fast clock, simulated people)."""

from __future__ import annotations

import argparse
import asyncio

from cli.support import Commands, Streams


def register(commands: Commands) -> None:
    commands.add(
        "demo",
        handler=handle,
        help="offline demo: local Bot API emulator, fast clock, simulated focal points",
    )


def handle(args: argparse.Namespace, streams: Streams) -> int:
    from demo.run import run_demo

    return asyncio.run(run_demo(streams.stdout))
