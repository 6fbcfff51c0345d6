"""Turning due reminders into messages: the reminder sweep.

One conditional ``UPDATE reminders … WHERE state = 'pending' AND at <= now`` claims every
due reminder under a fresh token, as the first statement of its transaction; the same
transaction writes the outgoing messages into the outbox (``delivery.outbox``). On SQLite
the transaction's write lock is the claim: the due reminders are read under it and one
update at the end claims and settles them. A competing sweep waits for the lock and then
claims nothing. A crash before commit leaves everything pending. Reminders that came due for one chat at one time (or piled up while the bot was
down) become **one** message listing those tasks, most urgent first.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple, Protocol, cast

from sqlalchemy import Select, Table, and_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from delivery.outbox import QueuedMessage, insert_queued
from domain.agencies import AgencyRegistry
from domain.deadline import DeadlineKind, Granularity
from domain.status import OutboxPurpose, ReminderKind, ReminderState, TaskStatus
from domain.task_line import TaskLine, line_from
from scheduler.planner import PlannedReminder, Planner, insert_planned
from storage.bulk import all_rows, as_python, as_stored, update_rows
from storage.claims import claim, lock_claims, locks_on_read, new_token, sweeping_alone
from storage.db import briefly
from storage.models import AssignmentRow, ChatRow, ReminderRow, TaskRow
from storage.proposals import pending_by_assignment
from storage.types import written

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class Rendered:
    """One message of a chat's reminder, as the renderer wrote it."""

    html: str
    task_ids: list[int]
    """Every task the message lists (replies and paging read them back)."""
    keyboard: Any
    """Its buttons (Telegram's inline keyboard as lists of rows), or None."""
    silent: bool = False
    """Sent without a notification sound (a reminder of far windows only)."""


class ReminderRenderer(Protocol):
    """A chat's reminder in the chat's words. Declared here, where it is used; the chat
    catalogue implements it (``chat.dispatch_wording``) and the composition root passes it
    in, so the scheduler imports nothing of the chat."""

    def reminder(
        self, agency: str, lines: Sequence[TaskLine], today: date, asked: Collection[int]
    ) -> list[Rendered]:
        """One chat's reminder: ``lines`` most urgent first, ``asked`` the tasks among them
        asked for progress (a progress request goes with the reminder)."""
        ...


#: Told of the obligations a pass just chased, in that pass's transaction, so what it
#: writes (an escalation) commits or rolls back with the chase: (session, the obligations'
#: ids, now). The composition root passes the escalation use case.
ChaseHook = Callable[[AsyncSession, Sequence[int], datetime], Awaitable[object]]


class ReminderFiring:
    """Claims due reminders, queues their messages and plans what follows them."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        registry: AgencyRegistry,
        planner: Planner,
        render: ReminderRenderer,
        on_chased: ChaseHook | None = None,
    ) -> None:
        self._sessions = sessions
        self._registry = registry
        self._planner = planner
        self._render = render
        self._on_chased = on_chased

    async def fire(self, now: datetime) -> tuple[int, int]:
        """Claim due reminders and queue one message per chat. Returns (fired, queued).

        One transaction of set-based statements, whatever is due: the claim, one read of
        the claimed reminders with their obligations and tasks, one of the recipients' chats
        and of the proposals waiting, one bulk insert of the messages, one update settling
        every claimed reminder (fired with its message, cancelled, or without a recipient),
        one bulk insert of the follow-ups. On SQLite the transaction's write lock is the
        claim (``claims.lock_claims``), on PostgreSQL the row locks of the due reminders'
        read (``claims.locks_on_read``): the due reminders are read under it and the
        settling update claims them, one statement fewer and each reminder written once."""
        token = new_token()
        async with briefly(self._sessions) as session:
            await sweeping_alone(session, "reminders")
            given: dict[str, object] = {"now": now}
            if lock_claims(session):
                statement = _due_select(claimed=False)
            elif locks_on_read(session):
                # One worker at a time sweeps (the advisory lock above), and the rows it
                # reads stay locked until it commits: the settling update is their claim.
                statement = _due_select(claimed=False, locked=True)
            else:
                due_now = [
                    ReminderRow.state == written(ReminderState.PENDING),
                    ReminderRow.at <= now,
                ]
                claimed = await claim(
                    session,
                    ReminderRow,
                    where=due_now,
                    values={"state": ReminderState.FIRED, "claim": token, "handled_at": now},
                    returning=[ReminderRow.id],
                )
                if not claimed:
                    return 0, 0
                statement, given = _due_select(claimed=True), {"token": token}
            # Read through the session's connection as stored, then converted column by
            # column (no ORM loading, no conversion per row: the rows share their values).
            # With each its owner's active chats, one row per chat (none: no chat), in the
            # same statement: the recipients need no second look-up of what is claimed.
            stored = await all_rows(session, statement, given)
            if not stored:
                return 0, 0
            dialect = session.get_bind().dialect
            rows: list[_Due] = []
            chats: dict[str, set[tuple[int, int]]] = defaultdict(set)
            for *columns, chat_row_id, chat_id in as_python(dialect, _DUE_COLUMNS, stored):
                if chat_row_id is not None:
                    chats[columns[4]].add((chat_row_id, chat_id))
                # A reminder's rows (one per chat) follow one another: its (at, id) is its own.
                if not rows or rows[-1].reminder_id != columns[0]:
                    rows.append(_Due(*columns))
            queued = await self._queue_reminders(session, rows, chats, token, now)
            await self._plan_follow_ups(session, rows, now)
            chased = sorted(
                {d.assignment_id for d in rows if d.kind is ReminderKind.CHASE and d.status.is_open}
            )
            if chased and self._on_chased is not None:
                await self._on_chased(session, chased, now)
        log.info("fired %d reminders into %d messages", len(rows), queued)
        return len(rows), queued

    async def _queue_reminders(
        self,
        session: AsyncSession,
        rows: Sequence[_Due],
        chats_by_owner: dict[str, set[tuple[int, int]]],
        token: str,
        now: datetime,
    ) -> int:
        """Queue the messages of the claimed ``rows`` to their owners' chats
        (``chats_by_owner``: (chat row id, chat id) each) and settle every one of them;
        returns the messages queued."""
        today = self._planner.local_day(now)
        # owner -> task id -> the line (one per task even if several reminders piled up).
        by_owner: dict[str, dict[int, TaskLine]] = defaultdict(dict)
        reminders_by_owner: dict[str, list[int]] = defaultdict(list)
        # Each claimed reminder's end: (state, the message that carries it).
        settled: dict[int, tuple[ReminderState, int | None]] = {}
        # Tasks listed as a progress request / check-in.
        asked: dict[str, set[int]] = defaultdict(set)
        # A chase says when a proposal is waiting for the office (the deadline still stands).
        # Proposals waiting are few: all of them are read, not looked up one by one.
        pending = await pending_by_assignment(session)
        names: dict[str, str] = {}
        for due in rows:
            if not due.status.is_open:
                settled[due.reminder_id] = (ReminderState.CANCELLED, None)
                continue
            reminders_by_owner[due.owner_id].append(due.reminder_id)
            if due.kind is ReminderKind.FOLLOWUP:
                asked[due.owner_id].add(due.task_id)
            assigned_as = names.get(due.agency_id)
            if assigned_as is None:
                assigned_as = names[due.agency_id] = self._registry.get(due.agency_id).name
            line = line_from(
                task_id=due.task_id,
                title=due.title,
                due=due.due,
                granularity=due.granularity,
                kind=due.deadline_kind,
                phrase=due.phrase,
                status=due.status,
                new_due=due.new_due,
                period_due=due.period_due,
                assigned_as=assigned_as,
            )
            if due.assignment_id in pending:
                line = replace(line, proposed_due=pending[due.assignment_id])
            by_owner[due.owner_id][due.task_id] = line
        # (chat id, chat row id, html, keyboard, task ids, silent) of each message.
        messages_to_queue: list[QueuedMessage] = []
        carriers: list[tuple[int, str]] = []  # (index of the first message, owner)
        for owner, lines_by_task in by_owner.items():
            recipients = chats_by_owner.get(owner, ())
            if not recipients:
                for reminder_id in reminders_by_owner[owner]:
                    settled[reminder_id] = (ReminderState.NO_RECIPIENT, None)
                continue
            lines = list(lines_by_task.values())
            if len(lines) > 1:
                lines.sort(key=lambda line: line.urgency_key(today))
            agency = names.get(owner) or self._registry.get(owner).name
            # One message (its first page, with that page's buttons and ◀ ▶ to page in
            # place), or with progress requests the catalogue's parts; each knows every
            # task it lists (replies, paging). Far windows are silent.
            parts = self._render.reminder(agency, lines, today, asked[owner])
            carriers.append((len(messages_to_queue), owner))
            for chat_row_id, chat_id in sorted(recipients):
                messages_to_queue.extend(
                    (chat_id, chat_row_id, part.html, part.keyboard, part.task_ids, part.silent)
                    for part in parts
                )
        outbox_ids = await insert_queued(session, OutboxPurpose.REMINDER, now, messages_to_queue)
        for first, owner in carriers:
            for reminder_id in reminders_by_owner[owner]:
                settled[reminder_id] = (ReminderState.FIRED, outbox_ids[first])
        # One statement for every claimed reminder (on SQLite and PostgreSQL, this is its
        # claim). Under SQLite's write lock or PostgreSQL's row locks no token is written:
        # the lock was the claim, and leaving ``claim`` as it was spares the update the
        # upkeep of its index.
        table = cast(Table, ReminderRow.__table__)
        if lock_claims(session) or locks_on_read(session):
            await update_rows(
                session,
                table,
                ["state", "handled_at", "outbox_id"],
                "id",
                [
                    (state, now, outbox_id, reminder_id)
                    for reminder_id, (state, outbox_id) in settled.items()
                ],
            )
        else:
            await update_rows(
                session,
                table,
                ["state", "handled_at", "claim", "outbox_id"],
                "id",
                [
                    (state, now, token, outbox_id, reminder_id)
                    for reminder_id, (state, outbox_id) in settled.items()
                ],
            )
        return len(outbox_ids)

    async def _plan_follow_ups(
        self, session: AsyncSession, rows: Sequence[_Due], now: datetime
    ) -> None:
        """After an overdue reminder or a chase fires, plan the next chase (once per
        obligation), a recurring duty's period's as any other's; after a progress request or
        a check-in, the next one an interval later. One bulk insert."""
        planned: dict[int, PlannedReminder] = {}
        following: dict[ReminderKind, PlannedReminder | None] = {}  # all fired at ``now``
        for due in rows:
            if not due.status.is_open or due.assignment_id in planned:
                continue
            if due.kind not in following:
                following[due.kind] = self._planner.after_fired(due.kind, now)
            successor = following[due.kind]
            if successor is not None:
                planned[due.assignment_id] = successor
        await insert_planned(session, list(planned.items()))


@cache
def _due_select(*, claimed: bool, locked: bool = False) -> Select[Any]:
    """The due reminders with what their messages need and their owners' chats: those
    due at ``:now`` (read under SQLite's write lock, which claims them; with ``locked``,
    PostgreSQL's ``FOR UPDATE OF reminders SKIP LOCKED``: a reminder another transaction
    is changing — a reply re-planning it — is left pending for the next sweep, not waited
    for), or those claimed under ``:token``. Built once, so SQLAlchemy neither builds nor
    keys it again each sweep."""
    where = (
        [ReminderRow.claim == bindparam("token")]
        if claimed
        else [
            ReminderRow.state == written(ReminderState.PENDING),
            ReminderRow.at <= bindparam("now"),
        ]
    )
    statement = (
        select(*as_stored(_DUE_COLUMNS), ChatRow.id, ChatRow.chat_id)
        .join(AssignmentRow, AssignmentRow.id == ReminderRow.assignment_id)
        .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
        .outerjoin(ChatRow, and_(ChatRow.agency_id == AssignmentRow.owner_id, ChatRow.active))
        .where(*where)
        .order_by(ReminderRow.at, ReminderRow.id)
    )
    return statement.with_for_update(of=ReminderRow, skip_locked=True) if locked else statement


_DUE_COLUMNS = (
    ReminderRow.id,
    ReminderRow.kind,
    AssignmentRow.id,
    AssignmentRow.agency_id,
    AssignmentRow.owner_id,
    AssignmentRow.status,
    AssignmentRow.new_due,
    AssignmentRow.period_due,
    TaskRow.id,
    TaskRow.title,
    TaskRow.due,
    TaskRow.granularity,
    TaskRow.kind,
    TaskRow.phrase,
)


class _Due(NamedTuple):
    """A claimed reminder with what its message needs (the columns of ``_DUE_COLUMNS``)."""

    reminder_id: int
    kind: ReminderKind
    assignment_id: int
    agency_id: str
    owner_id: str
    status: TaskStatus
    new_due: date | None
    period_due: date | None
    task_id: int
    title: str
    due: date | None
    granularity: Granularity | None
    deadline_kind: DeadlineKind
    phrase: str
