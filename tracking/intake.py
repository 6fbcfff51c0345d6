"""Notices and tasks coming in: the agency registry mirrored, the seeds, an imported
notice stored."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import UnknownAgency
from domain.seedfile import SeedFile, SeedTask
from storage.agency_mirror import mirror_registry
from storage.models import NoticeRow, TaskRow
from tracking import wording as say
from tracking.core import SYSTEM, Actor, NewTask, TrackerCore
from tracking.views import SeedReport, StoreReport


class Intake(TrackerCore):
    """Use cases of the imports: the registry, the seeds, a stored notice."""

    async def sync_registry(self) -> int:
        """Mirror the agency registry into the database (skipped when the database already
        holds this registry: see :mod:`storage.agency_mirror`); returns the count."""
        async with self._sessions.begin() as session:
            await mirror_registry(session, self.registry)
        return len(self.registry.all())

    async def seed(self, seed_file: SeedFile, now: datetime) -> SeedReport:
        """Load notices and tasks; idempotent. Existing tasks (by seed key) are left as they
        are, so a newer seeds file only adds what is new and never resets a status. The
        registry must be mirrored first (:meth:`sync_registry`, as ``Core.prepare`` does)."""
        agencies = len(self.registry.all())
        notices_added = tasks_added = assignments_added = reminders = 0
        async with self._sessions.begin() as session:
            notice_ids: dict[str, int] = {}
            for notice in seed_file.notices:
                row, created = await _notice(
                    session,
                    key=notice.key,
                    number=notice.number,
                    issued=notice.issued,
                    title=notice.title,
                    source=notice.source,
                    now=now,
                )
                notice_ids[notice.key] = row.id
                notices_added += created
            known = await _known_keys(session, [task.key for task in seed_file.tasks])
            for task in seed_file.tasks:
                if task.key in known:
                    continue
                _, added, planned = await self._create_task(
                    session,
                    _from_seed(task),
                    notice_id=notice_ids[task.notice],
                    actor=SYSTEM,
                    now=now,
                )
                tasks_added += 1
                assignments_added += added
                reminders += planned
        return SeedReport(
            agencies=agencies,
            notices_added=notices_added,
            tasks_added=tasks_added,
            assignments_added=assignments_added,
            reminders_planned=reminders,
        )

    async def store_notice(
        self,
        *,
        key: str,
        number: str,
        issued: date | None,
        title: str,
        source: str,
        tasks: Sequence[NewTask],
        actor: Actor,
        now: datetime,
    ) -> StoreReport:
        """Store an imported notice and its tasks; importing the same notice again adds
        only tasks it did not have (each task is keyed by notice, reference and order).

        A task whose agency the registry does not know is not stored but reported."""
        skipped: list[str] = []
        task_ids: list[int] = []
        added = existing = 0
        async with self._sessions.begin() as session:
            notice, created = await _notice(
                session, key=key, number=number, issued=issued, title=title, source=source, now=now
            )
            known = await _known_keys(session, [new.seed_key for new in tasks])
            for new in tasks:
                if new.seed_key in known:
                    existing += 1
                    continue
                try:
                    task_id, _, _ = await self._create_task(
                        session, new, notice_id=notice.id, actor=actor, now=now
                    )
                except UnknownAgency as error:
                    skipped.append(say.skipped_unknown_lead(new.ref, new.title, error.name))
                    continue
                task_ids.append(task_id)
                added += 1
        return StoreReport(
            notice_key=key,
            notice_created=created,
            tasks_added=added,
            tasks_existing=existing,
            skipped=tuple(skipped),
            task_ids=tuple(task_ids),
        )


#: Keys looked up per statement (well under SQLite's limit of bound parameters).
_KEYS_AT_ONCE = 500


async def _known_keys(session: AsyncSession, keys: Sequence[str | None]) -> set[str | None]:
    """Which of ``keys`` tasks already have, through the index of ``tasks.seed_key``: the
    seeds are looked for at every start, and reading every task's key instead took a tenth
    of a second at 50,000 tasks."""
    wanted = sorted({key for key in keys if key is not None})
    known: set[str | None] = set()
    for at in range(0, len(wanted), _KEYS_AT_ONCE):
        chunk = wanted[at : at + _KEYS_AT_ONCE]
        found = await session.scalars(select(TaskRow.seed_key).where(TaskRow.seed_key.in_(chunk)))
        known.update(found)
    if None in keys:  # as when every key was read: a task without one "has" no key too
        none = select(TaskRow.id).where(TaskRow.seed_key.is_(None)).limit(1)
        if await session.scalar(none) is not None:
            known.add(None)
    return known


async def _notice(
    session: AsyncSession,
    *,
    key: str,
    number: str,
    issued: date | None,
    title: str,
    source: str,
    now: datetime,
) -> tuple[NoticeRow, bool]:
    """The notice with this key, created if new; True when it was created."""
    row = await session.scalar(select(NoticeRow).where(NoticeRow.key == key))
    if row is not None:
        return row, False
    row = NoticeRow(
        key=key, number=number, issued=issued, title=title, source=source, created_at=now
    )
    session.add(row)
    await session.flush()
    return row, True


def _from_seed(task: SeedTask) -> NewTask:
    return NewTask(
        title=task.title,
        text=task.text,
        lead=task.lead,
        deadline=task.deadline,
        members=task.members,
        co=task.co,
        ref=task.ref,
        seed_key=task.key,
    )
