"""A brief write on SQLite runs its statements and commit on the event loop's thread once it
holds the write lock; every other transaction hands them to the connection's thread. Against
a real SQLite file: which thread ran each statement, what a brief write commits, what a
failing one leaves (nothing), and that the same pooled connection serves reads and ordinary
writes afterwards as before."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from storage.db import briefly, create_engine, reading, session_factory


@pytest.fixture
def engine_and_sessions(tmp_path: Path) -> Any:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'brief.sqlite3'}")

    @event.listens_for(engine.sync_engine, "connect")
    def _whoami(dbapi_connection: Any, _record: object) -> None:
        # The thread that runs a statement, as SQLite sees it.
        dbapi_connection._connection._conn.create_function(
            "whoami", 0, threading.get_ident, deterministic=False
        )

    return engine, session_factory(engine)


async def _thread_of(session: Any) -> int:
    return int(await session.scalar(text("SELECT whoami()")))


async def test_a_brief_write_runs_on_the_loop_thread_and_others_on_the_connection_thread(
    engine_and_sessions: Any,
) -> None:
    engine, sessions = engine_and_sessions
    loop_thread = threading.get_ident()
    async with sessions.begin() as session:
        await session.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
        ordinary = await _thread_of(session)
    async with briefly(sessions) as session:
        brief = await _thread_of(session)
        await session.execute(text("INSERT INTO notes (body) VALUES ('một')"))
        await session.execute(
            text("INSERT INTO notes (body) VALUES (:body)"), [{"body": "hai"}, {"body": "ba"}]
        )
    async with reading(sessions) as session:
        reader = await _thread_of(session)
        bodies = (await session.scalars(text("SELECT body FROM notes ORDER BY id"))).all()
    async with sessions.begin() as session:
        after = await _thread_of(session)
    assert brief == loop_thread
    assert ordinary != loop_thread
    assert reader != loop_thread
    assert after != loop_thread
    assert bodies == ["một", "hai", "ba"]
    await engine.dispose()


async def test_a_failing_brief_write_leaves_nothing_and_the_connection_serves_on(
    engine_and_sessions: Any,
) -> None:
    engine, sessions = engine_and_sessions
    async with sessions.begin() as session:
        await session.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT UNIQUE)"))
        await session.execute(text("INSERT INTO notes (body) VALUES ('một')"))

    async def twice() -> None:
        async with briefly(sessions) as session:
            await session.execute(text("INSERT INTO notes (body) VALUES ('hai')"))
            await session.execute(text("INSERT INTO notes (body) VALUES ('một')"))

    async def stopped() -> None:
        async with briefly(sessions) as session:
            await session.execute(text("INSERT INTO notes (body) VALUES ('ba')"))
            raise RuntimeError("stop")

    with pytest.raises(IntegrityError, match="UNIQUE"):
        await twice()
    with pytest.raises(RuntimeError, match="stop"):
        await stopped()
    async with briefly(sessions) as session:
        await session.execute(text("INSERT INTO notes (body) VALUES ('bốn')"))
    async with reading(sessions) as session:
        bodies = (await session.scalars(text("SELECT body FROM notes ORDER BY id"))).all()
    assert bodies == ["một", "bốn"]
    await engine.dispose()
