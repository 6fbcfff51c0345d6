"""A recurring duty's periods in the reports, from a real SQLite database: the periods a
focal point closed with /done (history events) are read back and counted each in its
cell, from the first period the office followed, whatever the notice's issue date."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path

import pytest

from domain.clock import FakeClock
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.status import FollowUpStatus
from reports.figures import build_report
from reports.states import load_obligations
from settings import load_settings
from tests.report_fixture import VN
from tracking.service import Actor, NewTask
from wiring import Core, build_core

S = FollowUpStatus
D = date
OFFICE = Actor(name="Văn phòng", user_id=1001)
FOCAL = Actor(name="Đầu mối Bộ Công Thương", user_id=6001)
CHAT = 6001


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    settings = load_settings(
        {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'periods.sqlite3'}"},
        require_bot=False,
    )
    built = build_core(settings, FakeClock(at(D(2026, 7, 10))))
    await built.prepare(seed=False)
    try:
        yield built
    finally:
        await built.close()


async def _monthly_duty(core: Core) -> int:
    """A notice of 2024 entered on 10/7/2026: "báo cáo trước ngày 20 hằng tháng"."""
    await core.tracker.store_notice(
        key="56/TB-VPCP",
        number="56/TB-VPCP",
        issued=D(2024, 3, 1),
        title="Thông báo kết luận (thử nghiệm)",
        source="test",
        tasks=[
            NewTask(
                title="Báo cáo tình hình cung ứng xăng dầu",
                text="Báo cáo tình hình cung ứng xăng dầu trước ngày 20 hằng tháng",
                lead="Bộ Công Thương",
                deadline=Deadline(
                    due=None,
                    granularity=Granularity.MONTHLY,
                    kind=DeadlineKind.RECURRING,
                    phrase="trước ngày 20 hằng tháng",
                ),
                members=(),
                ref="3",
                seed_key="test:periods:3",
            )
        ],
        actor=OFFICE,
        now=at(D(2026, 7, 10)),
    )
    invite = await core.tracker.create_invite(
        agency="Bộ Công Thương", actor=OFFICE, now=at(D(2026, 7, 10))
    )
    await core.tracker.redeem_invite(
        token=invite.token, chat_id=CHAT, title="Đầu mối", actor=FOCAL, now=at(D(2026, 7, 10), 11)
    )
    [(task, _, _)] = await core.tracker.all_tasks()
    return task.id


async def _done(core: Core, task_id: int, day: date) -> None:
    await core.tracker.mark_done(
        chat_id=CHAT, task_id=task_id, note="đã gửi báo cáo", actor=FOCAL, now=at(day)
    )


async def _periods(core: Core, as_of: date) -> list[tuple[date | None, S]]:
    obligations = await load_obligations(core.sessions, core.registry, VN)
    report = build_report(obligations, core.registry, as_of=as_of, today=D(2026, 10, 15))
    return [(item.period, item.state.status) for item in report.items]


async def test_periods_reported_with_done_are_counted_each_in_its_cell(core: Core) -> None:
    task_id = await _monthly_duty(core)
    await _done(core, task_id, D(2026, 7, 18))
    await _done(core, task_id, D(2026, 8, 25))
    quarter = [
        (D(2026, 7, 20), S.DONE_ON_TIME),
        (D(2026, 8, 20), S.DONE_LATE),
        (D(2026, 9, 20), S.OVERDUE),
        (D(2026, 10, 20), S.IN_TIME),
    ]
    assert await _periods(core, D(2026, 9, 30)) == quarter
    # September reported on 5/10: the figures of 30/9 stay those of 30/9.
    await _done(core, task_id, D(2026, 10, 5))
    assert await _periods(core, D(2026, 9, 30)) == quarter
    assert (await _periods(core, D(2026, 10, 15)))[2] == (D(2026, 9, 20), S.DONE_LATE)
    # Before the bot followed it (the notice is of 2024), it was a standing duty.
    assert await _periods(core, D(2026, 6, 20)) == [(None, S.STANDING)]
