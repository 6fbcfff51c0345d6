"""A 40-task agency's reminder on a phone: one message of at most 8 tasks, grouped and status
first, carrying those tasks' buttons; ◀ ▶ edit it in place to the other pages, each page
with its own tasks' buttons. Far windows arrive silently; due and overdue ones ring."""

from __future__ import annotations

import re
from datetime import date

from botapi_emulator import BotApiEmulator, SentMessage
from demo.harness import LiveBot
from notices.deadlines import parse_admin_deadline
from tests.conftest import FOCAL, local
from tests.test_e2e_chat import ask, invite_and_join, reminders
from tracking.service import Actor

LONG = (
    "rà soát, hoàn thiện và báo cáo kết quả triển khai Đề án phát triển ứng dụng dữ liệu "
    "về dân cư, định danh và xác thực điện tử"
)


async def _add(live: LiveBot, title: str, deadline: str) -> int:
    return await live.product.core.tracker.add_task(
        agency="Bộ Công an",
        title=title,
        deadline=parse_admin_deadline(deadline, date(2026, 12, 2)),
        actor=Actor(name="Quản trị"),
        now=live.clock.now(),
    )


def _listed(message: SentMessage) -> list[int]:
    return [int(i) for i in re.findall(r"#(\d+) ·", message.text)]


def _task_buttons(message: SentMessage) -> set[str]:
    return {b["callback_data"] for b in message.buttons if not b["callback_data"].startswith("pg:")}


def _current(emulator: BotApiEmulator, message_id: int) -> SentMessage:
    return next(m for m in emulator.bot_messages(FOCAL) if m.message_id == message_id)


async def test_a_forty_task_reminder_is_one_message_paged_in_place(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    # Five overdue since 1/12, thirty-five due on Friday 4/12.
    ids = [await _add(live, f"Nhiệm vụ số {n}: {LONG}", "01/12/2026") for n in range(5)]
    ids += [await _add(live, f"Nhiệm vụ số {n}: {LONG}", "04/12/2026") for n in range(5, 40)]
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await live.at(local(2026, 12, 4, 8, 30))

    [reminder] = reminders(emulator, FOCAL)
    lines = reminder.text.splitlines()
    # The first two lines carry the message: the worst item, who, how many, how bad.
    assert lines[0] == "⛔ Nhắc việc: 5 nhiệm vụ quá hạn"
    assert lines[1] == (
        "Bộ Công an có 40 nhiệm vụ cần báo cáo: 5 quá hạn, 35 đến hạn trong 7 ngày tới."
    )
    assert "⛔ Quá hạn" in lines
    assert "⏰ Đến hạn" in lines
    # One task in two lines, status first; the title is cut.
    first = lines.index("⛔ Quá hạn") + 1
    assert lines[first] == f"⛔ #{ids[0]} · quá hạn 3 ngày · hạn 1/12/2026"
    assert lines[first + 1].startswith("Nhiệm vụ số 0: rà soát")
    assert lines[first + 1].endswith("…")
    assert len(lines[first + 1]) <= 70
    assert reminder.disable_notification is False  # overdue: it rings
    assert "Trang 1/5" in reminder.text

    seen: list[int] = []
    for page in range(5):
        current = _current(emulator, reminder.message_id)
        listed = _listed(current)
        assert 1 <= len(listed) <= 8
        # The page carries exactly its own tasks' buttons, and ◀ ▶ where there is more.
        assert _task_buttons(current) == {f"{a}:{i}" for i in listed for a in ("done", "late")}
        nav = [b["text"] for b in current.buttons if b["callback_data"].startswith("pg:")]
        assert nav == (["◀"] if page else []) + [f"{page + 1}/5"] + (["▶"] if page < 4 else [])
        seen += listed
        if page < 4:
            await emulator.click(FOCAL, FOCAL, reminder.message_id, f"pg:r:{page + 1}")
            await emulator.wait_for(
                lambda p=page: (
                    f"Trang {p + 2}/5" in _current(emulator, reminder.message_id).text or None
                )
            )
    assert sorted(seen) == ids
    assert len(reminders(emulator, FOCAL)) == 1  # paged in place, never a second message

    # Back with ◀, then a task of that page is answered by its button.
    for page in (3, 2, 1, 0):
        await emulator.click(FOCAL, FOCAL, reminder.message_id, f"pg:r:{page}")
        await emulator.wait_for(
            lambda p=page: (
                f"Trang {p + 1}/5" in _current(emulator, reminder.message_id).text or None
            )
        )
    await emulator.click(FOCAL, FOCAL, reminder.message_id, f"done:{ids[1]}")
    await emulator.wait_for_bot_message(FOCAL, lambda m: f"Đã ghi nhận: #{ids[1]}" in m.text)
    # By command with the Vietnamese alias; paging again shows what is left.
    done = await ask(emulator, FOCAL, FOCAL, f"/xong {ids[5]}")
    assert f"#{ids[5]}" in done.text
    await emulator.click(FOCAL, FOCAL, reminder.message_id, "pg:r:1")
    await emulator.wait_for(
        lambda: "38 nhiệm vụ cần báo cáo" in _current(emulator, reminder.message_id).text or None
    )
    # Replying /done without a number to a reminder of several tasks asks which one.
    which = await ask(emulator, FOCAL, FOCAL, "/done", reply_to=reminder.message_id)
    assert "nhiều nhiệm vụ" in which.text


async def test_far_windows_arrive_silently_and_near_ones_ring(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await _add(live, "Báo cáo tổng kết năm", "06/01/2027")  # 30 days ahead on Monday 7/12
    await _add(live, "Rà soát quy chế", "11/12/2026")  # 7 days ahead on Friday 4/12
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await live.at(local(2026, 12, 4, 8, 30))
    await live.at(local(2026, 12, 7, 8, 30))
    near = [m for m in reminders(emulator, FOCAL) if "#2 ·" in m.text]
    assert near
    assert all(not m.disable_notification for m in near)
    far = [m for m in reminders(emulator, FOCAL) if "#1 ·" in m.text and "#2 ·" not in m.text]
    assert far, [m.text for m in reminders(emulator, FOCAL)]
    assert all(m.disable_notification for m in far)
    assert far[0].text.startswith("🔔 Nhắc việc: Nhiệm vụ sắp đến hạn")


async def test_a_paged_reminder_keeps_its_progress_request_on_every_page(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    # Thirty-nine tasks due on Monday 4/1/2027 and one undated, whose first progress request
    # falls that morning too (30 days after 2/12 is New Year's Day): one reminder of 5 pages.
    ids = [await _add(live, f"Nhiệm vụ số {n}: {LONG}", "04/01/2027") for n in range(39)]
    undated = await _add(live, "Rà soát thủ tục hành chính", "khẩn trương")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    await live.at(local(2027, 1, 4, 8, 30))
    [reminder] = [m for m in reminders(emulator, FOCAL) if "Trang 1/5" in m.text]
    asked = f"thường xuyên: #{undated}."

    def check(page: int) -> list[int]:
        current = _current(emulator, reminder.message_id)
        assert f"Trang {page + 1}/5" in current.text
        assert "📝 Đề nghị cập nhật tình hình thực hiện" in current.text, page
        assert asked in current.text
        listed = _listed(current)
        buttons = _task_buttons(current)
        # The page's own tasks' buttons, and the progress request's 📝.
        assert buttons == {f"{a}:{i}" for i in listed for a in ("done", "late")} | {
            f"prog:{undated}"
        }
        return listed

    seen = check(0)
    for page in (1, 2, 3, 4, 3, 2, 1, 0):
        await emulator.click(FOCAL, FOCAL, reminder.message_id, f"pg:r:{page}")
        await emulator.wait_for(
            lambda p=page: (
                f"Trang {p + 1}/5" in _current(emulator, reminder.message_id).text or None
            )
        )
        listed = check(page)
        seen += [i for i in listed if i not in seen]
    assert sorted(seen) == sorted([*ids, undated])

    # The 📝 button of a page where the task is not listed asks for its progress.
    await emulator.click(FOCAL, FOCAL, reminder.message_id, f"prog:{undated}")
    await emulator.wait_for_bot_message(
        FOCAL, lambda m: m.text.startswith(f"📝 Cập nhật tiến độ nhiệm vụ #{undated}")
    )
    # Done since: paging shows the reminder without the request.
    await ask(emulator, FOCAL, FOCAL, f"/xong {undated}")
    await emulator.click(FOCAL, FOCAL, reminder.message_id, "pg:r:1")
    await emulator.wait_for(
        lambda: "39 nhiệm vụ cần báo cáo" in _current(emulator, reminder.message_id).text or None
    )
    current = _current(emulator, reminder.message_id)
    assert "Đề nghị cập nhật tình hình thực hiện" not in current.text
    assert not any(b.startswith("prog:") for b in _task_buttons(current))
    assert len(reminders(emulator, FOCAL)) == 1  # paged in place, never a second message
