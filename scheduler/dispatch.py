"""The pass: due reminders become messages, then messages become Telegram sends.

Two steps, each safe to run concurrently with itself (two sweeps, two processes):

1. ``fire_due`` (``scheduler.firing``): due reminders are claimed and queued in the outbox,
   a chat's reminders of one time as one message, in one transaction.
2. ``deliver_due`` (``delivery.sending``): each pending outbox row is claimed before it is
   sent, so it is sent once, and retried as its outcome says.

Reminders fire only on working days between the send time and the last send time, so a
bot that comes back at 3 a.m. or on a Sunday waits for the next working morning.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Protocol

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from delivery.outbox import ClaimedMessage
from delivery.senders import SenderLease
from delivery.sending import CONCURRENCY, Deliverer
from delivery.transport import Transport
from delivery.wording import DeliveryWording
from delivery.writes import GroupWriter
from domain.agencies import AgencyRegistry
from domain.calendar import WorkingCalendar
from domain.status import AdminNotify, OutboxState, ReminderState
from scheduler.firing import ChaseHook, ReminderFiring, ReminderRenderer
from scheduler.planner import Planner
from scheduler.windows import ReminderPolicy, send_instant
from storage.db import reading
from storage.models import OutboxRow, ReminderRow
from storage.types import written

log = logging.getLogger(__name__)


class Renderer(ReminderRenderer, DeliveryWording, Protocol):
    """What the dispatcher says, in the chat's words: the reminders (``scheduler.firing``)
    and delivery's own few texts (``delivery.wording``). The chat catalogue implements it
    (``chat.dispatch_wording``); the composition root passes it in."""


class SendingSweep(Protocol):
    """Work that, like the reminders, goes out only in sending hours (e.g. telling agencies
    of their new tasks): ``fire`` queues its messages, ``earliest`` says since when some
    waits (the next wake-up is the next sending instant after it)."""

    async def fire(self, now: datetime) -> int: ...

    async def earliest(self) -> datetime | None: ...

    def waiting(self) -> ColumnElement[bool]:
        """True (in SQL, through an index) when something waits for ``fire`` at all: a pass
        asks it of every sweep and of the reminders in one statement, and fires only those
        that have work."""
        ...


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
        self._sessions = sessions
        self._planner = planner
        self._last_send_time = last_send_time
        self._lease = lease or SenderLease(sessions)
        self._firing = ReminderFiring(
            sessions=sessions,
            registry=registry,
            planner=planner,
            render=render,
            on_chased=on_chased,
        )
        self._delivery = Deliverer(
            sessions=sessions,
            registry=registry,
            transport=transport,
            admin_ids=admin_ids,
            lease=self._lease,
            wording=render,
            concurrency=concurrency,
            admin_notify=admin_notify,
        )
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
        sender left "sending"), then the pass hooks.

        One read first asks, through indexes, what has work: a dead sender's or an orphaned
        message to take back, a sweep with something waiting, a reminder due, a message due.
        Only those run (each claims under the write lock as before, so what the read saw
        is checked again); a quiet pass writes nothing but a heartbeat now and then. The
        pass hooks run at every pass (each knows its own time)."""
        await self._lease.heartbeat(within=self._lease.stale_after / 10)
        work = await self._survey(now)
        reclaimed = await self._lease.reclaim() if work.reclaim else 0
        told = await self._fire_sweeps(now, work.sweeps)
        fired, queued = await self.fire_due(now) if work.reminders else (0, 0)
        queued += told
        if work.outbox or queued or reclaimed:
            sent, failed, retried = await self.deliver_due(now)
        else:
            sent = failed = retried = 0
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

    async def _fire_sweeps(self, now: datetime, waiting: Sequence[bool]) -> int:
        return sum([await s.fire(now) for s, w in zip(self._sweeps, waiting, strict=True) if w])

    async def _survey(self, now: datetime) -> _Work:
        """What this pass has to do, in one read of one statement (see ``run_once``)."""
        reminding = self.may_remind(now)
        checks: list[ColumnElement[bool]] = [
            self._lease.reclaim_waiting(),
            exists().where(
                OutboxRow.state == OutboxState.PENDING, OutboxRow.next_attempt_at <= now
            ),
        ]
        if reminding:
            checks.append(
                exists().where(
                    ReminderRow.state == written(ReminderState.PENDING), ReminderRow.at <= now
                )
            )
            checks.extend(sweep.waiting() for sweep in self._sweeps)
        async with reading(self._sessions) as session:
            found = [bool(flag) for flag in (await session.execute(select(*checks))).one()]
        if not reminding:
            return _Work(reclaim=found[0], outbox=found[1], sweeps=[False] * len(self._sweeps))
        return _Work(reclaim=found[0], outbox=found[1], reminders=found[2], sweeps=found[3:])

    async def recover(self, now: datetime) -> int:
        """At start-up: register this sender and take back at once what a predecessor that
        died left "sending" (see ``delivery.senders``)."""
        await self._lease.heartbeat()
        return await self._lease.reclaim()

    async def next_due(self, now: datetime) -> datetime | None:
        """The earliest instant anything becomes due: a reminder (never before the next
        instant reminders may go out, so a night or a weekend is one wait) or a retry."""
        async with reading(self._sessions) as session:
            reminder = await session.scalar(
                select(func.min(ReminderRow.at)).where(
                    ReminderRow.state == written(ReminderState.PENDING)
                )
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

    async def fire_due(self, now: datetime) -> tuple[int, int]:
        """Claim due reminders and queue one message per chat, in sending hours. Returns
        (fired, queued)."""
        if not self.may_remind(now):
            return 0, 0
        return await self._firing.fire(now)

    def request_stop(self) -> None:
        """Stop claiming: the messages in flight finish, the rest (even those claimed but
        still waiting for their slot in the flood limiter) stay pending."""
        self._delivery.request_stop()

    async def deliver_due(self, now: datetime) -> tuple[int, int, int]:
        """Send every pending message whose time has come. Returns (sent, failed, retried)."""
        return await self._delivery.deliver_due(now)

    async def deliver_now(self, outbox_ids: Sequence[int], now: datetime) -> bool:
        """Send these messages at once (a reply's confirmation); what fails stays in the
        outbox for the loop to retry. True when every one was sent. Never raises."""
        return await self._delivery.deliver_now(outbox_ids, now)

    async def send_claimed(self, message: ClaimedMessage, now: datetime) -> bool:
        """Send a message queued already claimed by this process's sender (a report's
        confirmation, claimed in the report's transaction); True when it was sent."""
        return await self._delivery.send_claimed(message, now)

    @property
    def writer(self) -> GroupWriter:
        """The group writer of this process's senders (its ``commits`` count)."""
        return self._delivery.writer


@dataclass(frozen=True, kw_only=True, slots=True)
class _Work:
    """What a pass found to do (``Dispatcher._survey``)."""

    reclaim: bool
    outbox: bool
    sweeps: Sequence[bool]
    reminders: bool = False
