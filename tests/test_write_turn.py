"""A write that hangs does not freeze every reply: the others wait for the write turn a
bounded time, then give up with a clear answer and change nothing.

The turn is held by the test itself (a write that never finishes); the wait is the turn's
own limit, shortened, on the event loop's clock.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from domain.status import OutboxPurpose, TaskStatus
from storage.db import WriteTurn, WriteTurnBusy, create_engine, migrate, reading, session_factory
from storage.models import AssignmentRow, EventRow, OutboxRow
from tests.conftest import ADMIN, FOCAL
from tests.test_e2e_chat import ask, invite_and_join


def _row(html: str) -> OutboxRow:
    return OutboxRow.queued(
        purpose=OutboxPurpose.ADMIN, chat_id=1, reply_to=None, html=html, now=datetime.now(UTC)
    )


async def test_a_write_that_waits_too_long_gives_up_and_writes_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    await migrate(engine)
    sessions = session_factory(engine)
    turn = sessions.write_turn
    assert turn is not None
    turn.wait = 0.2
    held = asyncio.Event()
    finish = asyncio.Event()

    async def hanging() -> None:
        async with sessions.begin() as session:
            session.add(_row("held"))
            await session.flush()
            held.set()
            await finish.wait()

    holder = asyncio.create_task(hanging(), name="hanging-write")
    await held.wait()
    with (
        caplog.at_level(logging.WARNING, logger="storage.db"),
        pytest.raises(WriteTurnBusy) as refused,
    ):
        async with sessions.begin() as session:
            session.add(_row("refused"))
    assert refused.value.holder == "hanging-write"
    assert turn.refused == 1
    assert any("hanging-write" in r.getMessage() for r in caplog.records)
    # The write that hung finishes; the turn is free again and later writes go through.
    finish.set()
    await holder
    async with sessions.begin() as session:
        session.add(_row("later"))
    async with reading(sessions) as session:
        htmls = sorted((await session.scalars(select(OutboxRow.html))).all())
    assert htmls == ["held", "later"]
    await engine.dispose()


async def test_a_write_that_gets_its_turn_in_time_proceeds(tmp_path: Path) -> None:
    """Look-alike: waiting behind a short write is no refusal."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    await migrate(engine)
    sessions = session_factory(engine)
    assert sessions.write_turn is not None
    sessions.write_turn.wait = 5.0
    started = asyncio.Event()

    async def short() -> None:
        async with sessions.begin() as session:
            started.set()
            session.add(_row("first"))
            await asyncio.sleep(0)  # yields once: the second write queues behind it

    first = asyncio.create_task(short())
    await started.wait()
    async with sessions.begin() as session:
        session.add(_row("second"))
    await first
    assert sessions.write_turn.refused == 0
    async with reading(sessions) as session:
        assert await session.scalar(select(func.count()).select_from(OutboxRow)) == 2
    await engine.dispose()


def test_the_default_wait_is_bounded() -> None:
    assert 0 < WriteTurn().wait <= 60


async def test_a_report_behind_a_hanging_write_is_answered_busy_and_recorded_later(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo tiến độ | 05/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    # The welcome is answered before /start's last write ends; a chat's updates are handled
    # in order, so once /help is answered nothing of /start is left to meet the held turn.
    await ask(emulator, FOCAL, FOCAL, "/help")
    sessions = live.product.core.sessions
    turn = getattr(sessions, "write_turn", None)
    assert isinstance(turn, WriteTurn)
    turn.wait = 0.5
    await turn.acquire()  # a write that hangs: the test holds the turn
    try:
        sent = await emulator.send_text(FOCAL, FOCAL, "/done 1 đã gửi báo cáo")
        busy = await emulator.wait_for_bot_message(
            FOCAL,
            lambda m: m.reply_to == sent["message_id"] and "đang bận" in m.text,
            after_message_id=sent["message_id"],
        )
    finally:
        turn.release()
    assert "thử lại sau ít phút" in busy.text
    async with reading(sessions) as session:
        statuses = (await session.scalars(select(AssignmentRow.status))).all()
        reports = await session.scalar(
            select(func.count())
            .select_from(OutboxRow)
            .where(OutboxRow.purpose == OutboxPurpose.REPLY)
        )
        events = await session.scalar(select(func.count()).select_from(EventRow))
    assert statuses == [TaskStatus.OPEN]
    assert reports == 0
    # Sent again once the turn is free, the report is recorded and confirmed once.
    await emulator.send_text(FOCAL, FOCAL, "/done 1 đã gửi báo cáo")
    await emulator.wait_for_bot_message(FOCAL, lambda m: "Đã ghi nhận" in m.text)
    async with reading(sessions) as session:
        statuses = (await session.scalars(select(AssignmentRow.status))).all()
        after = await session.scalar(select(func.count()).select_from(EventRow))
    assert statuses == [TaskStatus.DONE]
    assert after is not None
    assert events is not None
    assert after > events
