"""Migration 0018: the due reminders' index holds only the pending reminders, and three of
the outbox's only the messages looked up through them (being sent, sent, confirming an
update), on SQLite and PostgreSQL, on a database upgraded from 0017 with its data kept; the
lookups still go through them; a report's update is still recorded once per chat; and a
downgrade gives the full indexes back."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import _alembic_config, create_engine, current_revision, head_revision, migrate

PARTIAL = {
    "ix_reminders_due": "state = 'pending'",
    "ix_outbox_claimed_by": "state = 'sending'",
    "ix_outbox_message": "message_id IS NOT NULL",
    "ix_outbox_update": "update_id IS NOT NULL",
}

SENDING = ("ix_outbox_claimed_by", "ix_outbox_due (state=?)")

#: Each lookup through a partial index, as the product writes it (the state named, not a
#: parameter), and the index it must use (SQLite may take the messages being sent from the
#: due messages' index, whose first column is the state: as few rows).
LOOKUPS = {
    # a pass asks whether a reminder is due, and when the next one is
    "SELECT 1 FROM reminders WHERE state = 'pending' AND at <= '2026-12-02 02:00:00'": (
        "ix_reminders_due"
    ),
    "SELECT min(at) FROM reminders WHERE state = 'pending'": "ix_reminders_due",
    # a pass asks whether a message is sending with no sender; a start takes one back
    "SELECT 1 FROM outbox WHERE state = 'sending' AND claimed_by IS NULL": SENDING,
    "UPDATE outbox SET state = 'pending' WHERE state = 'sending' AND claimed_by IN ('a')": SENDING,
    # a reply to a reminder finds the tasks it listed; a report's update found again
    "SELECT task_ids FROM outbox WHERE chat_id = 1 AND message_id = 2": "ix_outbox_message",
    "SELECT id FROM outbox WHERE chat_id = 1 AND update_id = 2": "ix_outbox_update",
}

_OUTBOX = (
    "INSERT INTO outbox (id, purpose, chat_id, html, task_ids, state, created_at, "
    "next_attempt_at, attempts, last_error, silent, message_id, update_id) VALUES "
    "({id}, 'reminder', 7, 'x', '[]', '{state}', '2026-12-01 02:00:00+00', "
    "'2026-12-01 02:00:00+00', 0, '', false, {message}, {update})"
)


async def _fill(engine: AsyncEngine) -> None:
    """An agency, a task and its obligation, a reminder fired with its message (sent) and
    one pending, and a report's confirmation."""
    async with engine.begin() as connection:
        for statement in (
            "INSERT INTO agencies (id, name, short, kind, owner_id) "
            "VALUES ('bo-cong-an', 'Bộ Công an', 'BCA', 'ministry', 'bo-cong-an')",
            "INSERT INTO tasks (id, ref, title, text, lead, co, kind, phrase, created_at, "
            "created_by) VALUES (1, '', 'Báo cáo', '', 'Bộ Công an', '[]', 'none', '', "
            "'2026-11-30 02:00:00+00', '')",
            "INSERT INTO assignments (id, task_id, agency_id, owner_id, status, note, replan) "
            "VALUES (1, 1, 'bo-cong-an', 'bo-cong-an', 'open', '', false)",
            _OUTBOX.format(id=1, state="sent", message=50, update="NULL"),
            _OUTBOX.format(id=2, state="sent", message=51, update=900),
            "INSERT INTO reminders (id, assignment_id, at, kind, state, outbox_id) VALUES "
            "(1, 1, '2026-12-01 02:00:00+00', 'window', 'fired', 1), "
            "(2, 1, '2026-12-08 02:00:00+00', 'window', 'pending', NULL)",
        ):
            await connection.execute(text(statement))


async def _sqlite_indexes(engine: AsyncEngine) -> dict[str, str]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        )
        return {str(name): str(sql) for name, sql in rows.all()}


async def test_sqlite_upgraded_from_0017_keeps_its_rows_and_looks_up_through_partial_indexes(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    await migrate(engine, "0017_claim_indexes")
    await _fill(engine)
    before = await _sqlite_indexes(engine)
    assert not any("WHERE" in before[name] for name in PARTIAL)
    await migrate(engine)
    assert await current_revision(engine) == head_revision()
    await migrate(engine)  # up to date: nothing to do
    indexes = await _sqlite_indexes(engine)
    for name, condition in PARTIAL.items():
        assert indexes[name].endswith(f"WHERE {condition}"), indexes[name]
    async with engine.connect() as connection:
        kept = (await connection.execute(text("SELECT id, state FROM reminders"))).all()
        plans = {
            statement: [
                str(row[-1])
                for row in (await connection.execute(text(f"EXPLAIN QUERY PLAN {statement}"))).all()
            ]
            for statement in LOOKUPS
        }
    assert sorted(kept) == [(1, "fired"), (2, "pending")]
    for statement, index in LOOKUPS.items():
        usable = index if isinstance(index, tuple) else (index,)
        assert any(u in step for u in usable for step in plans[statement]), plans[statement]
        assert not any(step.startswith("SCAN") for step in plans[statement]), plans[statement]
    async with engine.begin() as connection:
        await connection.run_sync(
            lambda sync: command.downgrade(_alembic_config(sync), "0017_claim_indexes")
        )
    assert await _sqlite_indexes(engine) == before
    await engine.dispose()


async def test_postgresql_upgraded_from_0017_has_the_partial_indexes_and_one_update_a_chat(
    postgres_url: str,
) -> None:
    engine = create_engine(postgres_url)
    await migrate(engine, "0017_claim_indexes")
    await _fill(engine)
    await migrate(engine)
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'ix_%'")
        )
        indexes = {str(name): str(definition) for name, definition in rows.all()}
        kept = (await connection.execute(text("SELECT count(*) FROM reminders"))).scalar()
    assert kept == 2
    assert indexes["ix_reminders_due"].endswith("(at) WHERE ((state)::text = 'pending'::text)")
    assert indexes["ix_outbox_claimed_by"].endswith(
        "(claimed_by) WHERE ((state)::text = 'sending'::text)"
    )
    assert indexes["ix_outbox_message"].endswith("WHERE (message_id IS NOT NULL)")
    assert indexes["ix_outbox_update"].startswith("CREATE UNIQUE INDEX")
    assert indexes["ix_outbox_update"].endswith("WHERE (update_id IS NOT NULL)")
    with pytest.raises(IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(
                text(_OUTBOX.format(id=3, state="pending", message="NULL", update=900))
            )
    async with engine.begin() as connection:  # no update: as many as there are
        for id_ in (3, 4):
            await connection.execute(
                text(_OUTBOX.format(id=id_, state="pending", message="NULL", update="NULL"))
            )
    await engine.dispose()
