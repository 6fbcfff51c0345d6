"""Set-based sweeps on a real SQLite file: racing sweeps fire each reminder once, a failed
sweep loses nothing, a restarted process fires what was left; the claim helper and the
group writer."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Update, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chat.dispatch_wording import ChatRenderer
from delivery.writes import GroupWriter
from domain.clock import FakeClock
from domain.status import OutboxState, ReminderState
from notices.deadlines import parse_admin_deadline
from scheduler.dispatch import Dispatcher
from scheduler.firing import Rendered
from settings import load_settings
from storage.agency_mirror import FINGERPRINT_KEY
from storage.claims import changed_rows, claim, claim_one, new_token
from storage.models import AssignmentRow, ChatRow, MetaRow, OutboxRow, ReminderRow
from tracking.service import Actor
from wiring import Core, build_core

GROUP = "Các bộ, cơ quan, địa phương"
START = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
MORNING = datetime(2026, 12, 4, 1, 30, tzinfo=UTC)  # Friday 08:30 in Hanoi


class NoTransport:
    """Sweeps send nothing; delivery is not under test here."""

    async def send(self, *args: object, **kwargs: object) -> object:
        raise AssertionError("a sweep does not send")

    def stop(self) -> None:
        return None


def _core(path: Path | str) -> Core:
    url = path if isinstance(path, str) else f"sqlite+aiosqlite:///{path}"
    settings = load_settings({"DATABASE_URL": url}, require_bot=False)
    return build_core(settings, FakeClock(START))


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """A fresh database of each kind the product supports."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return tmp_path / "db.sqlite3"


def _dispatcher(core: Core, render: ChatRenderer | None = None) -> Dispatcher:
    return Dispatcher(
        sessions=core.sessions,
        registry=core.registry,
        planner=core.planner,
        transport=NoTransport(),  # type: ignore[arg-type]
        admin_ids=frozenset(),
        render=render or ChatRenderer(),
    )


async def _wave(path: Path | str, *, chats_per_owner: int = 2) -> tuple[Core, list[str]]:
    """Two group tasks for every ministry, agency and province, due on Friday; two focal
    chats per owner except the last owner, who has none."""
    core = _core(path)
    await core.prepare(seed=False)
    for title in ("Báo cáo tình hình", "Báo cáo quý"):
        await core.tracker.add_task(
            agency=GROUP,
            title=title,
            deadline=parse_admin_deadline("04/12/2026", date(2026, 12, 2)),
            actor=Actor(name="test"),
            now=START,
        )
    owners = sorted(
        {core.registry.owner_today(a.id).id for a in core.tracker.members_of(GROUP, ())}
    )
    async with core.sessions.begin() as session:
        for n, owner in enumerate(owners[:-1]):
            for k in range(chats_per_owner):
                session.add(
                    ChatRow(
                        chat_id=10_000 + 10 * n + k,
                        agency_id=owner,
                        title=owner,
                        active=True,
                        joined_at=START,
                        inactive_reason="",
                    )
                )
    return core, owners


async def _due_reminders(core: Core) -> list[ReminderRow]:
    async with core.sessions() as session:
        return list(
            (await session.scalars(select(ReminderRow).where(ReminderRow.at <= MORNING))).all()
        )


async def _check_fired_once(core: Core, owners: list[str]) -> None:
    due = await _due_reminders(core)
    assert due
    silent = owners[-1]
    async with core.sessions() as session:
        owner_of = dict(
            (await session.execute(select(AssignmentRow.id, AssignmentRow.owner_id))).all()
        )
        chat_owner = dict((await session.execute(select(ChatRow.chat_id, ChatRow.agency_id))).all())
        outbox = {row.id: row for row in (await session.scalars(select(OutboxRow))).all()}
    for reminder in due:
        if owner_of[reminder.assignment_id] == silent:
            assert reminder.state is ReminderState.NO_RECIPIENT
            assert reminder.outbox_id is None
            continue
        assert reminder.state is ReminderState.FIRED
        assert reminder.outbox_id is not None
        assert chat_owner[outbox[reminder.outbox_id].chat_id] == owner_of[reminder.assignment_id]
    # One message per chat (both tasks in it), none twice.
    per_chat = Counter(row.chat_id for row in outbox.values())
    assert set(per_chat) == set(chat_owner)
    assert set(per_chat.values()) == {1}
    for row in outbox.values():
        assert row.state is OutboxState.PENDING
        assert len(row.task_ids) == 2


async def test_racing_sweeps_fire_each_due_reminder_once(database: Path | str) -> None:
    path = database
    core, owners = await _wave(path)
    # Three processes' worth of engines on the same file, sweeping at the same instant.
    others = [_core(path) for _ in range(2)]
    results = await asyncio.gather(*(_dispatcher(c).fire_due(MORNING) for c in [core, *others]))
    fired = sum(f for f, _ in results)
    assert fired == len(await _due_reminders(core))
    assert sorted(f for f, _ in results)[:2] == [0, 0]  # the first took them all
    await _check_fired_once(core, owners)
    # And nothing more to do.
    assert await _dispatcher(others[0]).fire_due(MORNING) == (0, 0)
    for c in [core, *others]:
        await c.close()


class _DyingRenderer(ChatRenderer):
    """Dies half-way through the sweep, after the claim, while writing the messages."""

    def reminder(self, *args: object, **kwargs: object) -> list[Rendered]:
        raise RuntimeError("the process dies half-way through the sweep")


async def test_a_failed_sweep_leaves_everything_pending_and_a_restart_fires_it_once(
    tmp_path: Path,
) -> None:
    path = tmp_path / "db.sqlite3"
    core, owners = await _wave(path)
    with pytest.raises(RuntimeError):
        await _dispatcher(core, _DyingRenderer()).fire_due(MORNING)
    due = await _due_reminders(core)
    assert {r.state for r in due} == {ReminderState.PENDING}
    assert {r.claim for r in due} == {None}
    async with core.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxRow)) == 0
    await core.close()

    restarted = _core(path)
    fired, queued = await _dispatcher(restarted).fire_due(MORNING)
    assert fired == len(due)
    assert queued == 2 * (len(owners) - 1)
    await _check_fired_once(restarted, owners)
    await restarted.close()


async def test_the_claim_takes_the_first_rows_by_order_and_leaves_the_rest(
    tmp_path: Path,
) -> None:
    core, _ = await _wave(tmp_path / "db.sqlite3")
    token = new_token()
    async with core.sessions.begin() as session:
        everything = (
            await session.execute(
                select(ReminderRow.id, ReminderRow.at)
                .where(ReminderRow.state == ReminderState.PENDING)
                .order_by(ReminderRow.at, ReminderRow.id)
            )
        ).all()
        rows = await claim(
            session,
            ReminderRow,
            where=[ReminderRow.state == ReminderState.PENDING],
            values={"state": ReminderState.FIRED, "claim": token},
            returning=[ReminderRow.id, ReminderRow.at],
            order_by=[ReminderRow.at, ReminderRow.id],
            limit=10,
        )
        again = await claim(
            session,
            ReminderRow,
            where=[ReminderRow.state == ReminderState.PENDING, ReminderRow.claim == token],
            values={"state": ReminderState.FIRED},
            returning=[ReminderRow.id],
        )
    assert sorted((r.at, r.id) for r in rows) == [(at, i) for i, at in everything[:10]]
    assert again == []  # what is claimed is no longer a candidate
    async with core.sessions() as session:
        left = await session.scalar(
            select(func.count())
            .select_from(ReminderRow)
            .where(ReminderRow.state == ReminderState.PENDING)
        )
    assert left == len(everything) - 10
    await core.close()


async def test_one_row_is_claimed_once_and_changed_rows_are_counted(
    database: Path | str,
) -> None:
    core, _ = await _wave(database)
    async with core.sessions() as session:
        first, second = (
            await session.scalars(select(ReminderRow.id).order_by(ReminderRow.id).limit(2))
        ).all()

    def fire(reminder_id: int) -> Update:
        return (
            update(ReminderRow)
            .where(ReminderRow.id == reminder_id, ReminderRow.state == ReminderState.PENDING)
            .values(state=ReminderState.FIRED)
        )

    async with core.sessions.begin() as session:
        assert await claim_one(session, fire(first)) is True
        assert await claim_one(session, fire(first)) is False  # had already
        assert await claim_one(session, fire(10**9)) is False  # no such row
        released = await changed_rows(
            session,
            update(ReminderRow)
            .where(ReminderRow.id.in_([first, second]))
            .values(state=ReminderState.PENDING),
        )
    assert released == 2
    await core.close()


async def test_the_group_writer_shares_commits_and_a_failing_write_fails_alone(
    tmp_path: Path,
) -> None:
    core = _core(tmp_path / "db.sqlite3")
    await core.prepare(seed=False)
    writer = GroupWriter(core.sessions)

    def put(key: str) -> object:
        async def write(session: object) -> str:
            session.add(MetaRow(key=key, value="v"))  # type: ignore[attr-defined]
            return key

        return write

    async with core.sessions.begin() as session:
        session.add(MetaRow(key="taken", value="v"))
    keys = [f"k{n}" for n in range(40)]
    outcomes = await asyncio.gather(
        *(writer.run(put(k)) for k in [*keys[:20], "taken", *keys[20:]]),  # type: ignore[arg-type]
        return_exceptions=True,
    )
    failures = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(failures) == 1
    assert [o for o in outcomes if not isinstance(o, BaseException)] == keys
    async with core.sessions() as session:
        stored = set((await session.scalars(select(MetaRow.key))).all())
    assert stored == {FINGERPRINT_KEY, "taken", *keys}  # the registry's mirror has its own
    # 41 writes: one shared transaction that failed, then one each; far fewer when none fail.
    before = writer.commits
    await asyncio.gather(*(writer.run(put(f"m{n}")) for n in range(40)))  # type: ignore[arg-type]
    assert writer.commits - before < 40
    await core.close()


async def test_merged_writes_share_one_call_and_a_failing_item_fails_alone(
    tmp_path: Path,
) -> None:
    core = _core(tmp_path / "db.sqlite3")
    await core.prepare(seed=False)
    writer = GroupWriter(core.sessions)
    calls: list[list[str]] = []

    async def put_many(session: AsyncSession, keys: Sequence[str]) -> list[str]:
        calls.append(list(keys))
        session.add_all(MetaRow(key=key, value="v") for key in keys)
        await session.flush()
        return [key.upper() for key in keys]

    async with core.sessions.begin() as session:
        session.add(MetaRow(key="taken", value="v"))
    keys = [f"k{n}" for n in range(40)]
    outcomes = await asyncio.gather(
        *(writer.run_merged(put_many, k) for k in [*keys[:20], "taken", *keys[20:]]),
        return_exceptions=True,
    )
    assert [o for o in outcomes if not isinstance(o, BaseException)] == [k.upper() for k in keys]
    assert sum(isinstance(o, BaseException) for o in outcomes) == 1
    async with core.sessions() as session:
        stored = set((await session.scalars(select(MetaRow.key))).all())
    assert stored == {FINGERPRINT_KEY, "taken", *keys}
    # The first alone (nothing waited yet), the other 40 in one call that failed, then
    # each alone again.
    assert [len(c) for c in calls] == [1, 40, *[1] * 40]
    calls.clear()
    await asyncio.gather(*(writer.run_merged(put_many, f"m{n}") for n in range(40)))
    assert [len(c) for c in calls] == [1, 39]
    await core.close()
