"""Who may read and write what: every command and button × stranger / focal point of
another agency / focal point of a co-operating agency / member of a bound group / admin.

One task, #1, led by Bộ Công an with Bộ Tài chính co-operating. Reading it is for admins and
for chats of its member or co-operating agencies; reporting on it only for its members'
chats; admin commands only for admins. Reports (/baocao, /xuatexcel, the agency buttons
behind /baocao) show every agency's tasks: admins only, through the same reading check.
Each cell checks the answer and whether the database changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from domain.deadline import Deadline, DeadlineKind
from storage.models import EventRow, ImportRow, InviteRow, TaskRow
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL, STRANGER, local
from tests.test_e2e_chat import ask, invite_and_join
from tracking.service import Actor, NewTask

GROUP = -6001
GROUP_MEMBER = 3002
CO_FOCAL = 2003
TITLE = "Hoàn thiện cơ sở dữ liệu dân cư"

NOT_BOUND = "chưa đăng ký làm cán bộ đầu mối"
NOT_READABLE = "không thuộc cơ quan của anh/chị"
NOT_YOURS = "không giao cho cơ quan"
#: A co-operating agency reads the task; its lead reports it.
LEAD_REPORTS = "cơ quan phối hợp của nhiệm vụ #1; Bộ Công an là cơ quan chủ trì"
NOT_ADMIN = "chỉ dành cho Văn phòng theo dõi"

#: role -> (chat, user)
ROLES = {
    "stranger": (STRANGER, STRANGER),
    "other agency": (OTHER_FOCAL, OTHER_FOCAL),
    "co-operating": (CO_FOCAL, CO_FOCAL),
    "bound group": (GROUP, GROUP_MEMBER),
    "admin": (ADMIN, ADMIN),
}


@dataclass(frozen=True)
class Cell:
    role: str
    action: str
    expect: str
    writes: bool = False


READ = [
    Cell("stranger", "/task 1", NOT_BOUND),
    Cell("other agency", "/task 1", NOT_READABLE),
    Cell("co-operating", "/task 1", TITLE),
    Cell("bound group", "/task 1", TITLE),
    Cell("admin", "/task 1", TITLE),
    Cell("stranger", "/tasks", NOT_BOUND),
    Cell("other agency", "/tasks", "không còn nhiệm vụ"),
    Cell("bound group", "/tasks", TITLE),
    Cell("admin", "/tasks", NOT_BOUND),
]
WRITE = [
    Cell("stranger", "/done 1", NOT_BOUND),
    Cell("other agency", "/done 1", NOT_YOURS),
    Cell("co-operating", "/done 1", LEAD_REPORTS),
    Cell("admin", "/done 1", NOT_BOUND),
    Cell("stranger", "/late 1 chờ số liệu", NOT_BOUND),
    Cell("other agency", "/late 1 chờ số liệu", NOT_YOURS),
    Cell("co-operating", "/late 1 chờ số liệu", LEAD_REPORTS),
    Cell("admin", "/late 1 chờ số liệu", NOT_BOUND),
    Cell("stranger", "/tiendo 1 đã gửi số liệu", NOT_BOUND),
    Cell("other agency", "/tiendo 1 đã gửi số liệu", NOT_YOURS),
    Cell("co-operating", "/tiendo 1 đã gửi số liệu", LEAD_REPORTS),
    Cell("bound group", "/late 1 chờ số liệu 20/12/2026", "Đã ghi nhận báo cáo chậm", writes=True),
    Cell("bound group", "/tiendo 1 đã gửi số liệu", "Đã ghi tiến độ", writes=True),
]
ADMIN_ONLY = [
    "/addtask Bộ Công an | Việc mới | 31/12/2026",
    "/invite Bộ Công an",
    "/agencies",
    "/import",
    "/fix 1 bỏ",
]
#: The reports, each in every scope: everything, one agency, one notice, a day.
REPORTS = [
    "/baocao",
    "/baocao Bộ Công an",
    "/baocao 1/TB-TEST",
    "/baocao 1/12/2026",
    "/xuatexcel",
    "/xuatexcel Bộ Công an",
    "/xuatexcel 1/TB-TEST 1/12/2026",
]
#: The agency buttons of /baocao (forged: whoever presses them never saw a report).
REPORT_BUTTONS = ["bc:a:bo-ca:20261202", "bc:a:bo-tc:20261130"]
BUTTONS = [
    Cell("stranger", "done:1", NOT_BOUND),
    Cell("other agency", "done:1", NOT_YOURS),
    Cell("co-operating", "done:1", LEAD_REPORTS),
    Cell("admin", "done:1", NOT_BOUND),
    Cell("stranger", "imp:ok:1", NOT_ADMIN),
    Cell("other agency", "imp:no:1", NOT_ADMIN),
    Cell("bound group", "imp:fix:1", NOT_ADMIN),
    Cell("admin", "imp:ok:1", "đang chờ xác nhận"),
    Cell("stranger", "imp:map:1:1", NOT_ADMIN),
    Cell("other agency", "imp:set:1:1:bo-ca", NOT_ADMIN),
    Cell("bound group", "imp:fu:1:2:20261209", NOT_ADMIN),
    Cell("stranger", "imp:zz:1", NOT_ADMIN),
    Cell("bound group", "done:1", "Đã ghi nhận", writes=True),
]


async def counts(live: LiveBot) -> tuple[int, ...]:
    found: list[int] = []
    async with live.product.core.sessions() as session:
        for row in (TaskRow, EventRow, InviteRow, ImportRow):
            found.append(int(await session.scalar(select(func.count()).select_from(row)) or 0))
    return tuple(found)


@pytest.fixture
async def world(live: LiveBot, emulator: BotApiEmulator) -> LiveBot:
    emulator.add_user(GROUP_MEMBER, "Hùng")
    emulator.add_user(CO_FOCAL, "Hoa")
    await live.product.core.tracker.store_notice(
        key="1/TB-TEST",
        number="1/TB-TEST",
        issued=local(2026, 11, 2).date(),
        title="Thông báo thử",
        source="test",
        tasks=[
            NewTask(
                title=TITLE,
                text=TITLE,
                lead="Bộ Công an",
                co=("Bộ Tài chính",),
                deadline=Deadline(
                    due=local(2026, 12, 31).date(),
                    granularity=None,
                    kind=DeadlineKind.DEADLINE,
                    phrase="31/12/2026",
                ),
                ref="1",
                seed_key="1/TB-TEST#1",
            )
        ],
        actor=Actor(name="test"),
        now=live.clock.now(),
    )
    await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
    await invite_and_join(emulator, "Bộ Tài chính", CO_FOCAL)
    emulator.add_group(GROUP, "Tổ BCA", [FOCAL, GROUP_MEMBER])
    link = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Công an")
    token = re.search(r"start=([\w-]+)", link.text)
    assert token
    await ask(emulator, GROUP, FOCAL, f"/start {token[1]}")
    return live


async def test_reading_and_reporting_follow_the_task_s_agencies(
    world: LiveBot, emulator: BotApiEmulator
) -> None:
    for cell in [*READ, *WRITE]:
        chat, user = ROLES[cell.role]
        before = await counts(world)
        reply = await ask(emulator, chat, user, cell.action)
        assert cell.expect in reply.text, (cell, reply.text)
        if cell.expect != TITLE and not cell.writes:
            assert TITLE not in reply.text, cell
        assert (await counts(world) != before) == cell.writes, cell


async def test_a_button_no_handler_knows_is_answered_as_unreadable(
    world: LiveBot, emulator: BotApiEmulator
) -> None:
    """Each prefix has its handler; forged data of a known prefix or of none is refused by
    the press's answer, for the admin too, and writes nothing."""
    chat, user = ROLES["admin"]
    anchor = await ask(emulator, chat, user, "/help")
    before = await counts(world)
    for data in ("imp:zz:1", "imp:ok:x", "done:x", "late:", "zz:1", "imp"):
        query = await emulator.click_forged(chat, user, anchor.message_id, data)
        answer = await emulator.wait_for_callback_answer(query)
        assert "không còn hiệu lực" in (answer.text or ""), data
    assert await counts(world) == before


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
async def test_admin_commands_refuse_everyone_else(
    world: LiveBot, emulator: BotApiEmulator, role: str
) -> None:
    chat, user = ROLES[role]
    for command in ADMIN_ONLY:
        before = await counts(world)
        reply = await ask(emulator, chat, user, command)
        assert NOT_ADMIN in reply.text, (role, command, reply.text)
        assert await counts(world) == before


async def test_admin_commands_work_for_the_admin(world: LiveBot, emulator: BotApiEmulator) -> None:
    expected = [
        "Đã tạo nhiệm vụ",
        "Đường dẫn đăng ký",
        "Bộ Công an",
        "toàn văn",
        "đang chờ xác nhận",
    ]
    for command, expect in zip(ADMIN_ONLY, expected, strict=True):
        reply = await ask(emulator, ADMIN, ADMIN, command)
        assert expect.lower() in reply.text.lower(), (command, reply.text)


async def test_buttons_follow_the_same_rules(world: LiveBot, emulator: BotApiEmulator) -> None:
    for cell in BUTTONS:
        chat, user = ROLES[cell.role]
        anchor = await ask(emulator, chat, user, "/help")
        before = await counts(world)
        query = await emulator.click_forged(chat, user, anchor.message_id, cell.action)
        answer = await emulator.wait_for_callback_answer(query)
        if cell.expect == NOT_ADMIN:
            assert NOT_ADMIN in (answer.text or ""), cell
        else:
            reply = await emulator.wait_for_bot_message(
                chat, lambda m, after=anchor.message_id: m.message_id > after
            )
            assert cell.expect in reply.text, (cell, reply.text)
        assert (await counts(world) != before) == cell.writes, cell
    # The late button only asks for the reason; answering it is checked like /late.
    chat, user = ROLES["other agency"]
    anchor = await ask(emulator, chat, user, "/help")
    await emulator.click_forged(chat, user, anchor.message_id, "late:1")
    prompt = await emulator.wait_for_bot_message(chat, lambda m: "Báo cáo chậm nhiệm vụ" in m.text)
    before = await counts(world)
    refused = await ask(emulator, chat, user, "chờ số liệu", reply_to=prompt.message_id)
    assert NOT_YOURS in refused.text
    assert await counts(world) == before


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
async def test_reports_and_their_buttons_refuse_everyone_but_admins(
    world: LiveBot, emulator: BotApiEmulator, role: str
) -> None:
    chat, user = ROLES[role]
    # What the chat saw before (its welcome lists its own tasks) is not a report.
    earlier = max((m.message_id for m in emulator.bot_messages(chat)), default=0)
    for command in REPORTS:
        before = await counts(world)
        reply = await ask(emulator, chat, user, command)
        assert NOT_ADMIN in reply.text, (role, command, reply.text)
        assert TITLE not in reply.text, (role, command)
        assert "Được giao" not in reply.text, (role, command)
        assert await counts(world) == before
    for data in REPORT_BUTTONS:
        anchor = await ask(emulator, chat, user, "/help")
        query = await emulator.click_forged(chat, user, anchor.message_id, data)
        answer = await emulator.wait_for_callback_answer(query)
        assert NOT_ADMIN in (answer.text or ""), (role, data)
        assert answer.show_alert
    # Nothing but text answers: no chart, no appendix, no list, no edited message.
    await ask(emulator, chat, user, "/help")
    assert all(m.kind == "text" for m in emulator.bot_messages(chat)), role
    later = [m for m in emulator.bot_messages(chat) if m.message_id > earlier]
    assert not any(TITLE in m.text or m.edited for m in later), role


async def test_reports_and_their_buttons_work_for_the_admin(
    world: LiveBot, emulator: BotApiEmulator
) -> None:
    summary = await ask(emulator, ADMIN, ADMIN, "/baocao 31/12/2026")
    assert "Được giao: 1 nhiệm vụ" in summary.text
    agency = await ask(emulator, ADMIN, ADMIN, "/baocao Bộ Công an")
    assert TITLE in agency.text
    sent = await emulator.send_text(ADMIN, ADMIN, "/xuatexcel 1/TB-TEST")
    document = await emulator.wait_for_bot_message(
        ADMIN, lambda m: m.kind == "document", after_message_id=sent["message_id"]
    )
    assert document.document_name == "bao-cao-2026-12-02-1-TB-TEST.xlsx"
    anchor = await ask(emulator, ADMIN, ADMIN, "/help")
    query = await emulator.click_forged(ADMIN, ADMIN, anchor.message_id, REPORT_BUTTONS[0])
    answer = await emulator.wait_for_callback_answer(query)
    assert not answer.show_alert
    listing = await emulator.wait_for_bot_message(
        ADMIN, lambda m: TITLE in m.text and "Chưa hoàn thành" in m.text
    )
    assert "Bộ Công an" in listing.text
