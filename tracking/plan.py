"""Read-only reports for the command line: the reminder plan of a period, and every task."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.agencies import AgencyRegistry
from domain.followup import ObligationState
from domain.status import ReminderKind, ReminderState, TaskStatus
from scheduler.planner import Planner
from scheduler.windows import send_instant
from storage.db import reading
from storage.models import AssignmentRow, ChatRow, ReminderRow, TaskRow
from storage.types import written
from tracking import wording as say
from tracking.service import Tracker
from tracking.statuses import group_by_task, load_states


async def projected_reminders(
    sessions: async_sessionmaker[AsyncSession], planner: Planner, first: date, last: date
) -> list[tuple[datetime, ReminderKind, AssignmentRow, TaskRow]]:
    """Pending reminders in [first, last], with the chases, progress requests and
    check-ins that would follow them (the plan materialises those one at a time); a
    recurring duty's next period is planned once its current one is reported done."""
    end = send_instant(last, planner.policy) + timedelta(days=1)
    result: list[tuple[datetime, ReminderKind, AssignmentRow, TaskRow]] = []
    async with reading(sessions) as session:
        rows = (
            await session.execute(
                select(ReminderRow, AssignmentRow, TaskRow)
                .join(AssignmentRow, AssignmentRow.id == ReminderRow.assignment_id)
                .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
                .where(
                    ReminderRow.state == written(ReminderState.PENDING),
                    ReminderRow.at <= end,
                    AssignmentRow.status.in_((TaskStatus.OPEN, TaskStatus.LATE)),
                )
                .order_by(ReminderRow.at)
            )
        ).all()
    for reminder, assignment, task in rows:
        at, kind = reminder.at, reminder.kind
        while at <= end:
            if planner.local_day(at) >= first and planner.local_day(at) <= last:
                result.append((at, kind, assignment, task))
            following = planner.after_fired(kind, at)
            if following is None:
                break
            at, kind = following.at, following.kind
    result.sort(key=lambda item: (item[0], item[3].id))
    return result


async def describe_plan(
    sessions: async_sessionmaker[AsyncSession],
    registry: AgencyRegistry,
    planner: Planner,
    first: date,
    last: date,
) -> list[str]:
    """Human-readable plan: per send time, per recipient chat, the tasks listed."""
    items = await projected_reminders(sessions, planner, first, last)
    async with reading(sessions) as session:
        chats = (await session.scalars(select(ChatRow).where(ChatRow.active))).all()
    chats_by_agency: dict[str, list[str]] = defaultdict(list)
    for chat in chats:
        chats_by_agency[chat.agency_id].append(f"{chat.title or chat.chat_id} [{chat.chat_id}]")
    grouped: dict[tuple[datetime, str], dict[int, str]] = defaultdict(dict)
    for at, kind, assignment, task in items:
        grouped[(at, assignment.owner_id)][task.id] = say.plan_task(
            task.id, task.title, kind, task.due
        )
    lines = [say.plan_heading(first, last, len(grouped))]
    for (at, owner), tasks in sorted(grouped.items()):
        local = at.astimezone(planner.policy.timezone)
        recipients = ", ".join(chats_by_agency.get(owner, [])) or say.PLAN_NOBODY
        lines.append(say.plan_send(local, registry.get(owner).name, recipients))
        lines.extend(f"    {text}" for text in tasks.values())
    return lines


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def state_record(state: ObligationState) -> dict[str, Any]:
    """The status fields of one obligation (or of a task, from its least advanced member)."""
    return {
        "status": state.status.value,
        "deadline_assigned": _iso(state.deadline_assigned),
        "deadline_in_force": _iso(state.deadline_in_force),
        "proposed_deadline": _iso(state.proposed_deadline),
        "done_at": _iso(state.done_at),
    }


async def task_records(
    tracker: Tracker,
    sessions: async_sessionmaker[AsyncSession],
    *,
    as_of: date,
    timezone: ZoneInfo,
) -> list[dict[str, Any]]:
    """One record per task assigned by ``as_of`` for ``bot.py tasks --json``, with the
    office's status as of that day (``status`` and the deadline fields are the least
    advanced member's; ``members`` has every member's)."""
    registry = tracker.registry
    async with reading(sessions) as session:
        by_task = group_by_task(await load_states(session, as_of=as_of, timezone=timezone))
    records: list[dict[str, Any]] = []
    for task, notice, assignments in await tracker.all_tasks():
        states = by_task.get(task.id)
        if not states:
            continue  # not assigned yet on that day
        owners = sorted({registry.get(a.owner_id).name for a in assignments})
        least = min(states, key=lambda s: s.status.rank)
        records.append(
            {
                "id": task.id,
                "notice": (notice.number or notice.key) if notice else None,
                "ref": task.ref,
                "lead": task.lead,
                "owner": owners[0] if len(owners) == 1 else owners,
                "co": [registry.get(c).name for c in task.co],
                "title": task.title,
                "due": task.due.isoformat() if task.due else None,
                "granularity": task.granularity.value if task.granularity else None,
                "kind": task.kind.value,
                "phrase": task.phrase,
                "as_of": as_of.isoformat(),
                **state_record(least),
                "members": [
                    {
                        "agency": registry.get(s.agency_id).name,
                        "owner": registry.get(s.owner_id).name,
                        **state_record(s),
                    }
                    for s in states
                ],
                "members_done": sum(1 for s in states if s.status.is_done),
            }
        )
    return records
