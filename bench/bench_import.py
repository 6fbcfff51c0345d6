"""Speed of the notice importer on the seed notices and the reference corpus.

    .venv/bin/python -m bench.bench_import [--runs 20] [--corpus ../shared/corpus/notices]
        [--practice ../shared/corpus/practice]

Each file is read once (``notices.sources.read_notice``) and imported ``--runs`` times with
the shipped agency registry, already loaded; the figure is the median time of one import.
Last, the registry's scan for agency mentions of 30 KB of a notice, best of ``--runs``.
Files without an issue date in their text are imported with the date of their corpus header,
or of the seed list, as ``bot.py import`` would be told with ``--issued``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.shared import SHARED
from domain.agencies import AgencyRegistry
from notices.importer import IssueDateMissing, import_notice
from notices.sources import read_notice
from storage.agency_files import shipped_registry

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DEFAULT_CORPUS = SHARED / "corpus" / "notices"
DEFAULT_PRACTICE = SHARED / "corpus" / "practice"
# The seed article that reports 56/TB-VPCP has no date line of its own.
SEED_DATES = {"bao-tom-tat-tb-56-vpcp.txt": date(2025, 2, 23)}


@dataclass(frozen=True, kw_only=True, slots=True)
class Timing:
    """One file's figures."""

    name: str
    kilobytes: float
    tasks: int
    milliseconds: float


def time_file(path: Path, registry: AgencyRegistry, runs: int) -> Timing:
    source = read_notice(path)
    issued: date | None = None
    try:
        parsed = import_notice(source.text, registry)
    except IssueDateMissing:
        issued = source.issued_hint or SEED_DATES.get(path.name)
        parsed = import_notice(source.text, registry, issued=issued)
    samples: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        import_notice(source.text, registry, issued=issued)
        samples.append(time.perf_counter() - started)
    return Timing(
        name=path.name,
        kilobytes=len(source.text.encode("utf-8")) / 1024,
        tasks=len(parsed.tasks),
        milliseconds=statistics.median(samples) * 1000,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_import",
        description="Time the notice importer on the seeds and the reference corpus.",
    )
    parser.add_argument("--runs", type=int, default=20, help="imports per file (default 20)")
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="the corpus folder (if present)"
    )
    parser.add_argument(
        "--practice",
        type=Path,
        default=DEFAULT_PRACTICE,
        help="the practice corpus folder (if present)",
    )
    args = parser.parse_args(argv)

    registry = shipped_registry()
    paths = sorted(SEEDS.glob("*.txt"))
    if args.corpus.is_dir():
        paths += sorted(args.corpus.glob("*.txt"))
    else:
        print(f"(no corpus at {args.corpus})")
    if args.practice.is_dir():
        paths += sorted(args.practice.glob("*.txt"))
    else:
        print(f"(no practice corpus at {args.practice})")
    timings = [time_file(path, registry, args.runs) for path in paths]

    print(f"{'file':<42} {'KB':>6} {'tasks':>6} {'ms/import':>10}")
    for timing in timings:
        print(
            f"{timing.name:<42} {timing.kilobytes:>6.1f} {timing.tasks:>6} "
            f"{timing.milliseconds:>10.1f}"
        )
    total_kb = sum(t.kilobytes for t in timings)
    total_ms = sum(t.milliseconds for t in timings)
    slowest = max(timings, key=lambda t: t.milliseconds)
    print(
        f"{len(timings)} files, {total_kb:.0f} KB, {sum(t.tasks for t in timings)} tasks: "
        f"{total_ms / total_kb:.1f} ms per KB; slowest {slowest.name} "
        f"({slowest.kilobytes:.0f} KB) {slowest.milliseconds:.0f} ms (median of {args.runs})"
    )
    scan, found = time_scan(registry, args.runs)
    print(
        f"the registry's scan of a 30 KB notice ({found} mentions): {scan:.1f} ms "
        f"(best of {args.runs}; the goal: well under 100 ms)"
    )
    return 0


def time_scan(registry: AgencyRegistry, runs: int) -> tuple[float, int]:
    """The best of ``runs`` scans for agency mentions of 30 KB of 203/TB-VPCP's text (the
    importer's first step on a long notice), in ms, and the mentions found."""
    notice = (SEEDS / "tb-203-vpcp-2024-05-06.txt").read_text(encoding="utf-8")
    text = (notice * 2)[:30_000]
    best, found = float("inf"), 0
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        found = len(registry.mentions(text))
        best = min(best, time.perf_counter() - started)
    return best * 1000, found


if __name__ == "__main__":
    sys.exit(main())
