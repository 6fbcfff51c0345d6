"""Migration 0011: a database of the previous head keeps its invitations as focal points'
ones, and the chases it already sent count towards an escalation after the upgrade."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from alembic import command
from sqlalchemy import inspect, select, text

from domain.deadline import DeadlineKind
from domain.status import (
    AdminNotify,
    ChatRole,
    OfficeNoteKind,
    OutboxPurpose,
    ReminderKind,
    ReminderState,
)
from storage.agency_files import shipped_registry
from storage.db import (
    _alembic_config,
    create_engine,
    current_revision,
    head_revision,
    migrate,
    session_factory,
)
from storage.models import (
    AgencyRow,
    AssignmentRow,
    EscalationRow,
    InviteRow,
    OfficeNoteRow,
    OutboxRow,
    ReminderRow,
)
from tracking.escalation import EscalationWords, Escalator

CREATED = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
FIRST_CHASE = datetime(2026, 12, 10, 1, 30, tzinfo=UTC)


async def _old_database(url: str) -> None:
    """At 0010: an overdue task of the Ministry of Public Security, chased twice (two
    messages sent), and an invitation not yet used."""
    engine = create_engine(url)
    await migrate(engine, "0010_recurring_periods")
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        session.add(
            AgencyRow(
                id="bo-ca",
                name="Bộ Công an",
                short="BCA",
                kind="ministry",
                owner_id="bo-ca",
            )
        )
        # In SQL: the model has columns of later revisions (tasks.followup_on, 0013).
        await session.execute(
            text(
                "INSERT INTO tasks (id, ref, title, text, lead, co, due, kind, phrase,"
                " created_at, created_by) VALUES (1, '', 'Báo cáo rà soát', '', 'Bộ Công an',"
                " '[]', :due, :kind, '', :at, '')"
            ),
            {"due": date(2026, 11, 30), "kind": DeadlineKind.DEADLINE.value, "at": CREATED},
        )
        session.add(AssignmentRow(id=1, task_id=1, agency_id="bo-ca", owner_id="bo-ca"))
        await session.flush()
        for week in range(2):
            at = FIRST_CHASE + timedelta(weeks=week)
            # In SQL too: the outbox has columns of later revisions (outbox.update_id, 0015).
            await session.execute(
                text(
                    "INSERT INTO outbox (id, purpose, chat_id, html, silent, task_ids, state,"
                    " created_at, next_attempt_at, attempts, last_error) VALUES (:id, :purpose,"
                    " 2001, 'Nhắc việc', 0, '[]', 'pending', :at, :at, 0, '')"
                ),
                {"id": week + 1, "purpose": OutboxPurpose.REMINDER.value, "at": at},
            )
            session.add(
                ReminderRow(
                    assignment_id=1,
                    at=at,
                    kind=ReminderKind.CHASE,
                    state=ReminderState.FIRED,
                    handled_at=at,
                    outbox_id=week + 1,
                )
            )
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO invites (token, agency_id, created_by, created_at, expires_at)"
                " VALUES ('old-token', 'bo-ca', 1001, :at, :until)"
            ),
            {"at": CREATED, "until": CREATED + timedelta(days=60)},
        )
    await engine.dispose()


def _escalator() -> Escalator:
    return Escalator(
        registry=shipped_registry(),
        admin_ids=frozenset({1001}),
        admin_notify=AdminNotify.DIGEST,
        threshold=3,
        words=EscalationWords(
            office_note=lambda item, today: f"#{item.task_id} {item.chases}",
            leadership=lambda agency, items, today: [agency],
        ),
        timezone=ZoneInfo("Asia/Ho_Chi_Minh"),
    )


async def test_old_invitations_are_focal_points_and_old_chases_count(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    await _old_database(url)
    engine = create_engine(url)
    await migrate(engine)
    assert await current_revision(engine) == head_revision()
    sessions = session_factory(engine)
    async with sessions() as session:
        invite = await session.get(InviteRow, "old-token")
        assert invite is not None
        assert invite.role is ChatRole.FOCAL
        assert (await session.scalars(select(EscalationRow))).all() == []

    # The third chase after the upgrade, in its pass's transaction: escalated, once.
    third = FIRST_CHASE + timedelta(weeks=2)
    async with sessions.begin() as session:
        message = OutboxRow.queued(
            purpose=OutboxPurpose.REMINDER, chat_id=2001, html="Nhắc việc", now=third
        )
        session.add(message)
        await session.flush()
        session.add(
            ReminderRow(
                assignment_id=1,
                at=third,
                kind=ReminderKind.CHASE,
                state=ReminderState.FIRED,
                handled_at=third,
                outbox_id=message.id,
            )
        )
        await session.flush()
        assert await _escalator().on_chased(session, [1], third) == 1
    async with sessions.begin() as session:
        assert await _escalator().on_chased(session, [1], third + timedelta(hours=1)) == 0
    async with sessions() as session:
        [row] = (await session.scalars(select(EscalationRow))).all()
        notes = (await session.scalars(select(OfficeNoteRow))).all()
    assert (row.task_id, row.owner_id, row.chases, row.leadership_chats) == (1, "bo-ca", 3, 0)
    assert [(n.kind, n.html) for n in notes] == [(OfficeNoteKind.ESCALATION, "#1 3")]
    await engine.dispose()


async def test_downgrading_to_0010_removes_what_0011_added(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    await migrate(engine)
    async with engine.begin() as connection:
        await connection.run_sync(
            lambda sync: command.downgrade(_alembic_config(sync), "0010_recurring_periods")
        )
        tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        invites = await connection.run_sync(
            lambda sync: {c["name"] for c in inspect(sync).get_columns("invites")}
        )
    assert not tables & {"escalations", "leadership_chats", "leadership_summaries"}
    assert "role" not in invites
    assert await current_revision(engine) == "0010_recurring_periods"
    await engine.dispose()
