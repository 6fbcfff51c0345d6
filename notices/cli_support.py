"""What the command bodies of ``bot.py`` share: an argument parser bound to given streams."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, NoReturn, TextIO

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

    def __init__(
        self, *, prog: str, description: str, epilog: str, stdout: TextIO, stderr: TextIO
    ) -> None:
        super().__init__(
            prog=prog,
            description=description,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
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
