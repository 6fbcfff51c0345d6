"""The office's own use cases: who is an admin, what a chat may read, a task added by
hand, invitations, the agencies' overview and the admins' notices."""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import select

from delivery.outbox import queue_admin_notice, tell_office
from domain.deadline import Deadline, due_in_force
from domain.status import ChatRole, OfficeNoteKind, ProposalState, TaskStatus
from storage.db import reading
from storage.models import AssignmentRow, ChatRow, ExtensionRow, InviteRow, TaskRow
from tracking.access import Access, report_access, task_access
from tracking.core import Actor, NewTask, TrackerCore
from tracking.views import AgencyOverview, InviteView


class AdminActions(TrackerCore):
    """Use cases of the admins."""

    def is_admin(self, user_id: int | None) -> bool:
        """Admins are listed by Telegram user id in the configuration."""
        return user_id is not None and user_id in self.admin_ids

    async def access(self, *, task_id: int, chat_id: int, user_id: int | None) -> Access:
        """Whether this chat (and sender) may read the task; see :mod:`tracking.access`."""
        async with reading(self._sessions) as session:
            return await task_access(
                session,
                self.registry,
                task_id=task_id,
                chat_id=chat_id,
                is_admin=self.is_admin(user_id),
            )

    async def report_access(self, *, chat_id: int, user_id: int | None) -> Access:
        """Whether this chat (and sender) may read the reports; see :mod:`tracking.access`."""
        async with reading(self._sessions) as session:
            return await report_access(session, chat_id=chat_id, is_admin=self.is_admin(user_id))

    async def add_task(
        self,
        *,
        agency: str,
        title: str,
        deadline: Deadline,
        actor: Actor,
        now: datetime,
        followup_on: date | None = None,
    ) -> int:
        """Create a task assigned by an admin (an undated one first followed up on
        ``followup_on`` when given); returns its id. Raises UnknownAgency."""
        self.members_of(agency, ())  # validate before writing anything
        group = self.registry.resolve_group(agency)
        # Typed as "BCA" or "Bộ TT&TT", stored under the registry's name.
        lead = group.name if group is not None else self.registry.resolve(agency).name
        async with self._sessions.begin() as session:
            task_id, _, _ = await self._create_task(
                session,
                NewTask(
                    title=title,
                    text=title,
                    lead=lead,
                    deadline=deadline,
                    followup_on=followup_on,
                ),
                notice_id=None,
                actor=actor,
                now=now,
            )
        return task_id

    async def create_invite(
        self, *, agency: str, actor: Actor, now: datetime, role: ChatRole = ChatRole.FOCAL
    ) -> InviteView:
        """A single-use invitation for ``agency``'s focal point (or, with ``role``, for its
        leadership chat). Raises UnknownAgency.

        An invitation always binds to the agency responsible today: inviting "Bộ Thông tin
        và Truyền thông" invites the Ministry of Science and Technology's focal point."""
        target = self.registry.owner_today(self.registry.resolve(agency).id)
        token = secrets.token_urlsafe(16)
        expires = now + timedelta(days=self._invite_days)
        async with self._sessions.begin() as session:
            session.add(
                InviteRow(
                    token=token,
                    agency_id=target.id,
                    created_by=actor.user_id or 0,
                    created_at=now,
                    expires_at=expires,
                    role=role,
                )
            )
        return InviteView(token=token, agency=target.name, expires_at=expires, role=role)

    async def agencies_overview(self, today: date) -> list[AgencyOverview]:
        """Active agencies that have tasks or focal points, most overdue first."""
        async with reading(self._sessions) as session:
            chats: dict[str, list[str]] = defaultdict(list)
            for chat in (await session.scalars(select(ChatRow).where(ChatRow.active))).all():
                chats[chat.agency_id].append(chat.title or str(chat.chat_id))
            open_counts: dict[str, int] = defaultdict(int)
            overdue_counts: dict[str, int] = defaultdict(int)
            rows = await session.execute(
                select(
                    AssignmentRow.owner_id,
                    AssignmentRow.task_id,
                    AssignmentRow.new_due,
                    TaskRow.due,
                )
                .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
                .where(AssignmentRow.status.in_((TaskStatus.OPEN, TaskStatus.LATE)))
                .distinct()
            )
            pending_counts: dict[str, int] = defaultdict(int)
            for owner, _task in (
                await session.execute(
                    select(AssignmentRow.owner_id, ExtensionRow.task_id)
                    .join(AssignmentRow, AssignmentRow.id == ExtensionRow.assignment_id)
                    .where(ExtensionRow.state == ProposalState.PENDING)
                    .distinct()
                )
            ).all():
                pending_counts[owner] += 1
            seen: set[tuple[str, int]] = set()
            for owner, task_id, new_due, due in rows:
                if (owner, task_id) in seen:
                    continue
                seen.add((owner, task_id))
                open_counts[owner] += 1
                effective = due_in_force(assigned=due, extended=new_due)
                if effective is not None and effective < today:
                    overdue_counts[owner] += 1
        result = [
            AgencyOverview(
                agency_id=agency.id,
                name=agency.name,
                focal_points=tuple(chats.get(agency.id, ())),
                open_count=open_counts.get(agency.id, 0),
                overdue_count=overdue_counts.get(agency.id, 0),
                pending_count=pending_counts.get(agency.id, 0),
            )
            for agency in self.registry.active()
            if agency.id in chats or agency.id in open_counts
        ]
        result.sort(key=lambda a: (-a.overdue_count, -a.open_count, a.name))
        return result

    async def enqueue_admin_notice(
        self, html: str, now: datetime, kind: OfficeNoteKind | None = None
    ) -> None:
        """Queue a message to every admin (sent by the delivery loop, retried like
        reminders); with a ``kind``, it waits for the daily digest when the office has one."""
        async with self._sessions.begin() as session:
            if kind is None:
                queue_admin_notice(session, self.admin_ids, html, now)
            else:
                tell_office(session, self.admin_ids, self.admin_notify, kind, html, now)

    # ------------------------------------------------------------------ focal points
