"""A start imports only what it runs: Alembic (with Mako and Pygments, a tenth of a second
of every start) is imported only when the database needs a migration, and the newest
revision is read from the migration files without it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from storage.db import create_engine, current_revision, head_revision, known_head

ROOT = Path(__file__).resolve().parent.parent

#: A fresh process: the bot's command line and the product imported, then the database at
#: ``sys.argv[1]`` migrated; prints whether Alembic was imported, before and after.
_START = """
import asyncio, sys
import cli.main, wiring
from storage.db import create_engine, migrate
before = "alembic" in sys.modules
async def main():
    engine = create_engine(f"sqlite+aiosqlite:///{sys.argv[1]}")
    await migrate(engine)
    await engine.dispose()
asyncio.run(main())
print(before, "alembic" in sys.modules)
"""


def _start(database: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _START, str(database)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_the_newest_revision_read_from_the_files_is_alembics() -> None:
    assert known_head() == head_revision()


async def test_alembic_is_imported_only_for_a_database_that_needs_a_migration(
    tmp_path: Path,
) -> None:
    database = tmp_path / "bot.sqlite3"
    assert _start(database) == "False True"  # a new database: migrated by Alembic
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        assert await current_revision(engine) == head_revision()
        assert _start(database) == "False False"  # up to date: Alembic not even imported
        # One revision behind (as before the newest migration): migrated again.
        with sqlite3.connect(database) as db:
            db.execute("CREATE INDEX ix_reminders_claim ON reminders (claim)")
            db.execute("CREATE INDEX ix_outbox_claim ON outbox (claim)")
            db.execute("UPDATE alembic_version SET version_num = '0016_event_answers'")
        assert _start(database) == "False True"
        assert await current_revision(engine) == head_revision()
        with sqlite3.connect(database) as db:
            indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert not {"ix_reminders_claim", "ix_outbox_claim"} & indexes
    finally:
        await engine.dispose()
