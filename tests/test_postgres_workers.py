"""Two and three real bot processes on one PostgreSQL database: a reminder wave shared with
no duplicate and no loss, a worker killed (SIGKILL) mid-wave and the others finishing it,
the polling leader's takeover, and webhook updates spread over the workers."""

from __future__ import annotations

import os
import signal
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select, update

from botapi_emulator import BotApiEmulator
from botapi_emulator.webhook import SECRET_HEADER
from domain.clock import FakeClock
from domain.status import OutboxState, ReminderState, TellingState
from notices.deadlines import parse_admin_deadline
from settings import load_settings
from storage.models import ChatRow, OutboxRow, ReminderRow, SenderRow, TellingRow
from tests.conftest import ADMIN, local
from tests.test_e2e_chat import reminders
from tests.test_e2e_telling import told
from tests.wave import GROUP
from tests.workers import SWEEP_SECONDS, WEBHOOK_SECRET, Fleet, Worker, free_port, poll
from tracking.service import Actor
from wiring import Core, build_core

#: The workers' product time: Friday 4 December 2026, 09:00 in Hanoi, a working morning.
WORKERS_START = local(2026, 12, 4, 9, 0)
#: The test plans the wave as at 08:00 that day: one reminder per obligation at 08:30,
#: already due for the workers.
PLANNED_AT = local(2026, 12, 4, 8, 0)
CHATS_PER_OWNER = 6
FIRST_USER = 700_000


def _core(url: str) -> Core:
    settings = load_settings({"DATABASE_URL": url, "DIGEST_DAY": "off"}, require_bot=False)
    return build_core(settings, FakeClock(PLANNED_AT))


async def bind_chats(url: str, emulator: BotApiEmulator) -> list[int]:
    """Schema, seeds (their plan set aside, so that the wave is all that is due) and
    ``CHATS_PER_OWNER`` private chats bound to every owner of the ministries-and-provinces
    group, written as ``/start`` would write them."""
    core = _core(url)
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
    core = _core(url)
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
    core = _core(url)
    try:
        async with core.sessions() as session:
            rows = await session.execute(
                select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
            )
            return Counter({state: count for state, count in rows.all()})
    finally:
        await core.close()


async def _start(fleet: Fleet, count: int, **kw: str) -> list[Worker]:
    workers = [await fleet.spawn(**kw) for _ in range(count)]
    for worker in workers:
        await fleet.wait_until_up(worker)
    return workers


def _counts(emulator: BotApiEmulator, chats: list[int]) -> Counter[int]:
    return Counter({chat: len(reminders(emulator, chat)) for chat in chats})


async def _wave_delivered(
    emulator: BotApiEmulator, chats: list[int], workers: list[Worker]
) -> None:
    await poll(
        lambda: all(_counts(emulator, chats).values()),
        timeout=120,
        what=f"the wave to reach all {len(chats)} chats "
        f"(so far {sum(1 for c in _counts(emulator, chats).values() if c)})",
    )


@pytest.mark.parametrize("count", [2, 3])
async def test_workers_share_a_wave_with_no_duplicate_and_no_loss(
    emulator: BotApiEmulator, postgres_url: str, tmp_path: Path, count: int
) -> None:
    chats = await bind_chats(postgres_url, emulator)
    fleet = Fleet(emulator, postgres_url, tmp_path, WORKERS_START)
    try:
        workers = await _start(fleet, count)
        # Each chat is told of the new task, then reminded of it: two messages per chat.
        await plan_wave(postgres_url, fleet, tell=True)
        await _wave_delivered(emulator, chats, workers)
        await poll(
            lambda: sum(w.sent() for w in workers) >= 2 * len(chats),
            timeout=30,
            what="the workers to log their deliveries",
        )
        states = await outbox_states(postgres_url)
    finally:
        await fleet.stop_all()
    counts = _counts(emulator, chats)
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


async def test_a_worker_killed_mid_wave_leaves_the_rest_to_the_others(
    emulator: BotApiEmulator, postgres_url: str, tmp_path: Path
) -> None:
    chats = await bind_chats(postgres_url, emulator)
    fleet = Fleet(emulator, postgres_url, tmp_path, WORKERS_START)
    try:
        victim, *others = await _start(fleet, 3)
        await plan_wave(postgres_url, fleet)
        core = _core(postgres_url)
        try:

            async def victim_holds() -> set[int]:
                async with core.sessions() as session:
                    return set(
                        (
                            await session.scalars(
                                select(OutboxRow.chat_id)
                                .join(SenderRow, SenderRow.id == OutboxRow.claimed_by)
                                .where(
                                    OutboxRow.state == OutboxState.SENDING,
                                    SenderRow.pid == victim.pid,
                                )
                            )
                        ).all()
                    )

            async def victim_delivering() -> bool:
                delivered = sum(_counts(emulator, chats).values())
                return 0 < delivered < len(chats) // 2 and bool(await victim_holds())

            await poll(
                victim_delivering, timeout=60, every=0.02, what="the victim to be delivering"
            )
            # Freeze the survivors, kill the victim, and read what it held in flight.
            for worker in others:
                os.kill(worker.pid, signal.SIGSTOP)
            try:
                victim.kill()
                await victim.process.wait()
                in_flight = await victim_holds()
                sent_before = sum(_counts(emulator, chats).values())
            finally:
                for worker in others:
                    os.kill(worker.pid, signal.SIGCONT)
        finally:
            await core.close()
        await _wave_delivered(emulator, chats, others)
        await poll(
            lambda: _settled(postgres_url),
            timeout=60,
            what="the outbox to settle",
        )
    finally:
        await fleet.stop_all()
    counts = _counts(emulator, chats)
    doubled = {chat for chat, n in counts.items() if n > 1}
    print(
        f"killed with {sent_before}/{len(chats)} delivered and {len(in_flight)} in flight; "
        f"{len(doubled)} sent twice"
    )
    assert victim.process.returncode == -signal.SIGKILL
    assert in_flight, "the victim held nothing when it was killed"
    assert max(counts.values()) <= 2
    assert doubled <= in_flight, "a message not in flight at the kill was sent twice"
    for worker in others:
        assert worker.process.returncode == 0, worker.output()[-3000:]
        assert "Traceback" not in worker.output(), worker.output()[-3000:]


async def _settled(url: str) -> bool:
    states = await outbox_states(url)
    return not states[OutboxState.PENDING] and not states[OutboxState.SENDING]


async def test_one_worker_polls_and_another_takes_over_when_it_dies(
    emulator: BotApiEmulator, postgres_url: str, tmp_path: Path
) -> None:
    fleet = Fleet(emulator, postgres_url, tmp_path, WORKERS_START)
    try:
        workers = await _start(fleet, 3)
        modes = await _modes(workers)
        assert sorted(modes.values()) == ["polling", "standby", "standby"], modes
        [leader] = [w for w in workers if modes[w.name] == "polling"]
        await _answered_once(emulator, "/help")

        leader.kill()
        await leader.process.wait()
        survivors = [w for w in workers if w is not leader]
        # The next try of a survivor (every half sweep) takes the lock the dead one held.
        modes = await poll(
            lambda: _one_polling(survivors), timeout=3 * 5, what="a survivor to take over"
        )
        assert sorted(modes.values()) == ["polling", "standby"], modes
        await _answered_once(emulator, "/help")
    finally:
        await fleet.stop_all()
    for worker in survivors:
        assert worker.process.returncode == 0, worker.output()[-3000:]
        assert "Traceback" not in worker.output(), worker.output()[-3000:]
    assert sum("holds the polling lock" in w.output() for w in workers) == 2


async def _modes(workers: list[Worker]) -> dict[str, str]:
    modes: dict[str, str] = {}
    for worker in workers:
        report = await worker.health()
        modes[worker.name] = str(report.get("updates") if report else None)
    return modes


async def _one_polling(workers: list[Worker]) -> dict[str, str] | None:
    modes = await _modes(workers)
    return modes if list(modes.values()).count("polling") == 1 else None


async def _answered_once(emulator: BotApiEmulator, text: str) -> None:
    """The admin writes ``text``; exactly one answer comes (and no second one after the
    outbox has nothing left to send)."""
    sent = await emulator.send_text(ADMIN, ADMIN, text)
    await emulator.wait_for_bot_message(
        ADMIN, lambda m: m.reply_to == sent["message_id"], timeout=30
    )
    await poll(lambda: not emulator.pending_updates, timeout=30, what="the update to be taken")
    answers = [m for m in emulator.bot_messages(ADMIN) if m.reply_to == sent["message_id"]]
    assert len(answers) == 1


async def test_webhook_updates_are_spread_over_the_workers_and_each_handled_once(
    emulator: BotApiEmulator, postgres_url: str, tmp_path: Path
) -> None:
    fleet = Fleet(emulator, postgres_url, tmp_path, WORKERS_START)
    public = f"http://127.0.0.1:{free_port()}/hook"  # the load balancer's address
    try:
        workers = await _start(fleet, 3, webhook_url=public)
        assert set((await _modes(workers)).values()) == {"webhook"}
        assert emulator.webhook.url == public
        emulator.webhook.spread_over([w.webhook_url for w in workers])
        sent = [await emulator.send_text(ADMIN, ADMIN, f"/help {n}") for n in range(30)]
        ids = {m["message_id"] for m in sent}

        def answered() -> bool:
            return ids <= {m.reply_to for m in emulator.bot_messages(ADMIN)}

        await poll(answered, timeout=60, what="every update to be answered")
        await poll(lambda: not emulator.pending_updates, timeout=30, what="the posts")
        async with aiohttp.ClientSession() as http:
            for worker in workers:
                for headers in ({}, {SECRET_HEADER: "not-" + WEBHOOK_SECRET}):
                    async with http.post(
                        worker.webhook_url, json={"update_id": 1}, headers=headers
                    ) as reply:
                        assert reply.status == 403
    finally:
        await fleet.stop_all()
    answers = Counter(m.reply_to for m in emulator.bot_messages(ADMIN) if m.reply_to in ids)
    assert set(answers.values()) == {1}
    delivered = emulator.webhook.delivered()
    assert set(delivered.values()) == {1}
    by_worker = Counter(p.url for p in emulator.webhook.posts if p.status == 200)
    assert set(by_worker) == {w.webhook_url for w in workers}, by_worker
    assert {p.secret for p in emulator.webhook.posts} == {WEBHOOK_SECRET}
    assert not [c for c in emulator.calls if c.method == "getUpdates"]
    for worker in workers:
        assert worker.process.returncode == 0, worker.output()[-3000:]
        assert "Traceback" not in worker.output(), worker.output()[-3000:]
