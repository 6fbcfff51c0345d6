"""What the commands share: parsers bound to given streams, the tree they register in, and
reading the global options (settings, clock, days)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from domain.clock import Clock, ShiftedClock, SystemClock
from domain.errors import ConfigError
from settings import Settings, load_settings, read_env_file

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class UsageExit(Exception):
    """The parser asked to stop (``--help`` or a usage error) with this exit status."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class StreamParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that writes to the given streams and never exits the process
    (so a command body can be called, and tested, as a function)."""

    def __init__(self, *, stdout: TextIO, stderr: TextIO, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._stdout = stdout
        self._stderr = stderr

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        super().print_help(self._stdout if file is None else file)

    def print_usage(self, file: SupportsWrite[str] | None = None) -> None:
        super().print_usage(self._stdout if file is None else file)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._stderr.write(message)
        raise UsageExit(status)

    def error(self, message: str) -> NoReturn:
        self.print_usage(self._stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


@dataclass(frozen=True, slots=True)
class Streams:
    """Where a command reads and writes."""

    stdin: TextIO
    stdout: TextIO
    stderr: TextIO


Handler = Callable[[argparse.Namespace, Streams], int]
"""A command's body: the parsed arguments and the streams in, the exit status out."""


class Commands:
    """The tree's subcommands: each command module's ``register`` adds its own here."""

    def __init__(self, sub: argparse._SubParsersAction[StreamParser], streams: Streams) -> None:
        self._sub = sub
        self._streams = streams

    def add(self, name: str, *, handler: Handler, **kwargs: Any) -> StreamParser:
        """Declare the command ``name``; ``kwargs`` go to ``add_parser`` (help, description…)."""
        parser = self._sub.add_parser(
            name, stdout=self._streams.stdout, stderr=self._streams.stderr, **kwargs
        )
        parser.set_defaults(handler=handler, command_parser=parser)
        return parser


def usage_error(args: argparse.Namespace, message: str) -> NoReturn:
    """Stop the command as its parser would on bad usage (status 2, usage on stderr)."""
    parser: StreamParser = args.command_parser
    parser.error(message)


def iso_date(example: str) -> Callable[[str], date]:
    """An argparse ``type=`` reading ``YYYY-MM-DD``; the error shows ``example``."""

    def parse(text: str) -> date:
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a date; expected YYYY-MM-DD, e.g. {example}"
            ) from None

    return parse


def clock_of(args: argparse.Namespace) -> Clock:
    """The clock ``--clock-start``/``--clock-speed`` ask for (the system's by default)."""
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


def settings_of(args: argparse.Namespace, *, require_bot: bool) -> Settings:
    """The settings from the environment over ``--env-file``."""
    env = {**read_env_file(args.env_file), **os.environ}
    return load_settings(env, require_bot=require_bot)


def day_of(value: str | None, name: str, default: date) -> date:
    """``YYYY-MM-DD`` given for option ``name``, or ``default``."""
    if value is None:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(name, f"expected YYYY-MM-DD, got {value!r}") from None
