"""The cold start of ``bench.bench_scale`` again, on copies of a database its ``--keep`` left.

    .venv/bin/python -m bench.scale_start DIR/<N> [--runs 5] [--timeout 240]

Each run copies the kept database, its log, its agencies file and the registry's caches
beside it into a fresh folder, undoes the benchmark's sweep of the second morning there (its
reminders pending again, its messages gone: the database as the benchmark's own start found
it), and execs the real ``bot.py`` on the copy as the benchmark does (its clock at the
benchmark's idle morning, the Bot API emulator). It prints, per run, the seconds from exec to
the first ``getUpdates``, the CPU seconds the process had used by then (what the load moves
less than the wall time), its peak RSS a second later and the load average; then the median
of each. A database of a million obligations is then measured in seconds, not rebuilt in
minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import tempfile
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from bench.bench_startup import Start, start_bot
from bench.scale_build import IDLE_AT
from bench.scale_sweep import _undo
from botapi_emulator import BotApiEmulator
from demo.harness import TOKEN

#: What a start reads beside the database (the registry's caches are dot files).
AGENCIES = "local_agencies.toml"


def copy_kept(kept: Path, folder: Path) -> None:
    """The kept database, its log and its agencies with their caches, into ``folder``."""
    for file in kept.iterdir():
        wanted = file.name.startswith(("bot.sqlite3", AGENCIES, "." + AGENCIES))
        if wanted and not file.name.endswith("-shm"):
            shutil.copy(file, folder / file.name)
    _undo(folder / "bot.sqlite3")


async def one_start(kept: Path, limit: float) -> Start:
    emulator = BotApiEmulator(TOKEN)
    await emulator.start()
    try:
        with tempfile.TemporaryDirectory(dir=kept.parent) as name:
            folder = Path(name)
            copy_kept(kept, folder)
            start = await start_bot(
                emulator,
                folder,
                folder / AGENCIES,
                limit,
                arguments=("--clock-start", (IDLE_AT + timedelta(minutes=10)).isoformat()),
                settle=1.0,
            )
    finally:
        await emulator.stop()
    if start is None:
        raise RuntimeError(f"bot.py did not reach getUpdates within {limit:g} s")
    return start


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kept", type=Path, help="a folder bench.bench_scale --keep left")
    parser.add_argument("--runs", type=int, default=5, help="starts to time (default 5)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=240,
        help="seconds the bot may take to reach getUpdates (default 240)",
    )
    arguments = parser.parse_args(argv)
    starts = []
    for run in range(arguments.runs):
        before = _load()
        start = asyncio.run(one_start(arguments.kept, arguments.timeout))
        starts.append(start)
        print(
            f"start {run + 1}: {start.seconds:.2f} s to getUpdates, {start.cpu_s:.2f} s of CPU,"
            f" peak RSS {start.peak_rss_mb:.0f} MB; load {before} -> {_load()}",
            flush=True,
        )
    print(
        f"median of {len(starts)}: {statistics.median(s.seconds for s in starts):.2f} s,"
        f" {statistics.median(s.cpu_s for s in starts):.2f} s of CPU,"
        f" {statistics.median(s.peak_rss_mb for s in starts):.0f} MB"
    )


if __name__ == "__main__":
    main()
