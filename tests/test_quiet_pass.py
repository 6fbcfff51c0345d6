"""A pass with nothing to do reads through indexes; what becomes due meanwhile (a
reminder's window, a task added by another process, a dead sender's message) is found by
the next pass; a sweep's messages are queued with their ids in order. Real SQLite file, the product's clock and the sender's wall
clock injected; statements counted as SQLite receives them."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.dialects import sqlite as sqlite_dialect

from chat.dispatch_wording import ChatRenderer
from delivery.outbox import insert_messages
from delivery.senders import SenderLease
from delivery.transport import Keyboard, SendResult
from domain.clock import FakeClock
from domain.status import DeliveryOutcome, OutboxPurpose, OutboxState, ReminderState
from notices.deadlines import parse_admin_deadline
from scheduler.dispatch import Dispatcher
from settings import load_settings
from storage.models import ChatRow, OutboxRow, ReminderRow, SenderRow
from storage.types import StrEnumType
from tracking.service import Actor
from tracking.telling_sweep import GATHER
from wiring import Core, build_core, teller

#: Wednesday 2/12/2026 10:00 in Hanoi, in sending hours.
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
DUE = date(2026, 12, 11)  # a Friday: its 7-days-before window is Friday 4/12 08:30
WINDOW = datetime(2026, 12, 4, 1, 30, tzinfo=UTC)
CHAT = 2001
WALL = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
STALE_AFTER = timedelta(minutes=3)


@dataclass(kw_only=True)
class Recorder:
    """Sends nothing anywhere: answers every send as delivered and keeps it."""

    sent: list[tuple[int, str]] = field(default_factory=list)

    async def send(
        self,
        chat_id: int,
        html: str,
        keyboard: Keyboard | None,
        reply_to: int | None = None,
        *,
        silent: bool = False,
    ) -> SendResult:
        self.sent.append((chat_id, html))
        return SendResult(outcome=DeliveryOutcome.SENT, message_id=len(self.sent))

    def stop(self) -> None:
        return None


@dataclass(kw_only=True)
class Statements:
    """What SQLite was asked, with the parameters (to ask it for each query's plan)."""

    seen: list[tuple[str, Any]] = field(default_factory=list)

    def writes(self) -> list[str]:
        verbs = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")
        return [s for s, _ in self.seen if s.lstrip().upper().startswith(verbs)]

    def selects(self) -> list[tuple[str, Any]]:
        return [(s, p) for s, p in self.seen if s.lstrip().upper().startswith("SELECT")]


@dataclass(kw_only=True)
class World:
    core: Core
    dispatcher: Dispatcher
    transport: Recorder
    statements: Statements
    wall: list[datetime]
    database: Path
    agency_id: str


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    database = tmp_path / "db.sqlite3"
    settings = load_settings(
        {"DATABASE_URL": f"sqlite+aiosqlite:///{database}", "ADMIN_IDS": "1001"},
        require_bot=False,
    )
    core = build_core(settings, FakeClock(NOW))
    await core.prepare(seed=False)
    agency = core.registry.resolve("Bộ Công an")
    async with core.sessions.begin() as session:
        session.add(
            ChatRow(
                chat_id=CHAT,
                agency_id=agency.id,
                title="Lan",
                user_id=CHAT,
                active=True,
                joined_at=NOW,
                inactive_reason="",
            )
        )
    wall = [WALL]
    transport = Recorder()
    dispatcher = Dispatcher(
        sessions=core.sessions,
        registry=core.registry,
        planner=core.planner,
        transport=transport,
        admin_ids=frozenset({1001}),
        render=ChatRenderer(),
        lease=SenderLease(core.sessions, stale_after=STALE_AFTER, wall=lambda: wall[0]),
    )
    dispatcher.add_sweep(teller(core))
    statements = Statements()

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.seen.append((statement, parameters))

    event.listen(core.engine.sync_engine, "before_cursor_execute", seen)
    try:
        yield World(
            core=core,
            dispatcher=dispatcher,
            transport=transport,
            statements=statements,
            wall=wall,
            database=database,
            agency_id=agency.id,
        )
    finally:
        await core.close()


async def add_task(world: World, title: str, now: datetime) -> None:
    await world.core.tracker.add_task(
        agency="Bộ Công an",
        title=title,
        deadline=parse_admin_deadline(DUE.strftime("%d/%m/%Y"), NOW.date()),
        actor=Actor(name="test"),
        now=now,
    )


async def quiet_world(world: World) -> datetime:
    """A task told and delivered: nothing is due until its first reminder window."""
    await add_task(world, "Báo cáo tình hình", NOW)
    told_at = NOW + GATHER
    report = await world.dispatcher.run_once(told_at)
    assert (report.messages_queued, report.sent) == (1, 1)
    return told_at + timedelta(minutes=1)


async def test_each_read_of_a_quiet_pass_goes_through_an_index(world: World) -> None:
    at = await quiet_world(world)
    world.statements.seen.clear()
    await world.dispatcher.run_once(at)

    database = sqlite3.connect(world.database)
    try:
        for statement, parameters in world.statements.selects():
            steps = [
                str(row[-1])
                for row in database.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            ]
            # The senders are this process and the few others alive: read whole. A select
            # of checks only (no table of its own) reads its one constant row.
            scans = [
                s for s in steps if "SCAN" in s and s not in ("SCAN senders", "SCAN CONSTANT ROW")
            ]
            assert not scans, (statement, steps)
    finally:
        database.close()


async def test_a_quiet_pass_is_one_read_and_writes_nothing(world: World) -> None:
    at = await quiet_world(world)
    world.statements.seen.clear()
    await world.dispatcher.run_once(at)
    assert world.statements.writes() == []
    assert len(world.statements.selects()) == 1

    # Past a tenth of the time after which a sender counts as gone, its heartbeat is renewed.
    world.wall[0] = WALL + STALE_AFTER / 10
    world.statements.seen.clear()
    await world.dispatcher.run_once(at + timedelta(minutes=1))
    assert [s.split()[0] for s in world.statements.writes()] == ["BEGIN", "UPDATE"]
    async with world.core.sessions() as session:
        beat = await session.scalar(
            select(SenderRow.heartbeat_at).where(SenderRow.id == world.dispatcher.lease.id)
        )
    assert beat == world.wall[0]


async def test_what_comes_due_after_a_quiet_pass_is_found_by_the_next(world: World) -> None:
    at = await quiet_world(world)
    await world.dispatcher.run_once(at)

    # Another process adds a task: the next pass after its gathering time tells it.
    await add_task(world, "Báo cáo quý", at)
    assert (await world.dispatcher.run_once(at + timedelta(minutes=1))).messages_queued == 0
    assert (await world.dispatcher.run_once(at + GATHER)).messages_queued == 1

    # The first reminder window comes: both tasks in one reminder.
    report = await world.dispatcher.run_once(WINDOW)
    assert (report.fired, report.messages_queued, report.sent) == (2, 1, 1)
    async with world.core.sessions() as session:
        states = (
            await session.scalars(select(ReminderRow.state).where(ReminderRow.at <= WINDOW))
        ).all()
    assert list(states) == [ReminderState.FIRED, ReminderState.FIRED]
    assert (await world.dispatcher.run_once(WINDOW + timedelta(minutes=1))).fired == 0


async def test_a_due_sweep_on_sqlite_is_claimed_by_its_write_lock_and_one_update(
    world: World,
) -> None:
    at = await quiet_world(world)
    await add_task(world, "Báo cáo quý", at)
    await world.dispatcher.run_once(at + GATHER)
    world.statements.seen.clear()

    assert await world.dispatcher.fire_due(WINDOW) == (2, 1)
    seen = [s.lstrip().split("\n")[0] for s, _ in world.statements.seen]
    writes = [s for s in seen if s.startswith(("INSERT", "UPDATE", "BEGIN IMMEDIATE"))]
    # The lock first, then the reads, then the message and one update of the reminders
    # (their state and message at once; the write lock is their claim).
    assert writes[0] == "BEGIN IMMEDIATE"
    assert [" ".join(w.split()[:3]) for w in writes[1:]] == [
        "INSERT INTO outbox",
        "UPDATE reminders SET",
    ]
    reads = [
        n
        for n, (s, _) in enumerate(world.statements.seen)
        if s.lstrip().startswith("SELECT") and "FROM reminders" in s
    ]
    assert reads
    assert max(reads) < seen.index(writes[-1])
    async with world.core.sessions() as session:
        fired = (await session.scalars(select(ReminderRow).where(ReminderRow.at <= WINDOW))).all()
        [message] = (
            await session.scalars(
                select(OutboxRow).where(OutboxRow.purpose == OutboxPurpose.REMINDER)
            )
        ).all()
    assert {(r.state, r.outbox_id, r.handled_at) for r in fired} == {
        (ReminderState.FIRED, message.id, WINDOW)
    }
    # The write lock was the claim: no token is written (no claim index to keep up).
    assert {r.claim for r in fired} == {None}
    # Claimed once: a second sweep at the same instant finds nothing.
    assert await world.dispatcher.fire_due(WINDOW) == (0, 0)


async def test_a_dead_senders_message_is_taken_back_by_the_next_pass(world: World) -> None:
    at = await quiet_world(world)
    async with world.core.sessions.begin() as session:
        session.add(
            SenderRow(id="elsewhere", host="other-host", pid=1, started_at=WALL, heartbeat_at=WALL)
        )
        session.add(
            OutboxRow.queued(purpose=OutboxPurpose.ADMIN, chat_id=1001, html="Chào", now=at)
        )
    async with world.core.sessions.begin() as session:
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.html == "Chào")
            .values(state=OutboxState.SENDING, claimed_by="elsewhere", claimed_at=at)
        )

    # Alive (its heartbeat is fresh): its message stays with it.
    assert (await world.dispatcher.run_once(at)).sent == 0

    # Its heartbeat is stale: the next pass takes the message back and sends it.
    world.wall[0] = WALL + STALE_AFTER + timedelta(seconds=1)
    assert (await world.dispatcher.run_once(at + timedelta(minutes=1))).sent == 1
    assert world.transport.sent[-1] == (1001, "Chào")
    async with world.core.sessions() as session:
        assert await session.scalar(select(SenderRow).where(SenderRow.id == "elsewhere")) is None


async def test_a_message_left_sending_by_no_sender_is_taken_back(world: World) -> None:
    at = await quiet_world(world)
    async with world.core.sessions.begin() as session:
        row = OutboxRow.queued(purpose=OutboxPurpose.ADMIN, chat_id=1001, html="Chào", now=at)
        row.state = OutboxState.SENDING
        session.add(row)

    assert (await world.dispatcher.run_once(at)).sent == 1


async def test_many_messages_queued_at_once_get_their_ids_in_order(world: World) -> None:
    at = await quiet_world(world)
    values = [
        OutboxRow.queued_values(purpose=OutboxPurpose.ADMIN, chat_id=1001, html=f"số {n}", now=at)
        for n in range(5)
    ]
    async with world.core.sessions.begin() as session:
        ids = await insert_messages(session, values)
    async with world.core.sessions() as session:
        rows = {r.id: r for r in (await session.scalars(select(OutboxRow))).all()}
    assert ids == sorted(ids)
    assert len(set(ids)) == 5
    assert [rows[i].html for i in ids] == [f"số {n}" for n in range(5)]
    assert all(rows[i].state is OutboxState.PENDING and rows[i].attempts == 0 for i in ids)


def test_a_queued_rows_values_are_the_columns_of_a_queued_row() -> None:
    values = OutboxRow.queued_values(
        purpose=OutboxPurpose.REMINDER, chat_id=7, html="x", now=NOW, task_ids=(3, 4)
    )
    row = OutboxRow.queued(
        purpose=OutboxPurpose.REMINDER, chat_id=7, html="x", now=NOW, task_ids=(3, 4)
    )
    assert values == {key: getattr(row, key) for key in values}


def test_a_stored_value_outside_the_set_is_refused_both_ways() -> None:
    kinds = StrEnumType(OutboxState)
    dialect = sqlite_dialect.dialect()
    assert kinds.process_bind_param(OutboxState.SENT, dialect) == "sent"
    assert kinds.process_bind_param("sent", dialect) == "sent"
    assert kinds.process_result_value("sent", dialect) is OutboxState.SENT
    with pytest.raises(ValueError, match="posted"):
        kinds.process_bind_param("posted", dialect)
    with pytest.raises(ValueError, match="posted"):
        kinds.process_result_value("posted", dialect)
