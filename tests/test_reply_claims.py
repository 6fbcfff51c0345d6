"""A report's confirmation is claimed in the report's own transaction, and an update is
recorded once — against a real SQLite file: the row is "sending", held by the sender named,
as soon as the report commits; the same update again records nothing; the claim of a sender
that died is taken back for the delivery loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from delivery.senders import SenderLease
from domain.clock import FakeClock
from domain.errors import ReportRecorded
from domain.status import EventKind, OutboxPurpose, OutboxState
from notices.deadlines import parse_admin_deadline
from settings import load_settings
from storage.db import create_engine, current_revision, head_revision, migrate
from storage.models import EventRow, OutboxRow
from tracking.service import Actor, ReplyNotices
from wiring import Core, build_core

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Wednesday 10:00 in Hanoi
CHAT = 2001
FOCAL = Actor(name="Lan", user_id=CHAT)


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    settings = load_settings(
        {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}", "ADMIN_IDS": "1001"},
        require_bot=False,
    )
    core = build_core(settings, FakeClock(NOW))
    await core.prepare(seed=False)
    try:
        yield core
    finally:
        await core.close()


async def _task_of_a_bound_chat(core: Core) -> int:
    tracker = core.tracker
    task_id = await tracker.add_task(
        agency="Bộ Công an",
        title="Báo cáo tiến độ",
        deadline=parse_admin_deadline("31/12/2026", NOW.date()),
        actor=Actor(name="Quản trị"),
        now=NOW,
    )
    invite = await tracker.create_invite(agency="Bộ Công an", actor=Actor(name="Quản trị"), now=NOW)
    await tracker.redeem_invite(token=invite.token, chat_id=CHAT, title="Lan", actor=FOCAL, now=NOW)
    return task_id


def _notices(update_id: int, claimed_by: str | None) -> ReplyNotices:
    return ReplyNotices(
        chat_id=CHAT,
        reply_to=77,
        confirmation=lambda o: f"confirmed #{o.task_id} ({o.status.value})",
        admin_notice=lambda o: f"notice #{o.task_id}",
        update_id=update_id,
        claimed_by=claimed_by,
    )


async def _replies(core: Core) -> list[OutboxRow]:
    async with core.sessions() as session:
        return list(
            (
                await session.scalars(
                    select(OutboxRow).where(OutboxRow.purpose == OutboxPurpose.REPLY)
                )
            ).all()
        )


async def _events(core: Core, task_id: int, kind: EventKind) -> int:
    async with core.sessions() as session:
        count = await session.scalar(
            select(func.count()).where(EventRow.task_id == task_id, EventRow.kind == kind)
        )
    return int(count or 0)


async def test_a_done_commits_its_confirmation_claimed_by_the_sender_that_sends_it(
    core: Core,
) -> None:
    task_id = await _task_of_a_bound_chat(core)
    lease = SenderLease(core.sessions, pid=4_000_001, running=lambda pid: pid != 4_000_001)
    await lease.register()
    outcome = await core.tracker.mark_done(
        chat_id=CHAT,
        task_id=task_id,
        note="",
        actor=FOCAL,
        now=NOW,
        notices=_notices(900, lease.id),
    )
    [row] = await _replies(core)
    assert outcome.confirmation is not None
    assert (row.state, row.claimed_by, row.update_id) == (OutboxState.SENDING, lease.id, 900)
    assert row.claim == outcome.confirmation.claim
    assert outcome.confirmation.id == row.id == outcome.confirmation_id
    assert outcome.confirmation.html == row.html == f"confirmed #{task_id} (done)"
    assert outcome.confirmation.reply_to == 77

    # Its process died before sending: the next sender's pass takes the claim back.
    survivor = SenderLease(core.sessions, running=lambda pid: pid != 4_000_001)
    assert await survivor.reclaim() == 1
    [row] = await _replies(core)
    assert (row.state, row.claimed_by, row.claim) == (OutboxState.PENDING, None, None)


async def test_the_same_update_again_records_nothing_and_confirms_nothing(core: Core) -> None:
    task_id = await _task_of_a_bound_chat(core)
    await core.tracker.report_late(
        chat_id=CHAT,
        task_id=task_id,
        reason="chờ số liệu",
        new_due=None,
        actor=FOCAL,
        now=NOW,
        notices=_notices(901, None),
    )
    with pytest.raises(ReportRecorded) as recorded:
        await core.tracker.report_late(
            chat_id=CHAT,
            task_id=task_id,
            reason="chờ số liệu",
            new_due=None,
            actor=FOCAL,
            now=NOW,
            notices=_notices(901, None),
        )
    [row] = await _replies(core)
    assert recorded.value.confirmation_id == row.id
    assert row.state is OutboxState.PENDING  # no sender named: claimed when it is sent
    assert await _events(core, task_id, EventKind.LATE) == 1
    # A later update of the same chat is a report of its own.
    await core.tracker.mark_done(
        chat_id=CHAT, task_id=task_id, note="", actor=FOCAL, now=NOW, notices=_notices(902, None)
    )
    assert len(await _replies(core)) == 2
    assert await _events(core, task_id, EventKind.DONE) == 1


async def test_migration_0015_keeps_the_outbox_and_allows_one_confirmation_per_update(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    await migrate(engine, "0014_digest_due")
    insert = (
        "INSERT INTO outbox (purpose, chat_id, html, silent, task_ids, state, created_at,"
        " next_attempt_at, attempts, last_error{extra}) VALUES ('reply', :chat, 'ok', 0, '[]',"
        " 'sent', :at, :at, 1, ''{value})"
    )
    async with engine.begin() as c:
        await c.execute(text(insert.format(extra="", value="")), {"chat": CHAT, "at": NOW})
    await migrate(engine)
    assert await current_revision(engine) == head_revision()
    async with engine.connect() as c:
        kept = (await c.execute(text("SELECT chat_id, update_id FROM outbox"))).all()
        assert [tuple(row) for row in kept] == [(CHAT, None)]
    with_update = insert.format(extra=", update_id", value=", 5")
    async with engine.begin() as c:
        await c.execute(text(with_update), {"chat": CHAT, "at": NOW})
        await c.execute(text(with_update), {"chat": CHAT + 1, "at": NOW})
    with pytest.raises(IntegrityError):
        async with engine.begin() as c:
            await c.execute(text(with_update), {"chat": CHAT, "at": NOW})
    await engine.dispose()
