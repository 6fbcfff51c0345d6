"""The suite's order: the modules that take longest start first, spread over the test
processes.

``dev.py test`` runs the suite in several processes with pytest-xdist's work stealing: at
the start each process takes an equal, contiguous share of the collected tests, and one
that runs out takes half of what the busiest still has queued, from its end. Collected in
file order, a module that takes a minute may come last and run alone while the other
processes have finished; all collected first, the long modules would land in the first
process's share and run one after another there. So the listed modules are dealt out first,
longest first, each to the share with the least of them so far (the way the longest jobs
are packed first), and the other tests fill each share up to its size. Only the order
changes; every test runs as before, each module in one piece (its module-scoped fixtures
set up once).

The figures are seconds each module took in a whole run (``--durations=0``, summed over
its tests, four processes on the two-core machine at a load of 3 to 7); a module not
listed (a new one, or one of a few seconds) is one of the fillers. Re-measure and update
them when a module's cost changes by much: a wrong figure costs time, never correctness.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from pathlib import Path
from typing import Protocol, TypeVar


class Collected(Protocol):
    """What the order reads of a collected test: the file it comes from."""

    @property
    def path(self) -> Path: ...


Item = TypeVar("Item", bound=Collected)

#: Seconds per test module, from a whole run (see above).
SECONDS: dict[str, float] = {
    "test_e2e_confirm_kill": 125,
    "test_bench_postgres": 90,
    "test_postgres_takeover": 78,
    "test_postgres_workers": 70,
    "test_token_everywhere": 55,
    "test_e2e_faults": 52,
    "test_e2e_stop_startup": 43,
    "test_fuzz_chat": 28,
    "test_authorization_every_command": 27,
    "test_authorization_leadership": 21,
    "test_e2e_import_whole_groups": 21,
    "test_shared_claims": 21,
    "test_e2e_kill": 18,
    "test_cli": 17,
    "test_forged_buttons": 16,
    "test_e2e_files": 14,
    "test_e2e_reports": 14,
    "test_e2e_process": 13,
    "test_bench_scale": 11,
    "test_dispatcher": 11,
    "test_import_proposal": 10,
    "test_reports": 10,
    "test_transport": 10,
    "test_e2e_next_contact": 9,
    "test_e2e_import": 8,
    "test_emulator": 8,
    "test_e2e_corrections": 7,
    "test_bulk_writes": 7,
    "test_sweeps": 7,
    "test_e2e_import_preview": 7,
    "test_agency_mirror": 6,
    "test_hostile_startup": 6,
    "test_authorization_matrix": 6,
    "test_e2e_telling": 6,
}


def module_seconds(item: Collected) -> float:
    return SECONDS.get(Path(str(item.path)).stem, 0.0)


def share_sizes(count: int, processes: int) -> list[int]:
    """The initial shares work stealing gives ``processes`` idle processes of ``count``
    tests, in order (``xdist.scheduler.worksteal``: each the rest divided by the processes
    left)."""
    sizes = []
    for left in range(processes, 0, -1):
        sizes.append(count // left)
        count -= sizes[-1]
    return sizes


def slowest_first(items: Sequence[Item], processes: int = 1) -> list[Item]:
    """``items`` arranged as ``processes`` contiguous shares, each starting with its part of
    the listed modules, longest first; the rest keep their order (see above). When the
    listed modules alone fill more than a share (a run of a few files), a share takes more
    than its size and the last ones fewer fillers, or none."""
    modules: dict[Path, list[Item]] = {}
    fillers: list[Item] = []
    for item in items:
        if module_seconds(item):
            modules.setdefault(Path(str(item.path)), []).append(item)
        else:
            fillers.append(item)
    sizes = share_sizes(len(items), max(1, processes))
    shares: list[list[Item]] = [[] for _ in sizes]
    loads = [0.0 for _ in sizes]
    for tests in sorted(modules.values(), key=lambda tests: -module_seconds(tests[0])):
        room = [n for n, share in enumerate(shares) if len(share) + len(tests) <= sizes[n]]
        share = min(room or range(len(shares)), key=lambda n: (loads[n], n))
        shares[share].extend(tests)
        loads[share] += module_seconds(tests[0])
    arranged: list[Item] = []
    rest = iter(fillers)
    for share, size in zip(shares, sizes, strict=True):
        arranged.extend(share)
        arranged.extend(islice(rest, max(0, size - len(share))))
    arranged.extend(rest)
    return arranged
