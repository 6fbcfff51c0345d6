"""Upgrading a database made by the previous schema: a late report's date becomes an
approved extension only if an admin made it; a focal point's becomes an open proposal."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from domain.calendar import WorkingCalendar
from domain.status import EventKind, FollowUpStatus, ProposalState, ReminderState
from scheduler.planner import Planner
from scheduler.windows import ReminderPolicy
from storage.db import create_engine, current_revision, head_revision, migrate, session_factory
from storage.models import AssignmentRow, EventRow, ExtensionRow, ReminderRow
from tracking.followup import replan_flagged
from tracking.statuses import group_by_task, load_states

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN = 1001
FOCAL = 2001


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"


def ts(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


async def _old_database(url: str) -> None:
    """What the previous code wrote: three tasks, each with a /late that carried a date
    (by a focal point; by an admin whose chat was bound to the agency; by a focal point on
    a task finished since), and the reminders /late re-planned on that date."""
    engine = create_engine(url)
    await migrate(engine, "0004_delivery_leases")
    assert await current_revision(engine) == "0004_delivery_leases"
    created = ts(2025, 2, 23, 1, 0)
    async with engine.begin() as c:
        await c.execute(
            text(
                "INSERT INTO agencies (id, name, short, kind, owner_id) VALUES "
                "('bo-cong-an', 'Bộ Công an', 'BCA', 'ministry', 'bo-cong-an')"
            )
        )
        for task_id in (1, 2, 3):
            await c.execute(
                text(
                    "INSERT INTO tasks (id, ref, title, text, lead, co, due, granularity, kind,"
                    " phrase, created_at, created_by) VALUES (:id, '', :title, :text,"
                    " 'Bộ Công an', '[]', :due, 'day', 'deadline', '30/6/2025', :at, 'hệ thống')"
                ),
                {
                    "id": task_id,
                    "title": f"Nhiệm vụ {task_id}",
                    "text": f"Nhiệm vụ {task_id}",
                    "due": date(2025, 6, 30),
                    "at": created,
                },
            )
            await c.execute(
                text(
                    "INSERT INTO events (task_id, at, kind, actor, detail) "
                    "VALUES (:id, :at, 'created', 'hệ thống', '1 cơ quan')"
                ),
                {"id": task_id, "at": created},
            )
        late = [
            (1, "late", date(2025, 9, 30), FOCAL, "Lan", ts(2025, 6, 20, 2, 0)),
            (2, "late", date(2025, 10, 31), ADMIN, "Quản trị", ts(2025, 6, 21, 2, 0)),
            (3, "done", date(2025, 8, 31), FOCAL, "Lan", ts(2025, 6, 22, 2, 0)),
        ]
        for task_id, status, new_due, user, name, at in late:
            await c.execute(
                text(
                    "INSERT INTO assignments (id, task_id, agency_id, owner_id, status, status_at,"
                    " new_due, note) VALUES (:id, :id, 'bo-cong-an', 'bo-cong-an', :status, :at,"
                    " :new_due, 'chờ ý kiến Bộ Tư pháp')"
                ),
                {"id": task_id, "status": status, "at": at, "new_due": new_due},
            )
            await c.execute(
                text(
                    "INSERT INTO events (task_id, assignment_id, at, kind, actor, actor_user_id,"
                    " detail) VALUES (:id, :id, :at, 'late', :name, :user, :detail)"
                ),
                {
                    "id": task_id,
                    "at": at,
                    "name": name,
                    "user": user,
                    "detail": f"chờ ý kiến Bộ Tư pháp (ngày mới: {new_due:%d/%m/%Y})",
                },
            )
            if status == "late":
                await c.execute(
                    text(
                        "INSERT INTO reminders (assignment_id, at, kind, days_before, state)"
                        " VALUES (:id, :at, 'due', NULL, 'pending')"
                    ),
                    {"id": task_id, "at": datetime.combine(new_due, datetime.min.time(), UTC)},
                )
    await engine.dispose()


async def test_late_dates_become_approved_extensions_or_open_proposals(database_url: str) -> None:
    await _old_database(database_url)
    engine = create_engine(database_url)
    await migrate(engine, admin_ids={ADMIN})
    assert await current_revision(engine) == head_revision()
    sessions = session_factory(engine)
    async with sessions() as session:
        extensions = {
            e.assignment_id: e for e in (await session.scalars(select(ExtensionRow))).all()
        }
        assignments = {a.id: a for a in (await session.scalars(select(AssignmentRow))).all()}
        kinds = {(e.assignment_id, e.kind) for e in (await session.scalars(select(EventRow))).all()}
        states = group_by_task(await load_states(session, as_of=date(2025, 7, 15), timezone=VN))
    # The focal point's date: an open proposal; the assigned deadline is in force again.
    assert extensions[1].state is ProposalState.PENDING
    assert extensions[1].proposed_due == date(2025, 9, 30)
    assert extensions[1].proposed_by_user == FOCAL
    assert assignments[1].new_due is None
    assert assignments[1].replan
    assert (1, EventKind.EXTENSION_PROPOSED) in kinds
    assert (1, EventKind.LATE) in kinds
    [one] = states[1]
    assert one.status is FollowUpStatus.OVERDUE
    assert one.deadline_in_force == date(2025, 6, 30)
    assert one.proposed_deadline == date(2025, 9, 30)
    # The admin's date: approved by them, in force.
    assert extensions[2].state is ProposalState.APPROVED
    assert extensions[2].decided_by_user == ADMIN
    assert assignments[2].new_due == date(2025, 10, 31)
    assert not assignments[2].replan
    [two] = states[2]
    assert two.status is FollowUpStatus.IN_TIME
    assert two.deadline_in_force == date(2025, 10, 31)
    assert two.proposed_deadline is None
    # Finished since: the proposal is recorded, nothing to re-plan.
    assert extensions[3].state is ProposalState.PENDING
    assert not assignments[3].replan
    # The reminders that followed the focal point's date follow the deadline in force.
    planner = Planner(policy=ReminderPolicy(), calendar=WorkingCalendar())
    now = datetime(2025, 7, 15, 3, 0, tzinfo=UTC)
    assert await replan_flagged(sessions, planner, now) == 1
    assert await replan_flagged(sessions, planner, now) == 0
    async with sessions() as session:
        reminders = (
            await session.scalars(select(ReminderRow).where(ReminderRow.assignment_id == 1))
        ).all()
        flagged = await session.get(AssignmentRow, 1)
    assert flagged is not None
    assert not flagged.replan
    assert [r.state for r in reminders] == [ReminderState.CANCELLED, ReminderState.PENDING]
    assert reminders[1].kind.value == "overdue"
    await migrate(engine, admin_ids={ADMIN})  # a second run changes nothing
    async with sessions() as session:
        assert len((await session.scalars(select(ExtensionRow))).all()) == 3
    await engine.dispose()
