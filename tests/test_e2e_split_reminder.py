"""A reminder too long for one message is split; every part carries the buttons of the tasks
it lists, so every task of a reminder can be answered with a button."""

from __future__ import annotations

import re
from datetime import date

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from notices.deadlines import parse_admin_deadline
from tests.conftest import FOCAL, local
from tests.test_e2e_chat import invite_and_join, reminders
from tracking.service import Actor


async def test_every_part_of_a_split_reminder_has_the_buttons_of_its_tasks(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    tracker = live.product.core.tracker
    ids = [
        await tracker.add_task(
            agency="Bộ Công an",
            title=f"Nhiệm vụ số {n}: rà soát, hoàn thiện và báo cáo kết quả triển khai "
            "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử",
            deadline=parse_admin_deadline("04/12/2026", date(2026, 12, 2)),
            actor=Actor(name="Quản trị"),
            now=live.clock.now(),
        )
        for n in range(40)
    ]
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await live.at(local(2026, 12, 4, 8, 30))
    parts = reminders(emulator, FOCAL) + [
        m
        for m in emulator.bot_messages(FOCAL)
        if "Nhắc hạn" not in m.text and re.search(r"#\d+", m.text) and m.buttons
    ]
    assert len(parts) >= 2
    listed: list[int] = []
    for part in parts:
        in_text = [int(i) for i in re.findall(r"#(\d+)", part.text)]
        buttons = {b["callback_data"] for b in part.buttons}
        assert buttons == {f"{a}:{i}" for i in in_text for a in ("done", "late")}
        listed += in_text
    assert sorted(listed) == ids
