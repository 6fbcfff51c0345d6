"""Three real bot processes on one PostgreSQL database, each failing in its own way: a
worker killed (SIGKILL) mid-wave and the others finishing it, the polling leader killed and
another taking over, and webhook updates spread over the workers, each handled once. (The
wave shared by two and three workers is ``tests/test_postgres_workers.py``; the two modules
run side by side.)"""

from __future__ import annotations

import os
import signal
from collections import Counter
from pathlib import Path

import aiohttp
from sqlalchemy import select

from botapi_emulator import BotApiEmulator
from botapi_emulator.webhook import SECRET_HEADER
from domain.status import OutboxState
from storage.models import OutboxRow, SenderRow
from tests.conftest import ADMIN
from tests.test_postgres_workers import (
    WORKERS_START,
    bind_chats,
    chat_counts,
    outbox_states,
    plan_wave,
    start_workers,
    wave_delivered,
    workers_core,
)
from tests.workers import WEBHOOK_SECRET, Fleet, Worker, free_port, poll


async def test_a_worker_killed_mid_wave_leaves_the_rest_to_the_others(
    emulator: BotApiEmulator, postgres_url: str, tmp_path: Path
) -> None:
    chats = await bind_chats(postgres_url, emulator)
    fleet = Fleet(emulator, postgres_url, tmp_path, WORKERS_START)
    try:
        victim, *others = await start_workers(fleet, 3)
        await plan_wave(postgres_url, fleet)
        core = workers_core(postgres_url)
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
                delivered = sum(chat_counts(emulator, chats).values())
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
                sent_before = sum(chat_counts(emulator, chats).values())
            finally:
                for worker in others:
                    os.kill(worker.pid, signal.SIGCONT)
        finally:
            await core.close()
        await wave_delivered(emulator, chats, others)
        await poll(
            lambda: _settled(postgres_url),
            timeout=60,
            what="the outbox to settle",
        )
    finally:
        await fleet.stop_all()
    counts = chat_counts(emulator, chats)
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
        workers = await start_workers(fleet, 3)
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
        workers = await start_workers(fleet, 3, webhook_url=public)
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
