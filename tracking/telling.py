"""Who must be told of a new task: one ``tellings`` row per agency, written in the
transaction that creates the task (seeded, imported, added with ``/addtask``) or moves it to
another lead, and only for an agency that has a focal-point chat then.

An agency without a chat is told when one is bound: the welcome lists its open tasks, and
whatever was still waiting for it is marked superseded then, so it is not told twice. The
sweep that turns the rows into the chats' grouped messages is ``tracking.telling_sweep``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.agencies import AgencyRegistry
from domain.status import TellingRole, TellingState
from storage.models import ChatRow, TellingRow


async def plan_tellings(
    session: AsyncSession,
    registry: AgencyRegistry,
    *,
    task_id: int,
    leads: Iterable[str],
    co: Iterable[str],
    now: datetime,
) -> int:
    """Record that the agencies responsible today for ``leads`` (obligations) and ``co``
    (co-operation) are to be told of this task, those with an active chat; an agency that
    is both is told as the one that must do it. Returns how many were recorded."""
    roles: dict[str, TellingRole] = {}
    for agency_id in leads:
        roles[registry.owner_today(agency_id).id] = TellingRole.LEAD
    for agency_id in co:
        roles.setdefault(registry.owner_today(agency_id).id, TellingRole.CO)
    if not roles:
        return 0
    bound = set(
        (
            await session.scalars(
                select(ChatRow.agency_id)
                .where(ChatRow.agency_id.in_(list(roles)), ChatRow.active)
                .distinct()
            )
        ).all()
    )
    rows = [
        {
            "task_id": task_id,
            "agency_id": agency_id,
            "role": role,
            "created_at": now,
            "state": TellingState.PENDING,
        }
        for agency_id, role in roles.items()
        if agency_id in bound
    ]
    if rows:
        await session.execute(insert(TellingRow), rows)
    return len(rows)


async def supersede_tellings(
    session: AsyncSession,
    *,
    agency_id: str,
    now: datetime,
    task_ids: Iterable[int] | None = None,
) -> None:
    """What is still waiting to be told to ``agency_id`` (of ``task_ids``, or all of it) is
    not sent: a welcome listed it, or the task is no longer the agency's."""
    query = update(TellingRow).where(
        TellingRow.agency_id == agency_id, TellingRow.state == TellingState.PENDING
    )
    if task_ids is not None:
        query = query.where(TellingRow.task_id.in_(list(task_ids)))
    await session.execute(
        query.values(state=TellingState.SUPERSEDED, handled_at=now).execution_options(
            synchronize_session=False
        )
    )


__all__ = ["plan_tellings", "supersede_tellings"]
