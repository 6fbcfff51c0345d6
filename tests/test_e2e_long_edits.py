"""A message the bot edits to note what happened stays within Telegram's 4,096 characters:
an admin notice of a proposal whose reason filled it, decided with its button, keeps the
decision's line at its end."""

from __future__ import annotations

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from tests.conftest import ADMIN, FOCAL
from tests.test_e2e_chat import ask, invite_and_join

LIMIT = 4096


def too_long(emulator: BotApiEmulator) -> list[int]:
    return [
        len(str(c.params.get("text", "")))
        for c in emulator.calls
        if c.method in ("sendMessage", "editMessageText")
        and len(str(c.params.get("text", ""))) > LIMIT
    ]


async def test_a_full_proposal_notice_is_closed_by_its_decision(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    await ask(emulator, ADMIN, ADMIN, "/addtask Bộ Công an | Rà soát dữ liệu | 31/12/2026")
    await invite_and_join(emulator, "Bộ Công an", FOCAL)
    # 990 ampersands escape to 4,950 characters: the notice is cut to the limit.
    late = await ask(emulator, FOCAL, FOCAL, f"/late 1 {'&' * 990} 20/1/2027")
    assert "Đã ghi nhận báo cáo chậm" in late.text
    notice = await emulator.wait_for_bot_message(
        ADMIN, lambda m: any(b["callback_data"].startswith("ext:ok:") for b in m.buttons)
    )
    assert len(notice.html or "") > LIMIT - 200
    [accept] = [
        b["callback_data"] for b in notice.buttons if b["callback_data"].startswith("ext:ok:")
    ]
    query = await emulator.click(ADMIN, ADMIN, notice.message_id, accept)
    await emulator.wait_for_callback_answer(query)
    closed = await emulator.wait_for(
        lambda: next(
            (
                m
                for m in emulator.bot_messages(ADMIN)
                if m.message_id == notice.message_id and m.edited
            ),
            None,
        ),
        timeout=10,
    )
    assert closed.buttons == [], "the decided notice kept its buttons"
    assert "đã đồng ý gia hạn" in closed.text.splitlines()[-1], closed.text[-200:]
    assert "Đề xuất lùi" in closed.text  # the notice itself, shortened, is kept
    assert too_long(emulator) == []
