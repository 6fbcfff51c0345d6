"""The database the scale benchmarks measure, built the way a deployment fills it.

``bench.bench_scale`` builds it on a SQLite file, ``bench.bench_postgres`` on a PostgreSQL
database: the schema, the registry mirror and the shipped seeds (``Core.prepare``), then
notices of tasks stored through the import path (``Tracker.store_notice``: one obligation
per member, its reminder plan, in one transaction per notice), ``MEMBERS`` members a task,
deadlines spread over a year; then the focal-point chats bound, spread over the agencies.
``DUE`` of the obligations (one per agency of the first ``DUE``) are due on the second
morning, before anything else.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.deadline import Deadline, DeadlineKind, Granularity
from storage.local_agency_files import load_local_agencies
from storage.models import ChatRow
from tracking.service import Actor, NewTask, Tracker
from wiring import Core

#: Monday 2/11/2026 08:00 in Hanoi: the tasks are stored then.
BUILT_AT = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
#: Monday 09:00 in Hanoi, in sending hours, nothing due: the idle passes and the bot's clock.
IDLE_AT = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
#: Tuesday 3/11 08:30 in Hanoi: the due obligations' first window (3 days before Friday).
SWEEP_AT = datetime(2026, 11, 3, 1, 30, tzinfo=UTC)
DUE_DAY = date(2026, 11, 6)
#: The rest are due 40 days ahead or later: their first window (30 days before) is past
#: the sweep.
FIRST_LATER = 40
MEMBERS = 20
TASKS_PER_NOTICE = 500
DUE = 1000


@dataclass(frozen=True, kw_only=True, slots=True)
class Shape:
    obligations: int
    chats: int
    agencies: int

    @property
    def due(self) -> int:
        """The obligations due on the second morning (one per agency and chat of the first
        ``DUE``)."""
        return min(DUE, self.obligations, self.agencies, self.chats)


def _deadline(due: date) -> Deadline:
    return Deadline(due=due, granularity=Granularity.DAY, kind=DeadlineKind.DEADLINE, phrase="")


def plan_tasks(shape: Shape, names: Sequence[str]) -> list[NewTask]:
    """The tasks of N obligations over the agencies ``names``: first the due ones (one per
    agency of the first ``DUE``), then the rest, ``MEMBERS`` members a task, each agency's
    share about N / agencies."""
    due = min(DUE, shape.obligations, len(names), shape.chats)
    tasks: list[NewTask] = []
    for first in range(0, due, MEMBERS):
        members = tuple(names[first : min(first + MEMBERS, due)])
        tasks.append(_task(len(tasks), members, DUE_DAY))
    left = shape.obligations - due
    cursor = 0
    while left > 0:
        size = min(MEMBERS, left, len(names))
        members = tuple(names[(cursor + k) % len(names)] for k in range(size))
        cursor = (cursor + size) % len(names)
        later = BUILT_AT.date() + timedelta(days=FIRST_LATER + len(tasks) % 360)
        tasks.append(_task(len(tasks), members, later))
        left -= size
    return tasks


def _task(n: int, members: tuple[str, ...], due: date) -> NewTask:
    return NewTask(
        title=f"Nhiệm vụ số {n}",
        text=f"Giao các cơ quan thực hiện nhiệm vụ số {n}.",
        lead=members[0],
        members=members,
        deadline=_deadline(due),
        ref=str(n),
        seed_key=f"scale|{n}",
    )


async def build(core: Core, shape: Shape, agencies_file: Path, *, batch: int = 50_000) -> float:
    """Schema, registry and seeds, the tasks of ``shape`` over the bodies of
    ``agencies_file`` and its chats (inserted ``batch`` rows a statement); seconds the tasks
    took to store."""
    bodies = load_local_agencies(agencies_file)
    await core.prepare()
    build_s = await store_tasks(core.tracker, plan_tasks(shape, [b.name for b in bodies]))
    await bind_chats(core.sessions, [body.agency().id for body in bodies], shape.chats, batch)
    return build_s


async def store_tasks(tracker: Tracker, tasks: Sequence[NewTask]) -> float:
    """Store the tasks as imported notices of ``TASKS_PER_NOTICE`` tasks; seconds taken."""
    began = time.perf_counter()
    for first in range(0, len(tasks), TASKS_PER_NOTICE):
        report = await tracker.store_notice(
            key=f"scale-{first}",
            number=f"{first}/TB-VPCP",
            issued=BUILT_AT.date(),
            title="Thông báo kết luận",
            source="",
            tasks=tasks[first : first + TASKS_PER_NOTICE],
            actor=Actor(name="bench"),
            now=BUILT_AT,
        )
        if report.skipped:
            raise RuntimeError(f"tasks not stored: {report.skipped[:3]}")
    return time.perf_counter() - began


async def bind_chats(
    sessions: async_sessionmaker[AsyncSession],
    agency_ids: Sequence[str],
    chats: int,
    batch: int = 50_000,
) -> None:
    """``chats`` focal points, the n-th for agency n modulo their count, every tenth a group
    (bound after the tasks were stored, as invitations go out after an import: a chat's
    welcome lists its open tasks, so nothing is left to tell)."""
    rows = [
        {
            "chat_id": -(900_000 + n) if n % 10 == 0 else 900_000 + n,
            "agency_id": agency_ids[n % len(agency_ids)],
            "title": f"Đầu mối {n}",
            "user_id": 900_000 + n,
            "active": True,
            "joined_at": BUILT_AT,
            "inactive_reason": "",
        }
        for n in range(chats)
    ]
    async with sessions.begin() as session:
        for first in range(0, len(rows), batch):
            await session.execute(insert(ChatRow), rows[first : first + batch])
