"""The agency registry mirrored into the ``agencies`` table, in set-based statements.

The registry (``seeds/agencies.toml`` and the deployment's own bodies) is the source; the
table is its copy, so that obligations reference agencies by foreign key and reports join
on their names. Every start, command-line call and ``/coquan`` addition mirrors it, so the
cost must not grow with the number of agencies times the number of obligations:

* the fingerprint of what would be written is kept in ``meta`` (key ``registry``): the same
  registry as last time costs one ``SELECT`` and writes nothing;
* a registry read from files (``AgencyRegistry.source``, a digest of them) keeps that
  digest after the fingerprint: read again from the same files, it is known up to date
  without listing its agencies;
* otherwise one upsert (one statement, one parameter set per agency) writes the agencies
  whose name, kind, successor or owner changed, and one ``UPDATE … FROM`` re-points the
  obligations of merged agencies to today's owner.

A migration that rewrites ``agencies`` or ``assignments.owner_id`` itself must delete the
``registry`` row of ``meta`` so that the next start mirrors again.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.base import Executable, ReadOnlyColumnCollection
from sqlalchemy.sql.elements import ColumnElement, KeyedColumnElement

from domain.agencies import AgencyRegistry
from storage.models import AgencyRow, AssignmentRow, Base, MetaRow

FINGERPRINT_KEY = "registry"
"""The ``meta`` key under which the fingerprint of the mirrored registry is kept."""

# Part of the fingerprint: a change of what is mirrored (a new column) forces a new mirror.
_FORMAT = "agencies/1"

_AGENCIES = Base.metadata.tables[AgencyRow.__tablename__]
_ASSIGNMENTS = Base.metadata.tables[AssignmentRow.__tablename__]
_META = Base.metadata.tables[MetaRow.__tablename__]

_MIRRORED = ("name", "short", "kind", "owner_id", "successor_id")

Row = dict[str, str | None]


def mirror_rows(registry: AgencyRegistry) -> list[Row]:
    """The ``agencies`` rows the registry stands for, in file order."""
    return [
        {
            "id": agency.id,
            "name": agency.name,
            "short": agency.short,
            "kind": agency.kind.value,
            "successor_id": agency.successor,
            "owner_id": registry.owner_today(agency.id).id,
        }
        for agency in registry.all()
    ]


def fingerprint(rows: list[Row]) -> str:
    """A digest of the rows (and of the mirror's format): equal exactly when the same
    rows would be written."""
    digest = hashlib.sha256(_FORMAT.encode())
    digest.update(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode())
    return digest.hexdigest()


async def mirrored_fingerprint(session: AsyncSession) -> str | None:
    """The fingerprint of the registry last mirrored into this database, if any."""
    return (await _mirrored(session))[0]


async def _mirrored(session: AsyncSession) -> tuple[str | None, str | None]:
    """(fingerprint, source) of the registry last mirrored: one row of ``meta``, the
    fingerprint followed by the source when the registry was read from files."""
    value = await session.scalar(select(MetaRow.value).where(MetaRow.key == FINGERPRINT_KEY))
    if value is None:
        return None, None
    stored, _, source = str(value).partition(" ")
    return stored, source or None


async def mirror_registry(session: AsyncSession, registry: AgencyRegistry) -> bool:
    """Mirror ``registry`` unless the database already holds this very registry; returns
    whether anything was written. Runs in the caller's transaction.

    A registry read from the same files as the one mirrored (the same ``source``) is known
    to be that one without listing its agencies (at 100,000 agencies, a third of a second
    of every start); a migration that drops the fingerprint forces a mirror all the same."""
    stored, stored_source = await _mirrored(session)
    # The mirror's format is part of it: a new column mirrors again whatever the files.
    source = None if registry.source is None else f"{_FORMAT}:{registry.source}"
    if source is not None and stored is not None and stored_source == source:
        return False
    rows = mirror_rows(registry)
    wanted = fingerprint(rows)
    if stored == wanted and (source is None or stored_source == source):
        return False
    if stored != wanted:
        if rows:
            await _upsert_agencies(session, rows)
        await _repoint_obligations(session)
    # These files make this registry (or, from code, the rows alone tell).
    value = wanted if source is None else f"{wanted} {source}"
    await session.execute(delete(_META).where(_META.c.key == FINGERPRINT_KEY))
    await session.execute(_META.insert().values(key=FINGERPRINT_KEY, value=value))
    return True


async def _upsert_agencies(session: AsyncSession, rows: list[Row]) -> None:
    """One statement for every agency: new ones inserted, changed ones updated, the others
    left alone (no write, no WAL growth)."""
    statement: Executable
    if session.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(_AGENCIES)
        statement = pg.on_conflict_do_update(
            index_elements=[_AGENCIES.c.id],
            set_={c: pg.excluded[c] for c in _MIRRORED},
            where=_changed(pg.excluded),
        )
    else:
        lite = sqlite.insert(_AGENCIES)
        statement = lite.on_conflict_do_update(
            index_elements=[_AGENCIES.c.id],
            set_={c: lite.excluded[c] for c in _MIRRORED},
            where=_changed(lite.excluded),
        )
    await session.execute(statement, rows)


def _changed(new: ReadOnlyColumnCollection[str, KeyedColumnElement[Any]]) -> ColumnElement[bool]:
    """Whether the proposed row (``excluded``) differs from the stored one."""
    return or_(
        *(_AGENCIES.c[c] != new[c] for c in _MIRRORED if c != "successor_id"),
        _AGENCIES.c.successor_id.is_distinct_from(new.successor_id),
    )


async def _repoint_obligations(session: AsyncSession) -> None:
    """An agency merged since an obligation was created: the obligation follows it to
    today's owner (the agency it was assigned to stays as it was)."""
    await session.execute(
        update(_ASSIGNMENTS)
        .where(
            _ASSIGNMENTS.c.agency_id == _AGENCIES.c.id,
            _ASSIGNMENTS.c.owner_id != _AGENCIES.c.owner_id,
        )
        .values(owner_id=_AGENCIES.c.owner_id)
    )
