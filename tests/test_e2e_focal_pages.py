"""End to end: /daumoi of more than 40 agencies' focal points is one message of 8 a page,
each page with its own 🗑 buttons; ◀ ▶ edit it in place, so every focal point can be taken
off, the last page's too. A stale page number shows the last page; a message that is not a
/daumoi list is answered, not paged. Real HTTP to the emulator, real SQLite."""

from __future__ import annotations

import re

from botapi_emulator import BotApiEmulator, SentMessage
from chat import focal_messages
from demo.harness import LiveBot
from tests.conftest import ADMIN
from tests.test_e2e_chat import ask
from tracking.service import Actor

POINTS = 42
FIRST_USER = 5001


def _current(emulator: BotApiEmulator, message_id: int) -> SentMessage:
    return next(m for m in emulator.bot_messages(ADMIN) if m.message_id == message_id)


def _numbers(message: SentMessage) -> list[int]:
    """The focal points a page lists ("9. Cán bộ 9 (cá nhân) — đăng ký …")."""
    return [int(n) for n in re.findall(r"^(\d+)\. .+ — đăng ký", message.text, re.M)]


def _removals(message: SentMessage) -> list[tuple[int, int]]:
    """The page's 🗑 buttons: (their number, the chat they take off)."""
    found = []
    for button in message.buttons:
        if button["callback_data"].startswith("dm:rm:"):
            number = re.match(r"🗑 Gỡ (\d+)\.", button["text"])
            assert number, button["text"]
            found.append((int(number[1]), int(button["callback_data"].removeprefix("dm:rm:"))))
    return found


async def _turn(emulator: BotApiEmulator, message_id: int, page: int, pages: int) -> SentMessage:
    await emulator.click(ADMIN, ADMIN, message_id, f"dm:pg:{page}")
    return await emulator.wait_for(
        lambda: (
            current
            if f"Trang {page + 1}/{pages}" in (current := _current(emulator, message_id)).text
            else None
        )
    )


async def test_every_focal_point_of_more_than_forty_agencies_can_be_taken_off(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    tracker = live.product.core.tracker
    agencies = [a.name for a in tracker.registry.all()][:POINTS]
    chats: dict[int, str] = {}
    for n, agency in enumerate(agencies):
        user = FIRST_USER + n
        emulator.add_user(user, f"Cán bộ {n}")
        invite = await tracker.create_invite(
            agency=agency, actor=Actor(name="Quản trị", user_id=ADMIN), now=live.clock.now()
        )
        await tracker.redeem_invite(
            token=invite.token,
            chat_id=user,
            title=f"Cán bộ {n}",
            actor=Actor(name=f"Cán bộ {n}", user_id=user),
            now=live.clock.now(),
        )
        chats[user] = invite.agency
    pages = -(-POINTS // focal_messages.PAGE_SIZE)

    listed = await ask(emulator, ADMIN, ADMIN, "/daumoi")
    assert listed.text.startswith(f"👥 Cán bộ đầu mối ({POINTS})")
    before = len(emulator.bot_messages(ADMIN))
    seen: list[int] = []
    removable: dict[int, int] = {}
    current = listed
    for page in range(pages):
        numbers = _numbers(current)
        assert 1 <= len(numbers) <= 8
        assert f"Trang {page + 1}/{pages}" in current.text
        # Exactly this page's focal points have their 🗑, numbered as listed.
        buttons = _removals(current)
        assert [number for number, _ in buttons] == numbers
        nav = [b["text"] for b in current.buttons if b["callback_data"].startswith("dm:pg:")]
        assert nav == (["◀"] if page else []) + [f"{page + 1}/{pages}"] + (
            ["▶"] if page < pages - 1 else []
        )
        seen += numbers
        removable.update(buttons)
        if page < pages - 1:
            current = await _turn(emulator, listed.message_id, page + 1, pages)
    assert seen == list(range(1, POINTS + 1))
    assert set(removable.values()) == set(chats)
    assert len(emulator.bot_messages(ADMIN)) == before, "paged in place, nothing sent"

    # Back with ◀, then forward again to the last page, where one is taken off.
    await _turn(emulator, listed.message_id, pages - 2, pages)
    last = await _turn(emulator, listed.message_id, pages - 1, pages)
    _, chat_id = _removals(last)[-1]
    await emulator.click(ADMIN, ADMIN, listed.message_id, f"dm:rm:{chat_id}")
    done = await emulator.wait_for_bot_message(ADMIN, lambda m: "Đã gỡ" in m.text)
    assert chats[chat_id] in done.text
    told = await emulator.wait_for_bot_message(chat_id, lambda m: "đã gỡ anh/chị" in m.text)
    assert chats[chat_id] in told.text
    # The button has left the page; the list now has one less.
    assert chat_id not in {c for _, c in _removals(_current(emulator, listed.message_id))}
    after = await ask(emulator, ADMIN, ADMIN, "/daumoi")
    assert after.text.startswith(f"👥 Cán bộ đầu mối ({POINTS - 1})")
    # A page past the end (the list got shorter) shows the last one.
    await emulator.click_forged(ADMIN, ADMIN, after.message_id, f"dm:pg:{pages + 3}")
    end = await emulator.wait_for(
        lambda: (
            current
            if f"Trang {pages}/{pages}" in (current := _current(emulator, after.message_id)).text
            else None
        )
    )
    assert chat_id not in {c for _, c in _removals(end)}
    assert _numbers(end)[-1] == POINTS - 1


async def test_one_agencys_list_pages_as_that_agency_and_a_foreign_message_is_answered(
    live: LiveBot, emulator: BotApiEmulator
) -> None:
    tracker = live.product.core.tracker
    for n in range(10):
        user = FIRST_USER + n
        emulator.add_user(user, f"Cán bộ {n}")
        invite = await tracker.create_invite(
            agency="Bộ Công an", actor=Actor(name="Quản trị", user_id=ADMIN), now=live.clock.now()
        )
        await tracker.redeem_invite(
            token=invite.token,
            chat_id=user,
            title=f"Cán bộ {n}",
            actor=Actor(name=f"Cán bộ {n}", user_id=user),
            now=live.clock.now(),
        )
    invite = await tracker.create_invite(
        agency="Bộ Y tế", actor=Actor(name="Quản trị", user_id=ADMIN), now=live.clock.now()
    )
    await tracker.redeem_invite(
        token=invite.token,
        chat_id=FIRST_USER + 20,
        title="Cán bộ Bộ Y tế",
        actor=Actor(name="Cán bộ Bộ Y tế", user_id=FIRST_USER + 20),
        now=live.clock.now(),
    )
    listed = await ask(emulator, ADMIN, ADMIN, "/daumoi cong an")
    assert listed.text.startswith("👥 Cán bộ đầu mối của Bộ Công an (10)")
    second = await _turn(emulator, listed.message_id, 1, 2)
    assert second.text.startswith("👥 Cán bộ đầu mối của Bộ Công an (10)")
    assert _numbers(second) == [9, 10]
    assert "Bộ Y tế" not in second.text
    assert len(_removals(second)) == 2

    # ◀ ▶ data pressed under a message that is not a /daumoi list: a clear answer.
    anchor = await ask(emulator, ADMIN, ADMIN, "/help")
    query = await emulator.click_forged(ADMIN, ADMIN, anchor.message_id, "dm:pg:1")
    answer = await emulator.wait_for_callback_answer(query, timeout=10)
    assert answer.text == focal_messages.list_changed()
    assert _current(emulator, anchor.message_id).text == anchor.text
