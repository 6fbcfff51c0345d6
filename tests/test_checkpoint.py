"""The write-ahead log is copied back into the SQLite file by the runner, in a thread, after
its passes: no commit of the product's connections does it (storage/checkpoint.py)."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from demo.harness import LiveBot
from storage.checkpoint import BACKSTOP_PAGES, Checkpoint, Checkpointer, sqlite_file
from storage.db import create_engine, migrate, session_factory

#: One write of about 1,250 pages of 4 KB: past SQLite's default threshold of 1,000.
ROWS, SIZE = 1250, 3900


async def _write_pages(sessions: async_sessionmaker[AsyncSession], first: int = 0) -> None:
    async with sessions.begin() as session:
        await session.execute(text("CREATE TABLE IF NOT EXISTS ballast (n INTEGER, b BLOB)"))
        await session.execute(
            text("INSERT INTO ballast VALUES (:n, randomblob(:size))"),
            [{"n": first + n, "size": SIZE} for n in range(ROWS)],
        )


def _wal(database: Path) -> Path:
    return database.with_name(database.name + "-wal")


async def test_the_products_connections_leave_the_log_past_a_thousand_pages(
    tmp_path: Path,
) -> None:
    """A commit that takes the log past SQLite's default 1,000 pages leaves it as it is:
    the database file does not grow, the log holds the write (by default this commit
    would copy it all back and sync both files, in the committing thread)."""
    database = tmp_path / "db.sqlite3"
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with engine.connect() as connection:
            pages = await connection.exec_driver_sql("PRAGMA wal_autocheckpoint")
            assert pages.scalar() == BACKSTOP_PAGES > 1000
        await migrate(engine)
        sessions = session_factory(engine)
        await _write_pages(sessions)
        before = database.stat().st_size
        await _write_pages(sessions, ROWS)
        assert database.stat().st_size == before
        assert _wal(database).stat().st_size > ROWS * SIZE
    finally:
        await engine.dispose()


async def test_a_checkpoint_copies_the_log_back_in_its_own_thread(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    checkpointer = Checkpointer(database)
    threads: list[str] = []
    checkpoint = checkpointer._checkpoint

    def recorded(threshold: int) -> Checkpoint | None:
        threads.append(threading.current_thread().name)
        return checkpoint(threshold)

    checkpointer._checkpoint = recorded  # type: ignore[method-assign]
    try:
        await migrate(engine)
        await _write_pages(session_factory(engine))
        before = database.stat().st_size
        done = await checkpointer.run()
        assert done is not None
        assert not done.busy
        assert done.frames > 1000
        assert done.copied == done.frames
        assert database.stat().st_size > before + ROWS * SIZE
        assert threads
        assert threads[0].startswith("checkpoint")
        assert threads[0] != threading.current_thread().name
    finally:
        await checkpointer.close()
        await engine.dispose()


def test_only_a_sqlite_file_has_a_log_to_copy_back() -> None:
    assert sqlite_file("sqlite+aiosqlite:///data/x.sqlite3") == Path("data/x.sqlite3")
    assert sqlite_file("sqlite+aiosqlite:///:memory:") is None
    assert sqlite_file("postgresql+asyncpg://u@h/db") is None


async def test_the_runner_copies_the_log_back_after_each_pass(live: LiveBot) -> None:
    """Write after write, each past 1,000 pages, a pass after each: the log is copied back
    after every pass (all of it), so it starts again and its file stays the size of one
    write, not of all of them."""
    core = live.product.core
    checkpointer = core.checkpointer
    assert checkpointer is not None
    database = sqlite_file(core.settings.database_url)
    assert database is not None
    await live.product.runner.tick()  # and the copy after start-up's pass has ended
    sizes = []
    for n in range(4):
        runs = checkpointer.runs
        before = database.stat().st_size
        await _write_pages(core.sessions, n * ROWS)
        assert database.stat().st_size == before  # the write left the log as it was
        await live.product.runner.tick()
        assert checkpointer.runs == runs + 1
        assert checkpointer.last is not None
        assert checkpointer.last.copied == checkpointer.last.frames > 1000
        assert database.stat().st_size > before + ROWS * SIZE
        sizes.append(_wal(database).stat().st_size)
    assert max(sizes) < 2 * ROWS * (SIZE + 200)


async def test_a_pass_that_wrote_a_few_pages_leaves_them_for_later(live: LiveBot) -> None:
    """Copying back a few pages would only make the next writer start the log again (and
    sync its new header): below 1,000 waiting pages the checkpointer copies nothing, and
    once they add up to that it copies them all."""
    core = live.product.core
    checkpointer = core.checkpointer
    assert checkpointer is not None
    database = sqlite_file(core.settings.database_url)
    assert database is not None
    await live.product.runner.tick()
    runs, skipped = checkpointer.runs, checkpointer.skipped
    before = database.stat().st_size
    async with core.sessions.begin() as session:
        await session.execute(text("CREATE TABLE few (n INTEGER)"))
        await session.execute(text("INSERT INTO few VALUES (1)"))
    waiting = checkpointer.waiting()
    assert waiting is not None
    assert 0 < waiting < 1000
    await live.product.runner.tick()
    assert (checkpointer.runs, checkpointer.skipped) == (runs, skipped + 1)
    assert database.stat().st_size == before
    await _write_pages(core.sessions)
    waiting = checkpointer.waiting()
    assert waiting is not None
    assert waiting > 1000
    await live.product.runner.tick()
    assert checkpointer.runs == runs + 1
    assert checkpointer.waiting() == 0
    assert database.stat().st_size > before
