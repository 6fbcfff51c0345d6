"""The scale benchmark runs end to end at a tiny size and prints what a script can check: one
JSON object per measured N with exactly its keys, every figure measured (positive), and the
one-job-per-reminder peer's object apart on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.bench_scale import KEYS, PEER

ROOT = Path(__file__).resolve().parent.parent


def test_the_scale_benchmark_prints_measured_figures_per_size_as_json() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.bench_scale",
            *("--obligations", "300,600", "--chats", "150", "--agencies", "120"),
            *("--peer-obligations", "100", "--peer-seconds", "60", "--json"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [list(record) for record in records] == [list(KEYS)] * 2
    assert [(r["obligations"], r["chats"], r["agencies"]) for r in records] == [
        (300, 150, 120),
        (600, 150, 120),
    ]
    for record in records:
        assert all(isinstance(record[key], int | float) and record[key] > 0 for key in KEYS)
    # A larger database is larger on disk: the figures are measured, not constants.
    assert records[1]["db_mb"] > records[0]["db_mb"]
    peers = [json.loads(line) for line in run.stderr.splitlines() if line.startswith("{")]
    assert len(peers) == 1
    peer = peers[0]
    assert peer["peer"] == PEER
    assert peer["obligations"] == 100
    for key in ("build_s", "sweep_1000_ms", "idle_pass_ms", "cold_start_s", "peak_rss_mb"):
        assert peer[key] > 0
