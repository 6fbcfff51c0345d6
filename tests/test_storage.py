"""Storage: aware UTC datetimes, migrations that keep data, a real SQLite file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError

from domain.status import OutboxPurpose, OutboxState
from storage import sqlite_driver
from storage.db import (
    create_engine,
    current_revision,
    head_revision,
    migrate,
    reading,
    session_factory,
)
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


def _outbox_row(html: str) -> OutboxRow:
    at = datetime(2026, 12, 4, 1, 30, tzinfo=UTC)
    return OutboxRow(
        purpose=OutboxPurpose.ADMIN,
        chat_id=1,
        html=html,
        task_ids=[],
        state=OutboxState.PENDING,
        created_at=at,
        next_attempt_at=at,
        last_error="",
    )


async def test_a_read_neither_waits_for_a_write_under_way_nor_sees_it(database_url: str) -> None:
    """Replies that only read (/tasks, /task) go on while a reply that writes holds its
    transaction: on SQLite the read used to queue for the write lock (and fail with
    "database is locked" after the busy timeout)."""
    engine = create_engine(database_url)
    await migrate(engine)
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add(_outbox_row("before"))
    written = asyncio.Event()
    read_done = asyncio.Event()

    async def slow_write() -> None:
        async with sessions.begin() as session:
            await session.execute(update(OutboxRow).values(html="after"))
            written.set()
            await read_done.wait()  # the transaction stays open until the read is over

    writer = asyncio.create_task(slow_write())
    await written.wait()
    async with reading(sessions) as session:
        seen = await session.scalar(select(OutboxRow.html))
    read_done.set()
    await writer
    assert seen == "before"
    async with reading(sessions) as session:
        assert await session.scalar(select(OutboxRow.html)) == "after"
    await engine.dispose()


async def test_a_write_in_a_read_session_fails_and_changes_nothing(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    await migrate(engine)
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add(_outbox_row("kept"))
    with pytest.raises(OperationalError, match="readonly"):
        async with reading(sessions) as session:
            await session.execute(update(OutboxRow).values(html="lost"))
    # The same pooled connection writes again once it serves a write session.
    async with sessions.begin() as session:
        session.add(_outbox_row("second"))
    async with reading(sessions) as session:
        htmls = (await session.scalars(select(OutboxRow.html).order_by(OutboxRow.id))).all()
    assert htmls == ["kept", "second"]
    await engine.dispose()


async def test_concurrent_writes_of_one_process_take_turns(tmp_path: Path) -> None:
    """Forty writers at once, each reading then writing: every one commits (no "database
    is locked"), one transaction at a time, nothing lost."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    await migrate(engine)
    sessions = session_factory(engine)
    assert sessions.write_turn is not None
    inside = [0]
    most_inside = [0]

    async def write(index: int) -> None:
        async with sessions.begin() as session:
            inside[0] += 1
            most_inside[0] = max(most_inside[0], inside[0])
            count = await session.scalar(select(func.count()).select_from(OutboxRow))
            session.add(_outbox_row(f"{index} after {count}"))
            await session.flush()
            inside[0] -= 1

    await asyncio.gather(*(write(i) for i in range(40)))
    async with reading(sessions) as session:
        htmls = set((await session.scalars(select(OutboxRow.html))).all())
    assert most_inside[0] == 1
    assert sessions.write_turn.taken == 40
    # Each writer saw every write committed before it: the counts are 0 … 39.
    assert {int(h.split(" after ")[1]) for h in htmls} == set(range(40))
    await engine.dispose()


async def test_a_write_begun_inside_another_fails_at_once(tmp_path: Path) -> None:
    """It could only wait for itself: a clear error instead of a hang."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    await migrate(engine)
    sessions = session_factory(engine)

    async def nested() -> None:
        async with sessions.begin() as outer:
            outer.add(_outbox_row("outer"))
            async with sessions.begin() as inner:
                inner.add(_outbox_row("inner"))

    with pytest.raises(RuntimeError, match="inside another"):
        await nested()
    async with reading(sessions) as session:
        assert await session.scalar(select(func.count()).select_from(OutboxRow)) == 0
    async with sessions.begin() as session:  # the turn was given back
        session.add(_outbox_row("later"))
    await engine.dispose()


async def test_the_sqlite_driver_answers_like_sqlalchemys_own(tmp_path: Path) -> None:
    """One trip to the connection's thread per statement (storage/sqlite_driver.py), with
    the same answers: rows, row counts of updates and bulk inserts, generated ids, errors."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    assert engine.dialect.driver == sqlite_driver.DRIVER
    await migrate(engine)
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        first = _outbox_row("one")
        session.add(first)
        await session.flush()  # the id comes back from the insert
        await session.execute(
            insert(OutboxRow), [{**_columns(_outbox_row(f"bulk {n}"))} for n in range(3)]
        )
        changed = await session.execute(
            update(OutboxRow).where(OutboxRow.html.like("bulk %")).values(last_error="x")
        )
    assert first.id == 1
    assert changed.rowcount == 3  # type: ignore[attr-defined]
    async with reading(sessions) as session:
        rows = (
            await session.execute(select(OutboxRow.id, OutboxRow.html).order_by(OutboxRow.id))
        ).all()
        nothing = (await session.execute(select(OutboxRow.id).where(OutboxRow.id > 99))).all()
    assert [tuple(r) for r in rows] == [(1, "one"), (2, "bulk 0"), (3, "bulk 1"), (4, "bulk 2")]
    assert nothing == []
    with pytest.raises(IntegrityError):
        async with sessions.begin() as session:
            await session.execute(insert(OutboxRow).values(id=1, **_columns(_outbox_row("dup"))))
    await engine.dispose()


def _columns(row: OutboxRow) -> dict[str, object]:
    return {
        column: getattr(row, column)
        for column in (
            "purpose",
            "chat_id",
            "html",
            "task_ids",
            "state",
            "created_at",
            "next_attempt_at",
            "last_error",
        )
    }
