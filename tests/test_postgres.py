"""The PostgreSQL path: the same schema, seeds, plan and delivery on a real server."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import func, select, text

from botapi_emulator import BotApiEmulator
from demo.harness import start_live_bot
from domain.clock import FakeClock
from settings import load_settings
from storage.db import create_engine, current_revision, head_revision, migrate, reading
from storage.models import TaskRow
from tests.conftest import ADMIN, FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join, reminders
from wiring import build_core


async def test_the_schema_is_upgraded_on_postgresql_without_losing_data(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    await migrate(engine, "0001_core")
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO tasks (ref, title, text, lead, co, kind, phrase, created_at, created_by) "
                "VALUES ('IV.4.a', 'Luật', 'Luật', 'Bộ Công an', '[]', 'deadline', '', now(), '')"
            )
        )
    await migrate(engine)
    assert await current_revision(engine) == head_revision()
    async with engine.connect() as connection:
        titles = (await connection.execute(text("SELECT title FROM tasks"))).scalars().all()
    assert titles == ["Luật"]
    await engine.dispose()


async def test_seeding_is_idempotent_on_postgresql(postgres_url: str) -> None:
    settings = load_settings({"DATABASE_URL": postgres_url}, require_bot=False)
    core = build_core(settings, FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC)))
    first = await core.prepare()
    second = await core.prepare()
    assert first is not None
    assert second is not None
    assert first.tasks_added == 93
    assert (second.tasks_added, second.assignments_added) == (0, 0)
    async with core.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(TaskRow)) == 93
    await core.close()


async def test_the_bot_reminds_and_takes_replies_on_postgresql_and_racing_sweeps_send_once(
    emulator: BotApiEmulator, postgres_url: str
) -> None:
    live = await start_live_bot(emulator, postgres_url, FakeClock(local(2026, 12, 2, 10, 0)))
    try:
        await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo | 05/12/2026")
        await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát | 07/12/2026")
        await invite_and_join(emulator, "Bộ Công an", FOCAL)
        live.clock.set(local(2026, 12, 4, 8, 30))
        dispatcher = live.product.runner.dispatcher
        await asyncio.gather(*(dispatcher.run_once(live.clock.now()) for _ in range(4)))
        [reminder] = reminders(emulator, FOCAL)
        assert "#1" in reminder.text
        assert "#2" in reminder.text
        done = await ask(emulator, FOCAL, FOCAL, "/done 1 xong")
        assert "Đã ghi nhận" in done.text
        await live.at(local(2026, 12, 7, 8, 30))
        latest = reminders(emulator, FOCAL)[-1]
        assert "#2" in latest.text
        assert "#1" not in latest.text
    finally:
        await live.stop()


async def test_a_read_is_its_statements_alone_and_a_write_its_own_transaction(
    postgres_url: str,
) -> None:
    """On PostgreSQL a read (``storage.db.reading``) opens no transaction: each statement is
    one round trip, in its own snapshot as at READ COMMITTED inside one; a write
    (``sessions.begin()``) is one transaction over its statements."""
    settings = load_settings({"DATABASE_URL": postgres_url}, require_bot=False)
    core = build_core(settings, FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC)))
    await core.prepare(seed=False)
    # The id of the transaction the statement runs in (assigned on the first ask).
    xact = text("SELECT txid_current()")
    try:
        async with reading(core.sessions) as session:
            first, second = await session.scalar(xact), await session.scalar(xact)
            assert second != first
        async with core.sessions.begin() as session:
            first, second = await session.scalar(xact), await session.scalar(xact)
            assert second == first
    finally:
        await core.close()
