#!/usr/bin/env python3
"""One entry point for people and CI: bootstrap the virtual environment, then run.

    python3 dev.py run [bot arguments...]   run the bot (``python3 dev.py run demo`` for the demo)
    python3 dev.py test [pytest arguments...]  format check, lint, types, then the whole test suite
                                               in two processes per core (installs PostgreSQL
                                               from Debian packages if missing)

Only the standard library is used here, so it works on a fresh machine with Python 3.11+
and pip. The environment lives in ``.venv`` and is rebuilt when ``requirements.lock`` or
``pyproject.toml`` changes.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.lock", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment() -> Path:
    """Create ``.venv`` and install the pinned dependencies unless already up to date."""
    wanted = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == wanted and _python().exists():
        return _python()
    if not _python().exists():
        print("dev.py: creating .venv …", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    pip = [str(_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    print("dev.py: installing pinned dependencies …", file=sys.stderr)
    subprocess.run([*pip, "-r", str(ROOT / "requirements.lock")], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    STAMP.write_text(wanted)
    return _python()


def ensure_postgres() -> None:
    """The PostgreSQL path's tests start a real server: install it from Debian's packages
    when it is missing and this is a Debian machine where we may (root). Elsewhere those
    tests say how to install it and are skipped (under CI they fail instead)."""
    if glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        return
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("apt-get") is None:
        print("dev.py: PostgreSQL not installed; its tests will be skipped", file=sys.stderr)
        return
    print("dev.py: installing PostgreSQL (Debian package) for its tests …", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], check=True, env=env)


def run_checks(python: Path, pytest_args: list[str]) -> int:
    steps = [
        ("format", [str(python), "-m", "ruff", "format", "--check", "."]),
        ("lint", [str(python), "-m", "ruff", "check", "."]),
        ("types", [str(python), "-m", "mypy"]),
    ]
    for name, command in steps:
        print(f"dev.py: {name}: {' '.join(command[2:])}", file=sys.stderr, flush=True)
        if subprocess.run(command, cwd=ROOT, env=_environment()).returncode != 0:
            print(f"dev.py: {name} failed", file=sys.stderr)
            return 1
    ensure_postgres()
    pytest_args = [*_workers(pytest_args), *pytest_args]
    print(f"dev.py: tests: pytest {' '.join(pytest_args)}", file=sys.stderr, flush=True)
    return subprocess.run(
        [str(python), "-m", "pytest", *pytest_args], cwd=ROOT, env=_environment()
    ).returncode


def _environment() -> dict[str, str]:
    """The checks' environment. Where bytecode may not be written beside the sources
    (``PYTHONDONTWRITEBYTECODE``, usual in containers), it is kept in ``.venv/pycache``
    instead: the suite starts a hundred Python processes (test workers, bot processes,
    import workers), and without it each compiles the project's modules from source again."""
    env = dict(os.environ)
    if env.pop("PYTHONDONTWRITEBYTECODE", ""):
        env.setdefault("PYTHONPYCACHEPREFIX", str(VENV / "pycache"))
    return env


#: At most this many test processes, however many cores: each collects the whole suite and
#: may start its own PostgreSQL server.
MAX_WORKERS = 8


def _workers(pytest_args: list[str]) -> list[str]:
    """Two test processes (pytest-xdist) per core for the whole suite on a machine with two
    cores or more (four on two cores, at most ``MAX_WORKERS``): most of its time is spent
    waiting on real HTTP, real processes, Telegram's flood limits at real speed and sweeps
    on real clocks, so while one test waits another uses the core. The longest modules are
    dealt out over them first (``tests/slow_first.py``). Not when the arguments already
    choose (``-n …``, ``-p no:xdist``) or name test files (starting the workers would cost
    more than it saves)."""
    chosen = any(
        arg in ("-n", "--numprocesses", "no:xdist")
        or arg.startswith(("--numprocesses=", "-pno:xdist"))
        or (arg.startswith("-n") and not arg.startswith("--"))
        for arg in pytest_args
    )
    named = any(
        not arg.startswith("-") and (ROOT / arg.split("::")[0]).exists() for arg in pytest_args
    )
    cores = os.cpu_count() or 1
    if chosen or named or cores < 2:
        return []
    return ["-n", str(min(2 * cores, MAX_WORKERS)), "--dist", "worksteal"]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "setup"}:
        print(__doc__, file=sys.stderr)
        return 2
    python = ensure_environment()
    if argv[0] == "setup":
        return 0
    if argv[0] == "test":
        return run_checks(python, argv[1:])
    return subprocess.run([str(python), str(ROOT / "bot.py"), *argv[1:]], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
