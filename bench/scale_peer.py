"""The one-job-per-reminder peer of ``bench.bench_scale``, in processes of its own.

    python -m bench.scale_peer build FOLDER   # FOLDER/plans.json → FOLDER/peer.sqlite3
    python -m bench.scale_peer start FOLDER   # a new process opening the store, first pass

APScheduler 3 with its ``SQLAlchemyJobStore`` on a SQLite file: one date job per reminder
window of the plans ``bench.bench_scale`` wrote (the product's windows), added with
``add_job`` as an application using it would. The due obligations' first window is a moment
ago, every other one later, so a scheduler pass fires exactly the due jobs. Only the standard
library and APScheduler are imported, so the peer's cold start and RSS are its own. Each
command prints one JSON line.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.executors.debug import DebugExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler

FIRED: list[tuple[int, str]] = []


def remind(obligation: int, kind: str) -> None:
    """The peer's job: what a reminder would do, here only counted."""
    FIRED.append((obligation, kind))


class PassScheduler(BaseScheduler):  # type: ignore[misc]
    """A scheduler whose passes the benchmark runs itself (``_process_jobs``), in its thread."""

    def wakeup(self) -> None:
        return None

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)


def scheduler_on(folder: Path) -> PassScheduler:
    return PassScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{folder / 'peer.sqlite3'}")},
        executors={"default": DebugExecutor()},
        job_defaults={"misfire_grace_time": None, "coalesce": True},
        timezone=UTC,
    )


def _megabytes(path: Path) -> float:
    files = [path, path.with_name(path.name + "-journal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 1e6


def build(folder: Path) -> dict[str, float]:
    """Add a job per window of every obligation, then time one pass and five idle ones."""
    plans: dict[str, Any] = json.loads((folder / "plans.json").read_text())
    scheduler = scheduler_on(folder)
    scheduler.start(paused=True)
    # The peer runs on the real clock: the sweep's instant is a day from now.
    now = datetime.now(UTC)
    sweep_at = datetime.fromisoformat(plans["sweep_at"])
    shift = now + timedelta(days=1) - sweep_at
    due = int(plans["due"])
    jobs = 0
    began = time.perf_counter()
    for n in range(int(plans["obligations"])):
        if n < due:
            windows = plans["due_windows"]
        else:
            later = plans["later_windows"]
            windows = later[(n // int(plans["members"])) % len(later)]
        for k, (at, kind) in enumerate(windows):
            instant = datetime.fromisoformat(at)
            run_at = now - timedelta(seconds=1) if instant <= sweep_at else instant + shift
            scheduler.add_job(remind, "date", run_date=run_at, args=(n, kind), id=f"{n}:{k}")
            jobs += 1
    built = time.perf_counter() - began
    scheduler.resume()
    t0 = time.perf_counter()
    scheduler._process_jobs()
    sweep = time.perf_counter() - t0
    if len(FIRED) != due:
        raise RuntimeError(f"the pass fired {len(FIRED)} jobs, not {due}")
    idle = []
    for _ in range(5):
        t0 = time.perf_counter()
        scheduler._process_jobs()
        idle.append(time.perf_counter() - t0)
    scheduler.shutdown(wait=False)
    return {
        "jobs": jobs,
        "build_s": built,
        "sweep_1000_ms": sweep * 1000,
        "idle_pass_ms": statistics.median(idle) * 1000,
        "db_mb": _megabytes(folder / "peer.sqlite3"),
    }


def start(folder: Path) -> dict[str, float]:
    """Open the store and run the first pass (what a restart of the peer does)."""
    scheduler = scheduler_on(folder)
    scheduler.start()
    scheduler._process_jobs()
    scheduler.shutdown(wait=False)
    return {"peak_rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """This process's peak RSS (``VmHWM``: ``ru_maxrss`` would count the parent's before
    the exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def main() -> None:
    command, folder = sys.argv[1], Path(sys.argv[2])
    result = build(folder) if command == "build" else start(folder)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
