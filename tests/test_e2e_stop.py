"""A stop during a wave: the messages in flight finish and are recorded, the rest stay
pending for the next start, nothing is left "sending"."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

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
