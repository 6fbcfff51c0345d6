"""Turning due reminders into messages, and messages into Telegram sends.

Two steps, each safe to run concurrently with itself (two sweeps, two processes):

1. ``fire_due``: one conditional ``UPDATE reminders … WHERE state = 'pending' AND at <= now``
   claims every due reminder under a fresh token, as the first statement of its
   transaction; the same transaction writes the outgoing messages. A competing sweep waits
   for the lock and then claims nothing. A crash before commit leaves everything pending.
   Reminders that came due for one chat at one time (or piled up while the bot was down)
   become **one** message listing those tasks, most urgent first.
2. ``deliver_due``: each pending outbox row is claimed (``pending → sending``, recording
   this process's sender lease) before it is sent, so it is sent once; every attempt leaves
   a ``send_attempts`` row. Chats are served concurrently, each chat's messages in order;
   the bot's flood limiter (``chat.pacing``) paces the sends; pending admin notices to one
   chat go as one message. Flood control waits ``retry_after``; network errors back off; a
   blocked or vanished chat is disabled and the admins are told; a migrated group is
   followed to its new id. A message left "sending" by a dead process is taken back by
   ``scheduler.senders``.

Reminders fire only on working days between the send time and the last send time, so a
bot that comes back at 3 a.m. or on a Sunday waits for the next working morning.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol, TypeVar

from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.agencies import AgencyRegistry
from domain.calendar import WorkingCalendar
from domain.deadline import DeadlineKind, Granularity
from domain.status import (
    AdminNotify,
    DeliveryOutcome,
    OfficeNoteKind,
    OutboxPurpose,
    OutboxState,
    ReminderKind,
    ReminderState,
    TaskStatus,
)
from domain.task_line import TaskLine, line_from
from scheduler.claims import claim, new_token, sweeping_alone
from scheduler.outbox import insert_messages, link_to_messages, tell_office
from scheduler.planner import PlannedReminder, Planner, insert_planned
from scheduler.senders import SenderLease
from scheduler.transport import SendResult, Transport
from scheduler.windows import ReminderPolicy, send_instant
from scheduler.writes import GroupWriter
from storage.db import reading
from storage.models import (
    AssignmentRow,
    ChatRow,
    LeadershipChatRow,
    OutboxRow,
    ReminderRow,
    SendAttemptRow,
    TaskRow,
)
from storage.proposals import pending_by_assignment

log = logging.getLogger(__name__)

#: Back-off for network errors: attempt n waits BACKOFF[min(n, len-1)].
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1))
#: Chats served at once in a pass (the flood limiter paces the sends themselves).
CONCURRENCY = 64


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


class Renderer(Protocol):
    """What the dispatcher says, in the chat's words. Declared here, where it is used; the
    chat catalogue implements it (``chat.dispatch_wording``) and the composition root
    passes it in, so the delivery imports nothing of the chat."""

    @property
    def message_budget(self) -> int:
        """How long one message may be (plain admin notices to one chat are joined up to
        it)."""
        ...

    def reminder(
        self, agency: str, lines: Sequence[TaskLine], today: date, asked: Collection[int]
    ) -> list[Rendered]:
        """One chat's reminder: ``lines`` most urgent first, ``asked`` the tasks among them
        asked for progress (a progress request goes with the reminder)."""
        ...

    def chat_gone_reason(self, blocked: bool) -> str:
        """Why a chat can no longer be reached (kept on the chat and its failed messages)."""
        ...

    def chat_disabled(self, chat_title: str, agency: str, reason: str) -> str:
        """The office's notice that a focal point's chat was disabled."""
        ...

    def leadership_chat_disabled(self, chat_title: str, agency: str, reason: str) -> str:
        """The office's notice that a leadership chat was disabled."""
        ...


#: Told of the obligations a pass just chased, in that pass's transaction, so what it
#: writes (an escalation) commits or rolls back with the chase: (session, the obligations'
#: ids, now). The composition root passes the escalation use case.
ChaseHook = Callable[[AsyncSession, Sequence[int], datetime], Awaitable[object]]


class SendingSweep(Protocol):
    """Work that, like the reminders, goes out only in sending hours (e.g. telling agencies
    of their new tasks): ``fire`` queues its messages, ``earliest`` says since when some
    waits (the next wake-up is the next sending instant after it)."""

    async def fire(self, now: datetime) -> int: ...

    async def earliest(self) -> datetime | None: ...


@dataclass(frozen=True, kw_only=True, slots=True)
class RunReport:
    """What one run did."""

    fired: int = 0
    messages_queued: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0


class Dispatcher:
    """Fires due reminders and delivers the outbox."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        registry: AgencyRegistry,
        planner: Planner,
        transport: Transport,
        admin_ids: frozenset[int],
        last_send_time: time | None = None,
        lease: SenderLease | None = None,
        render: Renderer,
        concurrency: int = CONCURRENCY,
        admin_notify: AdminNotify = AdminNotify.INSTANT,
        on_chased: ChaseHook | None = None,
    ) -> None:
        self._admin_notify = admin_notify
        self._on_chased = on_chased
        self._render = render
        self._sessions = sessions
        self._lease = lease or SenderLease(sessions)
        self._concurrency = concurrency
        self._stopping = False
        # The concurrent senders of one process hand their short writes (claims, records)
        # to one group writer: first come, first served, many per transaction.
        self._writer = GroupWriter(sessions)
        self._registry = registry
        self._planner = planner
        self._transport = transport
        self._admin_ids = admin_ids
        self._last_send_time = last_send_time
        self._hooks: list[Callable[[datetime], Awaitable[object]]] = []
        self._sweeps: list[SendingSweep] = []

    @property
    def policy(self) -> ReminderPolicy:
        return self._planner.policy

    @property
    def calendar(self) -> WorkingCalendar:
        return self._planner.calendar

    def may_remind(self, now: datetime) -> bool:
        """Reminders go out on working days between the send time and the last send time."""
        local = now.astimezone(self.policy.timezone)
        if not self.calendar.is_working_day(local.date()):
            return False
        if local.time() < self.policy.send_time:
            return False
        return self._last_send_time is None or local.time() < self._last_send_time

    def add_pass_hook(self, hook: Callable[[datetime], Awaitable[object]]) -> None:
        """Run ``hook(now)`` at the end of every pass (e.g. the weekly digest); a failing
        hook is logged and never stops the reminders."""
        self._hooks.append(hook)

    def add_sweep(self, sweep: SendingSweep) -> None:
        """Fire ``sweep`` in sending hours at every pass, before the reminders (a focal
        point hears of a task before being reminded of it)."""
        self._sweeps.append(sweep)

    @property
    def lease(self) -> SenderLease:
        return self._lease

    def next_sending_instant(self, at: datetime) -> datetime:
        """``at`` itself if reminders may go out then, else the next instant they may."""
        if self.may_remind(at):
            return at
        day = at.astimezone(self.policy.timezone).date()
        for _ in range(400):
            candidate = send_instant(day, self.policy)
            if candidate >= at and self.may_remind(candidate):
                return candidate
            day += timedelta(days=1)
        return at + timedelta(days=1)  # no working day within a year: look again tomorrow

    async def run_once(self, now: datetime) -> RunReport:
        """Fire what is due, then deliver what is pending (after taking back what a dead
        sender left "sending"), then the pass hooks."""
        await self._lease.heartbeat()
        await self._lease.reclaim()
        told = await self._fire_sweeps(now)
        fired, queued = await self.fire_due(now)
        queued += told
        sent, failed, retried = await self.deliver_due(now)
        if sent or failed or retried:
            log.info("delivered %d message(s); %d failed, %d to retry", sent, failed, retried)
        for hook in self._hooks:
            try:
                await hook(now)
            except Exception:
                log.exception("pass hook %r failed; the next pass tries again", hook)
        return RunReport(
            fired=fired, messages_queued=queued, sent=sent, failed=failed, retried=retried
        )

    async def _fire_sweeps(self, now: datetime) -> int:
        if not self._sweeps or not self.may_remind(now):
            return 0
        return sum([await sweep.fire(now) for sweep in self._sweeps])

    async def recover(self, now: datetime) -> int:
        """At start-up: register this sender and take back at once what a predecessor that
        died left "sending" (see ``scheduler.senders``)."""
        await self._lease.heartbeat()
        return await self._lease.reclaim()

    async def next_due(self, now: datetime) -> datetime | None:
        """The earliest instant anything becomes due: a reminder (never before the next
        instant reminders may go out, so a night or a weekend is one wait) or a retry."""
        async with reading(self._sessions) as session:
            reminder = await session.scalar(
                select(func.min(ReminderRow.at)).where(ReminderRow.state == ReminderState.PENDING)
            )
            outbox = await session.scalar(
                select(func.min(OutboxRow.next_attempt_at)).where(
                    OutboxRow.state == OutboxState.PENDING
                )
            )
        candidates = [] if outbox is None else [outbox]
        waiting = [reminder] + [await sweep.earliest() for sweep in self._sweeps]
        candidates.extend(
            self.next_sending_instant(max(at, now)) for at in waiting if at is not None
        )
        return min(candidates) if candidates else None

    # ------------------------------------------------------------------ step 1

    async def fire_due(self, now: datetime) -> tuple[int, int]:
        """Claim due reminders and queue one message per chat. Returns (fired, queued).

        One transaction of set-based statements, whatever is due: the claim, one read of
        the claimed reminders with their obligations and tasks, one of the recipients' chats
        and of the proposals waiting, one bulk insert of the messages, one update linking
        the reminders to them, one bulk insert of the follow-ups."""
        if not self.may_remind(now):
            return 0, 0
        token = new_token()
        async with self._sessions.begin() as session:
            await sweeping_alone(session, "reminders")
            claimed = await claim(
                session,
                ReminderRow,
                where=[ReminderRow.state == ReminderState.PENDING, ReminderRow.at <= now],
                values={"state": ReminderState.FIRED, "claim": token, "handled_at": now},
                returning=[ReminderRow.id],
            )
            if not claimed:
                return 0, 0
            # Read through the session's connection: plain rows, no ORM loading per row.
            connection = await session.connection()
            rows = [
                _Due(*row)  # type: ignore[call-arg]
                for row in (
                    await connection.execute(
                        select(*_DUE_COLUMNS)
                        .join(AssignmentRow, AssignmentRow.id == ReminderRow.assignment_id)
                        .join(TaskRow, TaskRow.id == AssignmentRow.task_id)
                        .where(ReminderRow.claim == token)
                        .order_by(ReminderRow.at, ReminderRow.id)
                    )
                ).all()
            ]
            queued = await self._queue_reminders(session, rows, now)
            await self._plan_follow_ups(session, rows, now)
            chased = sorted(
                {d.assignment_id for d in rows if d.kind is ReminderKind.CHASE and d.status.is_open}
            )
            if chased and self._on_chased is not None:
                await self._on_chased(session, chased, now)
        log.info("fired %d reminders into %d messages", len(rows), queued)
        return len(rows), queued

    async def _queue_reminders(
        self, session: AsyncSession, rows: Sequence[_Due], now: datetime
    ) -> int:
        today = self._planner.local_day(now)
        # owner -> task id -> the line (one per task even if several reminders piled up).
        by_owner: dict[str, dict[int, TaskLine]] = defaultdict(dict)
        reminders_by_owner: dict[str, list[int]] = defaultdict(list)
        cancelled: list[int] = []
        # Tasks listed as a progress request / check-in.
        asked: dict[str, set[int]] = defaultdict(set)
        # A chase says when a proposal is waiting for the office (the deadline still stands).
        # Proposals waiting are few: all of them are read, not looked up one by one.
        pending = await pending_by_assignment(session)
        for due in rows:
            if not due.status.is_open:
                cancelled.append(due.reminder_id)
                continue
            reminders_by_owner[due.owner_id].append(due.reminder_id)
            if due.kind is ReminderKind.FOLLOWUP:
                asked[due.owner_id].add(due.task_id)
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
                assigned_as=self._registry.get(due.agency_id).name,
            )
            if due.assignment_id in pending:
                line = replace(line, proposed_due=pending[due.assignment_id])
            by_owner[due.owner_id][due.task_id] = line
        await _set_state(session, cancelled, ReminderState.CANCELLED)
        if not by_owner:
            return 0
        chats_by_owner: dict[str, list[tuple[int, int]]] = defaultdict(list)
        connection = await session.connection()
        for owners in _chunks(list(by_owner)):
            for chat_row_id, chat_id, agency_id in (
                await connection.execute(
                    select(ChatRow.id, ChatRow.chat_id, ChatRow.agency_id).where(
                        ChatRow.agency_id.in_(owners), ChatRow.active
                    )
                )
            ).all():
                chats_by_owner[agency_id].append((chat_row_id, chat_id))
        messages_to_queue: list[dict[str, object]] = []
        carriers: list[tuple[int, str]] = []  # (index of the first message, owner)
        unreachable: list[int] = []
        for owner, lines_by_task in by_owner.items():
            recipients = chats_by_owner.get(owner, [])
            if not recipients:
                unreachable.extend(reminders_by_owner[owner])
                continue
            lines = sorted(lines_by_task.values(), key=lambda line: line.urgency_key(today))
            agency = self._registry.get(owner).name
            # One message (its first page, with that page's buttons and ◀ ▶ to page in
            # place), or with progress requests the catalogue's parts; each knows every
            # task it lists (replies, paging). Far windows are silent.
            parts = self._render.reminder(agency, lines, today, asked[owner])
            carriers.append((len(messages_to_queue), owner))
            for chat_row_id, chat_id in sorted(recipients):
                for part in parts:
                    messages_to_queue.append(
                        OutboxRow.queued_values(
                            purpose=OutboxPurpose.REMINDER,
                            chat_id=chat_id,
                            chat_row_id=chat_row_id,
                            html=part.html,
                            now=now,
                            keyboard=part.keyboard,
                            task_ids=part.task_ids,
                            silent=part.silent,
                        )
                    )
        await _set_state(session, unreachable, ReminderState.NO_RECIPIENT)
        if not messages_to_queue:
            return 0
        outbox_ids = await insert_messages(session, messages_to_queue)
        await link_to_messages(
            session,
            ReminderRow,
            (
                (reminder_id, outbox_ids[first])
                for first, owner in carriers
                for reminder_id in reminders_by_owner[owner]
            ),
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

    # ------------------------------------------------------------------ step 2

    def request_stop(self) -> None:
        """Stop claiming: the messages in flight finish, the rest (even those claimed but
        still waiting for their slot in the flood limiter) stay pending."""
        self._stopping = True
        self._transport.stop()

    async def deliver_due(self, now: datetime) -> tuple[int, int, int]:
        """Send every pending message whose time has come. Returns (sent, failed, retried).

        Each chat's messages go in order, one after the other (a transient failure leaves
        the rest of that chat for the next pass); different chats are served concurrently,
        paced by the bot's flood limiter. Pending admin notices to one chat go as one
        message."""
        if self._stopping:
            return 0, 0, 0
        async with reading(self._sessions) as session:
            due = (
                await session.execute(
                    select(
                        OutboxRow.id,
                        OutboxRow.chat_id,
                        OutboxRow.purpose,
                        func.length(OutboxRow.html),
                        OutboxRow.keyboard,
                    )
                    .where(OutboxRow.state == OutboxState.PENDING, OutboxRow.next_attempt_at <= now)
                    .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
                )
            ).all()
        by_chat: dict[int, list[_Unit]] = {}
        for outbox_id, chat_id, purpose, size, keyboard in due:
            units = by_chat.setdefault(chat_id, [])
            last = units[-1] if units else None
            # Plain admin notices to one chat go as one; one with buttons goes alone.
            batchable = purpose is OutboxPurpose.ADMIN and not keyboard
            if (
                batchable
                and last is not None
                and last.batchable
                and last.size + size + 2 <= self._render.message_budget
            ):
                last.ids.append(outbox_id)
                last.size += size + 2
            else:
                units.append(_Unit(ids=[outbox_id], batchable=batchable, size=size))
        tally: dict[str, int] = defaultdict(int)
        gate = asyncio.Semaphore(self._concurrency)

        async def serve(units: list[_Unit]) -> None:
            async with gate:
                for unit in units:
                    if self._stopping:
                        return
                    outcome, count = await self._deliver_unit(unit.ids, now)
                    if outcome is None:
                        continue
                    tally[_bucket(outcome)] += count
                    if outcome is not DeliveryOutcome.SENT:
                        return  # keep the chat's order: the rest waits for the retry

        await asyncio.gather(*(serve(units) for units in by_chat.values()))
        return tally["sent"], tally["failed"], tally["retried"]

    async def deliver_now(self, outbox_ids: Sequence[int], now: datetime) -> bool:
        """Send these messages at once (a reply's confirmation); what fails stays in the
        outbox for the loop to retry. True when every one was sent. Never raises: the
        change they confirm is committed."""
        all_sent = True
        for outbox_id in outbox_ids:
            try:
                outcome, _ = await self._deliver_unit([outbox_id], now)
            except Exception:
                log.exception(
                    "immediate delivery of message %s failed; the loop retries", outbox_id
                )
                outcome = None
            all_sent = all_sent and outcome is DeliveryOutcome.SENT
        return all_sent

    @property
    def writer(self) -> GroupWriter:
        """The group writer of this process's senders (its ``commits`` count)."""
        return self._writer

    async def _deliver_unit(
        self, outbox_ids: Sequence[int], now: datetime
    ) -> tuple[DeliveryOutcome | None, int]:
        """Claim these messages (one chat), send them as one, record the outcome.

        Returns the outcome (None if another sender had them) and how many were claimed.
        The claim and the record are group-committed with the other senders' writes."""
        token = new_token()

        async def claim_them(session: AsyncSession) -> list[Row[Any]]:
            return await claim(
                session,
                OutboxRow,
                where=[OutboxRow.id.in_(outbox_ids), OutboxRow.state == OutboxState.PENDING],
                values={
                    "state": OutboxState.SENDING,
                    "claim": token,
                    "claimed_at": now,
                    "claimed_by": self._lease.id,
                },
                returning=[
                    OutboxRow.id,
                    OutboxRow.chat_id,
                    OutboxRow.html,
                    OutboxRow.keyboard,
                    OutboxRow.reply_to,
                    OutboxRow.silent,
                ],
            )

        rows = sorted(await self._writer.run(claim_them), key=lambda row: int(row.id))
        if not rows:
            return None, 0  # somebody else has them
        ids = [int(row.id) for row in rows]
        first = rows[0]
        chat_id = int(first.chat_id)
        silent = False
        if len(rows) == 1:
            html, keyboard, reply_to = first.html, first.keyboard, first.reply_to
            silent = bool(first.silent)
        else:
            html, keyboard, reply_to = "\n\n".join(r.html for r in rows), None, None

        async def put_back(session: AsyncSession) -> None:
            await session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(ids), OutboxRow.claim == token)
                .values(state=OutboxState.PENDING, claim=None, claimed_by=None)
                .execution_options(synchronize_session=False)
            )

        try:
            result = await self._transport.send(chat_id, html, keyboard, reply_to, silent=silent)
        except Exception:
            # Not a Telegram answer (the transport classifies those): a bug. The messages
            # go back to pending rather than stay "sending" under a live sender.
            await self._writer.run(put_back)
            raise

        async def record(session: AsyncSession) -> None:
            if result.outcome is DeliveryOutcome.SENT and result.attempted:
                await self._record_sent(session, ids, chat_id, result, now)
                return
            for row in (
                await session.scalars(
                    select(OutboxRow).where(OutboxRow.id.in_(ids)).order_by(OutboxRow.id)
                )
            ).all():
                await self._record(session, row, chat_id, result, now)

        await self._writer.run(record)
        return result.outcome, len(ids)

    @staticmethod
    async def _record_sent(
        session: AsyncSession, ids: Sequence[int], chat_id: int, result: SendResult, now: datetime
    ) -> None:
        """The common outcome in two statements: sent, and its attempt."""
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.id.in_(ids))
            .values(
                state=OutboxState.SENT,
                sent_at=now,
                message_id=result.message_id,
                attempts=OutboxRow.attempts + 1,
                claim=None,
                claimed_by=None,
            )
            .execution_options(synchronize_session=False)
        )
        await session.execute(
            insert(SendAttemptRow),
            [
                {
                    "outbox_id": outbox_id,
                    "at": now,
                    "chat_id": chat_id,
                    "outcome": result.outcome,
                    "detail": result.detail,
                }
                for outbox_id in ids
            ],
        )

    async def _record(
        self,
        session: AsyncSession,
        row: OutboxRow,
        chat_id: int,
        result: SendResult,
        now: datetime,
    ) -> None:
        row.claim = row.claimed_by = None
        if not result.attempted:
            row.state = OutboxState.PENDING  # never reached Telegram: not an attempt
            return
        row.attempts += 1
        session.add(
            SendAttemptRow(
                outbox_id=row.id,
                at=now,
                chat_id=chat_id,
                outcome=result.outcome,
                detail=result.detail,
            )
        )
        match result.outcome:
            case DeliveryOutcome.SENT:
                row.state, row.sent_at, row.message_id = (
                    OutboxState.SENT,
                    now,
                    result.message_id,
                )
            case DeliveryOutcome.RETRY_AFTER:
                wait = timedelta(seconds=max(1.0, result.retry_after or 1.0))
                row.state, row.next_attempt_at = OutboxState.PENDING, now + wait
                row.last_error = result.detail
            case DeliveryOutcome.TRANSIENT:
                wait = BACKOFF[min(row.attempts - 1, len(BACKOFF) - 1)]
                row.state, row.next_attempt_at = OutboxState.PENDING, now + wait
                row.last_error = result.detail
            case DeliveryOutcome.MIGRATED:
                await self._migrate(session, row, result.new_chat_id, now)
            case DeliveryOutcome.BLOCKED | DeliveryOutcome.CHAT_NOT_FOUND:
                row.state, row.last_error = OutboxState.FAILED, result.detail
                await self._disable_chat(session, row, result.outcome, now)
            case DeliveryOutcome.REJECTED:
                row.state, row.last_error = OutboxState.FAILED, result.detail

    async def _migrate(
        self, session: AsyncSession, row: OutboxRow, new_chat_id: int | None, now: datetime
    ) -> None:
        if new_chat_id is None:
            row.state, row.last_error = OutboxState.FAILED, "migrated without a new chat id"
            return
        old = row.chat_id
        await session.execute(
            update(ChatRow).where(ChatRow.chat_id == old).values(chat_id=new_chat_id)
        )
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.chat_id == old, OutboxRow.state == OutboxState.PENDING)
            .values(chat_id=new_chat_id)
        )
        row.chat_id, row.state, row.next_attempt_at = new_chat_id, OutboxState.PENDING, now

    async def _disable_chat(
        self, session: AsyncSession, row: OutboxRow, outcome: DeliveryOutcome, now: datetime
    ) -> None:
        if row.purpose is OutboxPurpose.ADMIN:
            log.warning("cannot reach admin chat %s: %s", row.chat_id, row.last_error)
            return
        if row.purpose is OutboxPurpose.LEADERSHIP:
            await self._disable_leadership(session, row, outcome, now)
            return
        chat = await session.scalar(select(ChatRow).where(ChatRow.chat_id == row.chat_id))
        if chat is None or not chat.active:
            return
        reason = self._render.chat_gone_reason(outcome is DeliveryOutcome.BLOCKED)
        chat.active, chat.inactive_reason = False, reason
        # The messages still queued for this chat cannot be delivered either.
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.chat_id == row.chat_id, OutboxRow.state == OutboxState.PENDING)
            .values(state=OutboxState.FAILED, last_error=reason)
        )
        agency = self._registry.get(chat.agency_id).name
        log.warning("disabled chat %s of %s: %s", chat.chat_id, chat.agency_id, reason)
        tell_office(
            session,
            self._admin_ids,
            self._admin_notify,
            OfficeNoteKind.UNREACHABLE,
            self._render.chat_disabled(chat.title or str(chat.chat_id), agency, reason),
            now,
        )

    async def _disable_leadership(
        self, session: AsyncSession, row: OutboxRow, outcome: DeliveryOutcome, now: datetime
    ) -> None:
        """A leadership chat that blocked the bot or is gone gets nothing more (what is
        queued for it fails too) and the office is told, as for a focal point's chat."""
        chat = await session.scalar(
            select(LeadershipChatRow).where(
                LeadershipChatRow.chat_id == row.chat_id, LeadershipChatRow.active
            )
        )
        if chat is None:
            return
        reason = self._render.chat_gone_reason(outcome is DeliveryOutcome.BLOCKED)
        chat.active = False
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.chat_id == row.chat_id, OutboxRow.state == OutboxState.PENDING)
            .values(state=OutboxState.FAILED, last_error=reason)
        )
        log.warning("disabled leadership chat %s of %s: %s", chat.chat_id, chat.agency_id, reason)
        tell_office(
            session,
            self._admin_ids,
            self._admin_notify,
            OfficeNoteKind.UNREACHABLE,
            self._render.leadership_chat_disabled(
                chat.title or str(chat.chat_id), self._registry.get(chat.agency_id).name, reason
            ),
            now,
        )


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


@dataclass(frozen=True, slots=True)
class _Due:
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


_T = TypeVar("_T")

#: Ids per ``IN (…)`` list (SQLite allows 32,766 parameters in a statement).
_CHUNK = 10_000


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


async def _set_state(session: AsyncSession, ids: Sequence[int], state: ReminderState) -> None:
    for chunk in _chunks(ids):
        await session.execute(
            update(ReminderRow)
            .where(ReminderRow.id.in_(chunk))
            .values(state=state)
            .execution_options(synchronize_session=False)
        )


@dataclass(kw_only=True, slots=True)
class _Unit:
    """Messages to one chat sent as one (several admin notices), or a single message."""

    ids: list[int]
    batchable: bool
    size: int


def _bucket(outcome: DeliveryOutcome) -> str:
    if outcome is DeliveryOutcome.SENT:
        return "sent"
    if outcome in (
        DeliveryOutcome.RETRY_AFTER,
        DeliveryOutcome.TRANSIENT,
        DeliveryOutcome.MIGRATED,
    ):
        return "retried"
    return "failed"
