"""Every command and every button the bot registers × stranger / focal point of another
agency / focal point of a co-operating agency / member of a bound group / admin.

The world of ``tests.test_authorization_matrix`` (task #1 led by Bộ Công an, Bộ Tài chính
co-operating; the group bound to Bộ Công an), with a live extension proposal, a report
that could be undone and a progress prompt, so each forged press and each command acts on
something real. Every refused cell leaves every table of the database as it was and never
shows the task; the admin's cells show that the same press works for the office. The
commands and buttons are read from the running application, so one added later without a
cell here fails the inventory test.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from telegram.ext import CallbackQueryHandler, CommandHandler

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from tests import test_authorization_matrix as matrix
from tests.conftest import ADMIN, OTHER_FOCAL
from tests.test_authorization_matrix import (
    LEAD_REPORTS,
    NOT_ADMIN,
    NOT_BOUND,
    NOT_READABLE,
    NOT_YOURS,
    ROLES,
    TITLE,
)
from tests.test_e2e_chat import ask
from tests.test_fuzz_chat import snapshot

world = matrix.world  # the first matrix's fixture

OUTSIDERS = ["stranger", "other agency", "co-operating"]
NOT_ADMINS = [*OUTSIDERS, "bound group"]

#: The office's commands, each with words that would act on task #1 or the proposal.
ADMIN_COMMANDS = [
    "/giahan 1 20/1/2027",
    "/dexuat",
    "/reopen 1",
    "/edit 1 hạn 31/1/2027",
    "/edit 1 đôn đốc 20/12/2026",
    "/cancel 1 theo Công văn 12/VPCP-KSTT rút nhiệm vụ",
    "/xacnhan 1",
    "/tralai 1 thiếu hồ sơ",
    "/daumoi",
    "/health",
    "/coquan",
]
#: A focal point's commands on task #1: (command, the answer of each outsider).
REPORT_COMMANDS = ["/tiendo 1 đang làm", "/progress 1 đang làm", "/xong 1", "/hoanthanh 1",
                   "/cham 1 chờ số liệu"]  # fmt: skip
OUTSIDER_ANSWER = {
    "stranger": NOT_BOUND,
    "other agency": NOT_YOURS,
    "co-operating": LEAD_REPORTS,
}
#: The office's buttons ({p}: the live proposal, {e}: the group's report, {c}: a chat).
ADMIN_BUTTONS = ["ext:ok:{p}", "ext:no:{p}", "ext:info:{p}", "cf:ok:1", "cf:no:1", "rp:{e}",
                 "fu:1:20261220", "dm:rm:{c}", "ag:inv:bo-ca", "ag:add:bo-ca", "ag:dm:bo-ca",
                 "ag:fix:bo-ca", "menu:agencies", "imp:ok:1", "imp:no:1", "imp:fix:1",
                 "imp:map:1:0", "imp:set:1:0:bo-ca", "imp:fu:1:1:20261220", "pg:a:0", "pg:i1:0",
                 "bc:s:20261202", "bc:a:bo-ca:20261202"]  # fmt: skip
#: Every command and button prefix a cell above or in the first matrix exercises.
COVERED_COMMANDS = {
    "start", "help", "tasks", "task", "done", "late", "nhiemvu", "xong", "hoanthanh", "cham",
    "addtask", "invite", "agencies", "import", "fix", "giahan", "dexuat", "reopen", "edit",
    "cancel", "tiendo", "progress", "xacnhan", "tralai", "daumoi", "health", "coquan",
    "baocao", "xuatexcel",
}  # fmt: skip
COVERED_BUTTONS = {"done", "late", "imp", "prog", "pg", "tk", "dm", "menu", "ag", "ext", "undo",
                   "rp", "cf", "fu", "bc"}  # fmt: skip


async def press(
    emulator: BotApiEmulator, role: str, data: str
) -> tuple[str, list[SentMessage], SentMessage]:
    """Press a forged button with ``data`` under a fresh message of the role's chat; the
    callback answer's text and every message the bot sent or edited in that chat after it."""
    chat, user = ROLES[role]
    anchor = await ask(emulator, chat, user, "/help")
    query = await emulator.click_forged(chat, user, anchor.message_id, data)
    answer = await emulator.wait_for_callback_answer(query)
    probe = await ask(emulator, chat, user, "/help")
    after = [
        m
        for m in emulator.bot_messages(chat)
        if anchor.message_id <= m.message_id < probe.message_id
        and (m.message_id > anchor.message_id or m.edited)
    ]
    return answer.text or "", after, probe


def shown(answer: str, after: list[SentMessage]) -> str:
    return "\n".join([answer, *(m.text for m in after)])


@pytest.fixture
async def busy(world: LiveBot, emulator: BotApiEmulator) -> dict[str, Any]:
    """The world with a live proposal (from the group's /late with a new date), the undo
    button of that report, and the chats of the focal points."""
    chat, user = ROLES["bound group"]
    late = await ask(emulator, chat, user, "/late 1 chờ số liệu 20/1/2027")
    assert "Đã ghi nhận báo cáo chậm" in late.text, late.text
    undo = [b["callback_data"] for b in late.buttons if b["callback_data"].startswith("undo:")]
    assert undo, late.buttons
    notice = await emulator.wait_for_bot_message(
        ADMIN, lambda m: any(b["callback_data"].startswith("ext:ok:") for b in m.buttons)
    )
    [proposal] = {
        b["callback_data"].rsplit(":", 1)[1]
        for b in notice.buttons
        if b["callback_data"].startswith("ext:ok:")
    }
    return {"p": proposal, "e": undo[0].split(":", 1)[1], "c": str(OTHER_FOCAL), "undo": undo[0]}


def test_every_registered_command_and_button_has_cells(live: LiveBot) -> None:
    commands: set[str] = set()
    patterns: list[str] = []
    for handlers in live.product.application.handlers.values():
        for handler in handlers:
            if isinstance(handler, CommandHandler):
                commands |= set(handler.commands)
            elif isinstance(handler, CallbackQueryHandler) and handler.pattern is not None:
                pattern = handler.pattern
                patterns.append(pattern.pattern if isinstance(pattern, re.Pattern) else pattern)
    assert commands - COVERED_COMMANDS == set()
    prefixes = {re.sub(r"^\^", "", p).split(":")[0] for p in patterns}
    assert prefixes - COVERED_BUTTONS == set(), prefixes


@pytest.mark.parametrize("role", NOT_ADMINS)
async def test_the_office_s_commands_refuse_everyone_else(
    busy: dict[str, Any], world: LiveBot, emulator: BotApiEmulator, role: str
) -> None:
    chat, user = ROLES[role]
    before = await snapshot(world)
    for command in ADMIN_COMMANDS:
        reply = await ask(emulator, chat, user, command)
        assert NOT_ADMIN in reply.text, (role, command, reply.text)
        assert TITLE not in reply.text, (role, command)
    assert await snapshot(world) == before, role


async def test_the_office_s_commands_work_for_the_admin(
    busy: dict[str, Any], world: LiveBot, emulator: BotApiEmulator
) -> None:
    proposals = await ask(emulator, ADMIN, ADMIN, "/dexuat")
    assert TITLE in proposals.text
    points = await ask(emulator, ADMIN, ADMIN, "/daumoi")
    assert "Tổ BCA" in points.text
    health = await ask(emulator, ADMIN, ADMIN, "/health")
    assert "Tình trạng gửi tin" in health.text
    before = await snapshot(world)
    edited = await ask(emulator, ADMIN, ADMIN, "/edit 1 hạn 31/1/2027")
    assert "Đã sửa thời hạn nhiệm vụ #1" in edited.text
    assert await snapshot(world) != before


@pytest.mark.parametrize("role", OUTSIDERS)
async def test_reports_on_a_task_are_refused_to_chats_that_do_not_lead_it(
    busy: dict[str, Any], world: LiveBot, emulator: BotApiEmulator, role: str
) -> None:
    chat, user = ROLES[role]
    before = await snapshot(world)
    for command in REPORT_COMMANDS:
        reply = await ask(emulator, chat, user, command)
        # A co-operating agency is told its lead reports, progress notes included.
        assert OUTSIDER_ANSWER[role] in reply.text, (role, command, reply.text)
        if role == "co-operating":
            assert NOT_YOURS not in reply.text, (command, reply.text)
    # The progress button asks only a chat that may answer: the others are answered at
    # once, as /tiendo is, and never get a prompt they could not answer.
    answer, after, _ = await press(emulator, role, "prog:1")
    assert OUTSIDER_ANSWER[role] in shown(answer, after), (role, shown(answer, after))
    assert not any("Cập nhật tiến độ nhiệm vụ #1" in m.text for m in after), role
    # Nor can a chat undo another chat's report, nor reopen its period.
    for data in (busy["undo"], f"rp:{busy['e']}"):
        answer, after, _ = await press(emulator, role, data)
        assert "Đã hoàn tác" not in shown(answer, after), (role, data)
        text = shown(answer, after)
        assert "Dữ liệu không thay đổi" in text or NOT_BOUND in text, (role, data, text)
    assert await snapshot(world) == before, role


async def test_the_bound_group_reports_progress_and_undoes_its_own_report(
    busy: dict[str, Any], world: LiveBot, emulator: BotApiEmulator
) -> None:
    chat, user = ROLES["bound group"]
    before = await snapshot(world)
    noted = await ask(emulator, chat, user, "/tiendo 1 đã gửi dự thảo")
    assert "Đã ghi tiến độ nhiệm vụ #1" in noted.text
    assert await snapshot(world) != before
    before = await snapshot(world)
    answer, after, _ = await press(emulator, "bound group", busy["undo"])
    assert any("hoàn tác" in m.text.lower() for m in after), shown(answer, after)
    assert await snapshot(world) != before


@pytest.mark.parametrize("role", NOT_ADMINS)
async def test_the_office_s_buttons_refuse_everyone_else(
    busy: dict[str, Any], world: LiveBot, emulator: BotApiEmulator, role: str
) -> None:
    before = await snapshot(world)
    for template in ADMIN_BUTTONS:
        data = template.format(**busy)
        answer, after, _ = await press(emulator, role, data)
        text = shown(answer, after)
        assert NOT_ADMIN in text or "Chỉ Văn phòng theo dõi" in text, (role, data, text)
        assert TITLE not in text, (role, data)
    assert await snapshot(world) == before, role


async def test_the_office_s_buttons_work_for_the_admin(
    busy: dict[str, Any], world: LiveBot, emulator: BotApiEmulator
) -> None:
    answer, after, _ = await press(emulator, "admin", f"ext:info:{busy['p']}")
    assert TITLE in shown(answer, after)
    answer, after, _ = await press(emulator, "admin", "menu:agencies")
    assert "Bộ Công an" in shown(answer, after)
    before = await snapshot(world)
    answer, after, _ = await press(emulator, "admin", f"ext:ok:{busy['p']}")
    assert "gia hạn" in shown(answer, after).lower()
    assert await snapshot(world) != before


#: Who sees task #1 through the reading buttons: the members' chats and the office.
READERS = {"co-operating", "bound group", "admin"}
READ_ANSWER = {"stranger": NOT_BOUND, "other agency": NOT_READABLE}


@pytest.mark.parametrize("role", list(ROLES))
async def test_reading_buttons_show_a_task_only_to_its_agencies_and_the_office(
    busy: dict[str, Any], world: LiveBot, emulator: BotApiEmulator, role: str
) -> None:
    before = await snapshot(world)
    answer, after, _ = await press(emulator, role, "tk:m:1")
    text = shown(answer, after)
    if role in READERS:
        assert "Bộ Công an" in text, (role, text)
    else:
        assert READ_ANSWER[role] in text, (role, text)
    # The chat's own lists, its menu and its pages never show another agency's task.
    for data in ("menu:tasks", "menu:help", "pg:t:0", "pg:c:0", "pg:n:0", "pg:r:0"):
        answer, after, _ = await press(emulator, role, data)
        text = shown(answer, after)
        if role in ("stranger", "other agency"):
            assert TITLE not in text, (role, data, text)
    if role == "bound group":
        answer, after, _ = await press(emulator, role, "pg:t:0")
        assert TITLE in shown(answer, after)
    assert await snapshot(world) == before, role


@pytest.mark.parametrize("role", list(ROLES))
async def test_start_and_help_show_no_other_agency_s_task(
    busy: dict[str, Any], world: LiveBot, emulator: BotApiEmulator, role: str
) -> None:
    chat, user = ROLES[role]
    before = await snapshot(world)
    for command in ("/start", "/help", "/nhiemvu"):
        reply = await ask(emulator, chat, user, command)
        if role in ("stranger", "other agency", "admin"):
            assert TITLE not in reply.text, (role, command)
    assert await snapshot(world) == before, role
