"""SIGTERM (or Ctrl+C) while the real bot process is still in its start-up pass — a backlog
of due messages paced at Telegram's limits — ends that pass between two sends: the process
exits with code 0 and no traceback, having sent no more than what was in flight, nothing is left "sending", and the next
start delivers the rest, each message exactly once, without one 429."""

from __future__ import annotations

import signal
import sqlite3
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from botapi_emulator import BotApiEmulator
from botapi_emulator.faults import FloodLimits
from domain.clock import FakeClock
from domain.status import OutboxPurpose
from settings import load_settings
from storage.models import OutboxRow
from tests.bot_process import spawn_bot, stop_bot
from tests.conftest import ADMIN
from wiring import build_core

#: Private chats with one due message each: at 30 a second the pass takes 10 s.
CHATS = 300
FIRST_CHAT = 700_000
QUEUED_AT = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 10:00 in Hanoi, a Wednesday
CLOCK_START = "2026-12-02T10:05:00+07:00"


async def _backlog(emulator: BotApiEmulator, folder: Path) -> list[int]:
    """The bot's database with ``CHATS`` messages due, written before the bot starts."""
    settings = load_settings(
        {"DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'bot.sqlite3'}"}, require_bot=False
    )
    core = build_core(settings, FakeClock(QUEUED_AT))
    await core.prepare(seed=False)
    chats = [FIRST_CHAT + n for n in range(CHATS)]
    async with core.sessions.begin() as session:
        for chat_id in chats:
            emulator.add_user(chat_id, f"Đầu mối {chat_id}")
            session.add(
                OutboxRow.queued(
                    purpose=OutboxPurpose.REMINDER,
                    chat_id=chat_id,
                    html=f"Tin nhắc việc số {chat_id}",
                    now=QUEUED_AT,
                )
            )
    await core.close()
    return chats


def _delivered(emulator: BotApiEmulator, chats: list[int]) -> Counter[int]:
    return Counter({c: len(emulator.bot_messages(c)) for c in chats if emulator.bot_messages(c)})


def _states(folder: Path) -> dict[str, int]:
    with sqlite3.connect(folder / "bot.sqlite3") as db:
        return dict(db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_a_stop_during_the_start_up_pass_exits_at_once_and_loses_nothing(
    emulator: BotApiEmulator, tmp_path: Path, signum: signal.Signals
) -> None:
    chats = await _backlog(emulator, tmp_path)
    flood = emulator.flood_control(FloodLimits())
    assert flood is not None

    bot = await spawn_bot(emulator, tmp_path, clock_start=CLOCK_START, speed=1, sweep_seconds=60)
    await emulator.wait_for(
        lambda: sum(_delivered(emulator, chats).values()) >= 30 or None, timeout=60
    )
    at_signal = sum(_delivered(emulator, chats).values())
    logs, took = await stop_bot(bot, signum, within=60)
    first = _delivered(emulator, chats)
    states = _states(tmp_path)
    print(
        f"{signum.name} during the start-up pass: exit {bot.returncode} after {took:.1f} s, "
        f"{sum(first.values())} of {CHATS} sent, outbox {states}"
    )
    assert bot.returncode == 0, logs[-3000:]
    assert "Traceback" not in logs, logs[-3000:]
    assert "CancelledError" not in logs, logs[-3000:]
    # Between two sends: what went out after the signal is what was in flight, at most a
    # second of Telegram's overall limit — not the rest of the pass. (Counted, not timed:
    # on a loaded machine the process's own exit may take seconds.)
    after_signal = sum(first.values()) - at_signal
    assert after_signal <= 30, f"{after_signal} sent after the signal, in {took:.1f} s"
    assert took < 30, f"the stop waited {took:.1f} s"
    assert sum(first.values()) < CHATS - 60, "the pass was not stopped"
    assert "sending" not in states, states
    assert states.get("sent") == sum(first.values())  # what Telegram took is recorded
    assert states.get("pending") == CHATS - sum(first.values())

    # The next start delivers the rest, each exactly once.
    bot = await spawn_bot(emulator, tmp_path, clock_start=CLOCK_START, speed=1, sweep_seconds=60)
    try:
        await emulator.wait_for(
            lambda: len(_delivered(emulator, chats)) == CHATS or None, timeout=60
        )
    finally:
        logs, _ = await stop_bot(bot, within=60)
    assert bot.returncode == 0, logs[-3000:]
    assert set(_delivered(emulator, chats).values()) == {1}
    assert _states(tmp_path) == {"sent": CHATS}
    assert flood.rejected == 0
    assert emulator.bot_messages(ADMIN) == []
