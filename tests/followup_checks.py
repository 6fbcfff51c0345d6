"""What the follow-up's end-to-end tests read: the progress requests (and check-ins) a chat
was sent, and the follow-ups pending in the database, by task and local day."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from botapi_emulator import BotApiEmulator, SentMessage
from tests.conftest import FOCAL

#: The words of every progress request and check-in.
ASKED = "Đề nghị cập nhật tình hình thực hiện"


def requests(emu: BotApiEmulator, chat_id: int = FOCAL) -> list[SentMessage]:
    """The progress requests and check-ins ``chat_id`` was sent, oldest first."""
    return [m for m in emu.bot_messages(chat_id) if ASKED in m.text]


def pending_followups(database: Path) -> list[tuple[int, str]]:
    """(task id, local day) of every pending progress request or check-in."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT a.task_id, r.at FROM reminders r JOIN assignments a "
            "ON a.id = r.assignment_id WHERE r.kind = 'followup' AND r.state = 'pending' "
            "ORDER BY a.task_id"
        ).fetchall()
    return [(task_id, str(at)[:10]) for task_id, at in rows]
