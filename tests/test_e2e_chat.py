"""End to end: the real bot over real HTTP against the local Bot API emulator, fake clock.

A focal point joins through an invite, receives one grouped reminder at 08:30 on the right
working day, answers with a button and with a command; an admin adds tasks; bad input gets
a clear answer and changes nothing.
"""

from __future__ import annotations

import re

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL, STRANGER, local


def last_bot_message_id(emu: BotApiEmulator, chat_id: int) -> int:
    """The newest bot message's id in the chat (0 if none): a wait for what an action
    causes starts from here, so a message sent before the wait began still counts."""
    return max((m.message_id for m in emu.bot_messages(chat_id)), default=0)


async def ask(emu: BotApiEmulator, chat_id: int, user_id: int, text: str, **kw: int) -> SentMessage:
    """A user writes ``text``; returns the bot's answer to it (a reply to that message)."""
    sent = await emu.send_text(chat_id, user_id, text, **kw)
    return await emu.wait_for_bot_message(
        chat_id, lambda m: m.reply_to == sent["message_id"], after_message_id=sent["message_id"]
    )


async def invite_and_join(emu: BotApiEmulator, agency: str, user_id: int) -> SentMessage:
    reply = await ask(emu, ADMIN, ADMIN, f"/invite {agency}")
    match = re.search(r"start=([\w-]+)", reply.text)
    assert match, reply.text
    return await ask(emu, user_id, user_id, f"/start {match[1]}")


def reminders(emu: BotApiEmulator, chat_id: int) -> list[SentMessage]:
    return [m for m in emu.bot_messages(chat_id) if "Nhắc việc" in m.text]


async def test_a_focal_point_joins_gets_one_grouped_reminder_and_answers(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    # Wednesday 2 December 2026, 10:00. Two tasks for the Ministry of Public Security:
    # #1 due Monday 7/12, #2 due Saturday 5/12 (its due-day reminder moves to Friday 4/12).
    created = await ask(
        emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo tiến độ Đề án 06 | 07/12/2026"
    )
    assert "#1" in created.text
    assert "Bộ Công an" in created.text
    created = await ask(
        emulator, ADMIN, ADMIN, "/addtask BCA | Rà soát dữ liệu dân cư | trước ngày 5/12/2026"
    )
    assert "#2" in created.text

    mark = last_bot_message_id(emulator, ADMIN)
    joined = await invite_and_join(emulator, "Bộ Công an", FOCAL)
    assert "đầu mối của Bộ Công an" in joined.text
    assert "2 nhiệm vụ chưa hoàn thành" in joined.text
    notice = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "đã đăng ký làm cán bộ đầu mối" in m.text, after_message_id=mark
    )
    assert "Lan" in notice.text

    # Thursday 08:30 and Friday 08:29: nothing is due yet.
    await live.at(local(2026, 12, 3, 8, 30))
    await live.at(local(2026, 12, 4, 8, 29))
    assert reminders(emulator, FOCAL) == []

    # Friday 08:30: one message listing both, the more urgent (#2, due tomorrow) first.
    await live.at(local(2026, 12, 4, 8, 30))
    [reminder] = reminders(emulator, FOCAL)
    assert reminder.text.index("#2") < reminder.text.index("#1")
    assert "còn 1 ngày" in reminder.text
    assert "còn 3 ngày" in reminder.text
    assert {b["callback_data"] for b in reminder.buttons} >= {"done:1", "done:2", "late:2"}

    # A second pass at the same instant sends nothing more.
    await live.product.runner.tick()
    assert len(reminders(emulator, FOCAL)) == 1

    # The button: #2 is done.
    await emulator.click(FOCAL, FOCAL, reminder.message_id, "done:2")
    confirmed = await emulator.wait_for_bot_message(FOCAL, lambda m: "Đã ghi nhận" in m.text)
    assert "#2" in confirmed.text
    forwarded = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "hoàn thành" in m.text and "#2" in m.text
    )
    assert "Bộ Công an" in forwarded.text

    # The command: #1 will be late, with a date: a proposal the office decides.
    late = await ask(emulator, FOCAL, FOCAL, "/late 1 chờ số liệu của địa phương 15/12/2026")
    assert "báo cáo chậm" in late.text
    assert "đề xuất lùi thời hạn đến 15/12/2026" in late.text
    assert "thời hạn vẫn là 7/12/2026" in late.text
    forwarded = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Đề xuất lùi thời hạn" in m.text and "#1" in m.text
    )
    assert "chờ số liệu của địa phương" in forwarded.text

    # Monday 7/12 is still #1's deadline (the proposal is not decided): its due-day reminder.
    await live.at(local(2026, 12, 7, 8, 30))
    assert len(reminders(emulator, FOCAL)) == 2
    # Tuesday 8/12, the first working day after it: #1 is overdue, a one-task reminder.
    await live.at(local(2026, 12, 8, 8, 30))
    latest = reminders(emulator, FOCAL)[-1]
    assert len(reminders(emulator, FOCAL)) == 3
    assert "#1" in latest.text
    assert "quá hạn 1 ngày" in latest.text
    assert "#2" not in latest.text

    # Plain words in reply to a reminder get a hint, and change nothing.
    hint = await ask(emulator, FOCAL, FOCAL, "đã xong rồi", reply_to=latest.message_id)
    assert "/xong 1" in hint.text

    # Replying /late <reason> to a one-task reminder needs no id either.
    late_again = await ask(
        emulator, FOCAL, FOCAL, "/late chờ lãnh đạo ký", reply_to=latest.message_id
    )
    assert "#1" in late_again.text
    assert "tiếp tục nhắc hằng tuần" in late_again.text

    # Replying /done to a one-task reminder needs no id.
    done = await ask(emulator, FOCAL, FOCAL, "/done đã gửi báo cáo", reply_to=latest.message_id)
    assert "Đã ghi nhận" in done.text
    assert "#1" in done.text

    tasks = await ask(emulator, FOCAL, FOCAL, "/tasks")
    assert "không còn nhiệm vụ nào chưa hoàn thành" in tasks.text

    detail = await ask(emulator, FOCAL, FOCAL, "/task 1")
    assert "Báo chậm" in detail.text
    assert "Báo hoàn thành" in detail.text
    assert "Lan" in detail.text


async def test_a_group_task_reminds_each_member_and_counts_who_finished(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(
        emulator,
        ADMIN,
        ADMIN,
        "/addtask Các bộ, cơ quan, địa phương | Kiện toàn Ban Chỉ đạo | 10/12/2026",
    )
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await invite_and_join(emulator, "Bộ Y tế", OTHER_FOCAL)
    await live.at(local(2026, 12, 9, 8, 30))
    assert len(reminders(emulator, FOCAL)) == 1
    assert len(reminders(emulator, OTHER_FOCAL)) == 1
    await ask(emulator, FOCAL, FOCAL, "/done 1")
    detail = await ask(emulator, ADMIN, ADMIN, "/task 1")
    assert re.search(r"Tiến độ: 1/\d+ cơ quan đã hoàn thành", detail.text), detail.text
    # The other member is still reminded on the due date; the one who finished is not.
    await live.at(local(2026, 12, 10, 8, 30))
    assert len(reminders(emulator, FOCAL)) == 1
    assert len(reminders(emulator, OTHER_FOCAL)) == 2


async def test_old_overdue_tasks_arrive_as_one_summary_not_a_flood(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    for n in range(1, 7):
        await ask(
            emulator, ADMIN, ADMIN, f"/addtask Bộ Công an | Nhiệm vụ cũ số {n} | 0{n}/03/2025"
        )
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    # Wednesday 2/12 10:00 is past today's send time: the summary goes out Thursday 08:30.
    await live.at(local(2026, 12, 2, 23, 0))
    assert reminders(emulator, FOCAL) == []
    await live.at(local(2026, 12, 3, 8, 30))
    [summary] = reminders(emulator, FOCAL)
    assert "6 quá hạn" in summary.text
    # Then weekly chases, all together again one week later.
    await live.at(local(2026, 12, 9, 8, 30))
    assert len(reminders(emulator, FOCAL)) == 1
    await live.at(local(2026, 12, 10, 8, 30))
    assert len(reminders(emulator, FOCAL)) == 2


async def test_non_admins_are_refused_politely(live: LiveBot, emulator: BotApiEmulator) -> None:
    for command in ("/addtask Bộ Công an | X | 01/01/2027", "/invite Bộ Công an", "/agencies"):
        reply = await ask(emulator, STRANGER, STRANGER, command)
        assert "chỉ dành cho Văn phòng theo dõi" in reply.text
    reply = await ask(emulator, ADMIN, ADMIN, "/tasks")
    assert "chưa đăng ký làm cán bộ đầu mối" in reply.text


async def test_every_bad_input_gets_a_clear_answer_and_changes_nothing(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo | 20/12/2026")
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Y tế | Bệnh án điện tử | 20/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    cases = {
        "/start": "đường dẫn đăng ký",
        "/start khong-phai-ma-moi": "Đường dẫn đăng ký không đúng",
        "/done": "Vui lòng ghi số nhiệm vụ",
        "/done abc": "không phải là số nhiệm vụ",
        "/done 999": "Không có nhiệm vụ số 999",
        "/done 2": "không giao cho cơ quan của anh/chị",
        "/late 1": "Vui lòng ghi lý do",
        "/late": "Vui lòng ghi số nhiệm vụ",
        "/late 1 chờ ý kiến 31/02/2027": "không phải là ngày hợp lệ",
        "/late 1 chờ ý kiến 01/01/2020": "đã qua",
        "/task 999": "Không có nhiệm vụ số 999",
        "/done 1 " + "x" * 1200: "quá dài",
    }
    for command, expected in cases.items():
        reply = await ask(emulator, FOCAL, FOCAL, command)
        assert expected in reply.text, (command, reply.text)
    admin_cases = {
        "/addtask Bộ Công an | thiếu hạn": "Vui lòng ghi cơ quan, tên nhiệm vụ và thời hạn",
        "/addtask Bộ Không Tồn Tại | X | 01/01/2027": "Không tìm thấy cơ quan",
        "/addtask Bộ Công an | X | một ngày đẹp trời": "Không hiểu thời hạn",
        "/invite": "Vui lòng ghi tên cơ quan",
        "/invite Sở Gì Đó": "Không tìm thấy cơ quan",
    }
    for command, expected in admin_cases.items():
        reply = await ask(emulator, ADMIN, ADMIN, command)
        assert expected in reply.text, (command, reply.text)
    # Nothing changed: both tasks still open, no third task.
    tasks = await ask(emulator, FOCAL, FOCAL, "/tasks")
    assert "#1" in tasks.text
    assert "(1)" in tasks.text
    missing = await ask(emulator, ADMIN, ADMIN, "/task 3")
    assert "Không có nhiệm vụ số 3" in missing.text


async def test_an_invite_is_single_use(live: LiveBot, emulator: BotApiEmulator) -> None:
    reply = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Y tế")
    match = re.search(r"start=([\w-]+)", reply.text)
    assert match
    first = await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, f"/start {match[1]}")
    assert "đầu mối của Bộ Y tế" in first.text
    second = await ask(emulator, STRANGER, STRANGER, f"/start {match[1]}")
    assert "đã được người khác sử dụng" in second.text
    tasks = await ask(emulator, STRANGER, STRANGER, "/tasks")
    assert "chưa đăng ký làm cán bộ đầu mối" in tasks.text


async def test_an_invite_for_a_merged_ministry_binds_its_successor(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ TT&TT | Sửa Nghị định 73 | 10/12/2026")
    joined = await invite_and_join(emulator, "Bộ Thông tin và Truyền thông", FOCAL)
    assert "Bộ Khoa học và Công nghệ" in joined.text
    # The successor is reminded; the task keeps the name it was assigned to.
    await live.at(local(2026, 12, 9, 8, 30))
    [reminder] = reminders(emulator, FOCAL)
    assert "Bộ Khoa học và Công nghệ" in reminder.text
    assert "giao cho Bộ Thông tin và Truyền thông" in reminder.text
    detail = await ask(emulator, FOCAL, FOCAL, "/task 1")
    assert "Chủ trì: Bộ Thông tin và Truyền thông" in detail.text


async def test_late_by_button_asks_why_and_takes_the_reply_as_the_reason(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo A | 05/12/2026")
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo B | 05/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await live.at(local(2026, 12, 4, 8, 30))
    [reminder] = reminders(emulator, FOCAL)
    ambiguous = await ask(emulator, FOCAL, FOCAL, "/late chờ", reply_to=reminder.message_id)
    assert "nhiều nhiệm vụ (#1, #2)" in ambiguous.text
    await emulator.click(FOCAL, FOCAL, reminder.message_id, "late:2")
    prompt = await emulator.wait_for_bot_message(
        FOCAL, lambda m: "Báo cáo chậm nhiệm vụ #2" in m.text
    )
    answer = await ask(
        emulator, FOCAL, FOCAL, "chờ thẩm định 18/12/2026", reply_to=prompt.message_id
    )
    assert "báo cáo chậm" in answer.text
    assert "18/12/2026" in answer.text
    detail = await ask(emulator, FOCAL, FOCAL, "/task 2")
    assert "chờ thẩm định" in detail.text

    # Done by button: the reminder keeps only the other task's buttons.
    await emulator.click(FOCAL, FOCAL, reminder.message_id, "done:1")
    await emulator.wait_for_bot_message(FOCAL, lambda m: "Đã ghi nhận: #1" in m.text)
    edited = await emulator.wait_for(
        lambda: next(
            (
                m
                for m in emulator.bot_messages(FOCAL)
                if m.message_id == reminder.message_id and m.edited
            ),
            None,
        )
    )
    assert {b["callback_data"] for b in edited.buttons} == {"done:2", "late:2"}
    assert "✅ #1 đã báo cáo hoàn thành" in edited.text


async def test_admins_see_agencies_with_focal_points_and_counts(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo cũ | 01/06/2026")
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo mới | 01/06/2027")
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Y tế | Bệnh án điện tử | 01/06/2027")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    reply = await ask(emulator, ADMIN, ADMIN, "/agencies")
    assert "Bộ Công an: 2 chưa hoàn thành, 1 quá hạn" in reply.text
    assert "Đầu mối: Lan" in reply.text
    assert "Bộ Y tế: 1 chưa hoàn thành" in reply.text
    assert "Đầu mối: chưa có cán bộ đầu mối" in reply.text
    help_text = await ask(emulator, ADMIN, ADMIN, "/help")
    assert "/addtask" in help_text.text
    focal_help = await ask(emulator, FOCAL, FOCAL, "/help")
    assert "/addtask" not in focal_help.text
    assert "đầu mối của Bộ Công an" in focal_help.text


async def test_an_invite_expires_after_seven_days(live: LiveBot, emulator: BotApiEmulator) -> None:
    reply = await ask(emulator, ADMIN, ADMIN, "/invite Bộ Y tế")
    match = re.search(r"start=([\w-]+)", reply.text)
    assert match
    assert "9/12/2026 10:00" in reply.text  # issued Wednesday 2/12 at 10:00
    live.clock.set(local(2026, 12, 9, 10, 1))
    expired = await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, f"/start {match[1]}")
    assert "đã hết hạn" in expired.text
    tasks = await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, "/tasks")
    assert "chưa đăng ký làm cán bộ đầu mối" in tasks.text


async def test_a_standing_duty_re_dated_with_late_is_reminded_with_its_new_date(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    created = await ask(
        emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Hoàn thiện hồ sơ Luật | thường xuyên"
    )
    assert "Thời hạn: thường xuyên" in created.text
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await ask(emulator, FOCAL, FOCAL, "/late 1 chờ thẩm định 10/12/2026")
    # A proposal: the date holds once the office approves it.
    proposal = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Đề xuất lùi thời hạn" in m.text, after_message_id=0
    )
    await emulator.click(ADMIN, ADMIN, proposal.message_id, proposal.buttons[0]["callback_data"])
    await emulator.wait_for_bot_message(FOCAL, lambda m: "đồng ý gia hạn" in m.text)
    await live.at(local(2026, 12, 9, 8, 30))
    [reminder] = reminders(emulator, FOCAL)
    assert "còn 1 ngày · hạn 10/12/2026" in reminder.text
