"""Focal points as the office manages them: who is registered for each agency, and taking
one off (``/daumoi``). A chat taken off gets no more reminders; its history stays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.agencies import AgencyRegistry
from domain.status import OutboxState
from storage.db import reading
from storage.models import ChatRow, OutboxRow
from tracking.wording import REMOVED_BY_OFFICE as REMOVED


@dataclass(frozen=True, kw_only=True, slots=True)
class FocalPoint:
    chat_id: int
    title: str
    agency_id: str
    agency: str
    joined_at: datetime

    @property
    def is_group(self) -> bool:
        return self.chat_id < 0


class FocalPoints:
    def __init__(
        self, *, sessions: async_sessionmaker[AsyncSession], registry: AgencyRegistry
    ) -> None:
        self._sessions = sessions
        self._registry = registry

    def _view(self, chat: ChatRow) -> FocalPoint:
        return FocalPoint(
            chat_id=chat.chat_id,
            title=chat.title,
            agency_id=chat.agency_id,
            agency=self._registry.get(chat.agency_id).name,
            joined_at=chat.joined_at,
        )

    async def listed(self, agency_id: str | None = None) -> list[FocalPoint]:
        """Active focal points, of one agency or all, by agency then by joining."""
        query = select(ChatRow).where(ChatRow.active)
        if agency_id is not None:
            query = query.where(ChatRow.agency_id == agency_id)
        async with reading(self._sessions) as session:
            chats = (await session.scalars(query.order_by(ChatRow.joined_at))).all()
        points = [self._view(chat) for chat in chats]
        return sorted(points, key=lambda p: (p.agency, p.joined_at))

    async def remove(self, chat_id: int, now: datetime) -> FocalPoint | None:
        """Take a focal point off: no more reminders (queued ones are dropped). None when it
        was not (or no longer) registered."""
        async with self._sessions.begin() as session:
            chat = await session.scalar(
                select(ChatRow).where(ChatRow.chat_id == chat_id, ChatRow.active)
            )
            if chat is None:
                return None
            chat.active, chat.inactive_reason = False, REMOVED
            await session.execute(
                update(OutboxRow)
                .where(OutboxRow.chat_id == chat_id, OutboxRow.state == OutboxState.PENDING)
                .values(state=OutboxState.FAILED, last_error=REMOVED)
            )
            return self._view(chat)


__all__ = ["REMOVED", "FocalPoint", "FocalPoints"]
