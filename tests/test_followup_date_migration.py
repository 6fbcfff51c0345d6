"""Migration 0013: tasks get their chosen follow-up date (``tasks.followup_on``) on a
database built by the previous head; old tasks have none and keep their plan."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select, text

from storage.db import create_engine, current_revision, head_revision, migrate, session_factory
from storage.models import TaskRow

CREATED = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


async def test_migration_0013_adds_the_follow_up_date_to_a_database_of_the_previous_head(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    await migrate(engine, "0012_tellings")
    async with engine.begin() as c:
        await c.execute(
            text(
                "INSERT INTO agencies (id, name, short, kind, owner_id) VALUES "
                "('bo-cong-an', 'Bộ Công an', 'BCA', 'ministry', 'bo-cong-an')"
            )
        )
        await c.execute(
            text(
                "INSERT INTO tasks (id, ref, title, text, lead, co, kind, phrase, created_at,"
                " created_by) VALUES (1, '', 'Rà soát', 'Rà soát', 'Bộ Công an', '[]', 'none',"
                " 'khẩn trương', :at, '')"
            ),
            {"at": CREATED},
        )
        await c.execute(
            text(
                "INSERT INTO assignments (id, task_id, agency_id, owner_id, status, note)"
                " VALUES (1, 1, 'bo-cong-an', 'bo-cong-an', 'open', '')"
            )
        )
        await c.execute(
            text(
                "INSERT INTO reminders (assignment_id, at, kind, state) "
                "VALUES (1, :at, 'followup', 'pending')"
            ),
            {"at": datetime(2026, 12, 31, 1, 30, tzinfo=UTC)},
        )
    await migrate(engine)
    assert await current_revision(engine) == head_revision()
    sessions = session_factory(engine)
    async with sessions.begin() as session:
        task = await session.scalar(select(TaskRow))
        assert task is not None
        assert task.followup_on is None  # nothing back-filled
        task.followup_on = date(2026, 12, 9)
    async with engine.connect() as c:
        assert (await c.execute(text("SELECT followup_on FROM tasks"))).scalar() == "2026-12-09"
        # The old plan stays as it was.
        assert (await c.execute(text("SELECT count(*) FROM reminders"))).scalar() == 1
    await engine.dispose()
