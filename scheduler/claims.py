"""Claiming rows for one sweep or one sender: the one place that says "these are mine".

A claim is one statement: an ``UPDATE … WHERE id IN (<candidates>) RETURNING …`` that
moves the candidate rows to their claimed state under a fresh token and hands back what
the caller needs of them, so nothing is read twice and no row is claimed by two callers.
The candidates are a ``SELECT id`` with the caller's conditions (which must include the
unclaimed state, e.g. ``state = 'pending'``), an optional order and limit.

On SQLite the write lock taken by ``BEGIN IMMEDIATE`` serialises claims: a competing sweep
waits, then finds the rows no longer pending. On a server database the candidates select
is where rows locked by another worker are to be skipped (``FOR UPDATE SKIP LOCKED``), see
:func:`candidates`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from storage.models import Base


def new_token() -> str:
    """A fresh claim token (what ``claim`` columns hold)."""
    return str(uuid.uuid4())


def candidates(session: AsyncSession, query: Select[Any]) -> Select[Any]:
    """The candidate ids of a claim as this session's database should select them.

    SQLite takes them as they are (the write lock already serialises claimers)."""
    del session  # the dialect decides; see the module docstring
    return query


async def claim(
    session: AsyncSession,
    entity: type[Base],
    *,
    where: Sequence[ColumnElement[bool]],
    values: Mapping[str, Any],
    returning: Sequence[InstrumentedAttribute[Any]],
    order_by: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]] = (),
    limit: int | None = None,
) -> list[Row[Any]]:
    """Claim the rows of ``entity`` matching ``where`` (at most ``limit``, the first by
    ``order_by``) by setting ``values``; returns ``returning`` of each claimed row, in no
    particular order (sort by a returned column).

    ``where`` must only hold for unclaimed rows and ``values`` must make it false, so a
    row is claimed once. Runs in the caller's transaction."""
    identity: InstrumentedAttribute[Any] = entity.id  # type: ignore[attr-defined]
    chosen = select(identity).where(*where)
    if order_by:
        chosen = chosen.order_by(*order_by)
    if limit is not None:
        chosen = chosen.limit(limit)
    statement = (
        update(entity)
        # The conditions again: a server database re-checks them, not the subquery, on a
        # row another transaction changed meanwhile (so two claimers never both win).
        .where(identity.in_(candidates(session, chosen).scalar_subquery()), *where)
        .values(**values)
        .returning(*returning)
        .execution_options(synchronize_session=False)
    )
    return list((await session.execute(statement)).all())
