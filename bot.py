#!/usr/bin/env python3
"""Bot đôn đốc nhiệm vụ — the command line and composition root.

Reads the tasks assigned by Vietnamese Government conclusion notices, reminds each agency's
focal point before every deadline on Telegram, chases after it, and takes /done and /late
replies from the chat.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from domain.clock import Clock, ShiftedClock, SystemClock
from domain.errors import ConfigError, SeedError, TrackerError
from settings import VARIABLES, Settings, load_settings, read_env_file

EPILOG = "Environment variables (or a .env file):\n" + "\n".join(
    f"  {name:<22} {meaning}" for name, meaning in VARIABLES.items()
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot.py",
        description=(
            "Telegram bot that reminds each agency's focal point before the deadlines of the "
            "tasks assigned by Government conclusion notices. Without a command it runs the bot."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="run the bot (polling); the default")
    sub.add_parser("seed", help="create/upgrade the database and load the seed tasks (idempotent)")
    plan = sub.add_parser("plan", help="the reminders that would go out, per chat, in a period")
    plan.add_argument(
        "--from", dest="start", metavar="YYYY-MM-DD", help="first day (default today)"
    )
    plan.add_argument(
        "--to", dest="end", metavar="YYYY-MM-DD", help="last day (default 30 days later)"
    )
    tasks = sub.add_parser("tasks", help="list the tasks")
    tasks.add_argument(
        "--json", action="store_true", required=True, help="one JSON object per line"
    )
    tasks.add_argument(
        "--as-of",
        dest="as_of",
        metavar="YYYY-MM-DD",
        help="statuses as they stood at the end of that day (default today)",
    )
    from reports.cli import add_parser as add_report_parser

    add_report_parser(sub)
    sub.add_parser(
        "parse-deadline",
        help="turn a Vietnamese deadline phrase into JSON (see 'bot.py parse-deadline --help')",
        add_help=False,
    )
    sub.add_parser(
        "demo", help="offline demo: local Bot API emulator, fast clock, simulated focal points"
    )
    return parser


def _clock(args: argparse.Namespace) -> Clock:
    if not args.clock_start:
        return SystemClock()
    try:
        start = datetime.fromisoformat(args.clock_start)
    except ValueError:
        raise ConfigError("--clock-start", f"not an ISO datetime: {args.clock_start!r}") from None
    if start.tzinfo is None:
        raise ConfigError("--clock-start", "give a timezone, e.g. 2026-03-02T08:00+07:00")
    if not 0 < args.clock_speed <= 1_000_000:
        raise ConfigError("--clock-speed", f"must be a positive factor, got {args.clock_speed}")
    return ShiftedClock(start, args.clock_speed)


def _settings(args: argparse.Namespace, *, require_bot: bool) -> Settings:
    env = {**read_env_file(args.env_file), **os.environ}
    return load_settings(env, require_bot=require_bot)


def _day(value: str | None, name: str, default: date) -> date:
    if value is None:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(name, f"expected YYYY-MM-DD, got {value!r}") from None


async def _seed(settings: Settings, clock: Clock) -> int:
    from wiring import build_core

    core = build_core(settings, clock)
    try:
        report = await core.prepare()
    finally:
        await core.close()
    assert report is not None
    print(
        f"{report.agencies} agencies; added {report.notices_added} notices, {report.tasks_added} tasks, "
        f"{report.assignments_added} obligations, {report.reminders_planned} reminders planned"
    )
    return 0


async def _plan(settings: Settings, clock: Clock, start: date | None, end: date | None) -> int:
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
            print(line)
    finally:
        await core.close()
    return 0


async def _tasks_json(settings: Settings, clock: Clock, as_of: date | None) -> int:
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
            print(json.dumps(record, ensure_ascii=False))
    finally:
        await core.close()
    return 0


async def _report(settings: Settings, clock: Clock, args: argparse.Namespace) -> int:
    from reports.cli import run_report
    from wiring import build_core

    core = build_core(settings, clock)
    try:
        return await run_report(args, core, sys.stdout, sys.stderr)
    finally:
        await core.close()


def _run(settings: Settings, clock: Clock, speed: float) -> int:
    import logging
    import traceback

    from telegram.error import InvalidToken, TelegramError

    from chat.redaction import RedactingStream, redact, register_secret
    from wiring import build_core, build_product, configure_logging, run_until_signalled

    # Whatever reaches the console from here on (logs, warnings, a traceback) is redacted.
    register_secret(settings.token)
    sys.stderr = RedactingStream(sys.stderr)
    sys.stdout = RedactingStream(sys.stdout)
    configure_logging(settings)
    try:
        product = build_product(build_core(settings, clock), speed=speed)
        asyncio.run(run_until_signalled(product))
    except InvalidToken:
        # PTB's message quotes the token: say what is wrong without it (401 or a 404 of a
        # base URL that is not a Bot API server both end here).
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN",
            f"the Bot API at {settings.api_base_url} rejected the token (401/404): check "
            "TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL",
        ) from None
    except TelegramError as error:
        print(f"bot.py: the Bot API could not be reached: {redact(str(error))}", file=sys.stderr)
        return 1
    except Exception:
        logging.getLogger("bot").error("the bot stopped: %s", redact(traceback.format_exc()))
        return 1
    return 0


def _import(global_args: list[str], argv: list[str]) -> int:
    """``bot.py import FILE …``: the importer's own parser, storing through the tracker."""
    from notices.import_cli import run_import
    from notices.importer import ParsedNotice
    from notices.sources import read_notice
    from tracking.imports import payload_of, store_payload
    from tracking.service import Actor
    from wiring import build_core

    try:
        args = _parser().parse_args([*global_args, "seed"])
        settings = _settings(args, require_bot=False)
        clock = _clock(args)
    except ConfigError as error:
        print(f"bot.py: configuration error: {error}", file=sys.stderr)
        return 2

    async def store(parsed: ParsedNotice, source: str) -> str:
        core = build_core(settings, clock)
        try:
            await core.prepare()
            payload = payload_of(parsed, read_notice(Path(source)).text)
            report = await store_payload(
                core.tracker, payload, source, actor=Actor(name="dòng lệnh"), now=clock.now()
            )
        finally:
            await core.close()
        line = (
            f"stored {report.notice_key}: {report.tasks_added} new tasks, "
            f"{report.tasks_existing} already there"
        )
        if report.skipped:
            line += "; not stored: " + "; ".join(report.skipped)
        return line

    return run_import(argv, sys.stdout, sys.stderr, store=store)


_VALUED_OPTIONS = {"--env-file", "--clock-start", "--clock-speed"}


def _command_index(argv: list[str]) -> int | None:
    """Where the subcommand's name stands, skipping the global options before it."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in _VALUED_OPTIONS:
            index += 2
        elif word.startswith("-"):
            index += 1
        else:
            return index
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command_at = _command_index(argv)
    if command_at is not None and argv[command_at] == "import":
        return _import(argv[:command_at], argv[command_at + 1 :])
    if command_at is not None and argv[command_at] == "parse-deadline":
        # It has its own argument parser (and --help); hand it everything after its name.
        from notices.deadline_cli import run_parse_deadline

        return run_parse_deadline(argv[command_at + 1 :], sys.stdin, sys.stdout, sys.stderr)
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            from demo.run import run_demo

            return asyncio.run(run_demo(sys.stdout))
        clock = _clock(args)
        command = args.command or "run"
        settings = _settings(args, require_bot=command == "run")
        if command == "seed":
            return asyncio.run(_seed(settings, clock))
        if command == "plan":
            today = datetime.now(UTC).astimezone(settings.timezone).date()
            start = _day(args.start, "--from", today) if args.start else None
            end = _day(args.end, "--to", today) if args.end else None
            return asyncio.run(_plan(settings, clock, start, end))
        if command == "tasks":
            today = datetime.now(UTC).astimezone(settings.timezone).date()
            as_of = _day(args.as_of, "--as-of", today) if args.as_of else None
            return asyncio.run(_tasks_json(settings, clock, as_of))
        if command == "report":
            return asyncio.run(_report(settings, clock, args))
        return _run(settings, clock, args.clock_speed if args.clock_start else 1.0)
    except ConfigError as error:
        print(f"bot.py: configuration error: {error}", file=sys.stderr)
        return 2
    except SeedError as error:
        print(f"bot.py: seeds file error: {error}", file=sys.stderr)
        return 2
    except TrackerError as error:
        print(f"bot.py: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
