"""The rows a report writes about proposals, shared by the reports, the decisions and the
corrections: proposals opened by a /late with a date, withdrawn when the obligation is
reported again, a withdrawn task refusing reports, and the messages to focal-point chats."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import TaskCancelled
from domain.status import EventKind, OutboxPurpose, ProposalState, TaskStatus
from storage.models import AssignmentRow, ChatRow, EventRow, ExtensionRow, OutboxRow
from tracking import wording as say
from tracking.statuses import event_data


def refuse_cancelled(assignments: Sequence[AssignmentRow]) -> None:
    """A withdrawn task takes no reports."""
    if assignments and all(a.status is TaskStatus.CANCELLED for a in assignments):
        raise TaskCancelled(assignments[0].task_id)


async def withdraw_open_proposals(
    session: AsyncSession, assignment_ids: Sequence[int], now: datetime
) -> list[int]:
    """Close the proposals still waiting on these obligations (they were finished, or a
    newer proposal replaces them); returns their ids (an undo reopens them)."""
    if not assignment_ids:
        return []
    ids = list(
        (
            await session.scalars(
                select(ExtensionRow.id).where(
                    ExtensionRow.assignment_id.in_(assignment_ids),
                    ExtensionRow.state == ProposalState.PENDING,
                )
            )
        ).all()
    )
    if not ids:
        return []
    await session.execute(
        update(ExtensionRow)
        .where(
            ExtensionRow.assignment_id.in_(assignment_ids),
            ExtensionRow.state == ProposalState.PENDING,
        )
        .values(state=ProposalState.WITHDRAWN, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    return ids


async def open_proposals(
    session: AsyncSession,
    assignments: Sequence[AssignmentRow],
    *,
    due: date,
    reason: str,
    actor_name: str,
    actor_user_id: int | None,
    chat_id: int,
    now: datetime,
) -> list[tuple[int, EventRow]]:
    """One proposal (and its history event) per obligation; returns (proposal id, event)."""
    await withdraw_open_proposals(session, [a.id for a in assignments], now)
    rows = [
        ExtensionRow(
            task_id=a.task_id,
            assignment_id=a.id,
            proposed_due=due,
            reason=reason,
            proposed_at=now,
            proposed_by=actor_name,
            proposed_by_user=actor_user_id,
            chat_id=chat_id,
            state=ProposalState.PENDING,
            decided_by="",
            decision_note="",
        )
        for a in assignments
    ]
    session.add_all(rows)
    await session.flush()
    result: list[tuple[int, EventRow]] = []
    for row, assignment in zip(rows, assignments, strict=True):
        event = EventRow(
            task_id=assignment.task_id,
            assignment_id=assignment.id,
            at=now,
            kind=EventKind.EXTENSION_PROPOSED,
            actor=actor_name,
            actor_user_id=actor_user_id,
            detail=say.proposal_detail(reason, due),
            data=event_data(due=due, proposal=row.id),
        )
        session.add(event)
        result.append((row.id, event))
    return result


def queue_chat_message(
    session: AsyncSession, chat_id: int, html: str, now: datetime, keyboard: list[object] | None
) -> None:
    """A message to one focal-point chat, sent and retried by the delivery loop."""
    session.add(
        OutboxRow.queued(
            purpose=OutboxPurpose.REPLY, chat_id=chat_id, html=html, now=now, keyboard=keyboard
        )
    )


async def owner_chats(session: AsyncSession, owners: Iterable[str]) -> list[int]:
    """The active focal-point chats of these agencies."""
    return list(
        (
            await session.scalars(
                select(ChatRow.chat_id).where(ChatRow.agency_id.in_(set(owners)), ChatRow.active)
            )
        ).all()
    )
