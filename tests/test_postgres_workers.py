"""Two and three real bot processes on one PostgreSQL database share a reminder wave with
no duplicate and no loss; the harness of the workers' tests (the database, its chats, the
wave). A worker killed mid-wave, the polling leader's takeover and webhook mode are
``tests/test_postgres_takeover.py``."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from botapi_emulator import BotApiEmulator
from domain.clock import FakeClock
from domain.status import OutboxState, ReminderState, TellingState
from notices.deadlines import parse_admin_deadline
from settings import load_settings
from storage.models import ChatRow, OutboxRow, ReminderRow, TellingRow
from tests.conftest import ADMIN, local
from tests.test_e2e_chat import reminders
from tests.test_e2e_telling import told
from tests.wave import GROUP
from tests.workers import SWEEP_SECONDS, Fleet, Worker, poll
from tracking.service import Actor
from wiring import Core, build_core

#: The workers' product time: Friday 4 December 2026, 09:00 in Hanoi, a working morning.
WORKERS_START = local(2026, 12, 4, 9, 0)
#: The test plans the wave as at 08:00 that day: one reminder per obligation at 08:30,
#: already due for the workers.
PLANNED_AT = local(2026, 12, 4, 8, 0)
CHATS_PER_OWNER = 6
FIRST_USER = 700_000


def workers_core(url: str) -> Core:
    settings = load_settings({"DATABASE_URL": url, "DIGEST_DAY": "off"}, require_bot=False)
    return build_core(settings, FakeClock(PLANNED_AT))


async def bind_chats(url: str, emulator: BotApiEmulator) -> list[int]:
    """Schema, seeds (their plan set aside, so that the wave is all that is due) and
    ``CHATS_PER_OWNER`` private chats bound to every owner of the ministries-and-provinces
    group, written as ``/start`` would write them."""
    core = workers_core(url)
    try:
        await core.prepare()
        owners = sorted(
            {core.registry.owner_today(a.id).id for a in core.tracker.members_of(GROUP, ())}
        )
        chats: list[int] = []
        async with core.sessions.begin() as session:
            await session.execute(
                update(ReminderRow)
                .where(ReminderRow.state == ReminderState.PENDING)
                .values(state=ReminderState.CANCELLED)
            )
            for index, owner in enumerate(owners):
                for copy in range(CHATS_PER_OWNER):
                    user_id = FIRST_USER + index * CHATS_PER_OWNER + copy
                    emulator.add_user(user_id, f"Đầu mối {index}.{copy}")
                    session.add(
                        ChatRow(
                            chat_id=user_id,
                            agency_id=owner,
                            title=f"Đầu mối {index}.{copy}",
                            user_id=user_id,
                            active=True,
                            joined_at=PLANNED_AT,
                            inactive_reason="",
                        )
                    )
                    chats.append(user_id)
        return chats
    finally:
        await core.close()


async def plan_wave(url: str, fleet: Fleet, *, tell: bool = False) -> None:
    """The group task due today, its due-day reminders moved to a few seconds from now on
    the workers' clock: every worker's sweep sees them before they are due and arms its
    wake-up for that instant, so the workers start on the wave together. The notices of the
    new task to its members' chats are set aside unless ``tell``: then they go first, at
    the workers' next pass."""
    core = workers_core(url)
    try:
        await core.tracker.add_task(
            agency=GROUP,
            title="Báo cáo tình hình thực hiện",
            deadline=parse_admin_deadline("04/12/2026", date(2026, 12, 4)),
            actor=Actor(name="Quản trị", user_id=ADMIN),
            now=PLANNED_AT,
        )
        async with core.sessions.begin() as session:
            await session.execute(
                update(ReminderRow)
                .where(ReminderRow.state == ReminderState.PENDING)
                .values(at=fleet.now() + timedelta(seconds=2 * SWEEP_SECONDS))
            )
            if not tell:
                await session.execute(
                    update(TellingRow)
                    .where(TellingRow.state == TellingState.PENDING)
                    .values(state=TellingState.SUPERSEDED)
                )
    finally:
        await core.close()


async def outbox_states(url: str) -> Counter[OutboxState]:
    core = workers_core(url)
    try:
        async with core.sessions() as session:
            rows = await session.execute(
                select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
            )
            return Counter({state: count for state, count in rows.all()})
    finally:
        await core.close()


async def start_workers(fleet: Fleet, count: int, **kw: str) -> list[Worker]:
    workers = [await fleet.spawn(**kw) for _ in range(count)]
    for worker in workers:
        await fleet.wait_until_up(worker)
    return workers


def chat_counts(emulator: BotApiEmulator, chats: list[int]) -> Counter[int]:
    return Counter({chat: len(reminders(emulator, chat)) for chat in chats})


async def wave_delivered(emulator: BotApiEmulator, chats: list[int], workers: list[Worker]) -> None:
    await poll(
        lambda: all(chat_counts(emulator, chats).values()),
        timeout=120,
        what=f"the wave to reach all {len(chats)} chats "
        f"(so far {sum(1 for c in chat_counts(emulator, chats).values() if c)})",
    )


@pytest.mark.parametrize("count", [2, 3])
async def test_workers_share_a_wave_with_no_duplicate_and_no_loss(
    emulator: BotApiEmulator, postgres_url: str, tmp_path: Path, count: int
) -> None:
    chats = await bind_chats(postgres_url, emulator)
    fleet = Fleet(emulator, postgres_url, tmp_path, WORKERS_START)
    try:
        workers = await start_workers(fleet, count)
        # Each chat is told of the new task, then reminded of it: two messages per chat.
        await plan_wave(postgres_url, fleet, tell=True)
        await wave_delivered(emulator, chats, workers)
        await poll(
            lambda: sum(w.sent() for w in workers) >= 2 * len(chats),
            timeout=30,
            what="the workers to log their deliveries",
        )
        states = await outbox_states(postgres_url)
    finally:
        await fleet.stop_all()
    counts = chat_counts(emulator, chats)
    assert set(counts.values()) == {1}, [c for c, n in counts.items() if n != 1]
    notices = Counter({chat: len(told(emulator, chat)) for chat in chats})
    assert set(notices.values()) == {1}, [c for c, n in notices.items() if n != 1]
    shares = [w.sent() for w in workers]
    print(f"{count} workers, {2 * len(chats)} messages: shares {shares}")
    assert sum(shares) == 2 * len(chats)
    assert all(shares), f"a worker took no part in the wave: {shares}"
    assert states == Counter({OutboxState.SENT: 2 * len(chats)})
    for worker in workers:
        assert worker.process.returncode == 0, worker.output()[-3000:]
        assert "Traceback" not in worker.output(), worker.output()[-3000:]
