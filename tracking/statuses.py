"""Loading the office's statuses from the database: a few bulk queries, then the pure
function of ``domain.followup`` over every obligation (no per-row queries).

Public API (used by the chat, ``bot.py tasks --json`` and the reports)::

    states = await load_states(session, as_of=date(2025, 6, 30), timezone=tz)
    # -> list[ObligationState], one per obligation assigned by 30/6/2025
    by_task = group_by_task(states)          # task id -> its members' states
    task_status(by_task[12])                 # the task's own status
    histories = await load_histories(session, timezone=tz)   # read once (reports) …
    histories.states(date(2025, 6, 30))      # … states at any day, no further query

An event's ``data`` (JSON) holds what the status function reads; ``event_data`` builds it
so every writer spells it the same way.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.deadline import DeadlineKind
from domain.followup import (
    DEADLINE_FIELD,
    HistoryEvent,
    ObligationFacts,
    ObligationState,
    obligation_states,
    task_status,
)
from domain.status import EventKind
from storage.models import AssignmentRow, EventRow, NoticeRow, TaskRow

#: Events that can change a status; the others (created, late without a date, progress,
#: moved) are history only and are not loaded for statuses.
STATUS_EVENTS = frozenset(
    {
        EventKind.DONE,
        EventKind.REOPENED,
        EventKind.EDITED,
        EventKind.EXTENSION_PROPOSED,
        EventKind.EXTENSION_APPROVED,
        EventKind.EXTENSION_REJECTED,
        EventKind.UNDONE,
        EventKind.SUBMITTED,
        EventKind.CONFIRMED,
        EventKind.RETURNED,
        EventKind.CANCELLED,
        EventKind.PERIOD_DONE,
    }
)


def event_data(
    *,
    due: date | None = None,
    proposal: int | None = None,
    ref: int | None = None,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    deadline_kind: DeadlineKind | None = None,
) -> dict[str, Any]:
    """The ``data`` of an event, only with the keys given."""
    data: dict[str, Any] = {}
    if due is not None:
        data["due"] = due.isoformat()
    if deadline_kind is not None:
        data["deadline_kind"] = deadline_kind.value
    if proposal is not None:
        data["proposal"] = proposal
    if ref is not None:
        data["ref"] = ref
    if field is not None:
        data["field"] = field
    if old is not None:
        data["old"] = old
    if new is not None:
        data["new"] = new
    return data


def history_event(
    seq: int, at: datetime, kind: EventKind, data: dict[str, Any] | None, tz: ZoneInfo
) -> HistoryEvent:
    """One stored event as the status function reads it."""
    data = data or {}
    due = data.get("due", data.get("period"))
    deadline_kind = data.get("deadline_kind")
    ref = data.get("proposal", data.get("ref"))
    return HistoryEvent(
        seq=seq,
        day=at.astimezone(tz).date(),
        kind=kind,
        due=date.fromisoformat(due) if due else None,
        deadline_kind=DeadlineKind(deadline_kind) if deadline_kind else None,
        field=data.get("field"),
        ref=int(ref) if ref is not None else None,
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Histories:
    """Every obligation's facts and its whole history, read once; ``states(as_of)`` gives
    the states at any day without reading again (a report's weekly trend, the digest's
    "since last week")."""

    facts: list[ObligationFacts]
    task_events: dict[int, list[HistoryEvent]]
    own_events: dict[int, list[HistoryEvent]]

    def states(self, as_of: date) -> list[ObligationState]:
        return obligation_states(self.facts, self.task_events, self.own_events, as_of)


async def load_states(
    session: AsyncSession,
    *,
    as_of: date,
    timezone: ZoneInfo,
    task_ids: Collection[int] | None = None,
) -> list[ObligationState]:
    """Every obligation's state at the end of ``as_of`` (in task, then obligation order).

    Obligations assigned after ``as_of`` are left out. ``task_ids`` narrows it to some
    tasks (``/task``, a reminder); without it every task is read in four queries."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        histories = await _load_histories(
            session, timezone=timezone, task_ids=task_ids, until=as_of
        )
        return histories.states(as_of)
    finally:
        if collecting:
            gc.enable()


async def load_histories(
    session: AsyncSession,
    *,
    timezone: ZoneInfo,
    task_ids: Collection[int] | None = None,
    until: date | None = None,
) -> Histories:
    """Every obligation's facts and status events (only those up to ``until`` when given)."""
    # Hundreds of thousands of small objects: the cyclic collector would rescan them all
    # again and again while they are built (none of them forms a cycle).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return await _load_histories(session, timezone=timezone, task_ids=task_ids, until=until)
    finally:
        if collecting:
            gc.enable()


async def _load_histories(
    session: AsyncSession,
    *,
    timezone: ZoneInfo,
    task_ids: Collection[int] | None,
    until: date | None,
) -> Histories:
    end = datetime.combine(until + timedelta(days=1), time(0), timezone) if until else None
    tasks = select(
        TaskRow.id,
        TaskRow.created_at,
        TaskRow.due,
        TaskRow.kind,
        NoticeRow.issued,
        TaskRow.recurrence,
    ).outerjoin(NoticeRow, NoticeRow.id == TaskRow.notice_id)
    members = select(
        AssignmentRow.id,
        AssignmentRow.task_id,
        AssignmentRow.agency_id,
        AssignmentRow.owner_id,
        AssignmentRow.period_due,
    ).order_by(AssignmentRow.task_id, AssignmentRow.id)
    events = (
        select(EventRow.id, EventRow.task_id, EventRow.assignment_id, EventRow.at)
        .add_columns(EventRow.kind, EventRow.data)
        .where(EventRow.kind.in_(STATUS_EVENTS))
        .order_by(EventRow.id)
    )
    if task_ids is not None:
        ids = list(task_ids)
        tasks = tasks.where(TaskRow.id.in_(ids))
        members = members.where(AssignmentRow.task_id.in_(ids))
        events = events.where(EventRow.task_id.in_(ids))
    # The original deadline comes from the first deadline edit's old value, whenever it
    # happened; the other events only count up to ``until``.
    original: dict[int, tuple[DeadlineKind, date | None]] = {}
    task_events: dict[int, list[HistoryEvent]] = defaultdict(list)
    own_events: dict[int, list[HistoryEvent]] = defaultdict(list)
    # A recurring duty's first period followed: the earliest period reported since the
    # task's last deadline edit (whatever the reporting day, so it never moves).
    first_reported: dict[int, date] = {}
    reported_by_task: dict[int, set[int]] = defaultdict(set)
    # Core execution: plain rows, no ORM result layer (a report reads every obligation).
    connection = await session.connection()
    for seq, task_id, assignment_id, at, kind, data in (await connection.execute(events)).all():
        if kind is EventKind.EDITED:
            if not data or data.get("field") != DEADLINE_FIELD:
                continue
            old = data.get("old") or {}
            if task_id not in original and old:
                old_due = old.get("due")
                original[task_id] = (
                    DeadlineKind(old.get("kind", DeadlineKind.DEADLINE.value)),
                    date.fromisoformat(old_due) if old_due else None,
                )
            for reported in reported_by_task.pop(task_id, set()):
                first_reported.pop(reported, None)  # periods of the wording edited away
        elif kind is EventKind.PERIOD_DONE and assignment_id is not None and data:
            period = date.fromisoformat(data["period"])
            known = first_reported.get(assignment_id)
            first_reported[assignment_id] = period if known is None else min(known, period)
            reported_by_task[task_id].add(assignment_id)
        if end is not None and at >= end:
            continue
        event = history_event(seq, at, kind, data, timezone)
        if assignment_id is None:
            task_events[task_id].append(event)
        else:
            own_events[assignment_id].append(event)
    task_rows: dict[int, tuple[date, DeadlineKind, date | None, str | None]] = {}
    for task_id, created_at, due, kind, issued, rule in (await connection.execute(tasks)).all():
        assigned_on = issued or created_at.astimezone(timezone).date()
        first_kind, first_due = original.get(task_id, (kind, due))
        task_rows[task_id] = (assigned_on, first_kind, first_due, rule)
    facts: list[ObligationFacts] = []
    for assignment_id, task_id, agency_id, owner_id, period_due in (
        await connection.execute(members)
    ).all():
        assigned_on, kind, due, rule = task_rows[task_id]
        facts.append(
            ObligationFacts(
                task_id=task_id,
                assignment_id=assignment_id,
                agency_id=agency_id,
                owner_id=owner_id,
                assigned_on=assigned_on,
                kind=kind,
                due=due,
                recurrence=rule,
                first_period=_first_period(rule, period_due, first_reported.get(assignment_id)),
            )
        )
    return Histories(facts=facts, task_events=task_events, own_events=own_events)


def _first_period(
    rule: str | None, current: date | None, first_reported: date | None
) -> date | None:
    """The first period of a recurring duty the office followed: the earliest reported
    (periods are reported in turn), else the current one (none was reported yet)."""
    if rule is None or current is None:
        return None
    return current if first_reported is None else min(current, first_reported)


def group_by_task(states: Iterable[ObligationState]) -> dict[int, list[ObligationState]]:
    """States grouped by task id (insertion order kept)."""
    grouped: dict[int, list[ObligationState]] = defaultdict(list)
    for state in states:
        grouped[state.task_id].append(state)
    return dict(grouped)


__all__ = [
    "STATUS_EVENTS",
    "Histories",
    "event_data",
    "group_by_task",
    "history_event",
    "load_histories",
    "load_states",
    "task_status",
]
