"""A wave: one task for every ministry, agency and province (51 obligations), each owner's
focal-point chat bound (some of them groups), the reminder wave at 08:30 on the due day, then
a burst of ✅ presses from every chat — and the checks that nothing was lost or doubled."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from botapi_emulator import BotApiEmulator
from demo.harness import LiveBot
from domain.status import OutboxPurpose, OutboxState
from notices.deadlines import parse_admin_deadline
from storage.models import ChatRow, OutboxRow
from tests.conftest import ADMIN, local
from tests.test_e2e_chat import reminders
from tracking.service import Actor

GROUP = "Các bộ, cơ quan, địa phương"
FIRST_CHAT = 600_000
GROUPS = 6
"""The first chats of the wave are groups (negative ids; 20 messages a minute each)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Focal:
    chat_id: int
    user_id: int
    name: str
    agency_id: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Wave:
    task_id: int
    chats: tuple[Focal, ...]


async def bind_wave(live: LiveBot, emulator: BotApiEmulator) -> Wave:
    """The task (due Friday 4/12/2026) and one bound chat per owner, written as ``/addtask``
    and ``/start`` would write them."""
    core = live.product.core
    now = live.clock.now()
    task_id = await core.tracker.add_task(
        agency=GROUP,
        title="Báo cáo tình hình thực hiện",
        deadline=parse_admin_deadline("04/12/2026", date(2026, 12, 2)),
        actor=Actor(name="Quản trị", user_id=ADMIN),
        now=now,
    )
    owners = sorted(
        {core.registry.owner_today(a.id).id for a in core.tracker.members_of(GROUP, ())}
    )
    chats: list[Focal] = []
    async with core.sessions.begin() as session:
        for index, owner in enumerate(owners):
            user_id = FIRST_CHAT + index
            name = f"Đầu mối {index}"
            emulator.add_user(user_id, name)
            chat_id = user_id
            if index < GROUPS:
                chat_id = -user_id
                emulator.add_group(chat_id, f"Tổ công tác {index}", [user_id])
            session.add(
                ChatRow(
                    chat_id=chat_id,
                    agency_id=owner,
                    title=name,
                    user_id=user_id,
                    active=True,
                    joined_at=now,
                    inactive_reason="",
                )
            )
            chats.append(Focal(chat_id=chat_id, user_id=user_id, name=name, agency_id=owner))
    assert len(chats) >= 50
    return Wave(task_id=task_id, chats=tuple(chats))


async def outbox_counts(live: LiveBot) -> Counter[OutboxState]:
    async with live.product.core.sessions() as session:
        rows = await session.execute(
            select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
        )
        return Counter({state: count for state, count in rows.all()})


async def settle(
    live: LiveBot, *, step: timedelta = timedelta(minutes=15), steps: int = 40
) -> None:
    """Move the clock on and run passes until nothing is pending or sending (retries,
    back-offs and flood waits all come due). A message "sending" is a send in flight (a
    handler's confirmation): wait for it in real time, bounded."""
    in_flight_deadline = time.monotonic() + 60
    for _ in range(steps):
        counts = await outbox_counts(live)
        while not counts[OutboxState.PENDING] and counts[OutboxState.SENDING]:
            assert time.monotonic() < in_flight_deadline, f"stuck sending: {counts}"
            await asyncio.sleep(0.05)
            counts = await outbox_counts(live)
        if not counts[OutboxState.PENDING]:
            return
        live.clock.advance(step)
        await live.product.runner.tick()
    raise AssertionError(f"the outbox did not settle: {await outbox_counts(live)}")


async def replies_recorded(live: LiveBot) -> int:
    async with live.product.core.sessions() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(OutboxRow)
            .where(OutboxRow.purpose == OutboxPurpose.REPLY)
        )
    return int(count or 0)


async def run_wave(
    live: LiveBot, emulator: BotApiEmulator, wave: Wave, *, skip: frozenset[int] = frozenset()
) -> None:
    """The 08:30 wave on the due day, then every chat but ``skip`` presses ✅ at once."""
    await live.at(local(2026, 12, 4, 8, 30))
    await settle(live)
    pressing = [c for c in wave.chats if c.chat_id not in skip]
    for focal in pressing:
        reminder = reminders(emulator, focal.chat_id)[-1]
        await emulator.click(
            focal.chat_id, focal.user_id, reminder.message_id, f"done:{wave.task_id}"
        )
    # The presses are handled concurrently by the running bot; wait (bounded) until each
    # one's report is committed, then let the outbox deliver what failed at first.
    deadline = time.monotonic() + 60
    while await replies_recorded(live) < len(pressing):
        assert time.monotonic() < deadline, "the bot did not handle every press"
        await asyncio.sleep(0.05)
    await live.product.runner.tick()
    await settle(live)


def assert_nothing_lost_or_doubled(
    emulator: BotApiEmulator, wave: Wave, *, skip: frozenset[int] = frozenset(), dup: int = 0
) -> int:
    """Every chat has its reminder once and (unless skipped) one confirmation; the admin
    heard of each report once. Returns the duplicates seen (at most ``dup``)."""
    duplicates = 0
    admin_texts = [m.text for m in emulator.bot_messages(ADMIN)]
    for focal in wave.chats:
        if focal.chat_id in skip:
            continue
        count = len(reminders(emulator, focal.chat_id))
        confirmations = [m for m in emulator.bot_messages(focal.chat_id) if "Đã ghi nhận" in m.text]
        assert count >= 1, f"reminder lost for {focal}"
        assert confirmations, f"confirmation lost for {focal}"
        forwarded = sum(t.count(f"({focal.name})") for t in admin_texts)
        assert forwarded >= 1, f"admin notice lost for {focal}"
        duplicates += count - 1 + len(confirmations) - 1 + forwarded - 1
        assert all(
            "Dữ liệu không thay đổi" not in m.text for m in emulator.bot_messages(focal.chat_id)
        )
    assert duplicates <= dup, f"{duplicates} duplicates"
    return duplicates
