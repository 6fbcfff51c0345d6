"""Quiet nights: outside sending hours the next wake-up is the next sending instant."""

from __future__ import annotations

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from tests.conftest import FOCAL, local
from tests.test_e2e_chat import reminders
from tests.test_e2e_delivery import _task_due_friday


async def test_an_overdue_reminder_pending_on_friday_night_wakes_a_handful_of_times_until_monday(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _task_due_friday(emulator)
    await live.product.runner.tick()
    # The bot was down on Friday: its 08:30 reminder is due, but it is 22:00.
    runner = live.product.runner
    live.clock.set(local(2026, 12, 4, 22, 0))
    await runner.tick()
    passes = 1
    monday = local(2026, 12, 7, 8, 30)
    while live.clock.now() < monday:
        wake = runner.next_wake
        assert wake is not None
        assert wake > live.clock.now(), "a wake-up with no wait is a busy loop"
        assert reminders(emulator, FOCAL) == []
        live.clock.set(wake)
        await runner.tick()
        passes += 1
        assert passes <= 5, f"{passes} passes before Monday 08:30"
    assert live.clock.now() == monday
    assert len(reminders(emulator, FOCAL)) == 1
    print(f"passes from Friday 22:00 to Monday 08:30: {passes}")
