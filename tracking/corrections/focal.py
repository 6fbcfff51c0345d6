"""Corrections by focal points: withdrawing their own report (↩️ Hoàn tác) within the
undo window, and progress notes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from delivery.outbox import note_for_digest, queue_admin_notice, tell_office
from domain.errors import ChatNotBound, NotYourTask, UndoProblem, UndoRefused
from domain.status import AdminNotify, EventKind, OfficeNoteKind, ProposalState, TaskStatus
from scheduler.planner import rebase_followups
from storage.db import reading
from storage.models import AssignmentRow, ChatRow, EventRow, ExtensionRow, TaskRow
from tracking.access import lead_for_co_operating
from tracking.corrections.base import (
    UNDOABLE,
    Correction,
    CorrectionsCore,
    Who,
    _event,
    _nothing_since,
    _reinstate_withdrawn,
    _withdraw,
)
from tracking.followup import plan_in_force


class FocalCorrections(CorrectionsCore):
    """A focal point's undo and progress notes."""

    async def undo(
        self,
        *,
        event_id: int,
        chat_id: int,
        who: Who,
        now: datetime,
        tell_admins: Callable[[Correction], str],
    ) -> Correction:
        """Withdraw the report ``event_id`` (and the others the same report made), within
        ``undo_minutes``: the obligation returns to its previous state, its reminders are
        planned again, a proposal it carried is withdrawn, the admins are told. Raises
        UndoRefused (expired, not_yours, already, decided, gone) or ChatNotBound."""
        async with self._sessions.begin() as session:
            report = await session.get(EventRow, event_id)
            if report is None or report.kind not in UNDOABLE or report.assignment_id is None:
                raise UndoRefused(UndoProblem.GONE)
            owner = await session.scalar(
                select(ChatRow.agency_id).where(ChatRow.chat_id == chat_id, ChatRow.active)
            )
            if owner is None:
                raise ChatNotBound(chat_id)
            if (report.data or {}).get("undone"):
                raise UndoRefused(UndoProblem.ALREADY)
            if now - report.at > timedelta(minutes=self.undo_minutes):
                raise UndoRefused(UndoProblem.EXPIRED, self.undo_minutes)
            # The same report: same task, kind, sender and instant (one per obligation).
            reports = (
                await session.scalars(
                    select(EventRow).where(
                        EventRow.task_id == report.task_id,
                        EventRow.kind == report.kind,
                        EventRow.at == report.at,
                        EventRow.actor_user_id == report.actor_user_id,
                    )
                )
            ).all()
            task = await session.get(TaskRow, report.task_id)
            assert task is not None
            changed: list[AssignmentRow] = []
            reopened: date | None = None
            for event in reports:
                assignment = await session.get(AssignmentRow, event.assignment_id)
                if assignment is None:
                    continue
                if assignment.owner_id != owner:
                    raise UndoRefused(UndoProblem.NOT_YOURS)
                if event.kind is EventKind.PERIOD_DONE:
                    reopened = await self._reopen_period(session, task, assignment, event, who, now)
                    changed.append(assignment)
                    continue
                # Only if nothing happened since: a later report or decision stands.
                await _nothing_since(session, assignment.id, event.id)
                data = dict(event.data or {})
                proposal_id = data.get("proposal")
                if event.kind is EventKind.EXTENSION_PROPOSED and proposal_id is not None:
                    proposal = await session.get(ExtensionRow, int(proposal_id))
                    if proposal is None or proposal.state is not ProposalState.PENDING:
                        raise UndoRefused(UndoProblem.DECIDED)
                    proposal.state, proposal.decided_at = ProposalState.WITHDRAWN, now
                previous = TaskStatus(data.get("prev", TaskStatus.OPEN.value))
                assignment.status, assignment.status_at = previous, now
                _withdraw(session, event, data, who, now, report.kind.value)
                if event.kind in (EventKind.DONE, EventKind.SUBMITTED):
                    await _reinstate_withdrawn(session, assignment.id, data)
                    await plan_in_force(session, self._planner, assignment, task, now)
                changed.append(assignment)
            result = Correction(
                task_id=task.id,
                title=task.title,
                kind=EventKind.UNDONE,
                agencies=self._names(changed),
                undone=report.kind,
                changed=len(changed),
                period=reopened,
                granularity=task.granularity if reopened else None,
            )
            if report.kind in (EventKind.EXTENSION_PROPOSED, EventKind.SUBMITTED):
                # Its notice asked for a decision: that it is gone is told at once too.
                queue_admin_notice(session, self._admin_ids, tell_admins(result), now)
            else:
                tell_office(
                    session,
                    self._admin_ids,
                    self._admin_notify,
                    OfficeNoteKind.REPORT,
                    tell_admins(result),
                    now,
                )
        return result

    async def may_note_progress(self, *, chat_id: int, task_id: int) -> None:
        """Whether the chat may note progress on the task (before it is asked for a note):
        returns when it may; raises ChatNotBound, TaskNotFound, NotYourTask as
        :meth:`progress` would. Reads only."""
        async with reading(self._sessions) as session:
            await self._reporting(session, chat_id, task_id)

    async def _reporting(
        self, session: AsyncSession, chat_id: int, task_id: int
    ) -> tuple[TaskRow, list[AssignmentRow]]:
        """The task and the chat's own obligations in it. Raises ChatNotBound,
        TaskNotFound, NotYourTask (a co-operating agency is told who leads)."""
        owner = await session.scalar(
            select(ChatRow.agency_id).where(ChatRow.chat_id == chat_id, ChatRow.active)
        )
        if owner is None:
            raise ChatNotBound(chat_id)
        task, assignments = await self._task(session, task_id)
        mine = [a for a in assignments if a.owner_id == owner]
        if not mine:
            # A co-operating agency is told who leads and reports, not "not yours".
            raise NotYourTask(task_id, owner, lead_for_co_operating(self._registry, task, owner))
        return task, mine

    async def progress(
        self,
        *,
        chat_id: int,
        task_id: int,
        note: str,
        who: Who,
        now: datetime,
        tell_office: Callable[[Correction], str] | None = None,
    ) -> Correction:
        """``/tiendo``: a progress note on the chat's own obligation; the status does not
        change. With the office's daily digest (``ADMIN_NOTIFY=digest``), ``tell_office``'s
        line goes into it (with ``instant`` the office reads notes in /task, as before).
        Raises ChatNotBound, TaskNotFound, NotYourTask."""
        async with self._sessions.begin() as session:
            task, mine = await self._reporting(session, chat_id, task_id)
            for assignment in mine:
                session.add(_event(task.id, assignment.id, EventKind.PROGRESS, who, now, note))
            await rebase_followups(session, self._planner, [a.id for a in mine], now)
            result = Correction(
                task_id=task.id,
                title=task.title,
                kind=EventKind.PROGRESS,
                agencies=self._names(mine),
                new=note,
                changed=len(mine),
            )
            if tell_office is not None and self._admin_notify is AdminNotify.DIGEST:
                note_for_digest(session, OfficeNoteKind.PROGRESS, tell_office(result), now)
            return result
