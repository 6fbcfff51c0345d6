"""Bulk writes (``storage.bulk``) store exactly what SQLAlchemy's own statements store: the
same values read back, and on SQLite the same text in every column (times, states, JSON
documents, defaults), on a real database file and on PostgreSQL."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Table, bindparam, insert, select, update

from delivery.outbox import insert_messages
from domain.clock import FakeClock
from domain.status import OutboxPurpose, OutboxState
from settings import load_settings
from storage.bulk import as_python, as_stored, insert_rows, update_rows
from storage.models import OutboxRow
from wiring import Core, build_core

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
TABLE = cast(Table, OutboxRow.__table__)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return tmp_path / "db.sqlite3"


async def _core(database: Path | str) -> Core:
    url = database if isinstance(database, str) else f"sqlite+aiosqlite:///{database}"
    core = build_core(load_settings({"DATABASE_URL": url}, require_bot=False), FakeClock(NOW))
    await core.prepare(seed=False)
    return core


def _messages(first_id: int) -> list[dict[str, Any]]:
    """Messages as a sweep queues them: shared time and purpose, a JSON keyboard or none,
    silent or not, from a zone other than UTC (stored as UTC)."""
    later = (NOW + timedelta(hours=7)).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    return [
        {
            "id": first_id + n,
            **OutboxRow.queued_values(
                purpose=OutboxPurpose.REMINDER if n % 3 else OutboxPurpose.ADMIN,
                chat_id=900_000 + n,
                html=f"<b>Nhắc việc</b> số {n} “ngoặc”",
                now=NOW if n % 2 else later,
                keyboard=[[{"text": f"✅ Hoàn thành #{n}", "data": f"done:{n}"}]]
                if n % 4
                else None,
                task_ids=list(range(n % 3)),
                silent=n % 5 == 0,
            ),
        }
        for n in range(12)
    ]


def _columns(rows: list[OutboxRow]) -> list[tuple[Any, ...]]:
    names = [c.name for c in TABLE.columns if c.name != "id"]
    return [tuple(getattr(row, name) for name in names) for row in rows]


async def test_a_bulk_insert_stores_what_sqlalchemys_insert_stores(
    database: Path | str,
) -> None:
    core = await _core(database)
    try:
        reference, bulk = _messages(1), _messages(101)
        async with core.sessions.begin() as session:
            await session.execute(insert(TABLE), reference)
            names = list(bulk[0])
            await insert_rows(session, TABLE, names, [tuple(m.values()) for m in bulk])
        async with core.sessions() as session:
            rows = list((await session.scalars(select(OutboxRow).order_by(OutboxRow.id))).all())
        assert [r.id for r in rows] == [m["id"] for m in reference + bulk]
        assert _columns(rows[12:]) == _columns(rows[:12])
        assert all(r.state is OutboxState.PENDING and r.attempts == 0 for r in rows[12:])
        assert rows[13].keyboard == [[{"text": "✅ Hoàn thành #1", "data": "done:1"}]]
        assert rows[13].created_at == NOW
        assert rows[12].created_at == NOW + timedelta(hours=7)
        if isinstance(database, Path):
            raw = sqlite3.connect(database)
            try:
                stored = raw.execute("SELECT * FROM outbox ORDER BY id").fetchall()
            finally:
                raw.close()
            # The same text in every column but the id, down to the JSON's spacing.
            assert [r[1:] for r in stored[12:]] == [r[1:] for r in stored[:12]]
    finally:
        await core.close()


async def test_a_bulk_update_changes_what_sqlalchemys_update_changes(
    database: Path | str,
) -> None:
    core = await _core(database)
    try:
        async with core.sessions.begin() as session:
            await session.execute(insert(TABLE), _messages(1) + _messages(101))
        changes = [(f"lỗi {n}", NOW + timedelta(minutes=n), n) for n in range(1, 13)]
        async with core.sessions.begin() as session:
            await session.execute(
                update(TABLE)
                .where(TABLE.c.id == bindparam("key"))
                .values(last_error=bindparam("error"), next_attempt_at=bindparam("at")),
                [{"error": error, "at": at, "key": key} for error, at, key in changes],
            )
            await update_rows(
                session,
                TABLE,
                ["last_error", "next_attempt_at"],
                "id",
                [(error, at, key + 100) for error, at, key in changes],
            )
        async with core.sessions() as session:
            rows = list((await session.scalars(select(OutboxRow).order_by(OutboxRow.id))).all())
        assert _columns(rows[12:]) == _columns(rows[:12])
        assert rows[12].last_error == "lỗi 1"
        assert rows[12].next_attempt_at == NOW + timedelta(minutes=1)
    finally:
        await core.close()


async def test_nothing_to_write_writes_nothing(database: Path | str) -> None:
    core = await _core(database)
    try:
        async with core.sessions.begin() as session:
            await insert_rows(session, TABLE, ["id", "html"], [])
            await update_rows(session, TABLE, ["html"], "id", [])
        async with core.sessions() as session:
            assert (await session.scalars(select(OutboxRow))).all() == []
    finally:
        await core.close()


async def test_rows_read_as_stored_convert_to_what_sqlalchemy_reads(database: Path | str) -> None:
    core = await _core(database)
    try:
        async with core.sessions.begin() as session:
            await session.execute(insert(TABLE), _messages(1))
        columns = list(TABLE.columns)
        async with core.sessions() as session:
            connection = await session.connection()
            expected = (await connection.execute(select(*columns).order_by(TABLE.c.id))).all()
            stored = (
                await connection.execute(select(*as_stored(columns)).order_by(TABLE.c.id))
            ).all()
        read = as_python(connection.dialect, columns, stored)
        assert read == [tuple(row) for row in expected]
        assert read[1][columns.index(TABLE.c.state)] is OutboxState.PENDING
        assert read[1][columns.index(TABLE.c.created_at)] == NOW
        if isinstance(database, Path):
            # As stored, they are the driver's own values: text for a time and a state.
            assert isinstance(stored[1][columns.index(TABLE.c.created_at)], str)
    finally:
        await core.close()


async def test_a_key_given_twice_keeps_its_last_values(database: Path | str) -> None:
    """As one update after another would leave it (PostgreSQL's single statement from
    arrays joins each key once)."""
    core = await _core(database)
    try:
        async with core.sessions.begin() as session:
            await session.execute(insert(TABLE), _messages(1))
        async with core.sessions.begin() as session:
            await update_rows(
                session, TABLE, ["last_error"], "id", [("đầu", 3), ("khác", 4), ("cuối", 3)]
            )
        async with core.sessions() as session:
            errors = dict((await session.execute(select(TABLE.c.id, TABLE.c.last_error))).all())
        assert (errors[3], errors[4], errors[5]) == ("cuối", "khác", "")
    finally:
        await core.close()


async def test_queued_messages_are_known_by_the_ids_returned_in_their_order(
    database: Path | str,
) -> None:
    """``insert_messages``: the i-th id returned is the i-th message's row, also after rows
    the sequence gave out and a transaction that was rolled back (PostgreSQL: ids taken
    from the sequence before the insert)."""
    core = await _core(database)
    try:
        first = [{k: v for k, v in m.items() if k != "id"} for m in _messages(1)]
        async with core.sessions.begin() as session:
            await insert_messages(session, first[:3])
        with contextlib.suppress(RuntimeError):
            async with core.sessions.begin() as session:
                await insert_messages(session, first[3:5])
                raise RuntimeError("rolled back")
        async with core.sessions.begin() as session:
            ids = await insert_messages(session, first)
        assert len(set(ids)) == len(first)
        async with core.sessions() as session:
            html = dict((await session.execute(select(TABLE.c.id, TABLE.c.html))).all())
        assert [html[i] for i in ids] == [m["html"] for m in first]
        assert len(html) == 3 + len(first)
    finally:
        await core.close()


async def _planned_update(core: Core, keys: list[int]) -> tuple[str, str]:
    """The plan PostgreSQL ran for :func:`update_rows` of ``keys`` (``auto_explain`` sends
    it to the client as a notice), and ``enable_hashjoin`` after it, in one transaction
    that is rolled back."""
    notices: list[str] = []
    async with core.sessions() as session, session.begin():
        connection = await session.connection()
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None

        def listen(_connection: Any, message: Any) -> None:
            notices.append(str(message.message))

        driver.add_log_listener(listen)
        try:
            await connection.exec_driver_sql("LOAD 'auto_explain'")
            for setting in ("log_min_duration = 0", "log_level = notice"):
                await connection.exec_driver_sql(f"SET LOCAL auto_explain.{setting}")
            await update_rows(
                session, TABLE, ["last_error"], "id", [(f"lỗi {key}", key) for key in keys]
            )
            after = (await connection.exec_driver_sql("SHOW enable_hashjoin")).scalar_one()
        finally:
            driver.remove_log_listener(listen)
        await session.rollback()
    plans = [n for n in notices if "UPDATE outbox" in n]
    assert len(plans) == 1, notices
    return plans[0], str(after)


async def test_on_postgresql_a_bulk_update_finds_each_row_through_the_keys_index(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A thousand keys of a table of fifty thousand rows: each row is found through the
    key's index, not by a hash join over a read of the whole table (what the planner chooses
    left to itself, shown with the join methods left on), and the join methods are set back
    after the statement."""
    core = await _core(postgres_url)
    try:
        async with core.sessions.begin() as session:
            connection = await session.connection()
            await connection.exec_driver_sql(
                "INSERT INTO outbox (purpose, chat_id, html, task_ids, silent, state, "
                "created_at, next_attempt_at, attempts, last_error) "
                "SELECT 'reminder', n, 'x', '[]', false, 'sent', now(), now(), 1, '' "
                "FROM generate_series(1, 50000) AS n"
            )
        async with core.sessions() as session:
            connection = await session.connection()
            await connection.exec_driver_sql("ANALYZE outbox")
            await session.commit()
        keys = list(range(7, 50_000, 50))
        plan, after = await _planned_update(core, keys)
        assert "Index Scan using outbox_pkey" in plan, plan
        assert "Hash Join" not in plan, plan
        assert "Seq Scan on outbox" not in plan, plan
        assert after == "on"

        monkeypatch.setattr("storage.bulk._JOINS_BY_INDEX", "SELECT 'on', 'on'")
        left_to_itself, _ = await _planned_update(core, keys)
        assert "Hash Join" in left_to_itself, left_to_itself
        assert "Seq Scan on outbox" in left_to_itself, left_to_itself
    finally:
        await core.close()
