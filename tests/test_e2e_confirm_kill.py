"""kill -9 of the real bot process between recording a report and sending its confirmation,
then an immediate restart: the focal point gets exactly one confirmation, and the report is
recorded once.

The confirmation is queued *claimed* (``sending``, held by the process's sender) in the
report's own transaction. When the process dies before Telegram took it, the restarted bot
sees its sender gone, takes the claim back in its first pass and sends it once. Telegram
redelivers an update whose offset was never confirmed: the restarted bot recognises the
update it already recorded and neither records it again nor confirms it twice.
"""

from __future__ import annotations

import asyncio
import re
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from botapi_emulator import BotApiEmulator, Fault, SentMessage
from tests.bot_process import spawn_bot, stop_bot
from tests.conftest import ADMIN, FOCAL
from tests.test_e2e_chat import ask, reminders

SWEEP_SECONDS = 5
#: The restarted bot's sweep: a message left "sending" by a dead sender is taken back in
#: the first pass, not after its lease goes stale (three sweeps); so long a sweep tells
#: the two apart on a loaded machine too.
RESTART_SWEEP_SECONDS = 20

#: Wednesday 25 November 2026 in Hanoi, at 60×: the 08:30 reminders come after ~15 s, so
#: that the focal point has joined by then on a loaded machine too (a reminder due before
#: anyone joined is settled with no recipient and never reaches the chat).
FIRST_START = "2026-11-25T08:15:00+07:00"
RESTART = "2026-11-25T08:40:00+07:00"


def _answers(emulator: BotApiEmulator, before: int) -> list[SentMessage]:
    """What the bot said to the focal point since ``before`` (reminders aside)."""
    return [m for m in emulator.bot_messages(FOCAL)[before:] if "Nhắc việc" not in m.text]


def _recorded(db: Path, task_id: int) -> tuple[list[str], dict[str, int]]:
    """The task's report events, and the focal point's confirmations by state."""
    with sqlite3.connect(db) as conn:
        kinds = [
            str(kind)
            for (kind,) in conn.execute(
                "SELECT kind FROM events WHERE task_id = ? AND kind IN ('done', 'late') "
                "ORDER BY id",
                (task_id,),
            )
        ]
        states = dict(
            conn.execute(
                "SELECT state, count(*) FROM outbox WHERE purpose = 'reply' AND chat_id = ? "
                "GROUP BY state",
                (FOCAL,),
            ).fetchall()
        )
    return kinds, states


def _first_button(emulator: BotApiEmulator) -> tuple[SentMessage, int]:
    """The first reminder with a ✅ button, and the task that button closes."""
    for message in reminders(emulator, FOCAL):
        for button in message.buttons:
            data = str(button.get("callback_data") or "")
            if data.startswith("done:"):
                return message, int(data.removeprefix("done:"))
    raise AssertionError("no reminder with a ✅ button")


async def _report(emulator: BotApiEmulator, how: str, reminder: SentMessage, task_id: int) -> None:
    if how == "done":
        await emulator.send_text(FOCAL, FOCAL, f"/done {task_id} đã gửi báo cáo")
    elif how == "late":
        await emulator.send_text(FOCAL, FOCAL, f"/late {task_id} chờ số liệu của Bộ Tài chính")
    else:
        await emulator.click(FOCAL, FOCAL, reminder.message_id, f"done:{task_id}")


@pytest.mark.parametrize(
    ("how", "expected", "kind"),
    [
        ("done", "✅ Đã ghi nhận", "done"),
        ("late", "⏳ Đã ghi nhận báo cáo chậm", "late"),
        ("button", "✅ Đã ghi nhận", "done"),
    ],
)
@pytest.mark.parametrize("redelivered", [False, True], ids=["acknowledged", "redelivered"])
async def test_a_report_killed_before_its_confirmation_left_is_confirmed_once_after_restart(
    emulator: BotApiEmulator,
    tmp_path: Path,
    how: str,
    expected: str,
    kind: str,
    redelivered: bool,
) -> None:
    db = tmp_path / "bot.sqlite3"
    first = await spawn_bot(
        emulator, tmp_path, clock_start=FIRST_START, sweep_seconds=SWEEP_SECONDS
    )
    held: list[Fault] = []
    try:
        await emulator.wait_for(lambda: emulator.long_poll_waiting or None, timeout=60)
        invite = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Công an")
        token = re.search(r"start=([\w-]+)", invite.text)
        assert token, invite.text
        bound = emulator.mark()
        await ask(emulator, FOCAL, FOCAL, f"/start {token[1]}")
        # The 08:30 reminder (with the tasks' buttons): after it nothing more is due today.
        # On a slow start it may come before the answer to /start: waited for since then.
        await emulator.wait_for_bot_message(
            FOCAL, lambda m: "Nhắc việc" in m.text, timeout=40, since=bound
        )
        reminder, task_id = _first_button(emulator)
        await emulator.wait_for(lambda: emulator.long_poll_waiting or None, timeout=30)
        before = len(emulator.bot_messages(FOCAL))
        # Telegram holds the focal point's next message before taking it; with
        # ``redelivered`` it also holds the next getUpdates, so the report's update is
        # never confirmed and comes again after the restart.
        held.append(
            emulator.add_fault(Fault(method="sendMessage", chat_id=FOCAL, delay_before=300))
        )
        if redelivered:
            held.append(emulator.add_fault(Fault(method="getUpdates", delay_before=300)))
        await _report(emulator, how, reminder, task_id)
        await emulator.wait_for(lambda: held[0].hits >= 1 or None, timeout=30)
        if redelivered:
            await emulator.wait_for(lambda: held[1].hits >= 1 or None, timeout=30)
    finally:
        first.kill()
        await first.communicate()
    assert first.returncode == -signal.SIGKILL
    for fault in held:
        emulator.faults.remove(fault)
    assert _answers(emulator, before) == []
    kinds, states = _recorded(db, task_id)
    # Recorded, with its confirmation claimed in the same transaction by the dead process.
    assert kinds == [kind]
    assert states == {"sending": 1}, states
    assert bool(emulator.pending_updates) is redelivered

    calls_before = len(emulator.calls)
    second = await spawn_bot(
        emulator, tmp_path, clock_start=RESTART, sweep_seconds=RESTART_SWEEP_SECONDS
    )
    try:
        await emulator.wait_for(lambda: len(emulator.calls) > calls_before or None, timeout=60)
        up = time.monotonic()
        await emulator.wait_for(lambda: _answers(emulator, before) or None, timeout=30)
        assert time.monotonic() - up < RESTART_SWEEP_SECONDS
        # Whatever the restarted bot does with a redelivered update, it has done it before
        # it answers the focal point's next message (one chat's updates go in order).
        await ask(emulator, FOCAL, FOCAL, "/help")
        await asyncio.sleep(0.5)
    finally:
        logs, _ = await stop_bot(second)
    assert second.returncode == 0, logs[-3000:]
    assert "Traceback" not in logs, logs[-3000:]
    confirmations = [m for m in _answers(emulator, before) if f"#{task_id}" in m.text]
    assert len(confirmations) == 1, [m.text for m in confirmations]
    assert expected in confirmations[0].text
    kinds, states = _recorded(db, task_id)
    assert kinds == [kind]
    assert states == {"sent": 1}, states
    assert not emulator.pending_updates
