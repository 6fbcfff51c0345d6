"""A chat joins: an invitation redeemed binds it as an agency's focal point or its
leadership chat."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from delivery.outbox import tell_office
from domain.errors import InviteInvalid, InviteProblem
from domain.status import ChatRole, OfficeNoteKind
from storage.claims import claim_one
from storage.models import ChatRow, InviteRow, LeadershipChatRow
from tracking.core import Actor, TrackerCore
from tracking.telling import supersede_tellings
from tracking.views import JoinOutcome

#: A chat already registered as one role presses a link of the other: what it is told.
_WRONG_CHAT = {
    ChatRole.FOCAL: InviteProblem.FOCAL_CHAT,
    ChatRole.LEADERSHIP: InviteProblem.LEADERSHIP_CHAT,
}


class Joining(TrackerCore):
    """Use cases of a chat pressing an invitation."""

    async def redeem_invite(
        self,
        *,
        token: str,
        chat_id: int,
        title: str,
        actor: Actor,
        now: datetime,
        office_note: Callable[[JoinOutcome], str] | None = None,
    ) -> JoinOutcome:
        """Bind the chat to the invitation's agency. Raises InviteInvalid. ``office_note``
        gives the office's note of the new chat, queued in the same transaction: a chat
        registered is never one the office was not told of."""
        async with self._sessions.begin() as session:
            outcome = await self._redeem(session, token, chat_id, title, actor, now)
            if office_note is not None:
                tell_office(
                    session,
                    self.admin_ids,
                    self.admin_notify,
                    OfficeNoteKind.JOINED,
                    office_note(outcome),
                    now,
                )
        return outcome

    async def _redeem(
        self,
        session: AsyncSession,
        token: str,
        chat_id: int,
        title: str,
        actor: Actor,
        now: datetime,
    ) -> JoinOutcome:
        invite = await session.get(InviteRow, token)
        if invite is None:
            raise InviteInvalid(InviteProblem.UNKNOWN)
        bound = await _registered_as(session, chat_id)
        if invite.used_at is not None:
            # Pressing one's own link again: it worked the first time.
            mine = invite.used_by_chat == chat_id and bound == (invite.role, invite.agency_id)
            raise InviteInvalid(InviteProblem.MINE if mine else InviteProblem.USED)
        if invite.expires_at <= now:
            raise InviteInvalid(InviteProblem.EXPIRED)
        if bound is not None and bound[0] is not invite.role:
            # A focal point's chat does not become a leadership chat, nor the other way
            # round; the link stays usable where it belongs.
            raise InviteInvalid(_WRONG_CHAT[bound[0]])
        # Single use even if two people press the link at the same moment.
        claimed = await claim_one(
            session,
            update(InviteRow)
            .where(InviteRow.token == token, InviteRow.used_at.is_(None))
            .values(used_at=now, used_by_chat=chat_id),
        )
        if not claimed:
            raise InviteInvalid(InviteProblem.USED)
        if invite.role is ChatRole.LEADERSHIP:
            return await self._bind_leadership(
                session, invite.agency_id, chat_id, title, actor, now
            )
        chat = await session.scalar(select(ChatRow).where(ChatRow.chat_id == chat_id))
        previous: str | None = None
        if chat is None:
            chat = ChatRow(
                chat_id=chat_id,
                agency_id=invite.agency_id,
                title=title,
                user_id=actor.user_id,
                active=True,
                joined_at=now,
                inactive_reason="",
            )
            session.add(chat)
        else:
            if chat.active and chat.agency_id != invite.agency_id:
                previous = self.registry.get(chat.agency_id).name
            chat.agency_id, chat.title, chat.user_id = invite.agency_id, title, actor.user_id
            chat.active, chat.joined_at, chat.inactive_reason = True, now, ""
        await session.flush()
        if not await session.scalar(
            select(ChatRow.id)
            .where(
                ChatRow.agency_id == invite.agency_id,
                ChatRow.active,
                ChatRow.chat_id != chat_id,
            )
            .limit(1)
        ):
            # The agency's only chat: its welcome lists what was still to be told.
            await supersede_tellings(session, agency_id=invite.agency_id, now=now)
        agency = self.registry.get(invite.agency_id)
        lines = await self._lines_for_owner(session, agency.id)
        today = self.planner.local_day(now)
        return JoinOutcome(
            agency_id=agency.id,
            agency=agency.name,
            open_count=len(lines),
            overdue_count=sum(1 for line in lines if (line.days_left(today) or 0) < 0),
            previous_agency=previous,
        )

    async def _bind_leadership(
        self,
        session: AsyncSession,
        agency_id: str,
        chat_id: int,
        title: str,
        actor: Actor,
        now: datetime,
    ) -> JoinOutcome:
        """Register ``chat_id`` as the agency's leadership chat (again, if it was one)."""
        chat = await session.scalar(
            select(LeadershipChatRow).where(LeadershipChatRow.chat_id == chat_id)
        )
        previous: str | None = None
        if chat is None:
            session.add(
                LeadershipChatRow(
                    chat_id=chat_id,
                    agency_id=agency_id,
                    title=title,
                    user_id=actor.user_id,
                    active=True,
                    joined_at=now,
                )
            )
        else:
            if chat.active and chat.agency_id != agency_id:
                previous = self.registry.get(chat.agency_id).name
            chat.agency_id, chat.title, chat.user_id = agency_id, title, actor.user_id
            chat.active, chat.joined_at = True, now
        lines = await self._lines_for_owner(session, agency_id)
        today = self.planner.local_day(now)
        return JoinOutcome(
            agency_id=agency_id,
            agency=self.registry.get(agency_id).name,
            open_count=sum(1 for line in lines if line.status.is_open),
            overdue_count=sum(
                1 for line in lines if line.status.is_open and (line.days_left(today) or 0) < 0
            ),
            previous_agency=previous,
            role=ChatRole.LEADERSHIP,
        )


async def _registered_as(session: AsyncSession, chat_id: int) -> tuple[ChatRole, str] | None:
    """What an active chat is registered as (focal point or leadership), and for whom."""
    focal = await session.scalar(
        select(ChatRow.agency_id).where(ChatRow.chat_id == chat_id, ChatRow.active)
    )
    if focal is not None:
        return ChatRole.FOCAL, focal
    leading = await session.scalar(
        select(LeadershipChatRow.agency_id).where(
            LeadershipChatRow.chat_id == chat_id, LeadershipChatRow.active
        )
    )
    return None if leading is None else (ChatRole.LEADERSHIP, leading)
