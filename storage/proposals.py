"""The extension proposals still waiting for the office, as the delivery and the use cases
read them (the delivery names a waiting proposal in a chase; it may not reach up into the
use cases for it)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import cache

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.status import ProposalState
from storage.models import ExtensionRow


async def pending_by_assignment(
    session: AsyncSession, assignment_ids: Collection[int] | None = None
) -> dict[int, date]:
    """The proposed date of each obligation with a proposal waiting for the office."""
    query = _all_pending()
    if assignment_ids is not None:
        query = query.where(ExtensionRow.assignment_id.in_(list(assignment_ids)))
    return {a: d for a, d in (await session.execute(query)).all()}


@cache
def _all_pending() -> Select[int, date]:
    """Every waiting proposal's obligation and date: built once (a sweep reads it each time,
    and SQLAlchemy then neither builds nor keys it again)."""
    return select(ExtensionRow.assignment_id, ExtensionRow.proposed_due).where(
        ExtensionRow.state == ProposalState.PENDING
    )


__all__ = ["pending_by_assignment"]
