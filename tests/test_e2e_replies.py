"""A report, its history, its confirmation and the admins' notice commit together.

The confirmation is sent at once and, when that fails, retried from the outbox: the user is
never told "nothing changed" about a report that was recorded, and the admins always hear of
it. A repeated report says it was already recorded, and when."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from domain.status import OutboxPurpose, OutboxState
from storage.models import OutboxRow
from tests.conftest import ADMIN, FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join, last_bot_message_id, reminders


async def _setup(emulator: BotApiEmulator) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo tiến độ | 05/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)


async def _confirmation_attempted(live: LiveBot) -> None:
    """Wait (bounded) until the handler's immediate attempt at the confirmation is over:
    it runs concurrently with the pass that forwards the admins' notice."""
    deadline = time.monotonic() + 20
    while True:
        async with live.product.core.sessions() as session:
            rows = (
                await session.scalars(
                    select(OutboxRow).where(OutboxRow.purpose == OutboxPurpose.REPLY)
                )
            ).all()
        if rows and all(r.attempts >= 1 and r.state is not OutboxState.SENDING for r in rows):
            return
        assert time.monotonic() < deadline, "the confirmation was never attempted"
        await asyncio.sleep(0.05)


def _texts(emulator: BotApiEmulator, chat_id: int) -> list[str]:
    return [m.text for m in emulator.bot_messages(chat_id)]


async def test_a_report_whose_confirmation_fails_is_confirmed_later_never_denied(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _setup(emulator)
    before = len(emulator.bot_messages(FOCAL))
    emulator.fail_next("sendMessage", FOCAL, error_code=502, description="Bad Gateway")
    sent = await emulator.send_text(FOCAL, FOCAL, "/done 1 đã gửi báo cáo")
    # The admins hear of it at once, though the confirmation failed.
    await emulator.wait_for_bot_message(ADMIN, lambda m: "hoàn thành" in m.text and "#1" in m.text)
    await _confirmation_attempted(live)
    await live.product.runner.tick()
    assert all("Dữ liệu không thay đổi" not in t for t in _texts(emulator, FOCAL)[before:])
    # The outbox retries the confirmation after its back-off; it quotes the command.
    assert not any("Đã ghi nhận" in t for t in _texts(emulator, FOCAL))
    await live.at(local(2026, 12, 2, 10, 1))
    [confirmed] = [m for m in emulator.bot_messages(FOCAL) if "Đã ghi nhận" in m.text]
    assert "#1" in confirmed.text
    assert confirmed.reply_to == sent["message_id"]
    assert all("Dữ liệu không thay đổi" not in t for t in _texts(emulator, FOCAL)[before:])
    async with live.product.core.sessions() as session:
        rows = (await session.scalars(select(OutboxRow).order_by(OutboxRow.id))).all()
    replies = [r for r in rows if r.purpose is OutboxPurpose.REPLY]
    admins = [r for r in rows if r.purpose is OutboxPurpose.ADMIN and "#1" in r.html]
    assert [(r.state, r.attempts) for r in replies] == [(OutboxState.SENT, 2)]
    assert [r.state for r in admins] == [OutboxState.SENT]


async def test_a_repeated_report_says_when_it_was_recorded_and_tells_nobody_twice(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _setup(emulator)
    mark = last_bot_message_id(emulator, ADMIN)
    first = await ask(emulator, FOCAL, FOCAL, "/done 1")
    assert "Đã ghi nhận" in first.text
    await emulator.wait_for_bot_message(
        ADMIN, lambda m: "hoàn thành" in m.text and "#1" in m.text, after_message_id=mark
    )
    live.clock.set(local(2026, 12, 3, 9, 15))
    again = await ask(emulator, FOCAL, FOCAL, "/done 1")
    assert "đã được ghi nhận hoàn thành lúc 2/12/2026 10:00" in again.text
    assert "Dữ liệu không thay đổi" not in again.text
    late = await ask(emulator, FOCAL, FOCAL, "/late 1 chờ số liệu")
    assert "đã được ghi nhận hoàn thành lúc 2/12/2026 10:00" in late.text
    await live.product.runner.tick()
    notices = [t for t in _texts(emulator, ADMIN) if "#1" in t and "báo" in t]
    assert len(notices) == 1


async def test_a_button_press_under_network_errors_is_recorded_confirmed_and_forwarded(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _setup(emulator)
    await live.at(local(2026, 12, 4, 8, 30))
    [reminder] = reminders(emulator, FOCAL)
    emulator.fail_next("sendMessage", FOCAL, error_code=502, description="Bad Gateway")
    await emulator.click(FOCAL, FOCAL, reminder.message_id, "done:1")
    await emulator.wait_for_bot_message(ADMIN, lambda m: "hoàn thành" in m.text and "#1" in m.text)
    await _confirmation_attempted(live)
    await live.at(local(2026, 12, 4, 8, 31))
    texts = _texts(emulator, FOCAL)
    assert sum("Đã ghi nhận" in t for t in texts) == 1
    assert all("Dữ liệu không thay đổi" not in t for t in texts)
