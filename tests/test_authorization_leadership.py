"""Every command and every button × the leadership chats: the leadership of the task's lead
agency (Bộ Công an) and that of another agency (Bộ Y tế).

The world of ``tests.test_authorization_matrix`` and the live proposal of
``tests.test_authorization_every_command``. A leadership chat receives escalations and
the weekly summary; it neither reports nor reads tasks nor runs the office's commands.
Every command but /start and /help, every button and every reply to the bot is refused
with the same answer, which names the agency and shows no task, and leaves every table of
the database as it was. An admin writing in a leadership chat keeps the office's commands.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from tests import test_authorization_every_command as every
from tests import test_authorization_matrix as matrix
from tests.conftest import ADMIN
from tests.test_authorization_every_command import ADMIN_BUTTONS, press
from tests.test_authorization_matrix import TITLE
from tests.test_e2e_chat import ask
from tests.test_fuzz_chat import snapshot

world = matrix.world
busy = every.busy

LEAD_LEADERSHIP = (-5101, 2201)
OTHER_LEADERSHIP = (-5102, 2202)
#: The leadership chats, each as a role of the matrices: (chat, user, agency).
LEADERSHIPS = {
    "leadership of the lead": (*LEAD_LEADERSHIP, "Bộ Công an"),
    "leadership of another agency": (*OTHER_LEADERSHIP, "Bộ Y tế"),
}
REFUSED = "không dùng để báo cáo nhiệm vụ"
UNCHANGED = "Dữ liệu không thay đổi"

#: Each registered command once, with words that would act on task #1 or the proposal.
COMMANDS = [
    *(cell.action for cell in matrix.READ + matrix.WRITE),
    *matrix.ADMIN_ONLY,
    *matrix.REPORTS,
    *every.ADMIN_COMMANDS,
    *every.REPORT_COMMANDS,
    "/nhiemvu",
]
#: The focal points' and readers' buttons on task #1 (the office's are ADMIN_BUTTONS).
REPORT_BUTTONS = ["done:1", "late:1", "prog:1", "tk:m:1", "menu:tasks", "menu:help",
                  "pg:t:0", "pg:c:0", "pg:n:0", "pg:r:0", "bc:a:bo-ca:20261202"]  # fmt: skip


def _name(command: str) -> str:
    return command[1:].split(maxsplit=1)[0]


async def _join(emulator: BotApiEmulator, role: str) -> None:
    chat, user, agency = LEADERSHIPS[role]
    emulator.add_user(user, "Lãnh đạo")
    emulator.add_group(chat, f"Lãnh đạo {agency}", [user, ADMIN])
    invite = await ask(emulator, ADMIN, ADMIN, f"/invite {agency} lãnh đạo")
    token = re.search(r"startgroup=([\w-]+)", invite.text)
    assert token, invite.text
    joined = await ask(emulator, chat, user, f"/start {token[1]}")
    assert "lãnh đạo" in joined.text.lower(), joined.text


@pytest.fixture
async def leaderships(
    busy: dict[str, Any], world: LiveBot, emulator: BotApiEmulator
) -> dict[str, Any]:
    for role in LEADERSHIPS:
        await _join(emulator, role)
    return busy


def test_the_cells_cover_every_command_the_bot_registers() -> None:
    names = {_name(command) for command in COMMANDS}
    # /start registers a chat and /help says what it receives (tested below).
    assert every.COVERED_COMMANDS - names == {"start", "help"}
    prefixes = {data.split(":")[0] for data in [*ADMIN_BUTTONS, *REPORT_BUTTONS]}
    assert every.COVERED_BUTTONS - prefixes == {"undo"}  # pressed with the live report


@pytest.mark.parametrize("role", list(LEADERSHIPS))
async def test_a_leadership_chat_is_refused_every_command_and_changes_nothing(
    leaderships: dict[str, Any], world: LiveBot, emulator: BotApiEmulator, role: str
) -> None:
    chat, user, agency = LEADERSHIPS[role]
    before = await snapshot(world)
    for command in COMMANDS:
        reply = await ask(emulator, chat, user, command)
        assert REFUSED in reply.text, (role, command, reply.text)
        assert UNCHANGED in reply.text, (role, command, reply.text)
        assert f"lãnh đạo {agency}" in reply.text, (role, command, reply.text)
        assert TITLE not in reply.text, (role, command)
    help_text = await ask(emulator, chat, user, "/help")
    assert "không nhận tin nhắc việc" in help_text.text, help_text.text
    assert TITLE not in help_text.text
    assert await snapshot(world) == before, role


@pytest.mark.parametrize("role", list(LEADERSHIPS))
async def test_a_leadership_chat_is_refused_every_button_and_every_reply(
    leaderships: dict[str, Any], world: LiveBot, emulator: BotApiEmulator, role: str
) -> None:
    chat, user, _agency = LEADERSHIPS[role]
    before = await snapshot(world)
    buttons = [
        *(template.format(**leaderships) for template in ADMIN_BUTTONS),
        *REPORT_BUTTONS,
        leaderships["undo"],
    ]
    for data in buttons:
        answer, after, _ = await _press(emulator, (chat, user), data)
        text = "\n".join([answer, *(m.text for m in after)])
        assert REFUSED in text, (role, data, text)
        assert TITLE not in text, (role, data)
        assert not any(m.edited for m in after), (role, data)
    # A reply to one of the bot's messages is no report either.
    anchor = await ask(emulator, chat, user, "/help")
    refused = await ask(emulator, chat, user, "đã hoàn thành", reply_to=anchor.message_id)
    assert REFUSED in refused.text, refused.text
    assert await snapshot(world) == before, role


async def _press(
    emulator: BotApiEmulator, chat_user: tuple[int, int], data: str
) -> tuple[str, list[Any], Any]:
    """``press`` for a chat outside the matrices' roles."""
    matrix.ROLES["_leadership"] = chat_user
    try:
        return await press(emulator, "_leadership", data)
    finally:
        del matrix.ROLES["_leadership"]


async def test_an_admin_in_a_leadership_chat_keeps_the_office_s_commands(
    leaderships: dict[str, Any], world: LiveBot, emulator: BotApiEmulator
) -> None:
    chat, _user, _agency = LEADERSHIPS["leadership of the lead"]
    task = await ask(emulator, chat, ADMIN, "/task 1")
    assert TITLE in task.text, task.text
    proposals = await ask(emulator, chat, ADMIN, "/dexuat")
    assert TITLE in proposals.text, proposals.text
