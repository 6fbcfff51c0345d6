"""The fault suite: a wave to 51 chats and a burst of 51 ✅ presses through a hostile Bot
API — 429s, a blocked chat, 5xx on a quarter of the calls, answers that never come in time,
Telegram's flood limits — with nothing lost and nothing doubled (beyond a message whose
answer was lost after Telegram took it), and no 429 provoked under the flood limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from botapi_emulator import BotApiEmulator, Fault, FloodLimits
from chat.pacing import FloodRules
from demo.harness import FAST_FLOOD_RULES, LiveBot, start_live_bot
from domain.clock import FakeClock
from domain.status import DeliveryOutcome, OutboxState
from storage.models import ChatRow, OutboxRow, SendAttemptRow
from tests.conftest import ADMIN
from tests.wave import Wave, assert_nothing_lost_or_doubled, bind_wave, outbox_counts, run_wave

SEND_TIMEOUT = 2.0
"""The bot's read timeout in this suite, so a held answer times out quickly."""


async def _live(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path, rules: FloodRules
) -> LiveBot:
    return await start_live_bot(
        emulator,
        tmp_path / "bot.sqlite3",
        clock,
        admin_ids=(ADMIN,),
        flood_rules=rules,
        send_timeout=SEND_TIMEOUT,
    )


@pytest.fixture
async def fast(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[tuple[LiveBot, Wave]]:
    live = await _live(emulator, clock, tmp_path, FAST_FLOOD_RULES)
    try:
        yield live, await bind_wave(live, emulator)
    finally:
        await live.stop()


async def test_429_on_every_7th_send_pauses_and_loses_nothing(
    fast: tuple[LiveBot, Wave], emulator: BotApiEmulator
) -> None:
    live, wave = fast
    fault = emulator.add_fault(
        Fault(
            method="sendMessage",
            every=7,
            error_code=429,
            description="Too Many Requests: retry after 3",
            retry_after=3,
        )
    )
    await run_wave(live, emulator, wave)
    assert fault.hits >= 10
    assert_nothing_lost_or_doubled(emulator, wave)
    limiter = live.product.application.bot.rate_limiter
    assert limiter is not None
    assert limiter.flood_waits == fault.hits  # type: ignore[attr-defined]


async def test_a_chat_that_blocked_the_bot_is_disabled_and_the_rest_is_delivered(
    fast: tuple[LiveBot, Wave], emulator: BotApiEmulator
) -> None:
    live, wave = fast
    blocked = wave.chats[-1].chat_id
    emulator.block(blocked)
    await run_wave(live, emulator, wave, skip=frozenset({blocked}))
    assert_nothing_lost_or_doubled(emulator, wave, skip=frozenset({blocked}))
    async with live.product.core.sessions() as session:
        chat = await session.scalar(select(ChatRow).where(ChatRow.chat_id == blocked))
        failed = (
            await session.scalars(select(OutboxRow).where(OutboxRow.state == OutboxState.FAILED))
        ).all()
    assert chat is not None
    assert not chat.active
    assert [row.chat_id for row in failed] == [blocked]
    assert sum("tạm ngừng" in m.text for m in emulator.bot_messages(ADMIN)) == 1


async def test_5xx_on_a_quarter_of_the_calls_loses_nothing(
    fast: tuple[LiveBot, Wave], emulator: BotApiEmulator
) -> None:
    live, wave = fast
    faults = [
        emulator.add_fault(
            Fault(method=m, fraction=0.25, error_code=502, description="Bad Gateway", seed=i)
        )
        for i, m in enumerate(("sendMessage", "editMessageText", "answerCallbackQuery"))
    ]
    await run_wave(live, emulator, wave)
    assert faults[0].hits >= 15
    assert_nothing_lost_or_doubled(emulator, wave)


async def test_a_request_held_past_the_timeout_and_dropped_is_sent_again_once(
    fast: tuple[LiveBot, Wave], emulator: BotApiEmulator
) -> None:
    live, wave = fast
    fault = emulator.add_fault(
        Fault(method="sendMessage", every=9, delay_before=SEND_TIMEOUT + 0.5)
    )
    await run_wave(live, emulator, wave)
    assert fault.hits >= 5
    assert_nothing_lost_or_doubled(emulator, wave)


async def test_an_answer_lost_after_telegram_took_the_message_doubles_at_most_that_message(
    fast: tuple[LiveBot, Wave], emulator: BotApiEmulator
) -> None:
    live, wave = fast
    fault = emulator.add_fault(Fault(method="sendMessage", every=9, delay_after=SEND_TIMEOUT + 0.5))
    await run_wave(live, emulator, wave)
    assert fault.hits >= 5
    async with live.product.core.sessions() as session:
        timed_out = (
            await session.scalars(
                select(SendAttemptRow).where(SendAttemptRow.outcome == DeliveryOutcome.TRANSIENT)
            )
        ).all()
    # The documented risk: a message Telegram stored whose answer never came is sent again
    # — once per such attempt at most.
    assert len(timed_out) >= fault.hits
    duplicates = assert_nothing_lost_or_doubled(emulator, wave, dup=len(timed_out))
    assert duplicates >= 1


async def test_under_telegram_flood_limits_at_real_speed_no_429_is_provoked(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    flood = emulator.flood_control(FloodLimits())
    assert flood is not None
    live = await _live(emulator, clock, tmp_path, FloodRules())
    try:
        wave = await bind_wave(live, emulator)
        await run_wave(live, emulator, wave)
        assert_nothing_lost_or_doubled(emulator, wave)
    finally:
        await live.stop()
    assert flood.accepted >= 3 * len(wave.chats)
    assert flood.rejected == 0


async def test_flood_limits_scaled_with_the_bot_and_faults_together(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    flood = emulator.flood_control(FloodLimits(scale=FAST_FLOOD_RULES.scale))
    assert flood is not None
    emulator.add_fault(Fault(method="sendMessage", fraction=0.1, error_code=502, description="x"))
    live = await _live(emulator, clock, tmp_path, FAST_FLOOD_RULES)
    try:
        wave = await bind_wave(live, emulator)
        await run_wave(live, emulator, wave)
        assert_nothing_lost_or_doubled(emulator, wave)
        assert (await outbox_counts(live))[OutboxState.SENT] >= 2 * len(wave.chats)
    finally:
        await live.stop()
    assert flood.rejected == 0
