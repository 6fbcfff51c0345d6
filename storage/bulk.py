"""Reads and writes of thousands of rows, converted column by column instead of row by row.

SQLAlchemy prepares every row of an ``executemany`` in Python (a dictionary of parameters,
each value through its column's type); for a sweep's thousand messages that took as long as
SQLite took to write them. Here each value is still converted by its column's own type
(the same text in the database as SQLAlchemy's insert would write), but each distinct value
once — a sweep's rows share their time, state and purpose — and the rows go to the driver
as tuples in one ``executemany``. A column left out gets its scalar default, as
SQLAlchemy's insert gives it. On PostgreSQL the rows go as one statement whose parameters
are one array per column (``unnest``), a thousand rows in one round trip with a dozen
parameters instead of twelve thousand, and a column every row shares is one value. Other
databases, and a table whose missing column has a computed default, take SQLAlchemy's own
path.

Reading is the same in reverse: :func:`as_stored` selects columns as the driver returns
them (SQLAlchemy converts nothing per row) and :func:`as_python` converts the rows by each
column's own type, once per distinct value — a sweep's rows share their few states, kinds
and due dates. On every database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import (
    Column,
    ColumnElement,
    Executable,
    Table,
    bindparam,
    insert,
    type_coerce,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.sqltypes import JSON, NullType

Convert = Callable[[Any], Any]


def _on_sqlite(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _on_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _prepared(
    table: Table, dialect: Dialect, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[tuple[Any, ...]]:
    """The rows as the driver is given them: column by column, each value through its
    column type's conversion — once per distinct value (a JSON document once per object:
    a list has no hash, but the rows of one layout share theirs), the loops themselves in
    C."""
    columns = list(zip(*rows, strict=True))
    for n, name in enumerate(names):
        column: Column[Any] = table.c[name]
        process: Convert | None = column.type.dialect_impl(dialect).bind_processor(dialect)
        if process is None:
            continue
        if isinstance(column.type, JSON):
            # By identity: every object is alive in ``rows`` meanwhile, so no id is reused.
            documents = {id(value): value for value in columns[n]}
            written = {key: process(value) for key, value in documents.items()}
            columns[n] = tuple(written[id(value)] for value in columns[n])
            continue
        converted = {value: process(value) for value in dict.fromkeys(columns[n])}
        columns[n] = tuple(map(converted.__getitem__, columns[n]))
    return list(zip(*columns, strict=True))


def _defaults(table: Table, given: Sequence[str]) -> tuple[list[str], list[Any]] | None:
    """The columns SQLAlchemy's insert would add to ``given`` (those with a scalar Python
    default) and their values; None when one has a default computed per row."""
    names: list[str] = []
    values: list[Any] = []
    for column in table.columns:
        if column.name in given or column.default is None:
            continue
        default = column.default
        if not default.is_scalar:
            return None
        names.append(column.name)
        values.append(default.arg)  # type: ignore[attr-defined]
    return names, values


async def insert_rows(
    session: AsyncSession, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """``INSERT INTO table (columns) VALUES …`` for every row (values in ``columns``'
    order), in one ``executemany`` of the caller's transaction."""
    rows = list(rows)
    if not rows:
        return
    found = _defaults(table, columns) if _on_sqlite(session) or _on_postgresql(session) else None
    if found is None:
        await session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    extra, filler = found
    names = [*columns, *extra]
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    tail = tuple(filler)
    prepared = _prepared(table, dialect, names, [(*row, *tail) for row in rows])
    into = f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
    if _on_postgresql(session):
        given = _unnest(table, dialect, names, prepared)
        selected = ", ".join(given.values.values())
        await _driver_sql(session, f"{into}SELECT {selected} FROM {given.source}", given.parameters)
        return
    await _driver_sql(session, f"{into}VALUES ({', '.join('?' * len(names))})", prepared)


async def update_rows(
    session: AsyncSession,
    table: Table,
    columns: Sequence[str],
    key: str,
    rows: Iterable[Sequence[Any]],
) -> None:
    """``UPDATE table SET columns… WHERE key = …`` for every row (the new values in
    ``columns``' order, then the key), in one ``executemany`` of the caller's
    transaction."""
    rows = list(rows)
    if not rows:
        return
    if _on_postgresql(session):
        await _update_from_arrays(session, table, columns, key, rows)
        return
    if not _on_sqlite(session):
        names = [f"new_{name}" for name in columns]
        await session.execute(
            update(table)
            .where(table.c[key] == bindparam("old_key"))
            .values({name: bindparam(new) for name, new in zip(columns, names, strict=True)}),
            [dict(zip([*names, "old_key"], row, strict=True)) for row in rows],
        )
        return
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    statement = (
        f"UPDATE {quote(table.name)} SET {', '.join(f'{quote(n)} = ?' for n in columns)} "
        f"WHERE {quote(key)} = ?"
    )
    prepared = _prepared(table, dialect, [*columns, key], rows)
    await _driver_sql(session, statement, prepared)


async def _update_from_arrays(
    session: AsyncSession,
    table: Table,
    columns: Sequence[str],
    key: str,
    rows: Sequence[Sequence[Any]],
) -> None:
    """PostgreSQL's form of :func:`update_rows`: one ``UPDATE … FROM unnest(…)``, each
    column's new values (and the keys) one array parameter. A key given twice keeps its last
    row's values, as the rows one after another would leave it."""
    last = list({row[-1]: row for row in rows}.values())
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    names = [*columns, key]
    given = _unnest(table, dialect, names, _prepared(table, dialect, names, last), keep=key)
    name = quote(table.name)
    statement = (
        f"UPDATE {name} SET {', '.join(f'{quote(n)} = {given.values[n]}' for n in columns)} "
        f"FROM {given.source} WHERE {name}.{quote(key)} = {given.values[key]}"
    )
    # Each given row finds its row through the key's index. Left to itself the planner,
    # which costs every index probe as a page read from disk, joins a thousand keys with a
    # read of the whole table instead (a hash join) whenever its statistics make the table
    # look small enough (fifty thousand rows in the test; a freshly built database whose
    # statistics counted a quarter of its reminders in the benchmark): on the sweep's thousand
    # reminders, two to three times as long. The join methods are turned off for this
    # statement only and then set back as they were.
    found = await _driver_rows(session, _JOINS_BY_INDEX, ())
    await _driver_sql(session, statement, given.parameters)
    await _driver_rows(session, _JOINS_AS_BEFORE, tuple(found[0][:2]))


#: Hash and merge joins off until the end of the transaction (``set_config(…, true)``, as
#: ``SET LOCAL``), returning the settings as they were; and those settings set back.
_JOINS_BY_INDEX = (
    "SELECT current_setting('enable_hashjoin'), current_setting('enable_mergejoin'), "
    "set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)"
)
_JOINS_AS_BEFORE = (
    "SELECT set_config('enable_hashjoin', $1, true), set_config('enable_mergejoin', $2, true)"
)


class _Given(NamedTuple):
    """Rows as PostgreSQL is given them (:func:`_unnest`)."""

    source: str
    """``unnest($1::type[], …) AS given(names…)``: the rows' columns that differ."""
    values: dict[str, str]
    """Each column's value in a row: ``given.name``, or ``$n::type`` for one every row shares."""
    parameters: tuple[Any, ...]


def _unnest(
    table: Table,
    dialect: Dialect,
    names: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    keep: str | None = None,
) -> _Given:
    """The rows of ``names`` (prepared for the driver) as ``unnest`` of one array per column
    of its column's type: a thousand rows are one statement of a few parameters on
    PostgreSQL, which neither SQLAlchemy nor the server has to read a thousand rows of
    placeholders for. A column whose value every row shares (a sweep's time, state and
    purpose) is one parameter of that value instead of an array repeating it, so the driver
    encodes it once; ``keep`` (and, when every column is shared, the first) stays an
    array."""
    quote = dialect.identifier_preparer.quote
    columns = list(zip(*rows, strict=True))
    shared = {
        n
        for n, name in enumerate(names)
        if name != keep and all(value == columns[n][0] for value in columns[n])
    }
    if len(shared) == len(names):
        shared.discard(0)
    arrays: list[str] = []
    values: dict[str, str] = {}
    parameters: list[Any] = []
    for n, name in enumerate(names):
        kind = table.c[name].type.compile(dialect=dialect)
        if n in shared:
            parameters.append(columns[n][0])
            values[name] = f"${len(parameters)}::{kind}"
            continue
        parameters.append(list(columns[n]))
        arrays.append(f"${len(parameters)}::{kind}[]")
        values[name] = f"given.{quote(name)}"
    varying = ", ".join(quote(name) for n, name in enumerate(names) if n not in shared)
    source = f"unnest({', '.join(arrays)}) AS given({varying})"
    return _Given(source, values, tuple(parameters))


async def next_ids(session: AsyncSession, table: Table, count: int) -> list[int]:
    """``count`` new ids of ``table``'s serial ``id`` (PostgreSQL), taken from its sequence
    in one statement: rows inserted with them are known by id before they are written."""
    # The sequence named once, not once per id (each look-up reads the catalogue).
    statement = (
        "SELECT nextval(sequence) FROM (SELECT pg_get_serial_sequence($1, 'id')::regclass"
        " AS sequence OFFSET 0) AS named, generate_series(1, $2)"
    )
    return [int(id_) for (id_,) in await _driver_rows(session, statement, (table.name, count))]


async def _driver_sql(
    session: AsyncSession,
    statement: str,
    parameters: tuple[Any, ...] | Sequence[tuple[Any, ...]],
) -> None:
    """``statement`` as written, on the session's connection: once with a tuple of
    ``parameters``, once per row (``executemany``) with a list of tuples."""
    connection = await session.connection()
    await connection.run_sync(lambda sync: sync.exec_driver_sql(statement, parameters))


async def _driver_rows(
    session: AsyncSession, statement: str, parameters: tuple[Any, ...]
) -> list[tuple[Any, ...]]:
    """The rows of ``statement`` as written, run once on the session's connection."""
    connection = await session.connection()
    found = await connection.run_sync(
        lambda sync: sync.exec_driver_sql(statement, parameters).all()
    )
    return [tuple(row) for row in found]


async def all_rows(
    session: AsyncSession, statement: Executable, parameters: dict[str, Any] | None = None
) -> Sequence[Sequence[Any]]:
    """Every row of a Core ``statement`` (with its bound ``parameters``) run on the
    session's connection (no ORM loading).

    Like the other statements here, in a way that also runs in a brief write, whose
    statements SQLite runs on the calling thread once it holds the write lock
    (``storage.db.briefly``): the async connection's own ``execute`` insists on a hand-off
    to the driver's thread."""
    connection = await session.connection()
    return await connection.run_sync(lambda sync: sync.execute(statement, parameters).all())


Selected = ColumnElement[Any] | QueryableAttribute[Any]


def as_stored(columns: Sequence[Selected]) -> list[ColumnElement[Any]]:
    """``columns`` to select as the driver returns them (no conversion per row); the rows
    read with them go through :func:`as_python`."""
    return [
        type_coerce(column, NullType()).label(f"stored_{n}") for n, column in enumerate(columns)
    ]


def as_python(
    dialect: Dialect, columns: Sequence[Selected], rows: Sequence[Sequence[Any]]
) -> list[tuple[Any, ...]]:
    """Rows selected with :func:`as_stored` ``(columns)``, each value converted as
    SQLAlchemy would have converted it: by its column's type, once per distinct value."""
    values = list(zip(*rows, strict=True))
    for n, selected in enumerate(columns):
        column = selected.expression if isinstance(selected, QueryableAttribute) else selected
        process: Convert | None = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if process is None:
            continue
        if isinstance(column.type, JSON):
            values[n] = tuple(map(process, values[n]))
            continue
        converted = {value: process(value) for value in dict.fromkeys(values[n])}
        values[n] = tuple(map(converted.__getitem__, values[n]))
    return list(zip(*values, strict=True))


__all__ = ["all_rows", "as_python", "as_stored", "insert_rows", "next_ids", "update_rows"]
