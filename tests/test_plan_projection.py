"""The command line's plan on a real SQLite file: what follows a pending reminder is
projected with the planner's rule for what follows a fired one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from domain.clock import FakeClock
from domain.status import ReminderKind
from notices.deadlines import parse_admin_deadline
from settings import load_settings
from tracking.plan import projected_reminders
from tracking.service import Actor
from wiring import build_core

START = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Wednesday 2/12/2026, 10:00 in Hanoi


async def test_an_overdue_reminder_is_projected_with_its_weekly_chases(tmp_path: Path) -> None:
    settings = load_settings(
        {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"}, require_bot=False
    )
    core = build_core(settings, FakeClock(START))
    await core.prepare(seed=False)
    try:
        await core.tracker.add_task(
            agency="Bộ Công an",
            title="Báo cáo tình hình",
            deadline=parse_admin_deadline("30/11/2026", date(2026, 11, 1)),
            actor=Actor(name="test"),
            now=START,
        )
        items = await projected_reminders(
            core.sessions, core.planner, date(2026, 12, 2), date(2026, 12, 31)
        )
    finally:
        await core.close()

    # Overdue when planned: one OVERDUE at the next send slot (Thursday 3/12), then a
    # chase every Thursday after it.
    assert [(kind, core.planner.local_day(at)) for at, kind, _, _ in items] == [
        (ReminderKind.OVERDUE, date(2026, 12, 3)),
        *((ReminderKind.CHASE, date(2026, 12, day)) for day in (10, 17, 24, 31)),
    ]
