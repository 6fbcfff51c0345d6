"""Turning a reminder's page (◀ ▶) reads which of its tasks the reminder asked progress
about (``Queries.asked_of_message``) through indexes: over the varied sweep fixture, after
its sweeps, every reminder message with a progress request is paged, the answers are the
progress requests that sweep fired, and SQLite explains each statement without a scan and
reaches the reminders by assignment, not by their state (which every reminder a deployment
ever fired shares)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event, select, update

from domain.status import OutboxPurpose, ReminderKind, ReminderState
from storage.models import AssignmentRow, ChatRow, OutboxRow, ReminderRow
from tests.sweep_fixture import MORNINGS, build
from wiring import build_product


async def test_paging_a_reminder_reads_its_progress_requests_through_indexes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "db.sqlite3"
    core = await build(path)
    dispatcher = build_product(core).runner.dispatcher
    statements: dict[str, Any] = {}
    try:
        for morning in MORNINGS:
            await dispatcher.fire_due(morning)
        async with core.sessions.begin() as session:  # as if delivered: a message id each
            rows = (
                await session.execute(
                    select(
                        OutboxRow.id,
                        OutboxRow.chat_id,
                        OutboxRow.created_at,
                        OutboxRow.task_ids,
                        ChatRow.agency_id,
                    )
                    .join(ChatRow, ChatRow.id == OutboxRow.chat_row_id)
                    .where(OutboxRow.purpose == OutboxPurpose.REMINDER)
                )
            ).all()
            for row in rows:
                await session.execute(
                    update(OutboxRow).where(OutboxRow.id == row.id).values(message_id=row.id)
                )
            # The oracle, joined in Python: (agency, sweep) → tasks asked about.
            fired = (
                await session.execute(
                    select(AssignmentRow.owner_id, AssignmentRow.task_id, ReminderRow.handled_at)
                    .join(AssignmentRow, AssignmentRow.id == ReminderRow.assignment_id)
                    .where(
                        ReminderRow.kind == ReminderKind.FOLLOWUP,
                        ReminderRow.state == ReminderState.FIRED,
                    )
                )
            ).all()
        asked: dict[tuple[str, Any], set[int]] = {}
        for owner, task_id, at in fired:
            asked.setdefault((owner, at), set()).add(task_id)

        @event.listens_for(core.engine.sync_engine, "before_cursor_execute")
        def keep(*args: Any) -> None:
            _, _, statement, parameters, _, _ = args
            statements.setdefault(statement, parameters)

        answers = {row.id: await core.tracker.asked_of_message(row.chat_id, row.id) for row in rows}
    finally:
        await core.close()

    expected = {
        row.id: asked.get((row.agency_id, row.created_at), set()) & {int(t) for t in row.task_ids}
        for row in rows
    }
    assert any(expected.values()), "the fixture's sweeps asked no progress"
    assert answers == expected
    reads = {s: p for s, p in statements.items() if s.lstrip().upper().startswith("SELECT")}
    assert len(reads) >= 2  # the page's message, then its tasks (one text per count listed)
    with sqlite3.connect(path) as db:
        plans = {
            s: [str(r[-1]) for r in db.execute(f"EXPLAIN QUERY PLAN {s}", p)]
            for s, p in reads.items()
        }
    scans = {s: [step for step in plan if step.startswith("SCAN")] for s, plan in plans.items()}
    assert scans == {s: [] for s in plans}, plans
    # The reminders are reached from the reader's own assignments of the listed tasks, never
    # by their state alone (every reminder ever fired has that state).
    steps = [step for plan in plans.values() for step in plan if " reminders " in f"{step} "]
    assert steps, plans
    assert all("assignment_id=?" in step for step in steps), plans
