"""Engine, sessions and schema migrations (Alembic, run when the bot starts)."""

from __future__ import annotations

import ast
import asyncio
import contextlib
import logging
import zlib
from collections.abc import AsyncIterator, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession  # re-exported
from sqlalchemy.ext.asyncio.session import _AsyncSessionContextManager

from domain.errors import TrackerError
from storage import sqlite_driver
from storage.checkpoint import BACKSTOP_PAGES

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: The execution option that marks a read-only session's connection (see :func:`reading`).
READ_ONLY = "hanchot_read_only"
#: The execution option that marks a brief write's connection (see :func:`briefly`).
BRIEF = "hanchot_brief"


def create_engine(url: str) -> AsyncEngine:
    """An async engine for ``url``; SQLite files get their folder created, WAL and FKs on."""
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite and parsed.get_driver_name() == "aiosqlite":
        # The same driver, one hand-off to its thread per statement (storage/sqlite_driver.py).
        parsed = parsed.set(drivername=f"sqlite+{sqlite_driver.DRIVER}")
    # A brief write runs its statements on the event loop's thread once it holds the write
    # lock (storage/sqlite_driver.py): the connection is used from two threads, one at a time.
    connect_args = {"check_same_thread": False} if is_sqlite else {}
    engine = create_async_engine(parsed, pool_pre_ping=not is_sqlite, connect_args=connect_args)
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
            # A commit copies the log back into the database only past this bound: the
            # running bot does it after its passes, in a thread (storage/checkpoint.py).
            cursor.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
            cursor.close()
            # Transactions are begun explicitly below (the driver's own deferred BEGIN can
            # fail at once, not after busy_timeout, when a read turns into a write while
            # another connection commits: concurrent replies during a delivery wave).
            dbapi_connection.isolation_level = None  # type: ignore[attr-defined]

        @event.listens_for(engine.sync_engine, "begin")
        def _sqlite_begin(connection: Connection) -> None:
            # A read (see ``reading``) begins a deferred transaction: in WAL mode it reads
            # its snapshot while a writer commits, and takes no write lock. query_only makes
            # a write slipped into it fail loudly instead of racing for the lock.
            read_only = bool(connection.get_execution_options().get(READ_ONLY))
            if connection.info.get(READ_ONLY) is not read_only:
                connection.exec_driver_sql(f"PRAGMA query_only={int(read_only)}")
                connection.info[READ_ONLY] = read_only
            raw = connection.connection.dbapi_connection
            if isinstance(raw, sqlite_driver.OneTripConnection):
                raw.inline = False
            connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
            if isinstance(raw, sqlite_driver.OneTripConnection):
                raw.inline = bool(connection.get_execution_options().get(BRIEF))

    return engine


class Sessions(async_sessionmaker[AsyncSession]):
    """The product's session factory: ``begin()`` for a write, :func:`reading` for a read.

    On SQLite one process's writes take turns on an ``asyncio.Lock`` before ``BEGIN
    IMMEDIATE``: waiting there costs nothing, while two of its connections racing for
    SQLite's write lock wait in the busy handler, which polls with sleeps of up to 100 ms
    and under a burst of replies turned milliseconds of work into seconds. Other processes
    (the CLI) still meet this one at the busy timeout. PostgreSQL writes run side by side.
    """

    def __init__(self, engine: AsyncEngine, **kw: Any) -> None:
        super().__init__(engine, **kw)
        # On PostgreSQL a read needs no transaction of its own: at READ COMMITTED each
        # statement reads its own snapshot inside one too, and without it a read is one
        # round trip to the server instead of three (BEGIN, the statement, ROLLBACK).
        autocommit = (
            {"isolation_level": "AUTOCOMMIT"} if engine.dialect.name == "postgresql" else {}
        )
        self.reader = engine.execution_options(**{READ_ONLY: True}, **autocommit)
        """The engine of read-only sessions (same pool, marked connections)."""
        self.brief = engine.execution_options(**{BRIEF: True})
        """The engine of brief writes (same pool, marked connections)."""
        self.write_turn: WriteTurn | None = WriteTurn() if engine.dialect.name == "sqlite" else None

    def begin(self, *, brief: bool = False) -> _AsyncSessionContextManager[AsyncSession]:
        """A new session in a transaction that commits, this process's writes in turn
        (``brief``: see :func:`briefly`)."""
        session = self(bind=self.brief) if brief else self()
        if self.write_turn is None:
            return session._maker_context_manager()
        return _TurnTakingBegin(session, self.write_turn)


WRITE_TURN_WAIT = 30.0
"""How long, in seconds, a write waits for its turn before it gives up. A write takes
milliseconds and a burst of replies queues for a few seconds at most: a turn held this long
is a write that hangs, and without a limit every later reply would wait for it for ever."""


class WriteTurnBusy(TrackerError):
    """A write waited its whole :attr:`WriteTurn.wait` for the turn: nothing was written, the
    caller answers "busy, try again" and the data stays as it was."""

    def __init__(self, waited: float, holder: str) -> None:
        self.waited = waited
        self.holder = holder
        super().__init__(f"the write turn was not free after {waited:g} s (held by {holder})")


class WriteTurn:
    """One write transaction of this process at a time, first come first served; a write
    that cannot have its turn within ``wait`` seconds (the event loop's clock) raises
    :class:`WriteTurnBusy` instead of queueing for ever behind a write that hangs."""

    def __init__(self, wait: float = WRITE_TURN_WAIT) -> None:
        self._lock = asyncio.Lock()
        self._holder: asyncio.Task[Any] | None = None
        self._held_since = 0.0
        self.wait = wait
        """Seconds a write waits for the turn (a test shortens it)."""
        self.taken = 0
        """Write transactions begun so far (a test and the benchmark read it)."""
        self.refused = 0
        """Writes that gave up waiting (:class:`WriteTurnBusy`)."""

    async def acquire(self) -> None:
        task = asyncio.current_task()
        if task is not None and task is self._holder:
            # It would wait for itself forever (SQLite would fail after the busy timeout).
            raise RuntimeError("a write transaction was begun inside another one")
        try:
            await asyncio.wait_for(self._lock.acquire(), self.wait)
        except TimeoutError:
            self.refused += 1
            holder = self._holder.get_name() if self._holder is not None else "?"
            held = asyncio.get_running_loop().time() - self._held_since
            log.warning(
                "a write gave up after waiting %g s for the write turn, held by %s for %.1f s",
                self.wait,
                holder,
                held,
            )
            raise WriteTurnBusy(self.wait, holder) from None
        self._holder = task
        self._held_since = asyncio.get_running_loop().time()
        self.taken += 1

    def release(self) -> None:
        self._holder = None
        self._lock.release()


class _TurnTakingBegin(_AsyncSessionContextManager[AsyncSession]):
    """``sessions.begin()``, holding the write turn from the start to the commit."""

    __slots__ = ("turn",)

    def __init__(self, session: AsyncSession, turn: WriteTurn) -> None:
        super().__init__(session)
        self.turn = turn

    async def __aenter__(self) -> AsyncSession:
        await self.turn.acquire()
        try:
            return await super().__aenter__()
        except BaseException:
            self.turn.release()
            raise

    async def __aexit__(self, type_: Any, value: Any, traceback: Any) -> None:
        try:
            await super().__aexit__(type_, value, traceback)
        finally:
            self.turn.release()


def session_factory(engine: AsyncEngine) -> Sessions:
    """Sessions that keep loaded objects usable after commit."""
    return Sessions(engine, expire_on_commit=False)


def briefly(
    sessions: async_sessionmaker[AsyncSession],
) -> _AsyncSessionContextManager[AsyncSession]:
    """A write transaction of a few small statements (a report, a sender's claim or
    record): ``async with briefly(sessions) as session``, as ``sessions.begin()``.

    On SQLite, once it holds the write lock its statements and commit run on the event
    loop's thread without handing each to the connection's thread
    (``storage.sqlite_driver``): it must stay small, since while it runs nothing else
    does. Elsewhere it is an ordinary write."""
    if isinstance(sessions, Sessions):
        return sessions.begin(brief=True)
    return sessions.begin()


def reading(sessions: async_sessionmaker[AsyncSession]) -> AsyncSession:
    """A session for reads only (``async with reading(sessions) as session``).

    On SQLite it takes no write lock and waits for no writer; a write in it fails
    ("attempt to write a readonly database"). Use ``sessions.begin()`` to write."""
    if isinstance(sessions, Sessions):
        return sessions(bind=sessions.reader)
    return sessions()


def _alembic_config(connection: Connection, admin_ids: Collection[int] = ()) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    # Data migrations that must tell the office's acts from the focal points' read these.
    config.attributes["admin_ids"] = frozenset(admin_ids)
    return config


def _upgrade(connection: Connection, revision: str, admin_ids: Collection[int]) -> None:
    if revision == "head" and _stored_revisions(connection) == [known_head()]:
        return  # up to date: Alembic is not even imported (a tenth of a second of a start)
    from alembic import command

    command.upgrade(_alembic_config(connection, admin_ids), revision)


def _stored_revisions(connection: Connection) -> list[str]:
    """The revisions ``alembic_version`` holds (none for a database without the table)."""
    if not inspect(connection).has_table("alembic_version"):
        return []
    return [str(r) for r in connection.scalars(text("SELECT version_num FROM alembic_version"))]


def known_head() -> str | None:
    """The newest revision, read from the migration files without Alembic: each file's
    ``revision = "…"`` and ``down_revision = …`` lines; the one no file revises (None when
    that is not exactly one, and Alembic then decides)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        for line in script.read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition(" = ")
            if name in ("revision", "down_revision"):
                found = ast.literal_eval(value)
                names = found if isinstance(found, tuple | list) else (found,)
                target = revisions if name == "revision" else revised
                target.update(str(n) for n in names if n is not None)
    heads = revisions - revised
    return next(iter(heads)) if len(heads) == 1 else None


def _current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

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
    from alembic.config import Config
    from alembic.script import ScriptDirectory

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
