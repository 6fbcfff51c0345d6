"""Every statement of a due sweep finds its rows through an index: over the varied fixture
(``tests/sweep_fixture.py``: chases that escalate, progress requests, proposals waiting,
agencies without a chat) SQLite explains each statement the sweeps ran, and none scans a
table that grows with the deployment (the leadership chats and this process's senders are
read whole on purpose). Without statistics SQLite plans a small database as it plans a
national one, so these are the plans at a million obligations."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event

from tests.sweep_fixture import MORNINGS, build
from wiring import build_product

#: Read whole on purpose: every active leadership chat (a few per agency at most), the
#: senders alive (a handful of processes).
READ_WHOLE = {"leadership_chats", "senders"}
_NOT_PLANNED = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE")


def _scans(plan: list[str]) -> list[str]:
    return [
        step
        for step in plan
        if step.startswith("SCAN ")
        and step != "SCAN CONSTANT ROW"
        and step.split()[1] not in READ_WHOLE
    ]


async def test_no_statement_of_a_sweep_scans_a_table_that_grows(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    core = await build(path)
    dispatcher = build_product(core).runner.dispatcher
    statements: dict[str, Any] = {}

    @event.listens_for(core.engine.sync_engine, "before_cursor_execute")
    def keep(*args: Any) -> None:
        _, _, statement, parameters, _, many = args
        # An executemany's first row (an insert of many VALUES is one flat row).
        rows = many and parameters and isinstance(parameters[0], tuple | list | dict)
        first = parameters[0] if rows else parameters
        statements.setdefault(statement, dict(first) if isinstance(first, dict) else tuple(first))

    try:
        for morning in MORNINGS:
            await dispatcher.fire_due(morning)
    finally:
        await core.close()
    planned = {
        s: p for s, p in statements.items() if not s.lstrip().upper().startswith(_NOT_PLANNED)
    }
    with sqlite3.connect(path) as db:
        plans = {
            statement: [str(row[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN {statement}", p)]
            for statement, p in planned.items()
        }
    # The sweeps did what the fixture is for (so the statements are all there).
    assert any("FROM events" in s for s in plans), "no chase escalated"
    assert any(s.startswith("INSERT INTO outbox") for s in plans)
    assert any(s.startswith("UPDATE reminders") for s in plans)
    scanning = {s: _scans(plan) for s, plan in plans.items() if _scans(plan)}
    assert scanning == {}
