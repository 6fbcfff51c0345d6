"""The argparse tree of ``bot.py`` and the one place command errors become exit statuses.

Global options come before the command (``bot.py --env-file prod.env seed``); without a
command the bot runs. Each command module registers itself (:class:`cli.support.Commands`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from cli import demo, import_notice, parse_deadline, plan, report, run, seed, tasks
from cli.support import Commands, StreamParser, Streams, UsageExit
from domain.errors import ConfigError, SeedError, TrackerError
from settings import VARIABLES

EPILOG = "Environment variables (or a .env file):\n" + "\n".join(
    f"  {name:<22} {meaning}" for name, meaning in VARIABLES.items()
)

#: In the order ``--help`` lists them.
COMMANDS = (run, seed, import_notice, plan, tasks, report, parse_deadline, demo)


def build_parser(streams: Streams) -> StreamParser:
    parser = StreamParser(
        prog="bot.py",
        description=(
            "Telegram bot that reminds each agency's focal point before the deadlines of the "
            "tasks assigned by Government conclusion notices. Without a command it runs the bot."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        stdout=streams.stdout,
        stderr=streams.stderr,
    )
    parser.add_argument(
        "--env-file",
        type=Path,
        default=Path(".env"),
        help="read variables from this file (default .env)",
    )
    parser.add_argument(
        "--clock-start",
        metavar="ISO",
        help="run on a clock starting at this instant, e.g. 2026-03-02T08:00+07:00 (rehearsal)",
    )
    parser.add_argument(
        "--clock-speed",
        type=float,
        default=1.0,
        metavar="F",
        help="with --clock-start: F times real time",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=StreamParser)
    commands = Commands(sub, streams)
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(
    argv: list[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``bot.py`` with ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    streams = Streams(stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr)
    parser = build_parser(streams)
    try:
        args, unknown = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
        if unknown:
            # Said by the command's own parser, with its usage (argparse would use the top's).
            usage = args.command_parser if args.command else parser
            usage.error(f"unrecognized arguments: {' '.join(unknown)}")
    except UsageExit as stop:
        return stop.status
    handler = args.handler if args.command else run.handle
    try:
        return handler(args, streams)
    except UsageExit as stop:
        return stop.status
    except ConfigError as error:
        print(f"bot.py: configuration error: {error}", file=streams.stderr)
        return 2
    except SeedError as error:
        print(f"bot.py: seeds file error: {error}", file=streams.stderr)
        return 2
    except TrackerError as error:
        print(f"bot.py: {error}", file=streams.stderr)
        return 1
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        streams.stderr.close()
        return 0
