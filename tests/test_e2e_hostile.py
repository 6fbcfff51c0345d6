"""Careless and hostile input through the real bot: edits, forged buttons, odd numbers,
invitations in groups. Each answer is clear, nothing runs twice, nothing changes."""

from __future__ import annotations

from sqlalchemy import func, select

from botapi_emulator import BotApiEmulator
from chat import refusals
from demo.harness import LiveBot
from storage.models import EventRow, InviteRow, TaskRow
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL
from tests.test_e2e_chat import ask, invite_and_join

GROUP = -4001


async def count(live: LiveBot, row: type[TaskRow] | type[EventRow] | type[InviteRow]) -> int:
    async with live.product.core.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(row)) or 0)


async def test_an_edited_command_is_answered_and_never_run_again(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    sent = await emulator.send_text(
        ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo tiến đô | 7/12/2026"
    )
    await emulator.wait_for_bot_message(ADMIN, lambda m: m.reply_to == sent["message_id"])
    assert await count(live, TaskRow) == 1
    await emulator.edit_user_message(
        ADMIN, ADMIN, sent["message_id"], "/addtask Bộ Công an | Báo cáo tiến độ | 7/12/2026"
    )
    answer = await emulator.wait_for_bot_message(ADMIN, lambda m: "đã sửa" in m.text)
    assert answer.text.startswith("✏️")
    assert await count(live, TaskRow) == 1

    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    invites = await count(live, InviteRow)
    done = await emulator.send_text(FOCAL, FOCAL, "/done 1 đã gửi")
    await emulator.wait_for_bot_message(FOCAL, lambda m: "Đã ghi nhận" in m.text)
    events = await count(live, EventRow)
    await emulator.edit_user_message(FOCAL, FOCAL, done["message_id"], "/done 1 đã gửi công văn")
    await emulator.wait_for_bot_message(FOCAL, lambda m: "đã sửa" in m.text)
    assert await count(live, EventRow) == events

    late = await emulator.send_text(ADMIN, ADMIN, "/invite Bộ Y tế")
    await emulator.wait_for_bot_message(ADMIN, lambda m: m.reply_to == late["message_id"])
    await emulator.edit_user_message(ADMIN, ADMIN, late["message_id"], "/invite Bộ Tài chính")
    await emulator.wait_for_bot_message(ADMIN, lambda m: "đã sửa" in m.text)
    assert await count(live, InviteRow) == invites + 1


async def test_an_edit_of_ordinary_talk_gets_no_answer(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    talk = await emulator.send_text(FOCAL, FOCAL, "chào anh")
    await emulator.edit_user_message(FOCAL, FOCAL, talk["message_id"], "chào chị")
    probe = await ask(emulator, FOCAL, FOCAL, "/help")
    assert probe.text
    assert not any("đã sửa" in m.text for m in emulator.bot_messages(FOCAL))


async def test_an_invitation_is_never_made_in_a_group(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    emulator.add_group(GROUP, "Tổ công tác", [ADMIN, FOCAL])
    reply = await ask(emulator, GROUP, ADMIN, "/invite Bộ Công an")
    assert reply.text == refusals.invite_private_only().replace("<b>", "")
    assert "start=" not in reply.text
    assert await count(live, InviteRow) == 0


async def test_a_task_is_read_only_by_admins_and_its_agencies(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát dữ liệu | 7/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
    own = await ask(emulator, FOCAL, FOCAL, "/task 1")
    assert "Rà soát dữ liệu" in own.text
    other = await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, "/task 1")
    assert "Rà soát dữ liệu" not in other.text
    assert "không thuộc cơ quan của anh/chị" in other.text
    stranger = await ask(emulator, 3001, 3001, "/task 1")
    assert "Rà soát dữ liệu" not in stranger.text
    admin = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert "Rà soát dữ liệu" in admin.text


async def test_odd_digits_huge_ids_and_far_dates_get_clear_answers(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát dữ liệu | 7/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    for text in ("/done ²", "/done ١", "/done １", f"/done {2**63}", "/task ¹"):
        reply = await ask(emulator, FOCAL, FOCAL, text)
        assert "không phải là số nhiệm vụ" in reply.text, (text, reply.text)
    far = await ask(emulator, FOCAL, FOCAL, "/late 1 chờ ý kiến 31/12/9999")
    assert "Năm của ngày dự kiến" in far.text
    reason = await ask(emulator, FOCAL, FOCAL, "/late 1 chờ phiên bản 2.0")
    assert "Đã ghi nhận báo cáo chậm" in reason.text
    assert "tiếp tục nhắc hằng tuần" in reason.text
    detail = await ask(emulator, FOCAL, FOCAL, "/task 1")
    assert "chờ phiên bản 2.0" in detail.text


async def test_forged_buttons_are_answered_and_change_nothing(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát dữ liệu | 7/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    anchor = await ask(emulator, FOCAL, FOCAL, "/tasks")
    events = await count(live, EventRow)
    for data in ("done:²", "done:١", f"done:{2**63}", "late:-1", "imp:", "imp:ok:x", "zzz"):
        query = await emulator.click_forged(FOCAL, FOCAL, anchor.message_id, data)
        answer = await emulator.wait_for_callback_answer(query)
        assert answer.text, data
    for data in ("imp:", "imp:ok", f"imp:ok:{2**64}", "imp:boom:1"):
        admin_anchor = emulator.bot_messages(ADMIN)[-1]
        query = await emulator.click_forged(ADMIN, ADMIN, admin_anchor.message_id, data)
        answer = await emulator.wait_for_callback_answer(query)
        assert answer.text, data
    assert await count(live, EventRow) == events
    assert not any("lỗi" in m.text for m in emulator.bot_messages(FOCAL))


async def test_long_escaped_notes_and_histories_still_reach_telegram(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát dữ liệu | 7/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    for day in range(10, 16):
        late = await ask(emulator, FOCAL, FOCAL, f"/late 1 {'&' * 990} {day}/12/2026")
        assert "Đã ghi nhận báo cáo chậm" in late.text
    # Each admin notice carries a 990-character reason that escapes to 4,950 characters.
    notices = await emulator.wait_for(
        lambda: [m for m in emulator.bot_messages(ADMIN) if "Đề xuất lùi" in m.text][5:] or None
    )
    assert notices[0].text.rstrip().endswith("…")
    refused = [
        c
        for c in emulator.calls
        if c.method == "sendMessage" and len(str(c.params.get("text", ""))) > 4096
    ]
    assert refused == []
    detail = await emulator.send_text(FOCAL, FOCAL, "/task 1")
    first = await emulator.wait_for_bot_message(
        FOCAL, lambda m: m.reply_to == detail["message_id"], after_message_id=detail["message_id"]
    )
    assert "Rà soát dữ liệu" in first.text
    await emulator.wait_for_bot_message(
        FOCAL,
        lambda m: "Lịch sử" in m.text or "Báo chậm" in m.text,
        after_message_id=first.message_id - 1,
    )
    async with live.product.core.sessions() as session:
        details = (await session.scalars(select(EventRow.detail))).all()
    assert any(d.startswith("&" * 990) for d in details)  # kept in full in the database


async def test_a_deadline_far_in_the_past_or_future_is_refused(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    for deadline in ("1/1/1900", "trong Quý I/2099", "28/12/9999"):
        reply = await ask(emulator, ADMIN, ADMIN, f"/addtask Bộ Công an | Việc | {deadline}")
        assert "Đã tạo" not in reply.text, deadline
    assert await count(live, TaskRow) == 0
    ok = await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Việc | trong Quý I/2036")
    assert "Đã tạo" in ok.text


async def test_the_office_s_new_deadlines_stay_within_the_year_window(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Việc | 31/12/2026")
    events = await count(live, EventRow)
    for command in ("/edit 1 hạn 31/12/2150", "/edit 1 hạn 1/1/1950", "/giahan 1 31/12/2150",
                    "/edit 1 hạn trong năm 2099", "/giahan 1 trong Quý I/2037 theo Công văn"):  # fmt: skip
        reply = await ask(emulator, ADMIN, ADMIN, command)
        assert "Thời hạn phải trong khoảng năm 2025–2036" in reply.text, (command, reply.text)
    assert await count(live, EventRow) == events
    detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert "31/12/2026" in detail.text
    ok = await ask(emulator, ADMIN, ADMIN, "/edit 1 hạn 31/12/2036")
    assert "Đã sửa thời hạn nhiệm vụ #1" in ok.text
