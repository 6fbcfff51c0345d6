"""Accuracy and speed of the deadline normaliser against ``dateparser`` on real phrases.

    .venv/bin/python -m bench.bench_deadlines [--phrases bench/phrases.tsv] [--seconds 2]

``phrases.tsv`` holds ``issued, phrase, due, granularity, kind`` rows drawn from the seed
notices, the corpus and the deadlines convention. Our normaliser is correct on a row when all
three expected fields match. ``dateparser`` (a development dependency, imported here only)
knows no granularity or kind, so it is counted correct when the date it returns equals the
expected due, or when it returns nothing where no due is expected.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from notices.deadlines import parse_deadline

DEFAULT_PHRASES = Path(__file__).with_name("phrases.tsv")


@dataclass(frozen=True, kw_only=True, slots=True)
class Row:
    """One benchmark phrase and what the convention says it means."""

    line: int
    issued: date
    phrase: str
    due: date | None
    granularity: str | None
    kind: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Score:
    """How one tool did on the rows."""

    correct: int
    total: int
    phrases_per_second: float
    misses: tuple[Row, ...]

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0


def load_rows(path: Path) -> list[Row]:
    """The rows of ``path`` (tab-separated, with a header line)."""
    rows: list[Row] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for line, fields in enumerate(reader, start=2):
            issued, phrase, due, granularity, kind = fields
            rows.append(
                Row(
                    line=line,
                    issued=date.fromisoformat(issued),
                    phrase=phrase,
                    due=date.fromisoformat(due) if due else None,
                    granularity=granularity or None,
                    kind=kind,
                )
            )
    return rows


def _ours_correct(row: Row) -> bool:
    result = parse_deadline(row.phrase, row.issued)
    granularity = result.granularity.value if result.granularity else None
    return (result.due, granularity, result.kind.value) == (row.due, row.granularity, row.kind)


def _phrases_per_second(run: Callable[[Row], object], rows: Sequence[Row], seconds: float) -> float:
    """Repeat whole passes over ``rows`` until ``seconds`` have gone by (at least one pass)."""
    done = 0
    started = time.perf_counter()
    while True:
        for row in rows:
            run(row)
        done += len(rows)
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return done / elapsed


def score_ours(rows: Sequence[Row], seconds: float) -> Score:
    misses = tuple(row for row in rows if not _ours_correct(row))
    rate = _phrases_per_second(lambda row: parse_deadline(row.phrase, row.issued), rows, seconds)
    return Score(
        correct=len(rows) - len(misses), total=len(rows), phrases_per_second=rate, misses=misses
    )


def score_dateparser(rows: Sequence[Row]) -> Score:
    import dateparser  # a development dependency: only the benchmark needs it

    misses: list[Row] = []
    started = time.perf_counter()
    for row in rows:
        # A naive local midnight: dateparser reads calendar dates, as the notices do.
        relative_base = datetime.combine(row.issued, datetime.min.time())
        found = dateparser.parse(
            row.phrase,
            languages=["vi"],
            settings={"RELATIVE_BASE": relative_base, "PREFER_DATES_FROM": "future"},
        )
        due = found.date() if found is not None else None
        if due != row.due:
            misses.append(row)
    elapsed = time.perf_counter() - started
    return Score(
        correct=len(rows) - len(misses),
        total=len(rows),
        phrases_per_second=len(rows) / elapsed if elapsed else 0.0,
        misses=tuple(misses),
    )


def _report(name: str, score: Score) -> str:
    return (
        f"{name:<12} accuracy {score.correct}/{score.total} ({score.percent:.1f}%)"
        f"   speed {score.phrases_per_second:,.0f} phrases/s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_deadlines",
        description="Compare the deadline normaliser with dateparser on bench/phrases.tsv.",
    )
    parser.add_argument("--phrases", type=Path, default=DEFAULT_PHRASES, help="the TSV to read")
    parser.add_argument(
        "--seconds", type=float, default=2.0, help="how long to time our normaliser"
    )
    parser.add_argument("--show-misses", action="store_true", help="list the phrases missed")
    args = parser.parse_args(argv)

    rows = load_rows(args.phrases)
    ours = score_ours(rows, args.seconds)
    theirs = score_dateparser(rows)
    print(f"{len(rows)} phrases from {args.phrases}")
    print(_report("normaliser", ours))
    print(_report("dateparser", theirs) + "   (one pass)")
    if args.show_misses:
        for name, score in (("normaliser", ours), ("dateparser", theirs)):
            for row in score.misses:
                print(f"  {name} missed line {row.line}: {row.issued} {row.phrase!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
