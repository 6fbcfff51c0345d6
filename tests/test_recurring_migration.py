"""Migration 0010: a recurring duty planned by the previous schema (one reminder before the
end of each period) is followed period by period after the upgrade — its rule and current
period computed at the next start, its old reminder replaced by the period's windows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, select, text

from domain.calendar import WorkingCalendar
from domain.status import ReminderKind, ReminderState
from scheduler.planner import Planner
from scheduler.windows import ReminderPolicy
from storage.db import (
    _alembic_config,
    create_engine,
    current_revision,
    head_revision,
    migrate,
    session_factory,
)
from storage.models import AssignmentRow, ReminderRow, TaskRow
from tracking.followup import replan_flagged

CREATED = datetime(2025, 12, 22, 1, 0, tzinfo=UTC)


async def _old_database(url: str) -> None:
    """Two monthly duties of the previous schema, on the 20th: one open with its pending
    end-of-month reminder, one finished."""
    engine = create_engine(url)
    await migrate(engine, "0009_office_digest")
    async with engine.begin() as c:
        await c.execute(
            text(
                "INSERT INTO agencies (id, name, short, kind, owner_id) VALUES "
                "('bo-cong-an', 'Bộ Công an', 'BCA', 'ministry', 'bo-cong-an')"
            )
        )
        for task_id, status in ((1, "open"), (2, "done")):
            await c.execute(
                text(
                    "INSERT INTO tasks (id, ref, title, text, lead, co, due, granularity, kind,"
                    " phrase, created_at, created_by) VALUES (:id, '', 'Báo cáo số liệu', '',"
                    " 'Bộ Công an', '[]', NULL, 'monthly', 'recurring',"
                    " 'trước ngày 20 hằng tháng', :at, 'hệ thống')"
                ),
                {"id": task_id, "at": CREATED},
            )
            await c.execute(
                text(
                    "INSERT INTO assignments (id, task_id, agency_id, owner_id, status, note)"
                    " VALUES (:id, :id, 'bo-cong-an', 'bo-cong-an', :status, '')"
                ),
                {"id": task_id, "status": status},
            )
        await c.execute(
            text(
                "INSERT INTO reminders (assignment_id, at, kind, state) "
                "VALUES (1, :at, 'recurring', 'pending')"
            ),
            {"at": datetime(2026, 12, 28, 1, 30, tzinfo=UTC)},
        )
    await engine.dispose()


async def test_a_monthly_duty_of_the_previous_schema_is_planned_on_its_period(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    await _old_database(url)
    engine = create_engine(url)
    await migrate(engine)
    assert await current_revision(engine) == head_revision()
    sessions = session_factory(engine)
    async with sessions() as session:
        flagged = {a.id: a.replan for a in (await session.scalars(select(AssignmentRow))).all()}
    assert flagged == {1: True, 2: False}

    # The start on Wednesday 2/12/2026 at 10:00: December's period, due Sunday 20/12.
    planner = Planner(policy=ReminderPolicy(), calendar=WorkingCalendar())
    now = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    assert await replan_flagged(sessions, planner, now) == 1
    assert await replan_flagged(sessions, planner, now) == 0
    async with sessions() as session:
        task = await session.get(TaskRow, 1)
        done_task = await session.get(TaskRow, 2)
        open_one = await session.get(AssignmentRow, 1)
        reminders = (
            await session.scalars(
                select(ReminderRow).where(ReminderRow.assignment_id == 1).order_by(ReminderRow.id)
            )
        ).all()
    assert task is not None
    assert open_one is not None
    assert done_task is not None
    assert task.recurrence == "FREQ=MONTHLY;BYMONTHDAY=20"
    assert done_task.recurrence is None  # nothing to plan
    assert open_one.period_due == date(2026, 12, 20)
    assert [(r.kind, r.state) for r in reminders] == [
        (ReminderKind.RECURRING, ReminderState.CANCELLED),
        (ReminderKind.BEFORE, ReminderState.PENDING),
        (ReminderKind.BEFORE, ReminderState.PENDING),
        (ReminderKind.BEFORE, ReminderState.PENDING),
        (ReminderKind.DUE, ReminderState.PENDING),
        (ReminderKind.OVERDUE, ReminderState.PENDING),
    ]
    assert [r.days_before for r in reminders[1:4]] == [14, 7, 3]
    await engine.dispose()


async def test_downgrading_to_0009_removes_what_0010_added(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    await migrate(engine)
    async with engine.begin() as connection:
        await connection.run_sync(
            lambda sync: command.downgrade(_alembic_config(sync), "0009_office_digest")
        )
        columns = await connection.run_sync(
            lambda sync: {
                table: {c["name"] for c in inspect(sync).get_columns(table)}
                for table in ("tasks", "assignments")
            }
        )
    assert "recurrence" not in columns["tasks"]
    assert "period_due" not in columns["assignments"]
    assert await current_revision(engine) == "0009_office_digest"
    await engine.dispose()
