"""The registry's mirror in the database: skipped when the registry is unchanged, written in
set-based statements otherwise, with the obligations of merged agencies re-pointed exactly as
the former row-by-row sync did."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.agencies import Agency, AgencyKind, AgencyRegistry
from domain.clock import FakeClock
from notices.deadlines import parse_admin_deadline
from settings import load_settings
from storage.agency_mirror import FINGERPRINT_KEY, fingerprint, mirror_rows
from storage.models import AgencyRow, AssignmentRow, MetaRow
from tracking.service import Actor
from wiring import Core, build_core

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


def _core(db: Path | str, registry: AgencyRegistry | None = None) -> Core:
    """A core on the SQLite file ``db`` (or the database URL ``db``)."""
    url = db if isinstance(db, str) else f"sqlite+aiosqlite:///{db}"
    settings = load_settings({"DATABASE_URL": url}, require_bot=False)
    return build_core(settings, FakeClock(NOW), registry)


def _ministry(agency_id: str, name: str, successor: str | None = None) -> Agency:
    return Agency(
        id=agency_id,
        name=name,
        short=agency_id.upper(),
        kind=AgencyKind.MINISTRY,
        aliases=(),
        successor=successor,
        reorganised=date(2026, 12, 1) if successor else None,
    )


BEFORE = AgencyRegistry(
    [
        _ministry("alpha", "Bộ Alpha"),
        _ministry("beta", "Bộ Beta"),
        _ministry("gamma", "Bộ Gamma"),
        _ministry("delta", "Bộ Delta"),
    ],
    [],
)
# Alpha merged into Beta, Gamma into Delta and Delta into Beta (a chain), Beta renamed,
# Epsilon new.
AFTER = AgencyRegistry(
    [
        _ministry("alpha", "Bộ Alpha", successor="beta"),
        _ministry("beta", "Bộ Beta và Alpha"),
        _ministry("gamma", "Bộ Gamma", successor="delta"),
        _ministry("delta", "Bộ Delta", successor="beta"),
        _ministry("epsilon", "Bộ Epsilon"),
    ],
    [],
)


async def _with_tasks(db: Path | str) -> None:
    """A database mirroring BEFORE, with one task for each of its agencies."""
    core = _core(db, BEFORE)
    await core.prepare(seed=False)
    for agency in BEFORE.all():
        await core.tracker.add_task(
            agency=agency.name,
            title=f"Báo cáo của {agency.name}",
            deadline=parse_admin_deadline("15/12/2026", date(2026, 12, 2)),
            actor=Actor(name="test"),
            now=NOW,
        )
    await core.close()


async def _former_sync(sessions: async_sessionmaker[AsyncSession], registry: Any) -> None:
    """The sync as it was: an ORM upsert, then one UPDATE per agency (the reference)."""
    async with sessions.begin() as session:
        existing = {row.id: row for row in (await session.scalars(select(AgencyRow))).all()}
        for agency in registry.all():
            owner = registry.owner_today(agency.id).id
            row = existing.get(agency.id)
            if row is None:
                session.add(
                    AgencyRow(
                        id=agency.id,
                        name=agency.name,
                        short=agency.short,
                        kind=agency.kind.value,
                        successor_id=agency.successor,
                        owner_id=owner,
                    )
                )
            else:
                row.name, row.short, row.kind = agency.name, agency.short, agency.kind.value
                row.successor_id, row.owner_id = agency.successor, owner
        await session.flush()
        for row in (await session.scalars(select(AgencyRow))).all():
            await session.execute(
                update(AssignmentRow)
                .where(AssignmentRow.agency_id == row.id, AssignmentRow.owner_id != row.owner_id)
                .values(owner_id=row.owner_id)
            )


async def _state(core: Core) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    async with core.sessions() as session:
        agencies = (
            await session.execute(
                select(
                    AgencyRow.id,
                    AgencyRow.name,
                    AgencyRow.short,
                    AgencyRow.kind,
                    AgencyRow.successor_id,
                    AgencyRow.owner_id,
                ).order_by(AgencyRow.id)
            )
        ).all()
        obligations = (
            await session.execute(
                select(AssignmentRow.id, AssignmentRow.agency_id, AssignmentRow.owner_id).order_by(
                    AssignmentRow.id
                )
            )
        ).all()
    return [tuple(r) for r in agencies], [tuple(r) for r in obligations]


async def test_a_merge_and_a_rename_give_what_the_former_sync_gave(tmp_path: Path) -> None:
    await _with_tasks(tmp_path / "new.sqlite3")
    await _with_tasks(tmp_path / "old.sqlite3")
    new = _core(tmp_path / "new.sqlite3", AFTER)
    await new.tracker.sync_registry()
    old = _core(tmp_path / "old.sqlite3", AFTER)
    await _former_sync(old.sessions, AFTER)
    agencies, obligations = await _state(new)
    assert (agencies, obligations) == await _state(old)
    # Every obligation is owned by Beta today and keeps the agency it was assigned to.
    assert sorted(o[1] for o in obligations) == ["alpha", "beta", "delta", "gamma"]
    assert {o[2] for o in obligations} == {"beta"}
    assert ("beta", "Bộ Beta và Alpha", "BETA", "ministry", None, "beta") in agencies
    assert ("gamma", "Bộ Gamma", "GAMMA", "ministry", "delta", "beta") in agencies
    assert ("epsilon", "Bộ Epsilon", "EPSILON", "ministry", None, "epsilon") in agencies
    await new.close()
    await old.close()


async def test_postgresql_mirrors_a_merge_in_the_same_statements(postgres_url: str) -> None:
    await _with_tasks(postgres_url)
    core = _core(postgres_url, AFTER)
    await core.tracker.sync_registry()
    agencies, obligations = await _state(core)
    assert agencies == sorted(tuple(r.values()) for r in mirror_rows(AFTER))
    assert {o[2] for o in obligations} == {"beta"}
    assert await _fingerprint_stored(core) == fingerprint(mirror_rows(AFTER))
    await core.close()


async def _fingerprint_stored(core: Core) -> str | None:
    async with core.sessions() as session:
        return await session.scalar(select(MetaRow.value).where(MetaRow.key == FINGERPRINT_KEY))


async def _name_of(core: Core, agency_id: str) -> str | None:
    async with core.sessions() as session:
        return await session.scalar(select(AgencyRow.name).where(AgencyRow.id == agency_id))


async def test_an_unchanged_registry_is_not_mirrored_again_a_changed_one_is(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.sqlite3"
    core = _core(db, BEFORE)
    await core.prepare(seed=False)
    assert await _fingerprint_stored(core) == fingerprint(mirror_rows(BEFORE))
    # A row changed behind the mirror's back shows whether the next sync wrote anything.
    async with core.sessions.begin() as session:
        await session.execute(text("UPDATE agencies SET name = 'dấu vết' WHERE id = 'alpha'"))
    await core.tracker.sync_registry()
    assert await _name_of(core, "alpha") == "dấu vết"
    await core.close()

    restarted = _core(db, BEFORE)
    await restarted.prepare(seed=False)
    assert await _name_of(restarted, "alpha") == "dấu vết"
    await restarted.close()

    grown = BEFORE.with_agencies([_ministry("zeta", "Bộ Zeta")])
    changed = _core(db, grown)
    await changed.prepare(seed=False)
    assert await _name_of(changed, "zeta") == "Bộ Zeta"
    assert await _name_of(changed, "alpha") == "Bộ Alpha"  # the whole mirror is made true
    assert await _fingerprint_stored(changed) == fingerprint(mirror_rows(grown))
    await changed.close()


def test_the_fingerprint_tells_every_mirrored_field_apart() -> None:
    base = fingerprint(mirror_rows(BEFORE))
    assert fingerprint(mirror_rows(BEFORE)) == base
    assert fingerprint(mirror_rows(AFTER)) != base
    renamed = AgencyRegistry([_ministry("alpha", "Bộ Alpha"), _ministry("beta", "Bộ Bêta")], [])
    plain = AgencyRegistry([_ministry("alpha", "Bộ Alpha"), _ministry("beta", "Bộ Beta")], [])
    assert fingerprint(mirror_rows(renamed)) != fingerprint(mirror_rows(plain))


@contextmanager
def _statements(core: Core) -> Iterator[list[str]]:
    """The SQL the engine sends while the block runs."""
    sent: list[str] = []

    def record(*args: Any) -> None:
        sent.append(str(args[2]))

    event.listen(core.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(core.engine.sync_engine, "before_cursor_execute", record)


def _fingerprint_reads(sent: list[str]) -> int:
    return sum(s.startswith("SELECT meta.value") for s in sent)


def _writes(sent: list[str]) -> list[str]:
    return [s for s in sent if s.lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


async def test_a_start_mirrors_once_and_an_up_to_date_database_is_not_written(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.sqlite3"
    first = _core(db)
    with _statements(first) as sent:
        report = await first.prepare()
    assert report is not None
    assert report.tasks_added > 0
    assert _fingerprint_reads(sent) == 1
    assert sum(s.startswith("INSERT INTO agencies") for s in sent) == 1
    assert sum(s.startswith("UPDATE assignments SET owner_id") for s in sent) == 1
    await first.close()

    again = _core(db)
    with _statements(again) as sent:
        report = await again.prepare()
    assert report is not None
    assert (report.notices_added, report.tasks_added) == (0, 0)
    assert _writes(sent) == []
    assert _fingerprint_reads(sent) == 1
    await again.close()
