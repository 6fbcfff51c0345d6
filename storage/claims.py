"""Claiming rows for one sweep or one sender: the one place that says "these are mine".

A claim is one statement: an ``UPDATE … WHERE id IN (<candidates>) RETURNING …`` that
moves the candidate rows to their claimed state under a fresh token and hands back what
the caller needs of them, so nothing is read twice and no row is claimed by two callers.
The candidates are a ``SELECT id`` with the caller's conditions (which must include the
unclaimed state, e.g. ``state = 'pending'``), an optional order and limit.

On SQLite the write lock taken by ``BEGIN IMMEDIATE`` serialises claims: a competing sweep
waits, then finds the rows no longer pending. On PostgreSQL several worker processes claim
at once: the candidates are selected ``FOR UPDATE SKIP LOCKED`` (see :func:`candidates`), so
a worker takes the rows nobody else is claiming instead of waiting for them, and the
conditions are checked again on each row it locks.

A sweep that reads what it claims anyway may, on SQLite, let the write lock be the claim
(:func:`lock_claims`): it reads the unclaimed rows under the lock and writes their claimed
state with the rest of its writes, in the same transaction — one statement fewer per row,
and the same guarantee (no other writer runs until it commits).

On PostgreSQL a sweep that runs alone may do the same with row locks
(:func:`locks_on_read`): it reads the unclaimed rows ``FOR UPDATE … SKIP LOCKED`` and
settles them at the end of its transaction.

A sweep that groups what it claims (a chat's due reminders make one message) must claim
everything of a group in one worker: it first takes the sweep's transaction lock
(:func:`sweeping_alone`), so one worker at a time runs it, the others waiting the few
milliseconds of its transaction and then finding nothing left to claim.
"""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Row,
    ScalarSelect,
    Select,
    Update,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from storage.models import Base


def new_token() -> str:
    """A fresh claim token (what ``claim`` columns hold)."""
    return str(uuid.uuid4())


async def changed_rows(session: AsyncSession, statement: Update) -> int:
    """How many rows an ``UPDATE`` changed (the driver's rowcount), read in this one place:
    ``AsyncSession.execute`` is typed to return a plain ``Result``, which has none."""
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount


async def claim_one(session: AsyncSession, statement: Update) -> bool:
    """Claim one row by a conditional ``UPDATE`` (its key and its unclaimed state in the
    ``WHERE``, the claimed state in the ``SET``): True when this caller changed the row and
    owns it now; False when another had it first, or there is no such row. Runs in the
    caller's transaction, so what the caller does next is undone with the claim."""
    return await changed_rows(session, statement) == 1


def _on_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def candidates(
    session: AsyncSession, query: Select[Any], entity: type[Base]
) -> Select[Any] | ScalarSelect[Any]:
    """The candidate ids of a claim as this session's database should select them.

    PostgreSQL locks them (``FOR UPDATE OF <entity> SKIP LOCKED``): a row another worker is
    claiming right now is left to it, not waited for and never claimed twice. The locking
    select is a materialised ``WITH``, run once: as a subquery the planner may rescan it
    for every row the update visits, and each rescan then skips the rows the update has
    just changed and locks the next ones, so a ``limit`` would not hold. SQLite takes the
    ids as they are (the write lock already serialises claimers)."""
    if not _on_postgresql(session):
        return query.scalar_subquery()
    locked = query.with_for_update(skip_locked=True, of=entity)
    chosen = locked.cte("chosen").prefix_with("MATERIALIZED", dialect="postgresql")
    return select(chosen.c[0])


def lock_claims(session: AsyncSession) -> bool:
    """True when this session's transaction holds the database's write lock from its first
    statement (SQLite, ``BEGIN IMMEDIATE``): every row it reads stays as read until it
    commits, so reading the unclaimed rows claims them. A server database needs
    :func:`claim`."""
    return not _on_postgresql(session) and session.get_bind().dialect.name == "sqlite"


def locks_on_read(session: AsyncSession) -> bool:
    """True on PostgreSQL, where a sweep running alone (:func:`sweeping_alone`) may read its
    unclaimed rows ``FOR UPDATE … SKIP LOCKED`` and write their claimed state with the rest
    of its writes: the rows stay locked until it commits, so no other writer changes them
    meanwhile, and a row another transaction holds is skipped, not waited for."""
    return _on_postgresql(session)


async def sweeping_alone(session: AsyncSession, sweep: str) -> None:
    """Let one worker at a time run ``sweep`` in this transaction.

    On PostgreSQL a transaction-scoped advisory lock named by ``sweep``
    (``pg_advisory_xact_lock``), released at commit or rollback, even when the process
    dies: a sweep that groups its rows (a chat's reminders in one message) then never has
    a group split between two workers. SQLite needs nothing (one writer at a time)."""
    if _on_postgresql(session):
        key = zlib.crc32(f"hanchot: sweep {sweep}".encode())
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


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
        .where(identity.in_(candidates(session, chosen, entity)), *where)
        .values(**values)
        .returning(*returning)
        .execution_options(synchronize_session=False)
    )
    return list((await session.execute(statement)).all())
