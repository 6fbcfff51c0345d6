"""The PostgreSQL benchmark runs end to end at a tiny size, two workers sharing one database
on the tests' server: one JSON object with exactly its keys, the due sweep firing every due
reminder once between the workers, the wave delivered with no duplicate and no loss, both
workers' shares adding up to it, and every figure measured (positive)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.bench_postgres import KEYS
from tests.postgres import PostgresServer

ROOT = Path(__file__).resolve().parent.parent


def test_the_postgres_benchmark_prints_measured_figures_for_two_workers(
    postgres_server: PostgresServer,
) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.bench_postgres",
            *("--port", str(postgres_server.port), "--workers", "2", "--json"),
            *("--obligations", "2000", "--chats", "300", "--wave", "200", "--timeout", "90"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    [record] = [json.loads(line) for line in run.stdout.splitlines()]
    assert list(record) == list(KEYS)
    assert (record["obligations"], record["chats"], record["agencies"]) == (2000, 300, 300)
    assert record["workers"] == 2
    # One due obligation per agency of the first 300 (all of them): each fired once.
    assert record["fired"] == 300
    assert record["queued"] >= 300
    assert (record["wave"], record["duplicates"], record["lost"]) == (200, 0, 0)
    assert len(record["shares"]) == 2
    assert sum(record["shares"]) == 200
    for key in (
        "build_s",
        "sweep_1000_ms",
        "idle_pass_ms",
        "cold_start_s",
        "all_up_s",
        "delivery_msg_s",
    ):
        assert record[key] > 0, key
    assert record["all_up_s"] >= record["cold_start_s"]


def test_the_postgres_sweep_benchmark_times_each_sweep_and_its_statements(
    postgres_server: PostgresServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench.bench_pg_sweep import main

    main(
        [
            *("--port", str(postgres_server.port), "--runs", "2", "--statements"),
            *("--obligations", "300", "--chats", "150", "--agencies", "120"),
        ]
    )
    out = capsys.readouterr().out
    runs = re.findall(r"run (\d): (\d+) reminders → (\d+) messages in ([\d.]+) ms", out)
    quiet = re.findall(r"a quiet pass ([\d.]+) ms", out)
    assert len(quiet) == 2, out
    assert all(float(ms) > 0 for ms in quiet), out
    assert [(run, fired, queued) for run, fired, queued, _ in runs] == [
        ("1", "120", "150"),
        ("2", "120", "150"),
    ]  # one due obligation per agency; 30 of the 120 agencies have two chats
    assert all(float(ms) > 0 for *_, ms in runs)
    assert out.count("INSERT INTO outbox") == 2
    assert out.count("UPDATE reminders") == 2
