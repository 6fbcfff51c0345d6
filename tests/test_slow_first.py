"""The suite's order (``tests/slow_first.py``): every collected test runs once, the long
modules start first and are spread over the processes, each module in one piece."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.slow_first import SECONDS, share_sizes, slowest_first


@dataclass(frozen=True)
class Collected:
    path: Path
    name: str


def _module(stem: str, count: int) -> list[Collected]:
    return [Collected(Path(f"/suite/tests/{stem}.py"), f"{stem}::{n}") for n in range(count)]


LONG = sorted(SECONDS, key=lambda stem: -SECONDS[stem])


def test_the_shares_add_up_as_work_stealing_deals_them() -> None:
    assert share_sizes(10, 4) == [2, 2, 3, 3]
    assert share_sizes(3, 4) == [0, 1, 1, 1]
    assert share_sizes(7, 1) == [7]


def test_the_two_longest_modules_open_two_shares_and_fillers_keep_their_order() -> None:
    fillers = _module("test_quick_a", 6) + _module("test_quick_b", 6)
    longest, second = _module(LONG[0], 3), _module(LONG[1], 3)
    items = [*fillers[:4], *second, *fillers[4:], *longest]
    arranged = slowest_first(items, 2)
    assert sorted(arranged, key=items.index) == items  # each test once
    assert arranged[:3] == longest
    assert arranged[9:12] == second  # the second share (9 tests each) starts with it
    assert [t for t in arranged if t in fillers] == fillers


@pytest.mark.parametrize("processes", [1, 2, 4, 8])
def test_a_run_of_only_listed_modules_keeps_every_test(processes: int) -> None:
    """Named files that are all listed (``pytest -n 4 tests/test_e2e_extensions.py
    tests/test_registry_index.py``): the listed modules fill more than the shares'
    sizes and there are no fillers to complete them; this once stopped the run."""
    items = _module(LONG[-1], 5) + _module(LONG[-2], 2) + _module("test_quick", 1)
    arranged = slowest_first(items, processes)
    assert sorted(arranged, key=items.index) == items
    assert len(arranged) == len(items)


def test_modules_are_never_cut() -> None:
    items = [t for stem in LONG[:6] for t in _module(stem, 4)] + _module("test_quick", 30)
    arranged = slowest_first(items, 4)
    for stem in LONG[:6]:
        places = [n for n, t in enumerate(arranged) if t.path.stem == stem]
        assert places == list(range(places[0], places[0] + 4))
