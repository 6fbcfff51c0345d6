"""Claims shared by several workers on one database: on PostgreSQL a claim skips the rows
another worker is claiming (``FOR UPDATE SKIP LOCKED``) instead of waiting for them, a
grouped sweep runs in one worker at a time, and racing workers tell each new task once, build
the office's digest once, send the weekly digest once to each recipient and queue the
leadership summaries once (on SQLite too, where one writer at a time does it)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Select, func, select, text
from telegram import Bot

import reports.digest
from botapi_emulator import BotApiEmulator
from chat.media import TelegramMedia
from demo.harness import TOKEN
from domain.clock import FakeClock
from domain.status import (
    OfficeNoteKind,
    OutboxPurpose,
    OutboxState,
    ReminderState,
    TellingState,
)
from notices.deadlines import parse_admin_deadline
from settings import load_settings
from storage.claims import claim, new_token, sweeping_alone
from storage.models import (
    ChatRow,
    DigestDeliveryRow,
    DigestRow,
    LeadershipChatRow,
    LeadershipSummaryRow,
    OfficeDigestRow,
    OfficeNoteRow,
    OutboxRow,
    ReminderRow,
    TellingRow,
)
from tests.conftest import ADMIN
from tests.test_sweeps import GROUP, MORNING, START, _core, _dispatcher, _due_reminders, _wave
from tracking.service import Actor
from wiring import Core, build_core, leadership_summary, office_digest, teller, weekly_digest

#: Long enough for a claim that should not wait at all; a claim that waits for the other
#: worker's transaction (which this test holds open) never ends before it.
NO_WAIT = 20.0


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """A fresh database of each kind the product supports."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return tmp_path / "db.sqlite3"


async def _claim_pending(core: Core, *, limit: int) -> list[int]:
    """One worker's claim of the first ``limit`` due reminders, committed."""
    async with core.sessions.begin() as session:
        rows = await claim(
            session,
            ReminderRow,
            where=[ReminderRow.state == ReminderState.PENDING, ReminderRow.at <= MORNING],
            values={"state": ReminderState.FIRED, "claim": new_token()},
            returning=[ReminderRow.id],
            order_by=[ReminderRow.at, ReminderRow.id],
            limit=limit,
        )
    return sorted(int(r.id) for r in rows)


async def test_on_postgresql_a_claim_skips_the_rows_another_worker_is_claiming(
    postgres_url: str,
) -> None:
    first, _ = await _wave(postgres_url)
    second = _core(postgres_url)
    try:
        due = sorted(
            (r.at, r.id) for r in await _due_reminders(first) if r.state is ReminderState.PENDING
        )
        assert len(due) >= 20
        async with first.sessions.begin() as session:
            held = await claim(
                session,
                ReminderRow,
                where=[ReminderRow.state == ReminderState.PENDING, ReminderRow.at <= MORNING],
                values={"state": ReminderState.FIRED, "claim": new_token()},
                returning=[ReminderRow.id],
                order_by=[ReminderRow.at, ReminderRow.id],
                limit=10,
            )
            # The first worker's transaction is still open: its ten rows are locked. The
            # second worker takes the next ten at once instead of waiting for them.
            started = time.monotonic()
            taken = await asyncio.wait_for(_claim_pending(second, limit=10), NO_WAIT)
            waited = time.monotonic() - started
        mine = sorted(int(r.id) for r in held)
        assert mine == sorted(i for _, i in due[:10])
        assert taken == sorted(i for _, i in due[10:20])
        assert waited < NO_WAIT
        # Both committed: twenty rows fired, each once; the rest still pending.
        async with first.sessions() as session:
            states = Counter(
                (
                    await session.scalars(
                        select(ReminderRow.state).where(ReminderRow.at <= MORNING)
                    )
                ).all()
            )
        assert states[ReminderState.FIRED] == 20
        assert states[ReminderState.PENDING] == len(due) - 20
    finally:
        await first.close()
        await second.close()


async def test_on_postgresql_a_grouped_sweep_waits_for_the_worker_running_it(
    postgres_url: str,
) -> None:
    first, _ = await _wave(postgres_url)
    second = _core(postgres_url)
    try:
        due = [r for r in await _due_reminders(first) if r.state is ReminderState.PENDING]
        async with first.sessions.begin() as session:
            await sweeping_alone(session, "reminders")
            backend = int(await session.scalar(text("SELECT pg_backend_pid()")) or 0)
            sweep = asyncio.create_task(_dispatcher(second).fire_due(MORNING))
            # The second worker's sweep waits on the first one's advisory lock …
            await _until_waiting_on_advisory_lock(first, other_than=backend)
            assert not sweep.done()
        # … and, the first transaction ended without claiming, takes every due reminder.
        fired, queued = await asyncio.wait_for(sweep, NO_WAIT)
        assert fired == len(due)
        assert queued > 0
    finally:
        await first.close()
        await second.close()


async def _until_waiting_on_advisory_lock(core: Core, *, other_than: int) -> None:
    """Until another backend of this database waits for an advisory lock (bounded)."""
    deadline = time.monotonic() + NO_WAIT
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND wait_event = 'advisory' AND pid <> :mine"
    )
    while True:
        async with core.engine.connect() as connection:
            waiting = int((await connection.execute(query, {"mine": other_than})).scalar() or 0)
        if waiting:
            return
        assert time.monotonic() < deadline, "the second sweep never waited for the lock"
        await asyncio.sleep(0.02)


async def _told_wave(database: Path | str) -> tuple[Core, dict[int, str]]:
    """Focal chats bound for every owner of the group (two each), then two group tasks
    added: each owner has two notices waiting. Returns the chats and their agencies."""
    core = _core(database)
    await core.prepare(seed=False)
    owners = sorted(
        {core.registry.owner_today(a.id).id for a in core.tracker.members_of(GROUP, ())}
    )
    chats: dict[int, str] = {}
    async with core.sessions.begin() as session:
        for n, owner in enumerate(owners):
            for k in range(2):
                chat_id = 20_000 + 10 * n + k
                chats[chat_id] = owner
                session.add(
                    ChatRow(
                        chat_id=chat_id,
                        agency_id=owner,
                        title=owner,
                        active=True,
                        joined_at=START,
                        inactive_reason="",
                    )
                )
    for title in ("Báo cáo tình hình", "Báo cáo quý"):
        await core.tracker.add_task(
            agency=GROUP,
            title=title,
            deadline=parse_admin_deadline("04/12/2026", date(2026, 12, 2)),
            actor=Actor(name="test"),
            now=START,
        )
    return core, chats


async def test_racing_workers_tell_each_agency_of_its_new_tasks_once_in_one_message(
    database: Path | str,
) -> None:
    core, chats = await _told_wave(database)
    others = [_core(database) for _ in range(2)]
    try:
        waiting = await _count(core, TellingRow, TellingRow.state == TellingState.PENDING)
        assert waiting == 2 * len(set(chats.values()))
        results = await asyncio.gather(*(teller(c).fire(MORNING) for c in [core, *others]))
        assert sorted(results)[:2] == [0, 0]  # one worker took them all
        assert sum(results) == len(chats)
        async with core.sessions() as session:
            tellings = (await session.scalars(select(TellingRow))).all()
            outbox = {r.id: r for r in (await session.scalars(select(OutboxRow))).all()}
        assert {t.state for t in tellings} == {TellingState.TOLD}
        # One message per chat carrying both tasks, none twice.
        per_chat = Counter(row.chat_id for row in outbox.values())
        assert per_chat == Counter(dict.fromkeys(chats, 1))
        assert {len(row.task_ids) for row in outbox.values()} == {2}
        assert {t.outbox_id for t in tellings} <= set(outbox)
        assert await teller(others[0]).fire(MORNING + timedelta(hours=1)) == 0
    finally:
        for c in [core, *others]:
            await c.close()


async def test_racing_workers_build_the_office_digest_once(database: Path | str) -> None:
    core = _with_admins(database)
    await core.prepare(seed=False)
    others = [_with_admins(database) for _ in range(2)]
    try:
        async with core.sessions.begin() as session:
            for n in range(30):
                session.add(
                    OfficeNoteRow(
                        at=START + timedelta(minutes=n),
                        kind=OfficeNoteKind.REPORT,
                        html=f"Báo cáo {n}",
                    )
                )
        digests = [office_digest(c) for c in [core, *others]]
        due = START.replace(hour=10)  # 17:00 in Hanoi, past the digest's 16:30
        assert digests[0].due_day(due) is not None
        results = await asyncio.gather(*(d.run(due) for d in digests))
        assert sorted(results)[:2] == [0, 0]
        assert sum(results) > 0
        assert await _count(core, OfficeDigestRow) == 1
        assert await _count(core, OfficeNoteRow, OfficeNoteRow.digest_id.is_(None)) == 0
        assert await _count(core, OutboxRow) == sum(results)
        assert await _count(core, OutboxRow, OutboxRow.state != OutboxState.PENDING) == 0
        assert await digests[1].run(due + timedelta(minutes=5)) == 0
    finally:
        for c in [core, *others]:
            await c.close()


def _with_admins(database: Path | str) -> Core:
    """A worker whose office has two admins (the digest goes to each)."""
    url = database if isinstance(database, str) else f"sqlite+aiosqlite:///{database}"
    settings = load_settings({"DATABASE_URL": url, "ADMIN_IDS": "1,2"}, require_bot=False)
    return build_core(settings, FakeClock(START))


async def _count(core: Core, entity: type[object], *where: object) -> int:
    async with core.sessions() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(entity).where(*where)  # type: ignore[arg-type]
            )
            or 0
        )


def _weekly(database: Path | str, **env: str) -> Core:
    """A worker whose weekly slot is Wednesday 08:30 (``START`` is that Wednesday, 10:00)."""
    url = database if isinstance(database, str) else f"sqlite+aiosqlite:///{database}"
    settings = load_settings(
        {"DATABASE_URL": url, "DIGEST_DAY": "wed", "DIGEST_TIME": "08:30", **env},
        require_bot=False,
    )
    return build_core(settings, FakeClock(START))


async def test_racing_workers_send_the_weekly_digest_once_to_each_recipient(
    database: Path | str, emulator: BotApiEmulator
) -> None:
    admins, leaders = (ADMIN, 9101), (9201, 9202, 9203)
    for user in (*admins[1:], *leaders):  # the admin is the emulator's already
        emulator.add_user(user, f"Người nhận {user}")
    env = {
        "ADMIN_IDS": ",".join(map(str, admins)),
        "LEADERSHIP_CHAT_IDS": ",".join(map(str, leaders)),
    }
    core, _ = await _wave(database)
    await core.close()
    workers = [_weekly(database, **env) for _ in range(3)]
    bots = [Bot(TOKEN, base_url=emulator.api_base_url) for _ in workers]
    try:
        for bot in bots:
            await bot.initialize()
        digests = [weekly_digest(w, TelegramMedia(b)) for w, b in zip(workers, bots, strict=True)]
        sent = await asyncio.gather(*(d.run(START) for d in digests))
        assert sum(sent) == len(admins) + len(leaders)
        for chat in (*admins, *leaders):
            kinds = [m.kind for m in emulator.bot_messages(chat)]
            assert kinds == ["text", "photo"], (chat, kinds)
            assert "Báo cáo tuần" in emulator.bot_messages(chat)[0].text
        assert await _count(workers[0], DigestRow) == 1
        states = {state for state in (await _scalars(workers[0], select(DigestDeliveryRow.state)))}
        assert states == {OutboxState.SENT}
        assert await digests[2].run(START + timedelta(hours=1)) == 0
    finally:
        for bot in bots:
            await bot.shutdown()
        for worker in workers:
            await worker.close()


async def test_racing_workers_queue_the_leadership_summaries_once(database: Path | str) -> None:
    core, owners = await _wave(database)
    leaders = {9300 + n: owner for n, owner in enumerate(owners[:4])}
    async with core.sessions.begin() as session:
        for chat_id, owner in leaders.items():
            session.add(
                LeadershipChatRow(chat_id=chat_id, agency_id=owner, title=owner, joined_at=START)
            )
    await core.close()
    workers = [_weekly(database) for _ in range(3)]
    try:
        results = await asyncio.gather(*(leadership_summary(w).run(START) for w in workers))
        assert sorted(results)[:2] == [0, 0]  # one worker queued them all
        queued = await _scalars(
            workers[0],
            select(OutboxRow.chat_id).where(OutboxRow.purpose == OutboxPurpose.LEADERSHIP),
        )
        assert len(queued) == sum(results)
        assert set(queued) == set(leaders)
        assert await _count(workers[0], LeadershipSummaryRow) == 1
        assert await leadership_summary(workers[1]).run(START + timedelta(hours=1)) == 0
    finally:
        for worker in workers:
            await worker.close()


async def _scalars(core: Core, query: Select[Any]) -> list[Any]:
    async with core.sessions() as session:
        return list((await session.scalars(query)).all())


async def test_a_weekly_digest_that_cannot_be_built_waits_pending_for_the_next_pass(
    tmp_path: Path, emulator: BotApiEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "db.sqlite3"
    core, _ = await _wave(database)
    await core.close()
    worker = _weekly(database, ADMIN_IDS=str(ADMIN))
    try:
        async with Bot(TOKEN, base_url=emulator.api_base_url) as bot:
            digest = weekly_digest(worker, TelegramMedia(bot))

            def broken(*args: object, **kwargs: object) -> object:
                raise RuntimeError("the report cannot be built")

            monkeypatch.setattr(reports.digest, "build_report", broken)
            with pytest.raises(RuntimeError):
                await digest.run(START)
            states = await _scalars(worker, select(DigestDeliveryRow.state))
            assert states == [OutboxState.PENDING]
            assert emulator.bot_messages(ADMIN) == []
            monkeypatch.undo()
            assert await digest.run(START + timedelta(minutes=1)) == 1
            assert [m.kind for m in emulator.bot_messages(ADMIN)] == ["text", "photo"]
    finally:
        await worker.close()


async def test_on_postgresql_a_sweep_leaves_a_reminder_another_transaction_holds_for_the_next(
    postgres_url: str,
) -> None:
    """The sweep reads its due reminders ``FOR UPDATE … SKIP LOCKED``: a reminder that a
    reply is re-planning at that moment (its row locked) is not waited for and not fired
    twice; the next sweep fires it."""
    first, _ = await _wave(postgres_url)
    second = _core(postgres_url)
    try:
        due = sorted(
            (r.at, r.id) for r in await _due_reminders(first) if r.state is ReminderState.PENDING
        )
        held_id = due[0][1]
        async with second.sessions.begin() as session:
            await session.execute(
                select(ReminderRow.id).where(ReminderRow.id == held_id).with_for_update()
            )
            fired, _ = await asyncio.wait_for(_dispatcher(first).fire_due(MORNING), NO_WAIT)
        assert fired == len(due) - 1
        async with first.sessions() as session:
            held = await session.get(ReminderRow, held_id)
            assert held is not None
            assert held.state is ReminderState.PENDING
        again, _ = await _dispatcher(first).fire_due(MORNING)
        assert again == 1
        async with first.sessions() as session:
            states = Counter(
                (
                    await session.scalars(
                        select(ReminderRow.state).where(ReminderRow.at <= MORNING)
                    )
                ).all()
            )
        assert states[ReminderState.PENDING] == 0
        assert sum(states.values()) == len(due)
    finally:
        await first.close()
        await second.close()
