"""Engine, sessions and schema migrations (Alembic, run when the bot starts)."""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import AsyncIterator, Collection
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession  # re-exported

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def create_engine(url: str) -> AsyncEngine:
    """An async engine for ``url``; SQLite files get their folder created, WAL and FKs on."""
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, pool_pre_ping=not is_sqlite)
    if is_sqlite:

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
            cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
            # WAL lets the CLI read while the bot writes; busy_timeout makes two processes
            # wait for each other instead of failing with "database is locked".
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            # In WAL mode NORMAL is safe against a crashed process (only a power cut can
            # lose the last commits) and spares an fsync per commit: one per message sent.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
            # Transactions are begun explicitly below (the driver's own deferred BEGIN can
            # fail at once, not after busy_timeout, when a read turns into a write while
            # another connection commits: concurrent replies during a delivery wave).
            dbapi_connection.isolation_level = None  # type: ignore[attr-defined]

        @event.listens_for(engine.sync_engine, "begin")
        def _sqlite_begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def _alembic_config(connection: Connection, admin_ids: Collection[int] = ()) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    # Data migrations that must tell the office's acts from the focal points' read these.
    config.attributes["admin_ids"] = frozenset(admin_ids)
    return config


def _upgrade(connection: Connection, revision: str, admin_ids: Collection[int]) -> None:
    command.upgrade(_alembic_config(connection, admin_ids), revision)


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def migrate(
    engine: AsyncEngine, revision: str = "head", *, admin_ids: Collection[int] = ()
) -> None:
    """Create or upgrade the schema to ``revision``; existing data is kept.

    ``admin_ids`` (the configured admins) let a data migration tell what the office did
    from what a focal point did."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision, admin_ids)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The schema revision the database is at (None for an empty database)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current)


def head_revision() -> str:
    """The newest schema revision this code knows."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


#: The advisory lock that lets one process at a time migrate and seed a PostgreSQL database.
PREPARE_LOCK = zlib.crc32(b"hanchot: migrations and seeds")


@contextlib.asynccontextmanager
async def preparing_alone(engine: AsyncEngine) -> AsyncIterator[None]:
    """On PostgreSQL, hold an advisory lock so that several workers starting together
    migrate and seed one after the other (the later ones then find nothing to do). SQLite
    serialises its writers itself."""
    if engine.dialect.name != "postgresql":
        yield
        return
    async with engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PREPARE_LOCK})
        try:
            yield
        finally:
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PREPARE_LOCK})
