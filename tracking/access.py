"""Who may read a task: the one check every command and button that shows a task calls.

Writing is checked by the use cases themselves (``mark_done`` and ``report_late`` accept
only the chat's own obligations; admin commands only admins). Reading follows the same
line: a task is shown to an admin, and to a chat bound to one of its member agencies or
co-operating agencies (a merged agency's successor included); nobody else, so that task
ids — which are sequential — cannot be walked by a stranger.

Reports (``/baocao``, ``/xuatexcel``, the agency buttons, an agency's list) show the tasks
of every agency at once: they are the office's, so ``report_access`` lets admins read them
and nobody else (a focal point reads its own agency's tasks through ``/tasks``).
"""

from __future__ import annotations

import enum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.agencies import AgencyRegistry
from storage.models import AssignmentRow, ChatRow, TaskRow


class Access(enum.Enum):
    """How a chat relates to a task it asks about."""

    ADMIN = "admin"
    MEMBER = "member"
    """Bound to an agency that must carry the task out (or its successor)."""
    CO_OPERATING = "co-operating"
    UNBOUND = "unbound"
    """The chat is bound to no agency (a stranger): refuse with how to get access."""
    OTHER = "other"
    """Bound to an agency that has nothing to do with the task."""
    MISSING = "missing"
    """No such task (said only to whoever could read it if it existed: admins)."""

    @property
    def may_read(self) -> bool:
        return self in (Access.ADMIN, Access.MEMBER, Access.CO_OPERATING)


async def task_access(
    session: AsyncSession,
    registry: AgencyRegistry,
    *,
    task_id: int,
    chat_id: int,
    is_admin: bool,
) -> Access:
    """How the chat ``chat_id`` (whose sender is an admin or not) stands to ``task_id``."""
    task = await session.get(TaskRow, task_id)
    if is_admin:
        return Access.ADMIN if task is not None else Access.MISSING
    agency_id = await session.scalar(
        select(ChatRow.agency_id).where(ChatRow.chat_id == chat_id, ChatRow.active)
    )
    if agency_id is None:
        return Access.UNBOUND
    if task is None:
        return Access.MISSING
    member = await session.scalar(
        select(AssignmentRow.id)
        .where(
            AssignmentRow.task_id == task_id,
            (AssignmentRow.owner_id == agency_id) | (AssignmentRow.agency_id == agency_id),
        )
        .limit(1)
    )
    if member is not None:
        return Access.MEMBER
    return Access.CO_OPERATING if co_operates(registry, task, agency_id) else Access.OTHER


def co_operates(registry: AgencyRegistry, task: TaskRow, agency_id: str) -> bool:
    """Whether ``agency_id`` is one of the task's co-operating agencies (phối hợp), or the
    successor of one."""
    return any(
        co == agency_id or registry.owner_today(str(co)).id == agency_id for co in task.co or []
    )


def lead_for_co_operating(registry: AgencyRegistry, task: TaskRow, agency_id: str) -> str | None:
    """The task's lead when ``agency_id`` co-operates on it (the lead reports), else None:
    what a refused report of a co-operating agency names."""
    return task.lead if co_operates(registry, task, agency_id) else None


async def report_access(session: AsyncSession, *, chat_id: int, is_admin: bool) -> Access:
    """How the chat ``chat_id`` (whose sender is an admin or not) stands to the reports:
    ADMIN may read them; anyone else is UNBOUND (a stranger) or OTHER (a focal point)."""
    if is_admin:
        return Access.ADMIN
    agency_id = await session.scalar(
        select(ChatRow.agency_id).where(ChatRow.chat_id == chat_id, ChatRow.active)
    )
    return Access.UNBOUND if agency_id is None else Access.OTHER


__all__ = ["Access", "report_access", "task_access"]
