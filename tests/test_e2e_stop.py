"""A stop during a wave: the messages in flight finish and are recorded, the rest stay
pending for the next start, nothing is left "sending"."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from botapi_emulator import BotApiEmulator, Fault
from chat.pacing import FloodRules
from demo.harness import start_live_bot
from domain.clock import FakeClock
from domain.status import OutboxPurpose, OutboxState
from storage.models import OutboxRow
from tests.conftest import ADMIN, local
from tests.test_e2e_chat import reminders
from tests.wave import bind_wave


async def test_a_stop_mid_wave_finishes_what_is_in_flight_and_leaves_the_rest_pending(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    # Telegram's pace at real speed: the wave takes about two seconds, so a stop lands in it.
    live = await start_live_bot(
        emulator, tmp_path / "bot.sqlite3", clock, admin_ids=(ADMIN,), flood_rules=FloodRules()
    )
    stopped = False
    try:
        wave = await bind_wave(live, emulator)
        # Telegram takes each message at once but answers half a second later.
        emulator.add_fault(Fault(method="sendMessage", delay_after=0.5))
        live.clock.set(local(2026, 12, 4, 8, 30))
        wave_pass = asyncio.create_task(live.product.runner.tick())
        await emulator.wait_for(
            lambda: any(reminders(emulator, c.chat_id) for c in wave.chats) or None, timeout=20
        )
        began = time.monotonic()
        await live.stop()
        stopped = True
        took = time.monotonic() - began
        await wave_pass
    finally:
        if not stopped:
            await live.stop()
    async with live.product.core.sessions() as session:
        rows = (
            await session.scalars(
                select(OutboxRow).where(OutboxRow.purpose == OutboxPurpose.REMINDER)
            )
        ).all()
    states = [row.state for row in rows]
    delivered = sum(len(reminders(emulator, c.chat_id)) for c in wave.chats)
    assert OutboxState.SENDING not in states
    assert states.count(OutboxState.SENT) == delivered  # what Telegram took is recorded
    assert 0 < delivered < len(wave.chats)
    assert states.count(OutboxState.PENDING) == len(wave.chats) - delivered
    assert took < 5  # the answers in flight, not the whole wave


async def test_a_stop_waits_for_the_wake_up_being_re_armed(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After a pass the runner asks the database when to wake up next. A stop at that moment
    # must wait for it: cut off by the end of the event loop, the statement would leave its
    # SQLite connection (and that connection's thread) open, and the process would not exit.
    live = await start_live_bot(emulator, tmp_path / "bot.sqlite3", clock, admin_ids=(ADMIN,))
    dispatcher = live.product.runner.dispatcher
    asking = asyncio.Event()
    original = dispatcher.next_due

    async def slow_next_due(now: datetime) -> datetime | None:
        asking.set()
        await asyncio.sleep(0.3)  # a database slow to answer (another writer holds it)
        return await original(now)

    monkeypatch.setattr(dispatcher, "next_due", slow_next_due)
    ticking = asyncio.create_task(live.product.runner.tick())
    await asyncio.wait_for(asking.wait(), timeout=10)
    await live.stop()
    assert ticking.done()
    await ticking
