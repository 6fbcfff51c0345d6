"""A recurring duty's periods in the reports, from a real SQLite database: the periods a
focal point closed with /done (history events) are read back and counted each in its
cell, from the first period the office followed, whatever the notice's issue date; an
undone period gets back what it had (its extension, its proposal)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.clock import FakeClock
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.status import FollowUpStatus, ProposalState, TaskStatus
from reports.figures import build_report
from reports.states import load_obligations
from settings import load_settings
from storage.models import AssignmentRow, ExtensionRow
from tests.report_fixture import VN
from tracking.corrections import Corrections, Who
from tracking.decisions import Decisions
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


def _corrections(core: Core) -> Corrections:
    return Corrections(
        sessions=core.sessions,
        planner=core.planner,
        registry=core.registry,
        admin_ids=(OFFICE.user_id,),
        undo_minutes=10,
    )


async def _undo(core: Core, event_id: int | None, day: date) -> None:
    assert event_id is not None
    await _corrections(core).undo(
        event_id=event_id,
        chat_id=CHAT,
        who=Who(name=FOCAL.name, user_id=FOCAL.user_id),
        now=at(day) + timedelta(minutes=5),
        tell_admins=lambda c: "rút lại",
    )


async def _row(core: Core) -> AssignmentRow:
    async with core.sessions() as session:
        [row] = (await session.scalars(select(AssignmentRow))).all()
    return row


async def _proposal_states(core: Core) -> list[ProposalState]:
    async with core.sessions() as session:
        return list(
            (await session.scalars(select(ExtensionRow.state).order_by(ExtensionRow.id))).all()
        )


async def test_an_undone_period_gets_back_its_extension_and_its_proposal(core: Core) -> None:
    task_id = await _monthly_duty(core)
    # July's period (due 20/7): 31/7 proposed on 15/7, approved by the office on 16/7.
    late = await core.tracker.report_late(
        chat_id=CHAT,
        task_id=task_id,
        reason="chờ số liệu",
        new_due=D(2026, 7, 31),
        actor=FOCAL,
        now=at(D(2026, 7, 15)),
    )
    assert late.proposal_id is not None
    await Decisions(sessions=core.sessions, planner=core.planner, registry=core.registry).decide(
        proposal_id=late.proposal_id,
        approve=True,
        actor_name=OFFICE.name,
        actor_user_id=OFFICE.user_id,
        now=at(D(2026, 7, 16)),
        tell_focal=lambda v: "đồng ý",
    )
    assert (await _row(core)).new_due == D(2026, 7, 31)
    done = await core.tracker.mark_done(
        chat_id=CHAT, task_id=task_id, note="", actor=FOCAL, now=at(D(2026, 7, 25))
    )
    row = await _row(core)
    assert (row.period_due, row.new_due, row.status) == (D(2026, 8, 20), None, TaskStatus.OPEN)
    await _undo(core, done.event_id, D(2026, 7, 25))
    row = await _row(core)
    assert (row.period_due, row.new_due, row.status) == (
        D(2026, 7, 20),
        D(2026, 7, 31),
        TaskStatus.LATE,
    )
    # The reports: July held to 31/7, so in time on 26/7 (as August, begun on 21/7) and
    # overdue from 1/8.
    assert await _periods(core, D(2026, 7, 26)) == [
        (D(2026, 7, 20), S.IN_TIME),
        (D(2026, 8, 20), S.IN_TIME),
    ]
    assert await _periods(core, D(2026, 8, 1)) == [
        (D(2026, 7, 20), S.OVERDUE),
        (D(2026, 8, 20), S.IN_TIME),
    ]

    # A proposal waiting when the period was reported is withdrawn with it, and back with
    # the undo.
    await core.tracker.report_late(
        chat_id=CHAT,
        task_id=task_id,
        reason="chờ ý kiến",
        new_due=D(2026, 8, 5),
        actor=FOCAL,
        now=at(D(2026, 7, 26)),
    )
    again = await core.tracker.mark_done(
        chat_id=CHAT, task_id=task_id, note="", actor=FOCAL, now=at(D(2026, 7, 27))
    )
    assert await _proposal_states(core) == [ProposalState.APPROVED, ProposalState.WITHDRAWN]
    await _undo(core, again.event_id, D(2026, 7, 27))
    assert await _proposal_states(core) == [ProposalState.APPROVED, ProposalState.PENDING]
    assert (await _row(core)).period_due == D(2026, 7, 20)
    obligations = await load_obligations(core.sessions, core.registry, VN)
    report = build_report(obligations, core.registry, as_of=D(2026, 7, 28), today=D(2026, 7, 28))
    july, august = report.items
    assert (july.state.deadline_in_force, july.state.proposed_deadline) == (
        D(2026, 7, 31),
        D(2026, 8, 5),
    )
    assert (august.state.deadline_in_force, august.state.proposed_deadline) == (
        D(2026, 8, 20),
        None,
    )
