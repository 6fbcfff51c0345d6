"""Button data that cannot be read, for every button prefix the bot knows: each press is
answered (no spinner left turning) with a clear text, logged once as unreadable, and
changes nothing; never the internal-error apology, never an error in the log.

Pressed by the admin (who may press every button, so every data is parsed) and by the
bound group (whose own buttons are parsed; the office's are refused before that).
"""

from __future__ import annotations

import logging

import pytest

from botapi_emulator import BotApiEmulator
from chat import messages, refusals
from demo.harness import LiveBot
from tests import test_authorization_matrix as matrix
from tests.test_authorization_matrix import NOT_ADMIN, ROLES
from tests.test_e2e_chat import ask
from tests.test_fuzz_chat import snapshot

world = matrix.world  # the matrix's fixture

BIG = str(2**63)
#: Malformed data for every prefix: odd digits, ids past 2⁶³, unknown actions, missing parts.
MALFORMED = [
    "done:", "done:²", "done:١٣", f"done:{BIG}", "done:x", "late:²", f"late:{BIG}", "late:1.5",
    "prog:", "prog:²", f"prog:{BIG}", "prog:١",
    "pg:", "pg:zz:0", "pg:t:x", "pg:t:²", f"pg:t:{BIG}", "pg:ix:0",
    "pg:o:0", "pg:o2026120:0", "pg:o20261399:0", "pg:o２0261202:0", "pg:o20261202:x",
    "tk:m:", "tk:m:²", f"tk:m:{BIG}", "tk:m:x", "tk:m:١٣",
    "dm:rm:", "dm:rm:x", "dm:rm:²", f"dm:rm:{BIG}1", "dm:pg:", "dm:pg:x", "dm:pg:²",
    f"dm:pg:{BIG}", "dm:pg:-1",
    "menu:", "menu:zz", "menu:tasks:1",
    "ag:", "ag:zz:bo-ca", "ag:inv:khong-co-co-quan",
    "ext:", "ext:ok:", "ext:ok:²", f"ext:ok:{BIG}", "ext:zz:1", "ext:info:x",
    "undo:", "undo:²", f"undo:{BIG}", "undo:x",
    "rp:", "rp:x", f"rp:{BIG}", "rp:١",
    "cf:", "cf:ok:", "cf:ok:²", f"cf:ok:{BIG}", "cf:zz:1", "cf:no:x",
    "fu:", "fu:1:x", "fu:1:20261399", f"fu:{BIG}:20261220", "fu:x:20261220",
    "imp:", "imp:ok", "imp:ok:x", f"imp:ok:{BIG}", "imp:zz:1", "imp:map:x:0",
    "imp:set:1:x:bo-ca", "imp:fu:1:1:x",
    "bc:", "bc:zz", "bc:s:x", "bc:s:20261399", "bc:a:bo-ca:x", "bc:a:khong-co:20261202",
    "zz", ":", "🙂", "x" * 64,
]  # fmt: skip
#: The office's own refusal of a button only it may press (a period reopened).
OFFICE_ONLY = "Chỉ Văn phòng theo dõi"
#: What a press whose data was read as unreadable is answered.
UNREADABLE = (refusals.unreadable_button(), "Nút này không còn dùng được")


def unreadable_logs(caplog: pytest.LogCaptureFixture) -> int:
    return sum("unreadable button data" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("role", ["admin", "bound group"])
async def test_unreadable_button_data_is_answered_logged_once_and_changes_nothing(
    world: LiveBot, emulator: BotApiEmulator, caplog: pytest.LogCaptureFixture, role: str
) -> None:
    chat, user = ROLES[role]
    caplog.set_level(logging.INFO)
    before = await snapshot(world)
    apology = messages.internal_error()
    failures: list[str] = []
    for data in MALFORMED:
        anchor = await ask(emulator, chat, user, "/help")
        caplog.clear()
        query = await emulator.click_forged(chat, user, anchor.message_id, data)
        answer = await emulator.wait_for_callback_answer(query, timeout=10)
        probe = await ask(emulator, chat, user, "/help")
        text = answer.text or ""
        logged = unreadable_logs(caplog)
        later = [m for m in emulator.bot_messages(chat) if m.message_id > anchor.message_id]
        problems = []
        if not text:
            problems.append("silent answer")  # the spinner stopped, but nothing said
        if role == "bound group" and (NOT_ADMIN in text or OFFICE_ONLY in text):
            if logged > 1:
                problems.append(f"logged {logged} times")  # refused before it was read
        else:
            if not any(u in text for u in UNREADABLE):
                problems.append(f"answered {text[:60]!r}")
            if logged != 1:
                problems.append(f"logged {logged} times")
        if [r for r in caplog.records if r.levelno >= logging.ERROR]:
            problems.append("an error logged")
        if any(apology in m.text for m in later):
            problems.append("internal-error apology")
        if problems:
            failures.append(f"{data}: {', '.join(problems)}")
        assert probe.text
    assert not failures, "\n".join([role, *failures])
    assert await snapshot(world) == before, role
