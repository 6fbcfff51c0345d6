"""Seeding: idempotent, additive, and never touching an existing status."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select

from domain.clock import FakeClock
from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.seedfile import SeedFile
from domain.status import ReminderKind, ReminderState, TaskStatus
from settings import load_settings
from storage.agency_files import shipped_registry
from storage.models import AssignmentRow, ReminderRow, TaskRow
from storage.seed_files import load_seed_file
from tracking.service import Actor
from wiring import SEEDS, Core, build_core

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 09:00 in Hanoi


async def _core(tmp_path: Path) -> Core:
    settings = load_settings(
        {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"}, require_bot=False
    )
    core = build_core(settings, FakeClock(NOW))
    await core.prepare(seed=False)
    return core


def _seeds() -> SeedFile:
    return load_seed_file(SEEDS / "tasks.toml", shipped_registry())


async def _count(core: Core, model: type[object]) -> int:
    async with core.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


async def test_seeding_twice_changes_nothing(tmp_path: Path) -> None:
    core = await _core(tmp_path)
    seeds = _seeds()
    first = await core.tracker.seed(seeds, NOW)
    assert first.tasks_added == len(seeds.tasks)
    counts = [await _count(core, m) for m in (TaskRow, AssignmentRow, ReminderRow)]
    second = await core.tracker.seed(seeds, NOW)
    assert (second.notices_added, second.tasks_added, second.assignments_added) == (0, 0, 0)
    assert [await _count(core, m) for m in (TaskRow, AssignmentRow, ReminderRow)] == counts
    await core.close()


async def test_a_newer_seeds_file_adds_new_tasks_without_touching_existing_status(
    tmp_path: Path,
) -> None:
    core = await _core(tmp_path)
    seeds = _seeds()
    await core.tracker.seed(seeds, NOW)
    async with core.sessions.begin() as session:
        assignment = await session.scalar(select(AssignmentRow).order_by(AssignmentRow.id))
        assert assignment is not None
        assignment.status = TaskStatus.DONE
        done_id = assignment.id
    extra = replace(
        seeds.tasks[0],
        ref="B.II.9",
        seq=1,
        title="Nhiệm vụ bổ sung",
        lead="Bộ Công an",
        members=(),
        deadline=Deadline(
            due=date(2027, 3, 31),
            granularity=Granularity.QUARTER,
            kind=DeadlineKind.DEADLINE,
            phrase="trong Quý I/2027",
        ),
    )
    report = await core.tracker.seed(
        SeedFile(notices=seeds.notices, tasks=(*seeds.tasks, extra)), NOW
    )
    assert (report.tasks_added, report.assignments_added) == (1, 1)
    async with core.sessions() as session:
        kept = await session.get(AssignmentRow, done_id)
    assert kept is not None
    assert kept.status is TaskStatus.DONE
    await core.close()


async def test_old_seeded_deadlines_get_one_overdue_reminder_at_the_next_send_time(
    tmp_path: Path,
) -> None:
    core = await _core(tmp_path)
    await core.tracker.seed(_seeds(), NOW)
    async with core.sessions() as session:
        rows = (
            await session.execute(
                select(ReminderRow.at, ReminderRow.kind)
                .join(AssignmentRow, AssignmentRow.id == ReminderRow.assignment_id)
                .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
                .where(TaskRow.due < date(2026, 11, 23), ReminderRow.state == ReminderState.PENDING)
            )
        ).all()
    assert rows
    # Monday 23/11 09:00 is past the send time, Tuesday 24/11 is a day off (Ngày Văn hóa):
    # every old obligation is summarised on Wednesday 25/11 at 08:30 local, once.
    assert {(at, kind) for at, kind in rows} == {
        (datetime(2026, 11, 25, 1, 30, tzinfo=UTC), ReminderKind.OVERDUE)
    }
    await core.close()


async def test_a_task_for_a_merged_province_is_owned_by_its_successor(tmp_path: Path) -> None:
    core = await _core(tmp_path)
    await core.tracker.seed(_seeds(), NOW)
    async with core.sessions() as session:
        owners = dict(
            (
                await session.execute(
                    select(AssignmentRow.agency_id, AssignmentRow.owner_id).where(
                        AssignmentRow.agency_id.in_(
                            ["ubnd-kien-giang", "ubnd-soc-trang", "bo-tttt"]
                        )
                    )
                )
            ).all()
        )
    registry = core.registry
    names = {registry.get(a).name: registry.get(o).name for a, o in owners.items()}
    assert names.get("UBND tỉnh Kiên Giang") == "UBND tỉnh An Giang"
    assert names.get("UBND tỉnh Sóc Trăng") == "UBND thành phố Cần Thơ"
    assert names.get("Bộ Thông tin và Truyền thông") == "Bộ Khoa học và Công nghệ"
    await core.close()


async def test_an_admin_task_for_a_group_creates_one_obligation_per_member(tmp_path: Path) -> None:
    core = await _core(tmp_path)
    deadline = Deadline(
        due=date(2027, 1, 31), granularity=Granularity.MONTH, kind=DeadlineKind.DEADLINE, phrase="x"
    )
    task_id = await core.tracker.add_task(
        agency="Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
        title="Báo cáo",
        deadline=deadline,
        actor=Actor(name="admin", user_id=1),
        now=NOW,
    )
    detail = await core.tracker.task_detail(task_id)
    assert len(detail.members) == 34
    await core.close()


def test_every_curated_deadline_is_what_the_normaliser_reads_from_its_phrase() -> None:
    """The seeds, notices and /addtask share one meaning of a phrase."""
    from notices.deadlines import parse_deadline

    seeds = _seeds()
    issued = {n.key: n.issued for n in seeds.notices}
    mismatches = []
    for task in seeds.tasks:
        if not task.deadline.phrase:
            continue
        read = parse_deadline(task.deadline.phrase, issued[task.notice])
        if (read.due, read.granularity, read.kind) != (
            task.deadline.due,
            task.deadline.granularity,
            task.deadline.kind,
        ):
            mismatches.append((task.key, task.deadline.phrase, read))
    assert mismatches == []
