"""The reply benchmark runs end to end at a tiny size, on the SQLite file and on a
PostgreSQL database of the tests' server: every /done answered and its task closed in the
database, which the benchmark checks itself (it exits 1 otherwise)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.postgres import PostgresServer

ROOT = Path(__file__).resolve().parent.parent
_LINE = re.compile(
    r"^30 messages \(done\) from 10 chats all at once, limits fast(?P<pg>, on PostgreSQL)?: "
    r"30 answered, 0 lost; 30 of 30 tasks closed in the database; 429s 0; .* replies/s; "
    r"latency p50 (?P<p50>[\d.]+) s, p99 (?P<p99>[\d.]+) s",
    re.MULTILINE,
)


def _bench(*extra: str) -> re.Match[str]:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.bench_replies",
            *("--chats", "10", "--per-chat", "3", "--mix", "done"),
            *extra,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    found = _LINE.search(run.stdout)
    assert found is not None, run.stdout
    assert 0 < float(found["p50"]) <= float(found["p99"])
    return found


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_reply_benchmark_answers_and_closes_every_done(
    database: str, request: pytest.FixtureRequest
) -> None:
    if database == "sqlite":
        assert _bench()["pg"] is None
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    assert _bench("--postgres", "--port", str(server.port))["pg"] is not None
