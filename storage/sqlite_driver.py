"""SQLAlchemy's aiosqlite dialect with one trip to the connection's thread per statement.

aiosqlite runs each connection in a thread of its own and every call on it is a round trip
between the event loop and that thread. SQLAlchemy's adapter makes four per statement
(create a cursor, execute, fetch the rows, close the cursor); under a burst of replies
those hand-offs, each waking a thread and waiting for the interpreter lock back, were the
largest part of the bot's time. This cursor does the four in one function run in the
connection's thread and keeps what it returned (description, rows, row count, last row id).

``storage.db.create_engine`` uses it for every ``sqlite+aiosqlite`` URL; nothing else
changes (same module, same errors, same pool). Server-side cursors (streaming) keep
SQLAlchemy's own adapter.

A brief write (``storage.db.briefly``: a report, a sender's claim or record) goes further:
once its ``BEGIN IMMEDIATE`` has the database's write lock (through the thread, since it
may wait for another process), its statements and its commit run on the calling thread
(:attr:`OneTripConnection.inline`). Each takes microseconds with the lock held (WAL, no
reader blocks it), far less than a hand-off; and the transaction no longer gives the event
loop back between its statements, so a burst of replies does not stretch every holder of
the write turn by a turn of the loop per statement.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    SQLiteDialect_aiosqlite,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

#: The driver name ``create_engine`` puts in place of ``aiosqlite``.
DRIVER = "aiosqlite_onetrip"

_Result = tuple[Any, list[Any], int, int | None]


def _run(raw: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> _Result:
    """In the connection's thread: execute, fetch everything, close the cursor."""
    cursor = raw.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A client-side cursor whose statement costs one hand-off to the thread."""

    __slots__ = ("_description", "_lastrowid", "_rowcount", "arraysize")

    def __init__(self, adapt_connection: Any) -> None:
        # No aiosqlite cursor: each statement opens and closes a sqlite3 one in the thread.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self.arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    async def _async_soft_close(self) -> None:
        return None

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            if getattr(self._adapt_connection, "inline", False):
                self._keep(_run(self._connection._conn, operation, parameters, False))
                return None
            return await_(self._trip(operation, parameters, many=False))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        try:
            if getattr(self._adapt_connection, "inline", False):
                self._keep(_run(self._connection._conn, operation, seq_of_parameters, True))
                return None
            return await_(self._trip(operation, seq_of_parameters, many=True))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def _keep(self, result: _Result) -> None:
        self._description, rows, self._rowcount, self._lastrowid = result
        self._rows = collections.deque(rows)

    async def _trip(self, operation: Any, parameters: Any, *, many: bool) -> None:
        connection = self._connection
        async with self._adapt_connection._execute_mutex:
            description, rows, rowcount, lastrowid = await connection._execute(
                _run,
                connection._conn,
                operation,
                parameters,
                many,
            )
        self._description = description
        self._rows = collections.deque(rows)
        self._rowcount = rowcount
        self._lastrowid = lastrowid


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("inline",)

    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.inline = False
        """A brief write holds the write lock: statements and the commit run on this
        thread (set by ``storage.db`` after ``BEGIN IMMEDIATE``, cleared at its end)."""

    def commit(self) -> None:
        if not self.inline:
            super().commit()
            return
        self.inline = False
        try:
            self._connection._conn.commit()
        except Exception as error:
            self._handle_exception(error)

    def rollback(self) -> None:
        if not self.inline:
            super().rollback()
            return
        self.inline = False
        try:
            self._connection._conn.rollback()
        except Exception as error:
            self._handle_exception(error)


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


class OneTripDialect(SQLiteDialect_aiosqlite):
    driver = DRIVER
    supports_statement_cache = True

    @classmethod
    def import_dbapi(cls) -> OneTripDBAPI:
        return OneTripDBAPI(__import__("aiosqlite"), __import__("sqlite3"))


registry.register(f"sqlite.{DRIVER}", __name__, "OneTripDialect")
