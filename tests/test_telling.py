"""Telling agencies of their new tasks: the grouped wording (pure), and the sweep against a
real SQLite file — who is recorded, one message per chat, exactly once even when the sweep
dies before its commit, nothing for a task no longer the agency's."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from chat import assigned_messages
from chat.fitting import TEXT_LIMIT
from chat.list_messages import PAGE_SIZE
from domain.clock import FakeClock
from domain.deadline import DeadlineKind, Granularity
from domain.status import OutboxPurpose, TaskStatus, TellingRole, TellingState
from domain.task_line import TaskLine
from notices.deadlines import parse_admin_deadline
from settings import load_settings
from storage.db import create_engine, current_revision, head_revision, migrate
from storage.models import ChatRow, OutboxRow, TellingRow
from tracking.corrections import Corrections, Who
from tracking.service import Actor
from tracking.telling_sweep import GATHER, Teller
from tracking.views import AssignedItem, NoticeRef
from wiring import Core, build_core

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Wednesday 10:00 in Hanoi
TODAY = date(2026, 12, 2)
LATER = NOW + GATHER
NOTICE = NoticeRef(number="56/TB-VPCP", issued=date(2025, 2, 23), title="")
ADMIN = Actor(name="Quản trị", user_id=1001)


def line(task_id: int, due: date | None = date(2026, 12, 20)) -> TaskLine:
    return TaskLine(
        task_id=task_id,
        title=f"Rà soát dữ liệu dân cư (số {task_id})",
        due=due,
        granularity=Granularity.DAY if due else None,
        kind=DeadlineKind.DEADLINE if due else DeadlineKind.NONE,
        phrase="" if due else "khẩn trương",
        status=TaskStatus.OPEN,
        assigned_as="Bộ Công an",
    )


def item(task_id: int, *, co: bool = False, notice: NoticeRef | None = NOTICE) -> AssignedItem:
    return AssignedItem(line=line(task_id), notice=notice, co=co, lead="Bộ Tài chính")


def render(items: Sequence[AssignedItem]) -> list[tuple[str, list[int], Any]]:
    return assigned_messages.assigned("Vụ Tổng hợp – VPCP", "Bộ Công an", items, TODAY)


# ---------------------------------------------------------------- wording (pure)


def test_the_first_line_says_how_many_from_which_notice_and_each_task_has_its_buttons() -> None:
    [(html, task_ids, keyboard)] = render([item(1), item(2), item(3, co=True)])
    first, second = html.splitlines()[:2]
    assert first == (
        "📌 <b>Vụ Tổng hợp – VPCP giao 3 nhiệm vụ mới từ Thông báo số 56/TB-VPCP ngày 23/2/2025</b>"
    )
    assert second.startswith("Bộ Công an chủ trì 2 nhiệm vụ, phối hợp 1 nhiệm vụ.")
    assert task_ids == [1, 2, 3]
    assert [b["data"] for row in keyboard for b in row] == ["done:1", "late:1", "done:2", "late:2"]
    # The co-operation comes after the agency's own tasks, marked, with its lead.
    assert html.index("#2</b>") < html.index("<b>🤝 Phối hợp</b>") < html.index("🤝 <b>#3</b>")
    assert "— chủ trì: Bộ Tài chính" in html


def test_a_task_the_office_added_itself_names_no_notice() -> None:
    [(html, _, _)] = render([item(7, notice=None)])
    assert html.splitlines()[0] == "📌 <b>Vụ Tổng hợp – VPCP giao 1 nhiệm vụ mới</b>"
    assert "Bộ Công an là cơ quan chủ trì." in html
    assert "<code>/xong 7</code>" in html


def test_only_co_operations_are_for_information_without_buttons() -> None:
    [(html, task_ids, keyboard)] = render([item(4, co=True)])
    assert html.startswith("🤝 <b>Vụ Tổng hợp – VPCP gửi 1 nhiệm vụ mới để phối hợp")
    assert "bot không nhắc việc các nhiệm vụ này" in html
    assert task_ids == [4]
    assert keyboard is None


def test_tasks_from_several_notices_say_where_each_came_from() -> None:
    other = NoticeRef(number="", issued=date(2025, 12, 22), title="")
    [(html, _, _)] = render([item(1), item(2, notice=other), item(3, notice=None)])
    assert html.splitlines()[0].endswith("giao 3 nhiệm vụ mới từ nhiều văn bản</b>")
    assert "<i>Thông báo số 56/TB-VPCP ngày 23/2/2025</i>" in html
    assert "<i>thông báo ngày 22/12/2025</i>" in html
    assert "<i>Văn phòng bổ sung</i>" in html


def test_a_long_notice_is_one_message_that_pages_each_page_with_its_own_buttons() -> None:
    items = [item(n) for n in range(1, 20)] + [item(n, co=True) for n in range(20, 23)]
    [(html, task_ids, keyboard)] = render(items)
    # The message knows every task it lists (◀ ▶ and replies); its buttons are the page's.
    assert task_ids == list(range(1, 23))
    assert [b["data"] for b in keyboard[-1]] == ["pg:n:0", "pg:n:1"]
    assert "Trang 1/3 (nhiệm vụ 1–8 trong 22)" in html
    seen: list[int] = []
    for number in range(3):
        page = assigned_messages.assigned_page(
            "Văn phòng theo dõi", "Bộ Công an", items, TODAY, number
        )
        assert len(page.html) <= TEXT_LIMIT
        assert "giao 22 nhiệm vụ mới" in page.html.splitlines()[0]
        shown = [int(n) for n in re.findall(r"#(\d+)</b> ·", page.html)]
        assert 1 <= len(shown) <= PAGE_SIZE
        assert page.task_ids == [n for n in shown if n < 20]
        seen += shown
    assert seen == list(range(1, 23))
    assert "<b>🤝 Phối hợp</b>" in page.html


# ---------------------------------------------------------------- the sweep (SQLite)


@dataclass(kw_only=True)
class World:
    core: Core
    teller: Teller
    bca: str
    byt: str


class Crash(Exception):
    """The sweep dies between its claim and its commit."""


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    settings = load_settings(
        {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}", "ADMIN_IDS": "1001"},
        require_bot=False,
    )
    core = build_core(settings, FakeClock(NOW))
    await core.prepare(seed=False)
    bca = core.registry.resolve("Bộ Công an").id
    byt = core.registry.resolve("Bộ Y tế").id
    teller = Teller(
        sessions=core.sessions,
        registry=core.registry,
        timezone=settings.timezone,
        render=lambda agency, items, today: assigned_messages.assigned(
            "Văn phòng theo dõi", agency, items, today
        ),
    )
    try:
        yield World(core=core, teller=teller, bca=bca, byt=byt)
    finally:
        await core.close()


async def bind(world: World, chat_id: int, agency_id: str) -> None:
    async with world.core.sessions.begin() as session:
        session.add(
            ChatRow(
                chat_id=chat_id,
                agency_id=agency_id,
                title=str(chat_id),
                user_id=chat_id,
                active=True,
                joined_at=NOW,
                inactive_reason="",
            )
        )


async def add(
    world: World, agency: str, title: str, due: str = "20/12/2026", *, at: datetime = NOW
) -> int:
    return await world.core.tracker.add_task(
        agency=agency,
        title=title,
        deadline=parse_admin_deadline(due, TODAY),
        actor=ADMIN,
        now=at,
    )


async def assigned_rows(world: World) -> list[OutboxRow]:
    async with world.core.sessions() as session:
        return list(
            (
                await session.scalars(
                    select(OutboxRow)
                    .where(OutboxRow.purpose == OutboxPurpose.ASSIGNED)
                    .order_by(OutboxRow.id)
                )
            ).all()
        )


async def tellings(world: World) -> list[TellingRow]:
    async with world.core.sessions() as session:
        return list((await session.scalars(select(TellingRow).order_by(TellingRow.id))).all())


async def test_only_agencies_with_a_chat_are_recorded_to_be_told(world: World) -> None:
    await bind(world, 2001, world.bca)
    await add(world, "Bộ Công an", "Rà soát dữ liệu dân cư")
    await add(world, "Bộ Y tế", "Hồ sơ sức khỏe điện tử")  # no chat: told in its welcome
    [row] = await tellings(world)
    assert (row.agency_id, row.role, row.state) == (
        world.bca,
        TellingRole.LEAD,
        TellingState.PENDING,
    )
    assert await world.teller.earliest() == NOW + GATHER


async def test_a_sweep_that_dies_before_its_commit_leaves_everything_to_tell_once(
    world: World,
) -> None:
    await bind(world, 2001, world.bca)
    await bind(world, 2002, world.bca)  # a second focal point of the same agency
    for title in ("Rà soát dữ liệu dân cư", "Hoàn thiện Đề án 06"):
        await add(world, "Bộ Công an", title)

    def crash(agency: str, items: Sequence[AssignedItem], today: date) -> list[Any]:
        raise Crash

    dying = Teller(
        sessions=world.core.sessions,
        registry=world.core.registry,
        timezone=world.core.settings.timezone,
        render=crash,
    )
    with pytest.raises(Crash):
        await dying.fire(LATER)
    assert await assigned_rows(world) == []
    assert {t.state for t in await tellings(world)} == {TellingState.PENDING}

    assert await world.teller.fire(LATER) == 2
    assert await world.teller.fire(LATER + timedelta(minutes=1)) == 0
    rows = await assigned_rows(world)
    assert sorted(r.chat_id for r in rows) == [2001, 2002]
    assert all("giao 2 nhiệm vụ mới" in r.html and r.task_ids == [1, 2] for r in rows)
    told = await tellings(world)
    assert {t.state for t in told} == {TellingState.TOLD}
    assert {t.outbox_id for t in told} == {rows[0].id}
    assert await world.teller.earliest() is None


async def test_what_comes_in_together_is_told_together(world: World) -> None:
    await bind(world, 2001, world.bca)
    await add(world, "Bộ Công an", "Rà soát dữ liệu dân cư")
    # A minute later, before the first is told, a second: both wait for the second's time.
    second = NOW + timedelta(minutes=1)
    await add(world, "Bộ Công an", "Hoàn thiện Đề án 06", at=second)
    assert await world.teller.earliest() == second + GATHER
    assert await world.teller.fire(second + GATHER - timedelta(seconds=1)) == 0
    assert await world.teller.fire(second + GATHER) == 1
    [row] = await assigned_rows(world)
    assert row.task_ids == [1, 2]
    assert "giao 2 nhiệm vụ mới" in row.html


async def test_a_task_finished_or_withdrawn_before_its_time_is_not_told(world: World) -> None:
    await bind(world, 2001, world.bca)
    kept = await add(world, "Bộ Công an", "Rà soát dữ liệu dân cư")
    done = await add(world, "Bộ Công an", "Hoàn thiện Đề án 06")
    await world.core.tracker.mark_done(chat_id=2001, task_id=done, note="", actor=ADMIN, now=NOW)
    assert await world.teller.fire(LATER) == 1
    [row] = await assigned_rows(world)
    assert row.task_ids == [kept]
    states = {t.task_id: t.state for t in await tellings(world)}
    assert states == {kept: TellingState.TOLD, done: TellingState.SUPERSEDED}


async def test_an_agency_whose_chat_was_lost_meanwhile_has_no_recipient(world: World) -> None:
    await bind(world, 2001, world.bca)
    await add(world, "Bộ Công an", "Rà soát dữ liệu dân cư")
    async with world.core.sessions.begin() as session:
        chat = await session.scalar(select(ChatRow).where(ChatRow.chat_id == 2001))
        assert chat is not None
        chat.active = False
    assert await world.teller.fire(LATER) == 0
    assert [t.state for t in await tellings(world)] == [TellingState.NO_RECIPIENT]


async def test_migration_0012_adds_the_tellings_to_a_database_of_the_previous_head(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    await migrate(engine, "0011_escalations")
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
                " created_by) VALUES (1, '', 'Luật', 'Luật', 'Bộ Công an', '[]', 'deadline',"
                " '', :at, '')"
            ),
            {"at": NOW},
        )
    await migrate(engine)
    assert await current_revision(engine) == head_revision()
    async with engine.connect() as c:
        tables = set(
            (await c.execute(text("SELECT name FROM sqlite_master WHERE type='table'")))
            .scalars()
            .all()
        )
        assert "tellings" in tables
        # Nothing is back-filled: the old tasks were never "new" to anybody.
        assert (await c.execute(text("SELECT count(*) FROM tellings"))).scalar() == 0
        assert (await c.execute(text("SELECT title FROM tasks"))).scalars().all() == ["Luật"]
    await engine.dispose()


async def test_seeded_tasks_are_told_to_a_chat_bound_before_the_seeds_were_loaded(
    world: World,
) -> None:
    # A deployment that bound its focal points first and loaded the seeds next.
    await bind(world, 2001, world.bca)
    report = await world.core.prepare(seed=True)
    assert report is not None
    assert report.tasks_added > 0
    rows = await tellings(world)
    assert rows
    assert {t.agency_id for t in rows} == {world.bca}
    assert await world.teller.fire(LATER) == 1
    parts = await assigned_rows(world)
    first = parts[0].html.splitlines()[0]
    assert f"giao {len(rows)} nhiệm vụ mới" in first
    # The seeds come from several notices: each task says where it came from.
    assert "từ nhiều văn bản" in first
    assert re.search(r"<i>Thông báo số \d+/TB-VPCP ngày \d+/\d+/20\d\d</i>", parts[0].html)
    assert len(parts) == 1  # one message; ◀ ▶ page through the rest
    # Loading the seeds again adds nothing, and tells nothing again.
    await world.core.prepare(seed=True)
    assert await world.teller.fire(LATER + GATHER) == 0


async def test_moves_and_co_operations_changed_before_their_time_change_who_is_told(
    world: World,
) -> None:
    tracker = world.core.tracker
    corrections = Corrections(
        sessions=tracker.sessions,
        planner=tracker.planner,
        registry=tracker.registry,
        admin_ids=tracker.admin_ids,
        undo_minutes=tracker.undo_minutes,
    )
    await bind(world, 2001, world.bca)
    await bind(world, 2002, world.byt)
    btc = world.core.registry.resolve("Bộ Tài chính").id
    await bind(world, 2003, btc)
    task_id = await add(world, "Bộ Công an", "Rà soát dữ liệu dân cư")

    async def edit(field: str, value: str) -> None:
        await corrections.edit(
            task_id=task_id,
            field=field,
            value=value,
            who=Who(name="Quản trị", user_id=1001),
            now=NOW,
            read_deadline=lambda text: parse_admin_deadline(text, TODAY),
            tell_focal=lambda c: f"sửa #{c.task_id}",
        )

    await edit("phối hợp", "Bộ Tài chính")
    await edit("chủ trì", "Bộ Y tế")  # moved before the Ministry of Public Security was told
    await edit("phối hợp", "không")  # the co-operation dropped before it was told
    states = {(t.agency_id, t.role): t.state for t in await tellings(world)}
    assert states == {
        (world.bca, TellingRole.LEAD): TellingState.SUPERSEDED,
        (btc, TellingRole.CO): TellingState.SUPERSEDED,
        (world.byt, TellingRole.LEAD): TellingState.PENDING,
    }
    assert await world.teller.fire(LATER) == 1
    [row] = await assigned_rows(world)
    assert row.chat_id == 2002
    assert "Bộ Y tế là cơ quan chủ trì" in row.html
