"""Extension requests the office decides, and the office setting a deadline itself.

Only the assigning body moves a deadline (office-practice.md): a focal point's /late with a
date opens a *proposal* (``ExtensionRow``, state PENDING) and changes neither the deadline
in force nor the reminders. An admin approves or rejects it; the first decision wins
through a conditional update on the proposal's state, and a later press is told who
decided and when. Every change and its history event (and the messages it sends, through
the outbox) commit in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.agencies import AgencyRegistry
from domain.deadline import due_in_force
from domain.errors import (
    AlreadyDecided,
    ChangeProblem,
    ChangeRefused,
    NotDecidable,
    ProposalNotFound,
    TaskNotFound,
)
from domain.status import EventKind, ProposalState, TaskStatus
from scheduler.planner import Planner
from storage.claims import claim_one
from storage.db import reading
from storage.models import AssignmentRow, EventRow, ExtensionRow, TaskRow
from tracking import wording as say
from tracking.followup import plan_in_force
from tracking.proposals import (
    open_proposals,
    owner_chats,
    queue_chat_message,
    refuse_cancelled,
    withdraw_open_proposals,
)
from tracking.statuses import event_data


@dataclass(frozen=True, kw_only=True, slots=True)
class ProposalView:
    """A proposal with what an admin needs to decide it, and the decision once made."""

    proposal_id: int
    task_id: int
    title: str
    agency: str
    deadline: date | None
    """The deadline in force when the proposal was made (or now, while pending)."""
    proposed_due: date
    reason: str
    proposed_by: str
    proposed_at: datetime
    state: ProposalState
    decided_by: str = ""
    decided_at: datetime | None = None
    note: str = ""
    chat_id: int | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class DeadlineSet:
    """The office set a task's deadline in force directly (``/giahan``)."""

    task_id: int
    title: str
    due: date
    reason: str
    agencies: tuple[str, ...]
    closed_proposals: int


class Decisions:
    """The office's decisions on deadlines."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        planner: Planner,
        registry: AgencyRegistry,
    ) -> None:
        self._sessions = sessions
        self._planner = planner
        self._registry = registry

    def _view(self, row: ExtensionRow, task: TaskRow, assignment: AssignmentRow) -> ProposalView:
        return ProposalView(
            proposal_id=row.id,
            task_id=task.id,
            title=task.title,
            agency=self._registry.get(assignment.owner_id).name,
            deadline=due_in_force(assigned=task.due, extended=assignment.new_due),
            proposed_due=row.proposed_due,
            reason=row.reason,
            proposed_by=row.proposed_by,
            proposed_at=row.proposed_at,
            state=row.state,
            decided_by=row.decided_by,
            decided_at=row.decided_at,
            note=row.decision_note,
            chat_id=row.chat_id,
        )

    async def _load(
        self, session: AsyncSession, proposal_id: int
    ) -> tuple[ExtensionRow, TaskRow, AssignmentRow]:
        row = await session.get(ExtensionRow, proposal_id)
        if row is None:
            raise ProposalNotFound(proposal_id)
        task = await session.get(TaskRow, row.task_id)
        assignment = await session.get(AssignmentRow, row.assignment_id)
        assert task is not None
        assert assignment is not None
        return row, task, assignment

    async def proposal(self, proposal_id: int) -> ProposalView:
        """One proposal. Raises ProposalNotFound."""
        async with reading(self._sessions) as session:
            return self._view(*await self._load(session, proposal_id))

    async def pending(self, task_id: int | None = None) -> list[ProposalView]:
        """Proposals waiting for the office (of one task, or all), oldest first."""
        async with reading(self._sessions) as session:
            query = (
                select(ExtensionRow, TaskRow, AssignmentRow)
                .join(TaskRow, TaskRow.id == ExtensionRow.task_id)
                .join(AssignmentRow, AssignmentRow.id == ExtensionRow.assignment_id)
                .where(ExtensionRow.state == ProposalState.PENDING)
                .order_by(ExtensionRow.proposed_at, ExtensionRow.id)
            )
            if task_id is not None:
                query = query.where(ExtensionRow.task_id == task_id)
            rows = (await session.execute(query)).all()
        return [self._view(row, task, assignment) for row, task, assignment in rows]

    async def decide(
        self,
        *,
        proposal_id: int,
        approve: bool,
        actor_name: str,
        actor_user_id: int | None,
        now: datetime,
        tell_focal: Callable[[ProposalView], str],
    ) -> ProposalView:
        """Approve or reject a pending proposal. The first admin to decide wins; a later
        call raises AlreadyDecided with who decided and when. A proposal of an obligation
        that was finished or withdrawn meanwhile raises NotDecidable. Approving makes the
        proposed date the deadline in force and re-plans the reminders on it; the focal
        point's chat is told either way."""
        state = ProposalState.APPROVED if approve else ProposalState.REJECTED
        decision = {
            "state": state,
            "decided_at": now,
            "decided_by": actor_name,
            "decided_by_user": actor_user_id,
        }
        async with self._sessions.begin() as session:
            # Claim first, before reading anything: the transaction takes the write lock at
            # once, so a second admin's claim waits for this one and then finds it decided.
            claimed = await claim_one(
                session,
                update(ExtensionRow)
                .where(ExtensionRow.id == proposal_id, ExtensionRow.state == ProposalState.PENDING)
                .values(**decision)
                .execution_options(synchronize_session=False),
            )
            if not claimed:
                row = await session.get(ExtensionRow, proposal_id)
                if row is None:
                    raise ProposalNotFound(proposal_id)
                raise AlreadyDecided(row.id, row.state, row.decided_by, row.decided_at)
            row, task, assignment = await self._load(session, proposal_id)
            if not assignment.status.is_open:
                raise NotDecidable(task.id, assignment.status)  # rolls the claim back
            deadline_before = due_in_force(assigned=task.due, extended=assignment.new_due)
            # Siblings: the same report opened one proposal per obligation of this chat's
            # agency under the task (a merged province holds two); they are decided together.
            await session.execute(
                update(ExtensionRow)
                .where(
                    ExtensionRow.task_id == row.task_id,
                    ExtensionRow.proposed_at == row.proposed_at,
                    ExtensionRow.proposed_by_user == row.proposed_by_user,
                    ExtensionRow.proposed_due == row.proposed_due,
                    ExtensionRow.state == ProposalState.PENDING,
                )
                .values(**decision)
                .execution_options(synchronize_session=False)
            )
            decided = (
                await session.execute(
                    select(ExtensionRow, AssignmentRow)
                    .join(AssignmentRow, AssignmentRow.id == ExtensionRow.assignment_id)
                    .where(
                        ExtensionRow.task_id == row.task_id,
                        ExtensionRow.proposed_at == row.proposed_at,
                        ExtensionRow.state == state,
                        ExtensionRow.decided_at == now,
                    )
                )
            ).all()
            for proposal, obligation in decided:
                if approve:
                    obligation.new_due = proposal.proposed_due
                    await plan_in_force(session, self._planner, obligation, task, now)
                session.add(
                    EventRow(
                        task_id=task.id,
                        assignment_id=obligation.id,
                        at=now,
                        kind=EventKind.EXTENSION_APPROVED
                        if approve
                        else EventKind.EXTENSION_REJECTED,
                        actor=actor_name,
                        actor_user_id=actor_user_id,
                        detail=say.decision_detail(approve, deadline_before, proposal.proposed_due),
                        data=event_data(
                            due=proposal.proposed_due if approve else None, proposal=proposal.id
                        ),
                    )
                )
            await session.refresh(row)
            view = self._view(row, task, assignment)
            view = _with_deadline(view, deadline_before)
            if row.chat_id is not None:
                queue_chat_message(session, row.chat_id, tell_focal(view), now, None)
        return view

    async def give_reason(
        self,
        *,
        proposal_id: int,
        note: str,
        actor_user_id: int | None,
        now: datetime,
        tell_focal: Callable[[ProposalView], str],
    ) -> ProposalView:
        """The reason an admin typed in reply after rejecting: recorded with the decision
        and its history line, and sent to the focal point. Only the admin who rejected it
        can add it, once."""
        async with self._sessions.begin() as session:
            row, task, assignment = await self._load(session, proposal_id)
            if row.state is not ProposalState.REJECTED or row.decided_by_user != actor_user_id:
                raise ChangeRefused(ChangeProblem.NOT_REJECTED_BY_YOU)
            if row.decision_note:
                raise ChangeRefused(ChangeProblem.REASON_GIVEN)
            row.decision_note = note
            event = await session.scalar(
                select(EventRow)
                .where(
                    EventRow.assignment_id == row.assignment_id,
                    EventRow.kind == EventKind.EXTENSION_REJECTED,
                )
                .order_by(EventRow.id.desc())
                .limit(1)
            )
            if event is not None:
                event.detail = say.with_decision_reason(event.detail, note)
            view = self._view(row, task, assignment)
            if row.chat_id is not None:
                queue_chat_message(session, row.chat_id, tell_focal(view), now, None)
        return view

    async def set_deadline(
        self,
        *,
        task_id: int,
        due: date,
        reason: str,
        actor_name: str,
        actor_user_id: int | None,
        now: datetime,
        tell_focal: Callable[[DeadlineSet], str],
    ) -> DeadlineSet:
        """``/giahan``: the office sets the deadline in force of every unfinished obligation
        of the task. Proposals still waiting are closed (approved if they asked for that
        very date, otherwise not). Raises TaskNotFound, TaskCancelled, NotDecidable (every
        obligation finished)."""
        async with self._sessions.begin() as session:
            task = await session.get(TaskRow, task_id)
            if task is None:
                raise TaskNotFound(task_id)
            assignments = list(
                (
                    await session.scalars(
                        select(AssignmentRow)
                        .where(AssignmentRow.task_id == task_id)
                        .order_by(AssignmentRow.id)
                    )
                ).all()
            )
            refuse_cancelled(assignments)
            changing = [a for a in assignments if a.status.is_open]
            if not changing:
                raise NotDecidable(task_id, TaskStatus.DONE)
            pending = (
                await session.scalars(
                    select(ExtensionRow).where(
                        ExtensionRow.assignment_id.in_([a.id for a in changing]),
                        ExtensionRow.state == ProposalState.PENDING,
                    )
                )
            ).all()
            for proposal in pending:
                same = proposal.proposed_due == due
                proposal.state = ProposalState.APPROVED if same else ProposalState.REJECTED
                proposal.decided_at, proposal.decided_by = now, actor_name
                proposal.decided_by_user = actor_user_id
                proposal.decision_note = reason
            for assignment in changing:
                before = due_in_force(assigned=task.due, extended=assignment.new_due)
                assignment.new_due = due
                await plan_in_force(session, self._planner, assignment, task, now)
                session.add(
                    EventRow(
                        task_id=task.id,
                        assignment_id=assignment.id,
                        at=now,
                        kind=EventKind.EXTENSION_APPROVED,
                        actor=actor_name,
                        actor_user_id=actor_user_id,
                        detail=say.deadline_set_detail(before, due, reason),
                        data=event_data(due=due),
                    )
                )
            result = DeadlineSet(
                task_id=task.id,
                title=task.title,
                due=due,
                reason=reason,
                agencies=tuple(
                    dict.fromkeys(self._registry.get(a.owner_id).name for a in changing)
                ),
                closed_proposals=len(pending),
            )
            for chat_id in await owner_chats(session, (a.owner_id for a in changing)):
                queue_chat_message(session, chat_id, tell_focal(result), now, None)
        return result


def _with_deadline(view: ProposalView, deadline: date | None) -> ProposalView:
    return replace(view, deadline=deadline)


__all__ = [
    "DeadlineSet",
    "Decisions",
    "ProposalView",
    "open_proposals",
    "owner_chats",
    "queue_chat_message",
    "refuse_cancelled",
    "withdraw_open_proposals",
]
