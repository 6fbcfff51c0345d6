"""Delivery over real HTTP: flood control, blocked and vanished chats, migrated groups,
restarts without loss or duplicates, racing sweeps."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import func, select

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot, start_live_bot
from domain.clock import FakeClock
from domain.status import DeliveryOutcome, OutboxPurpose
from storage.models import ChatRow, OutboxRow, SendAttemptRow
from tests.conftest import ADMIN, FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join, reminders


async def _task_due_friday(emulator: BotApiEmulator) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo | 05/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)


async def _attempts(live: LiveBot) -> list[DeliveryOutcome]:
    async with live.product.core.sessions() as session:
        rows = await session.scalars(
            select(SendAttemptRow.outcome)
            .where(SendAttemptRow.chat_id == FOCAL)
            .order_by(SendAttemptRow.id)
        )
        return list(rows.all())


async def test_it_waits_retry_after_on_flood_control_and_sends_once(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _task_due_friday(emulator)
    emulator.fail_next(
        "sendMessage",
        FOCAL,
        error_code=429,
        description="Too Many Requests: retry after 30",
        retry_after=30,
    )
    await live.at(local(2026, 12, 4, 8, 30))
    assert reminders(emulator, FOCAL) == []
    await live.at(local(2026, 12, 4, 8, 30, 20))  # too early: 30 s not over
    assert reminders(emulator, FOCAL) == []
    await live.at(local(2026, 12, 4, 8, 30, 31))
    assert len(reminders(emulator, FOCAL)) == 1
    assert await _attempts(live) == [DeliveryOutcome.RETRY_AFTER, DeliveryOutcome.SENT]


async def test_network_errors_are_retried_later(live: LiveBot, emulator: BotApiEmulator) -> None:
    await _task_due_friday(emulator)
    emulator.fail_next("sendMessage", FOCAL, error_code=502, description="Bad Gateway")
    await live.at(local(2026, 12, 4, 8, 30))
    assert reminders(emulator, FOCAL) == []
    await live.at(local(2026, 12, 4, 8, 31))
    assert len(reminders(emulator, FOCAL)) == 1


async def test_it_disables_a_chat_that_blocked_the_bot_and_tells_the_admins(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _task_due_friday(emulator)
    emulator.block(FOCAL)
    await live.at(local(2026, 12, 4, 8, 30))
    # The warning may already be there (a wake-up right after the pass sends it).
    warning = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "tạm ngừng" in m.text, after_message_id=0
    )
    assert "Bộ Công an" in warning.text
    async with live.product.core.sessions() as session:
        chat = await session.scalar(select(ChatRow).where(ChatRow.chat_id == FOCAL))
    assert chat is not None
    assert not chat.active
    # Later reminders are not attempted for the disabled chat.
    await live.at(local(2026, 12, 7, 8, 30))
    assert await _attempts(live) == [DeliveryOutcome.BLOCKED]


async def test_a_group_that_became_a_supergroup_is_followed_to_its_new_id(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    group, supergroup = -5001, -1005001
    emulator.add_group(group, "Tổ Đề án 06 - BCA", [FOCAL])
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo | 05/12/2026")
    reply = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Công an")
    token = reply.text.split("start=")[1].split()[0]
    joined = await ask(emulator, group, FOCAL, f"/start {token}")
    assert "đầu mối của Bộ Công an" in joined.text
    emulator.migrate(group, supergroup)
    await live.at(local(2026, 12, 4, 8, 30))
    await live.at(local(2026, 12, 4, 8, 30, 1))
    assert len(reminders(emulator, supergroup)) == 1
    async with live.product.core.sessions() as session:
        chat_ids = (await session.scalars(select(ChatRow.chat_id))).all()
    assert list(chat_ids) == [supergroup]


async def test_a_reminder_missed_while_the_bot_was_down_is_sent_once_when_it_comes_back(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    live = await start_live_bot(emulator, database, clock)
    await _task_due_friday(emulator)
    await live.stop()
    # Down from Wednesday to Monday morning: Friday's reminder was missed.
    clock.set(local(2026, 12, 7, 9, 15))
    live = await start_live_bot(emulator, database, clock)
    try:
        await live.product.runner.tick()
        [reminder] = reminders(emulator, FOCAL)
        assert "#1" in reminder.text
        # Another restart at the same moment sends nothing again.
        await live.stop()
        live = await start_live_bot(emulator, database, clock)
        await live.product.runner.tick()
        assert len(reminders(emulator, FOCAL)) == 1
    finally:
        await live.stop()


async def test_no_reminder_goes_out_at_night_or_at_the_weekend(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _task_due_friday(emulator)
    await live.at(local(2026, 12, 4, 3, 0))  # Friday 3 a.m.
    await live.at(local(2026, 12, 5, 10, 0))  # Saturday
    await live.at(local(2026, 12, 6, 10, 0))  # Sunday
    assert reminders(emulator, FOCAL) == []
    await live.at(local(2026, 12, 7, 8, 30))  # Monday: the missed one plus the overdue one, once
    assert len(reminders(emulator, FOCAL)) == 1


async def test_two_racing_sweeps_send_each_reminder_once(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _task_due_friday(emulator)
    live.clock.set(local(2026, 12, 4, 8, 30))
    dispatcher = live.product.runner.dispatcher
    await asyncio.gather(*(dispatcher.run_once(live.clock.now()) for _ in range(4)))
    assert len(reminders(emulator, FOCAL)) == 1
    async with live.product.core.sessions() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(OutboxRow)
            .where(OutboxRow.purpose == OutboxPurpose.REMINDER)
        )
    assert count == 1
    assert await _attempts(live) == [DeliveryOutcome.SENT]
