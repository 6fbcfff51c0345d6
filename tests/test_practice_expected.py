"""The importer against hand-checked task lists of the practice corpus.

Each list in ``tests/practice_expected/`` was written by reading the document (see the
README there). The importer must reproduce it exactly: ref, lead, members, co-operating
agencies, due date and kind of every task, with nothing added (within the list's scope) —
except the rows a list records as ``known_missing`` / ``known_added``: what the importer
still gets wrong on a document labelled before it was run there, kept so that the test holds
on what is right and fails when anything changes (a fix removes its rows from the list).
Each such list also keeps its ``first_run`` figures, as measured before any rule was changed
for it.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from bench.practice_recall import (
    EXPECTED,
    actual_rows,
    corpus_file,
    expected_rows,
    import_file,
    known_differences,
    scope_of,
    score,
)
from bench.shared import SHARED
from domain.agencies import AgencyRegistry
from storage.agency_files import shipped_registry

PRACTICE = SHARED / "corpus" / "practice"

# CI always has shared/ beside the checkout: there a missing corpus is a failure, not a skip.
if os.environ.get("CI") and not PRACTICE.is_dir():
    raise RuntimeError(f"the practice corpus is missing at {PRACTICE}")
pytestmark = pytest.mark.skipif(
    not PRACTICE.is_dir(), reason=f"the practice corpus is not checked out at {PRACTICE}"
)

LISTS = sorted(EXPECTED.glob("*.toml"))


def test_there_are_enough_hand_checked_documents() -> None:
    names = [path.stem for path in LISTS]
    assert len(names) >= 6
    # Three conclusion notices (Thông báo) and a plan (Kế hoạch) at least.
    assert sum(1 for name in names if "_tb" in name) >= 3
    assert any("_kh" in name for name in names)


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.stem)
def test_the_importer_reproduces_the_hand_checked_list(
    registry: AgencyRegistry, path: Path
) -> None:
    expected = expected_rows(path)
    scope = scope_of(path)
    parsed = import_file(corpus_file(PRACTICE, path.stem), registry)
    actual = [row for row in actual_rows(parsed) if row.ref.startswith(scope)]

    missing = sorted(row.show() for row in (Counter(expected) - Counter(actual)).elements())
    added = sorted(row.show() for row in (Counter(actual) - Counter(expected)).elements())
    assert (missing, added) == known_differences(path)
    if known_differences(path) == ([], []):
        s = score(expected, actual)
        assert s.found_dated == s.expected_dated == s.output_dated
