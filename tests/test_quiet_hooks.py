"""The pass hooks with a time of their own (the office's daily digest, the leadership
summaries, the weekly digest) do nothing before it, act once when it comes, and then cost
nothing until the next one — even after a restart, which finds the database's record of what
was done. Real SQLite file, time injected; statements counted as SQLite receives them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from delivery.outbox import note_for_digest
from delivery.transport import SendResult
from domain.clock import FakeClock
from domain.status import DeliveryOutcome, OfficeNoteKind, OutboxPurpose
from reports.digest import RETRY_AFTER
from settings import load_settings
from storage.db import create_engine, current_revision, head_revision, migrate
from storage.models import DigestDeliveryRow, LeadershipChatRow, LeadershipSummaryRow, OutboxRow
from wiring import Core, build_core, leadership_summary, office_digest, weekly_digest

ADMIN = 1001
LEADERSHIP = -5001
#: Wednesday 2/12/2026 16:30 in Hanoi: the office's digest time.
OFFICE_AT = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
#: Monday 7/12/2026 08:30 in Hanoi: the weekly slot.
WEEKLY_AT = datetime(2026, 12, 7, 1, 30, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@dataclass(kw_only=True)
class Statements:
    seen: list[str] = field(default_factory=list)

    def writes(self) -> list[str]:
        verbs = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")
        return [s for s in self.seen if s.lstrip().upper().startswith(verbs)]


@dataclass(kw_only=True)
class Media:
    """Answers the digest's sends as scripted (delivered once the script is used up)."""

    script: list[SendResult] = field(default_factory=list)
    texts: list[int] = field(default_factory=list)

    async def send_text(self, chat_id: int, html: str) -> SendResult:
        self.texts.append(chat_id)
        return self.script.pop(0) if self.script else SendResult(outcome=DeliveryOutcome.SENT)

    async def send_photo(self, chat_id: int, png: bytes, caption: str) -> SendResult:
        return SendResult(outcome=DeliveryOutcome.SENT)


@dataclass(kw_only=True)
class World:
    core: Core
    statements: Statements


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    settings = load_settings(
        {
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
            "ADMIN_IDS": str(ADMIN),
            "ADMIN_NOTIFY": "digest",
            "DIGEST_DAY": "mon",
        },
        require_bot=False,
    )
    core = build_core(settings, FakeClock(OFFICE_AT))
    await core.prepare(seed=False)
    statements = Statements()

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.seen.append(statement)

    event.listen(core.engine.sync_engine, "before_cursor_execute", seen)
    try:
        yield World(core=core, statements=statements)
    finally:
        await core.close()


async def note(world: World, html: str, at: datetime) -> None:
    async with world.core.sessions.begin() as session:
        note_for_digest(session, OfficeNoteKind.REPORT, html, at)


async def messages(world: World, purpose: OutboxPurpose) -> int:
    async with world.core.sessions() as session:
        count = await session.scalar(
            select(func.count(OutboxRow.id)).where(OutboxRow.purpose == purpose)
        )
    return int(count or 0)


async def test_the_office_digest_is_built_at_its_time_then_costs_nothing_that_day(
    world: World,
) -> None:
    digest = office_digest(world.core)
    await note(world, "Bộ Công an đã báo cáo hoàn thành #1", OFFICE_AT - timedelta(hours=2))
    world.statements.seen.clear()

    assert await digest.run(OFFICE_AT - MINUTE) == 0
    assert world.statements.seen == []

    assert await digest.run(OFFICE_AT) == 1
    await note(world, "Bộ Tài chính đã báo cáo hoàn thành #2", OFFICE_AT + MINUTE)
    world.statements.seen.clear()
    assert await digest.run(OFFICE_AT + 2 * MINUTE) == 0
    assert world.statements.seen == []

    # A restart the same day: the day's record stops it once, then it costs nothing.
    restarted = office_digest(world.core)
    assert await restarted.run(OFFICE_AT + 3 * MINUTE) == 0
    world.statements.seen.clear()
    assert await restarted.run(OFFICE_AT + 4 * MINUTE) == 0
    assert world.statements.seen == []
    assert await messages(world, OutboxPurpose.ADMIN) == 1

    # The next working day's digest carries the note that came after.
    assert await restarted.run(OFFICE_AT + timedelta(days=1)) == 1
    assert await messages(world, OutboxPurpose.ADMIN) == 2


async def summaries(world: World) -> int:
    async with world.core.sessions() as session:
        return int(await session.scalar(select(func.count(LeadershipSummaryRow.id))) or 0)


async def test_the_leadership_summaries_go_once_at_the_slot_then_cost_nothing(
    world: World,
) -> None:
    agency = world.core.registry.resolve("Bộ Công an")
    async with world.core.sessions.begin() as session:
        session.add(
            LeadershipChatRow(
                chat_id=LEADERSHIP, agency_id=agency.id, title="Lãnh đạo", joined_at=OFFICE_AT
            )
        )
    summary = leadership_summary(world.core)
    world.statements.seen.clear()

    assert await summary.run(WEEKLY_AT - MINUTE) == 0
    assert world.statements.seen == []

    assert await summary.run(WEEKLY_AT) == 1
    world.statements.seen.clear()
    assert await summary.run(WEEKLY_AT + MINUTE) == 0
    assert world.statements.seen == []

    restarted = leadership_summary(world.core)
    assert await restarted.run(WEEKLY_AT + 2 * MINUTE) == 0
    assert world.statements.writes() == []
    world.statements.seen.clear()
    assert await restarted.run(WEEKLY_AT + 3 * MINUTE) == 0
    assert world.statements.seen == []
    assert (await summaries(world), await messages(world, OutboxPurpose.LEADERSHIP)) == (1, 1)

    assert await restarted.run(WEEKLY_AT + timedelta(days=7)) == 1
    assert (await summaries(world), await messages(world, OutboxPurpose.LEADERSHIP)) == (2, 2)


async def test_the_weekly_digest_waits_for_its_slot_and_its_retry_without_writing(
    world: World,
) -> None:
    media = Media(script=[SendResult(outcome=DeliveryOutcome.TRANSIENT, detail="timed out")])
    digest = weekly_digest(world.core, media)
    world.statements.seen.clear()

    # Before the slot: one read asks whether a copy is due; nothing is written.
    assert await digest.run(WEEKLY_AT - MINUTE) == 0
    assert world.statements.writes() == []

    # The slot: planned and tried; the network fails, the copy waits for its retry.
    assert await digest.run(WEEKLY_AT) == 0
    assert media.texts == [ADMIN]
    world.statements.seen.clear()
    assert await digest.run(WEEKLY_AT + RETRY_AFTER - MINUTE) == 0
    assert world.statements.writes() == []
    assert media.texts == [ADMIN]

    # Its retry time: sent; then the passes cost one read again, even after a restart.
    assert await digest.run(WEEKLY_AT + RETRY_AFTER) == 1
    assert media.texts == [ADMIN, ADMIN]
    restarted = weekly_digest(world.core, media)
    assert await restarted.run(WEEKLY_AT + RETRY_AFTER + MINUTE) == 0
    world.statements.seen.clear()
    assert await restarted.run(WEEKLY_AT + RETRY_AFTER + 2 * MINUTE) == 0
    assert world.statements.writes() == []
    assert media.texts == [ADMIN, ADMIN]
    async with world.core.sessions() as session:
        assert await session.scalar(select(func.count(DigestDeliveryRow.id))) == 1


async def test_migration_0014_indexes_the_digest_copies_of_a_database_of_the_previous_head(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    await migrate(engine, "0013_followup_dates")
    async with engine.begin() as c:
        await c.execute(
            text("INSERT INTO digests (id, slot, as_of, created_at) VALUES (1, :at, :day, :at)"),
            {"at": WEEKLY_AT, "day": WEEKLY_AT.date()},
        )
        await c.execute(
            text(
                "INSERT INTO digest_deliveries (digest_id, chat_id, state, next_attempt_at,"
                " attempts, text_sent, last_error) VALUES (1, :chat, 'pending', :at, 0, 0, '')"
            ),
            {"chat": ADMIN, "at": WEEKLY_AT},
        )
    await migrate(engine)
    assert await current_revision(engine) == head_revision()
    async with engine.connect() as c:
        plan = " ".join(
            str(row[-1])
            for row in await c.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT id FROM digest_deliveries"
                    " WHERE state = 'pending' AND next_attempt_at <= :at"
                ),
                {"at": WEEKLY_AT},
            )
        )
        assert "ix_digest_deliveries_due" in plan
        kept = (await c.execute(text("SELECT chat_id FROM digest_deliveries"))).scalars().all()
        assert kept == [ADMIN]
    await engine.dispose()
