"""The one-job-per-reminder peer of ``bench.bench_scale``, measured from the benchmark's
process: it writes the plans, runs ``bench.scale_peer``'s processes on them (the build and
the sweep in one, a cold start in another) and reads their figures."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.scale_build import BUILT_AT, DUE, DUE_DAY, FIRST_LATER, MEMBERS, SWEEP_AT
from bench.scale_figures import Figures, Measured
from domain.calendar import WorkingCalendar
from domain.status import ReminderKind
from scheduler.windows import deadline_windows
from settings import load_settings
from wiring import policy_of

ROOT = Path(__file__).resolve().parent.parent


def _peer_plans(obligations: int) -> dict[str, Any]:
    """The peer's plan, for its process: the product's windows (30, 14, 7, 3, 1 days before,
    the day, the first working day after) of the due day and of each later day, and how
    obligations are spread over them (as :func:`plan_tasks` spreads them)."""
    policy = policy_of(load_settings({}, require_bot=False))

    def windows(due: date) -> list[tuple[str, str]]:
        return [
            (window.at.isoformat(), window.kind.value)
            for window in deadline_windows(due, policy, WorkingCalendar(), after=BUILT_AT, chases=0)
            if window.kind is not ReminderKind.CHASE
        ]

    later = [BUILT_AT.date() + timedelta(days=FIRST_LATER + n) for n in range(360)]
    return {
        "obligations": obligations,
        "due": min(DUE, obligations),
        "members": MEMBERS,
        "sweep_at": SWEEP_AT.isoformat(),
        "due_windows": windows(DUE_DAY),
        "later_windows": [windows(day) for day in later],
    }


def _child(*arguments: str) -> tuple[dict[str, float], float]:
    """Run ``bench.scale_peer`` with ``arguments``; its JSON line, and seconds from exec to it."""
    began = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-m", "bench.scale_peer", *arguments],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        line = process.stdout.readline()
        took = time.monotonic() - began
        process.stdout.read()
    if process.returncode != 0 or not line:
        raise RuntimeError(f"the peer's process failed ({process.returncode}): {arguments}")
    return json.loads(line), took


def measure_peer(obligations: int) -> Measured:
    """The peer at ``obligations`` (one job per reminder), in child processes."""
    with tempfile.TemporaryDirectory() as name:
        plans = Path(name) / "plans.json"
        plans.write_text(json.dumps(_peer_plans(obligations)))
        built, _ = _child("build", name)
        started, cold = _child("start", name)
    figures = Figures(
        obligations=obligations,
        chats=0,
        agencies=0,
        build_s=built["build_s"],
        sweep_1000_ms=built["sweep_1000_ms"],
        idle_pass_ms=built["idle_pass_ms"],
        cold_start_s=cold,
        peak_rss_mb=started["peak_rss_mb"],
        db_mb=built["db_mb"],
    )
    return Measured(figures=figures, reminders=int(built["jobs"]), messages=0)


def peer_sizes(largest: int, budget: float) -> list[int]:
    """1,000 · 3ᵏ up to ``largest`` (and ``largest`` itself when smaller than 1,000)."""
    sizes = [min(largest, DUE)]
    while sizes[-1] * 3 <= largest:
        sizes.append(sizes[-1] * 3)
    return sizes if budget > 0 else []


def run_peer(largest: int, budget: float) -> Measured | None:
    """The peer at the largest size whose build, judged from the one before, fits."""
    best: Measured | None = None
    for size in peer_sizes(largest, budget):
        if best is not None and best.figures.build_s / best.figures.obligations * size > budget:
            break
        best = measure_peer(size)
    return best
