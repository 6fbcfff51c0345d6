"""How well the importer reproduces the hand-checked task lists of the practice corpus.

    .venv/bin/python -m bench.practice_recall [--corpus ../shared/corpus/practice]
        [--expected tests/practice_expected] [-v]

For every ``<name>.toml`` of the expected lists (``tests/practice_expected`` unless
``--expected`` names another directory, e.g. lists kept outside the repository for documents
the importer has never seen) the matching corpus file (of the corpus, or of the notices
beside it) is imported (with
its header's ``date:`` when the text has no issue date) and its tasks are compared with the
list. A dated obligation is *found* when the importer outputs a task of the same item with
the same lead and due date; the figures are recall (expected dated obligations found) and
precision (dated tasks output that are expected), over all the labelled documents, plus the
share of tasks that agree in every field (ref, lead, members, co, due, kind).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.shared import SHARED
from domain.agencies import AgencyRegistry
from notices.importer import IssueDateMissing, ParsedNotice, import_notice
from notices.sources import read_notice
from storage.agency_files import shipped_registry

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "practice_expected"
DEFAULT_CORPUS = SHARED / "corpus" / "practice"


@dataclass(frozen=True, kw_only=True, slots=True)
class Row:
    """One task as the comparison sees it."""

    ref: str
    lead: str
    members: tuple[str, ...]
    co: tuple[str, ...]
    due: date | None
    kind: str

    def show(self) -> str:
        extra = (f" m={list(self.members)}" if self.members else "") + (
            f" co={list(self.co)}" if self.co else ""
        )
        return f"{self.ref} | {self.lead}{extra} | {self.due or '-'} {self.kind}"


def known_differences(path: Path) -> tuple[list[str], list[str]]:
    """The rows a list records as not reproduced yet: (``known_missing``, ``known_added``),
    each as :meth:`Row.show` prints it, sorted. A list written before the importer was run
    on it records there what the importer got wrong, so its test holds on what is right and
    fails when any of it changes."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return (
        sorted(str(row) for row in data.get("known_missing", [])),
        sorted(str(row) for row in data.get("known_added", [])),
    )


def scope_of(path: Path) -> str:
    """The ref prefix a list covers ("PL." for a plan's task table only; "" for all)."""
    return str(tomllib.loads(path.read_text(encoding="utf-8")).get("scope", ""))


def expected_rows(path: Path) -> list[Row]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rows: list[Row] = []
    for task in data.get("task", []):
        due = task.get("due")
        rows.append(
            Row(
                ref=str(task["ref"]),
                lead=str(task["lead"]),
                members=tuple(sorted(task.get("members", []))),
                co=tuple(sorted(task.get("co", []))),
                due=date.fromisoformat(due) if due else None,
                kind=str(task["kind"]),
            )
        )
    return rows


def import_file(path: Path, registry: AgencyRegistry) -> ParsedNotice:
    source = read_notice(path)
    try:
        return import_notice(source.text, registry)
    except IssueDateMissing:
        return import_notice(source.text, registry, issued=source.issued_hint)


def actual_rows(parsed: ParsedNotice) -> list[Row]:
    return [
        Row(
            ref=t.ref,
            lead=t.lead,
            members=tuple(sorted(t.members)),
            co=tuple(sorted(t.co)),
            due=t.deadline.due,
            kind=t.deadline.kind.value,
        )
        for t in parsed.tasks
    ]


@dataclass(frozen=True, kw_only=True, slots=True)
class Score:
    """Counts for one document (or a sum of documents)."""

    expected_dated: int
    output_dated: int
    found_dated: int
    expected: int
    exact: int
    timed: int = 0
    timed_exact: int = 0


def score(expected: Sequence[Row], actual: Sequence[Row]) -> Score:
    def dated(rows: Sequence[Row]) -> Counter[tuple[str, str, date | None]]:
        return Counter((r.ref, r.lead, r.due) for r in rows if r.due is not None)

    def timing(rows: Sequence[Row]) -> Counter[tuple[str, str, date | None, str]]:
        return Counter((r.ref, r.lead, r.due, r.kind) for r in rows)

    want, got = dated(expected), dated(actual)
    exact = sum((Counter(expected) & Counter(actual)).values())
    # The deadline phrases read: the tasks found at their item with their lead, and of them
    # those whose due date and kind are the list's.
    pairs = Counter((r.ref, r.lead) for r in expected) & Counter((r.ref, r.lead) for r in actual)
    return Score(
        expected_dated=sum(want.values()),
        output_dated=sum(got.values()),
        found_dated=sum((want & got).values()),
        expected=len(expected),
        exact=exact,
        timed=sum(pairs.values()),
        timed_exact=sum((timing(expected) & timing(actual)).values()),
    )


def corpus_file(corpus: Path, stem: str) -> Path:
    """The labelled document: in the practice corpus, else in the notices beside it."""
    own = corpus / f"{stem}.txt"
    return own if own.exists() else corpus.parent / "notices" / f"{stem}.txt"


def labelled(corpus: Path, expected: Path = EXPECTED) -> list[tuple[Path, Path]]:
    """(expected list, corpus file) pairs, for every list in ``expected``."""
    return [(path, corpus_file(corpus, path.stem)) for path in sorted(expected.glob("*.toml"))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--expected",
        type=Path,
        default=EXPECTED,
        help="directory of hand-checked lists, one <corpus file name>.toml each "
        "(default: tests/practice_expected)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list the differences")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no practice corpus at {args.corpus}", file=sys.stderr)
        return 2
    pairs = labelled(args.corpus, args.expected)
    if not pairs:
        print(f"no expected lists (*.toml) in {args.expected}", file=sys.stderr)
        return 2
    absent = [text for _, text in pairs if not text.is_file()]
    if absent:
        print(f"no corpus file for {absent[0].stem} in {args.corpus}", file=sys.stderr)
        return 2
    registry = shipped_registry()
    totals = Counter[str]()
    for expected_path, text_path in pairs:
        expected = expected_rows(expected_path)
        scope = scope_of(expected_path)
        actual = [
            r for r in actual_rows(import_file(text_path, registry)) if r.ref.startswith(scope)
        ]
        s = score(expected, actual)
        for key in (
            "expected_dated",
            "output_dated",
            "found_dated",
            "expected",
            "exact",
            "timed",
            "timed_exact",
        ):
            totals[key] += getattr(s, key)
        first = tomllib.loads(expected_path.read_text(encoding="utf-8")).get("first_run")
        print(
            f"{text_path.name}: dated found {s.found_dated}/{s.expected_dated}, "
            f"dated output right {s.found_dated}/{s.output_dated}, "
            f"exact {s.exact}/{s.expected} (output {len(actual)})"
            + (f" [first run: {first}]" if first else "")
        )
        if args.verbose:
            missing = Counter(expected) - Counter(actual)
            extra = Counter(actual) - Counter(expected)
            for row in sorted(missing.elements(), key=Row.show):
                print("   - expected", row.show())
            for row in sorted(extra.elements(), key=Row.show):
                print("   + output  ", row.show())
    recall = totals["found_dated"] / max(1, totals["expected_dated"])
    precision = totals["found_dated"] / max(1, totals["output_dated"])
    print(
        f"dated obligations: recall {recall:.1%} ({totals['found_dated']}/"
        f"{totals['expected_dated']}), precision {precision:.1%} ({totals['found_dated']}/"
        f"{totals['output_dated']}); tasks exact in every field {totals['exact']}/"
        f"{totals['expected']}; deadlines read exactly {totals['timed_exact']}/"
        f"{totals['timed']} (of the tasks found at their item with their lead)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
