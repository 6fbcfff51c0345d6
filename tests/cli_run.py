"""``bot.py`` run in the test's own process: the same ``main`` the script calls, with its
streams captured, the environment it would see and its working directory, both restored
after. A real process costs a second or two of interpreter start-up and imports per call;
the tests that are about the process itself (exit status of a real run) keep one."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cli.main import main


@dataclass(frozen=True, slots=True)
class Ran:
    """What a run of ``bot.py`` ended with, as ``subprocess.run`` would say it."""

    returncode: int
    stdout: str
    stderr: str


def run_bot(argv: list[str], *, env: Mapping[str, str], cwd: Path) -> Ran:
    """``bot.py argv`` with exactly ``env`` as its environment, in ``cwd``. An exception
    ``main`` lets through (a traceback, for a process) fails the calling test."""
    saved, here = dict(os.environ), Path.cwd()
    stdout, stderr = io.StringIO(), io.StringIO()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    try:
        code = main(argv, stdin=io.StringIO(""), stdout=stdout, stderr=stderr)
    finally:
        os.chdir(here)
        os.environ.clear()
        os.environ.update(saved)
    return Ran(returncode=code, stdout=stdout.getvalue(), stderr=stderr.getvalue())
