"""End to end: registering a person and a team's group, the welcome with the most urgent
tasks, pressing one's own link again, the office's list of focal points and removing one,
the admins' own menu, and the ⏳ question in a group that only its asker answers."""

from __future__ import annotations

import re

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL, OTHER_FOCAL, STRANGER, local
from tests.test_e2e_chat import ask, reminders

GROUP = -100555


async def _links(emulator: BotApiEmulator, agency: str) -> tuple[str, str, str]:
    reply = await ask(emulator, ADMIN, ADMIN, f"/invite {agency}")
    private = re.search(r"\?start=([\w-]+)", reply.text)
    group = re.search(r"\?startgroup=([\w-]+)", reply.text)
    assert private, reply.text
    assert group, reply.text
    return reply.text, private[1], group[1]


async def test_a_person_and_a_group_register_and_see_what_is_due_at_once(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    for n, due in enumerate(("01/12/2026", "03/12/2026", "20/12/2026", "10/01/2027"), start=1):
        await ask(emulator, ADMIN, ADMIN, f"/addtask Bộ Công an | Nhiệm vụ {n} | {due}")
    text, token, group_token = await _links(emulator, "Bộ Công an")
    # One sentence for each link.
    assert "Cho một người" in text
    assert "Cho nhóm của đơn vị" in text
    assert token == group_token  # the same single-use invitation, two ways in

    joined = await ask(emulator, FOCAL, FOCAL, f"/start {token}")
    assert "Anh/chị đã đăng ký làm cán bộ đầu mối của Bộ Công an" in joined.text
    assert "lúc 08:30 các ngày làm việc" in joined.text
    # The agency's three most urgent tasks, with their buttons, before any reminder.
    assert "Cơ quan hiện có 4 nhiệm vụ chưa hoàn thành, trong đó 1 quá hạn." in joined.text
    assert "3 nhiệm vụ gấp nhất của Bộ Công an" in joined.text
    assert "⛔ #1 · quá hạn 1 ngày" in joined.text
    assert "⏰ #2 · còn 1 ngày" in joined.text
    assert "#4 ·" not in joined.text
    assert [b["callback_data"] for b in joined.buttons] == [
        *(f"{a}:{i}" for i in (1, 2, 3) for a in ("done", "late")),
        "menu:tasks",
    ]
    assert joined.buttons[-1]["text"] == "📋 Xem đủ 4 nhiệm vụ"
    await emulator.click(FOCAL, FOCAL, joined.message_id, "menu:tasks")
    everything = await emulator.wait_for_bot_message(
        FOCAL, lambda m: "#4 ·" in m.text, after_message_id=joined.message_id
    )
    assert "Nhiệm vụ chưa hoàn thành của Bộ Công an (4)" in everything.text
    # Pressing one's own link again says it worked, not that it failed.
    again = await ask(emulator, FOCAL, FOCAL, f"/start {token}")
    assert "đã đăng ký làm cán bộ đầu mối của Bộ Công an" in again.text
    assert "người khác" not in again.text
    # Someone else pressing it is told it is taken.
    taken = await ask(emulator, STRANGER, STRANGER, f"/start {token}")
    assert "đã được người khác sử dụng" in taken.text

    # A team's group, through the group link: Telegram adds the bot and sends
    # "/start@bot <token>" in the group.
    _, _, group_token = await _links(emulator, "Bộ Công an")
    emulator.add_group(GROUP, "Tổ công tác C06", [OTHER_FOCAL, STRANGER])
    joined = emulator.mark()  # the office's note may come before the group's welcome
    registered = await ask(emulator, GROUP, OTHER_FOCAL, f"/start@hanchot_bot {group_token}")
    assert "Nhóm này đã được đăng ký làm cán bộ đầu mối của Bộ Công an" in registered.text
    told = await emulator.wait_for_bot_message(
        ADMIN, lambda m: "Tổ công tác C06" in m.text and "đã đăng ký" in m.text, since=joined
    )
    assert "Bộ Công an" in told.text
    await live.at(local(2026, 12, 3, 8, 30))
    [in_group] = reminders(emulator, GROUP)

    # In the group, ⏳ asks the person who pressed, by name; only their answer counts.
    await emulator.click(GROUP, OTHER_FOCAL, in_group.message_id, "late:2")
    prompt = await emulator.wait_for_bot_message(
        GROUP, lambda m: "Báo cáo chậm nhiệm vụ #2" in m.text
    )
    assert "Minh" in prompt.text
    assert any("tg://user?id=2002" in (en.get("url") or "") for en in prompt.entities)
    other = await ask(emulator, GROUP, STRANGER, "không phải tôi", reply_to=prompt.message_id)
    assert "dành cho người đã bấm" in other.text
    answered = await ask(emulator, GROUP, OTHER_FOCAL, "chờ số liệu", reply_to=prompt.message_id)
    assert "Đã ghi nhận báo cáo chậm: #2" in answered.text


async def test_the_office_lists_focal_points_and_removes_one(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Báo cáo | 04/12/2026")
    _, token, _ = await _links(emulator, "Bộ Công an")
    await ask(emulator, FOCAL, FOCAL, f"/start {token}")
    _, token, _ = await _links(emulator, "Bộ Y tế")
    await ask(emulator, OTHER_FOCAL, OTHER_FOCAL, f"/start {token}")

    everyone = await ask(emulator, ADMIN, ADMIN, "/daumoi")
    assert "Cán bộ đầu mối (2)" in everyone.text
    assert "Bộ Công an" in everyone.text
    assert "Bộ Y tế" in everyone.text
    listed = await ask(emulator, ADMIN, ADMIN, "/daumoi cong an")  # no diacritics, no "Bộ"
    assert "Cán bộ đầu mối của Bộ Công an (1)" in listed.text
    assert "Lan" in listed.text
    [remove] = listed.buttons
    assert remove["callback_data"] == f"dm:rm:{FOCAL}"
    refused = await ask(emulator, FOCAL, FOCAL, "/daumoi")
    assert "chỉ dành cho Văn phòng theo dõi" in refused.text

    await emulator.click(ADMIN, ADMIN, listed.message_id, remove["callback_data"])
    done = await emulator.wait_for_bot_message(ADMIN, lambda m: "Đã gỡ" in m.text)
    assert "Bộ Công an" in done.text
    told = await emulator.wait_for_bot_message(FOCAL, lambda m: "đã gỡ anh/chị" in m.text)
    assert "Bộ Công an" in told.text
    # No more reminders there, and /nhiemvu says how to register.
    await live.at(local(2026, 12, 3, 8, 30))
    assert reminders(emulator, FOCAL) == []
    tasks = await ask(emulator, FOCAL, FOCAL, "/nhiemvu")
    assert "chưa đăng ký làm cán bộ đầu mối" in tasks.text
    after = await ask(emulator, ADMIN, ADMIN, "/daumoi Bộ Công an")
    assert "Chưa có cán bộ đầu mối nào của Bộ Công an" in after.text


async def test_admins_have_their_own_menu(live: LiveBot, emulator: BotApiEmulator) -> None:
    default = {c["command"] for c in emulator.commands()}
    admin = {c["command"] for c in emulator.commands({"type": "chat", "chat_id": ADMIN})}
    assert {"nhiemvu", "xong", "cham"} <= default
    assert "addtask" not in default
    assert {"addtask", "invite", "daumoi", "import", "baocao", "nhiemvu"} <= admin
    help_text = await ask(emulator, ADMIN, ADMIN, "/help")
    for command in ("/addtask", "/invite", "/import", "/fix", "gửi tệp", "/giahan", "/daumoi"):
        assert command.lower() in help_text.text.lower(), command
    assert "xin quản trị viên" not in help_text.text


async def test_a_task_of_many_agencies_shows_the_readers_own_first_and_a_summary(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(
        emulator,
        ADMIN,
        ADMIN,
        "/addtask Các bộ, cơ quan, địa phương | Kiện toàn Ban Chỉ đạo | 10/12/2026",
    )
    _, token, _ = await _links(emulator, "Bộ Công an")
    await ask(emulator, FOCAL, FOCAL, f"/start {token}")
    await ask(emulator, FOCAL, FOCAL, "/xong 1")
    detail = await ask(emulator, FOCAL, FOCAL, "/task 1")
    summary = re.search(r"(\d+) cơ quan: 1 hoàn thành, (\d+) trong hạn", detail.text)
    assert summary, detail.text
    members = int(summary[1])
    assert members > 50
    assert "Cơ quan của anh/chị:\n• Bộ Công an — hoàn thành đúng hạn" in detail.text
    assert "Bộ Y tế" not in detail.text  # the full list is behind the button
    [button] = detail.buttons
    assert button["text"] == f"👥 Xem đủ {members} cơ quan"
    await emulator.click(FOCAL, FOCAL, detail.message_id, button["callback_data"])
    full = await emulator.wait_for_bot_message(
        FOCAL, lambda m: "Bộ Y tế" in m.text, after_message_id=detail.message_id
    )
    assert f"#1 — {members} cơ quan" in full.text
