"""A start on a database that is up to date reads nothing whole that grows: SQLite explains
every statement of ``Core.prepare`` (migrations, the obligations flagged for re-planning,
the registry's mirror, the seeds) run a second time on the sweep fixture's file, and none
scans a table that grows with the deployment. Without statistics SQLite plans a small
database as it plans a national one, so these are the plans at a million obligations."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event

from tests.sweep_fixture import build
from wiring import build_core

#: Read whole on purpose: the schema's revision (one row) and the office's settings (a
#: handful of keys).
READ_WHOLE = {"alembic_version", "meta"}
#: Partial indexes: they hold only the rows a start looks for (reading one whole is the
#: point), e.g. the obligations a data migration flagged for re-planning.
PARTIAL = {"ix_assign_replan"}
_NOT_PLANNED = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE")


def _scans(plan: list[str]) -> list[str]:
    return [
        step
        for step in plan
        if step.startswith("SCAN ")
        and step != "SCAN CONSTANT ROW"
        and step.split()[1] not in READ_WHOLE
        and not any(step.endswith(f"USING INDEX {index}") for index in PARTIAL)
    ]


async def test_no_statement_of_a_start_scans_a_table_that_grows(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    first = await build(path)
    await first.prepare()  # the seeds too: the start below finds them all there
    await first.close()
    core = build_core(first.settings, first.clock)
    statements: dict[str, Any] = {}

    @event.listens_for(core.engine.sync_engine, "before_cursor_execute")
    def keep(*args: Any) -> None:
        _, _, statement, parameters, _, _ = args
        statements.setdefault(statement, parameters)

    try:
        report = await core.prepare()
    finally:
        await core.close()
    assert report is not None
    assert report.tasks_added == 0  # up to date: nothing to add
    planned = {
        s: p for s, p in statements.items() if not s.lstrip().upper().startswith(_NOT_PLANNED)
    }
    with sqlite3.connect(path) as db:
        plans = {
            statement: [str(row[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN {statement}", p)]
            for statement, p in planned.items()
        }
    # What a start reads was all there (so the test explains the statements it is about).
    assert any("replan" in s for s in plans), "no look for obligations to re-plan"
    assert any("tasks.seed_key" in s for s in plans), "no look for the seeds' tasks"
    scanning = {s: _scans(plan) for s, plan in plans.items() if _scans(plan)}
    assert scanning == {}
