"""Storage: aware UTC datetimes, migrations that keep data, a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text

from domain.status import OutboxPurpose, OutboxState
from storage.db import create_engine, current_revision, head_revision, migrate, session_factory
from storage.models import OutboxRow


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database of each kind the product supports."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"


async def test_datetimes_come_back_aware_in_utc(database_url: str) -> None:
    engine = create_engine(database_url)
    await migrate(engine)
    sessions = session_factory(engine)
    hanoi = timezone(timedelta(hours=7))
    async with sessions.begin() as session:
        session.add(
            OutboxRow(
                purpose=OutboxPurpose.ADMIN,
                chat_id=10**12,
                html="x",
                task_ids=[1, 2],
                state=OutboxState.PENDING,
                created_at=datetime(2026, 12, 4, 8, 30, tzinfo=hanoi),
                next_attempt_at=datetime(2026, 12, 4, 1, 30, tzinfo=UTC),
                last_error="",
            )
        )
    async with sessions() as session:
        row = await session.scalar(select(OutboxRow))
    assert row is not None
    assert row.created_at == datetime(2026, 12, 4, 1, 30, tzinfo=UTC)
    assert row.created_at.tzinfo is UTC
    assert row.state is OutboxState.PENDING
    assert row.task_ids == [1, 2]
    await engine.dispose()


async def test_a_naive_datetime_is_refused(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    await migrate(engine)
    sessions = session_factory(engine)
    with pytest.raises(Exception, match="naive datetime"):
        async with sessions.begin() as session:
            session.add(
                OutboxRow(
                    purpose=OutboxPurpose.ADMIN,
                    chat_id=1,
                    html="x",
                    task_ids=[],
                    state=OutboxState.PENDING,
                    created_at=datetime(2026, 12, 4, 8, 30),
                    next_attempt_at=datetime(2026, 12, 4, 8, 30, tzinfo=UTC),
                    last_error="",
                )
            )
    await engine.dispose()


async def test_an_existing_database_is_upgraded_without_losing_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await migrate(engine, "0001_core")
    assert await current_revision(engine) == "0001_core"
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO agencies (id, name, short, kind, owner_id) "
                "VALUES ('bo-cong-an', 'Bộ Công an', 'BCA', 'ministry', 'bo-cong-an')"
            )
        )
        await connection.execute(
            text(
                "INSERT INTO tasks (id, ref, title, text, lead, co, kind, phrase, created_at, created_by) "
                "VALUES (1, 'IV.4.a', 'Luật', 'Luật', 'Bộ Công an', '[]', 'deadline', '', "
                "'2025-02-23 00:00:00', '')"
            )
        )
    await engine.dispose()

    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await migrate(engine)
    assert await current_revision(engine) == head_revision()
    async with engine.connect() as connection:
        titles = (await connection.execute(text("SELECT title FROM tasks"))).scalars().all()
        tables = (
            (await connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'")))
            .scalars()
            .all()
        )
    assert titles == ["Luật"]
    assert {"reminders", "outbox", "send_attempts"} <= set(tables)
    await migrate(engine)  # running it again is a no-op
    await engine.dispose()
