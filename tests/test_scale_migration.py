"""Migrations 0007, 0016 and 0017: the hot path's lookups use indexes, on a database
upgraded from 0006 with its data kept, a second migrate does nothing, and the claim tokens,
which nothing looks up any more, are not indexed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import _alembic_config, create_engine, current_revision, head_revision, migrate

HOT_LOOKUPS = {
    # a sweep finds the chats of the agencies it reminds
    "SELECT id, chat_id FROM chats WHERE agency_id IN ('a', 'b') AND active": "ix_chats_agency",
    # the registry sync follows merged agencies
    "UPDATE assignments SET owner_id = 'b' WHERE agency_id = 'a'": "ix_assign_agency",
    # a start looks for obligations to re-plan
    "SELECT id FROM assignments WHERE replan": "ix_assign_replan",
    # a reply to a reminder finds the tasks it listed
    "SELECT task_ids FROM outbox WHERE chat_id = 1 AND message_id = 2": "ix_outbox_message",
    "SELECT id FROM send_attempts WHERE outbox_id = 1": "ix_attempts_outbox",
    # a sweep that chases reads each chased obligation's last answer (0016)
    "SELECT assignment_id, max(at) FROM events WHERE assignment_id IN (1, 2) "
    "AND kind IN ('done', 'late') GROUP BY assignment_id": "ix_events_assignment",
}


async def test_an_upgraded_database_keeps_its_data_and_indexes_every_hot_lookup(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    await migrate(engine, "0006_digests")
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO agencies (id, name, short, kind, owner_id) "
                "VALUES ('bo-cong-an', 'Bộ Công an', 'BCA', 'ministry', 'bo-cong-an')"
            )
        )
        await connection.execute(
            text(
                "INSERT INTO chats (chat_id, agency_id, title, active, joined_at, "
                "inactive_reason) VALUES (5, 'bo-cong-an', '', 1, '2026-12-02 00:00:00', '')"
            )
        )
    await migrate(engine)
    assert await current_revision(engine) == head_revision()
    await migrate(engine)  # up to date: nothing to do, nothing fails
    async with engine.connect() as connection:
        chats = (await connection.execute(text("SELECT agency_id FROM chats"))).scalars().all()
        plans = {
            statement: [
                str(row[-1])
                for row in (await connection.execute(text(f"EXPLAIN QUERY PLAN {statement}"))).all()
            ]
            for statement in HOT_LOOKUPS
        }
        tables = (
            (await connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'")))
            .scalars()
            .all()
        )
    assert chats == ["bo-cong-an"]
    assert "meta" in tables
    for statement, index in HOT_LOOKUPS.items():
        assert any(index in step for step in plans[statement]), (statement, plans[statement])
        # A scan only of an index (the partial one holds just the flagged rows).
        for step in plans[statement]:
            assert not step.startswith("SCAN") or "INDEX" in step, (statement, step)
    await engine.dispose()


async def test_downgrading_to_0006_removes_what_0007_added(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    await migrate(engine)
    async with engine.begin() as connection:
        await connection.run_sync(
            lambda sync: command.downgrade(_alembic_config(sync), "0006_digests")
        )
    async with engine.connect() as connection:
        names = set(
            (await connection.execute(text("SELECT name FROM sqlite_master"))).scalars().all()
        )
    assert "meta" not in names
    assert not set(HOT_LOOKUPS.values()) & names
    await engine.dispose()


CLAIM_INDEXES = {"ix_reminders_claim", "ix_outbox_claim"}


async def _index_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT name FROM sqlite_master WHERE type='index'"))
        return set(rows.scalars().all())


async def test_the_claim_tokens_are_not_indexed_and_a_downgrade_indexes_them_again(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    await migrate(engine, "0016_event_answers")
    assert await _index_names(engine) >= CLAIM_INDEXES
    await migrate(engine)
    names = await _index_names(engine)
    assert not CLAIM_INDEXES & names
    assert {"ix_reminders_due", "ix_outbox_due"} <= names
    async with engine.begin() as connection:
        await connection.run_sync(
            lambda sync: command.downgrade(_alembic_config(sync), "0016_event_answers")
        )
    assert await _index_names(engine) >= CLAIM_INDEXES
    await engine.dispose()
