"""The weekly digest to the admins and leadership: figures, what changed since last week,
the proposals waiting for a decision, and the chart.

The plan lives in the database. Each pass of the dispatcher calls :meth:`Digest.run`:

1. the week's slot (``DIGEST_DAY`` at ``DIGEST_TIME``, local) that has come, if any;
2. the slot is *claimed* by inserting its ``digests`` row (unique on the slot) together
   with one ``digest_deliveries`` row per recipient — a second pass, process or a restart
   finds the row and plans nothing more;
3. each delivery is claimed (``pending → sending``, ``storage.claims``: on PostgreSQL a
   worker skips one another worker is claiming) before the digest is built and sent, and
   is marked sent, failed, or pending again for a later pass. A delivery that fails for good
   (the chat blocked the bot or is gone, Telegram refused it, or the network failed
   ``MAX_ATTEMPTS`` times) tells the admins, once, in the transaction that marks it failed.

A slot missed while the bot was down is sent at the first pass within a day after it
(a fresh install on a Thursday does not send Monday's), never twice.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from delivery.outbox import queue_admin_notice
from delivery.transport import SendResult
from domain.agencies import AgencyRegistry
from domain.status import DeliveryOutcome, OutboxState
from reports.figures import Changes, Report, build_report, changes_since, weekly_overdue
from reports.states import load_obligations
from storage.claims import claim
from storage.db import reading
from storage.models import DigestDeliveryRow, DigestRow

log = logging.getLogger(__name__)

#: Retries of a network error before a delivery is given up.
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=2)
STALE_CLAIM = timedelta(minutes=10)
#: How late a missed slot is still sent.
GRACE = timedelta(days=1)


class MediaSender(Protocol):
    """Sends the digest's text and its chart."""

    async def send_text(self, chat_id: int, html: str) -> SendResult: ...

    async def send_photo(self, chat_id: int, png: bytes, caption: str) -> SendResult: ...


class DigestWording(Protocol):
    """What the digest says, in the chat's words. Declared here, where it is used; the
    chat's report catalogue (the module ``chat.report_messages``) implements it and the
    composition root passes it in, so the reports import nothing of the chat."""

    def nothing_to_report(self) -> str:
        """The digest of an empty database."""
        ...

    def digest(self, report: Report, changes: Changes) -> str:
        """The week's figures, what changed since ``changes.since``, decisions waiting."""
        ...

    def chart_caption(self, report: Report) -> str:
        """The chart's caption."""
        ...

    def digest_failed(
        self,
        as_of: date,
        chat_id: int,
        *,
        leadership: bool,
        attempts: int,
        outcome: DeliveryOutcome,
    ) -> str:
        """To the admins: the digest could not be delivered to one recipient."""
        ...


@dataclass(frozen=True, kw_only=True, slots=True)
class DigestPlan:
    """When the digest goes out: weekday (0 = Monday) and local time; None = off."""

    weekday: int | None
    at: time
    timezone: ZoneInfo

    def slot(self, now: datetime) -> datetime | None:
        """The latest slot at or before ``now`` (UTC-aware), or None when off."""
        if self.weekday is None:
            return None
        local = now.astimezone(self.timezone)
        day = local.date() - timedelta(days=(local.weekday() - self.weekday) % 7)
        slot = datetime.combine(day, self.at, self.timezone)
        if slot > local:
            slot = datetime.combine(day - timedelta(days=7), self.at, self.timezone)
        return slot


class Digest:
    """Plans and sends the weekly digest, once per slot and recipient."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        registry: AgencyRegistry,
        plan: DigestPlan,
        recipients: frozenset[int],
        sender: MediaSender,
        wording: DigestWording,
        admins: frozenset[int] = frozenset(),
    ) -> None:
        """``recipients``: every chat the digest goes to; ``admins``: who is told when one
        of them cannot be reached (the others are leadership chats)."""
        self._sessions = sessions
        self._registry = registry
        self._plan = plan
        self._recipients = recipients
        self._sender = sender
        self._say = wording
        self._admins = admins
        self._planned: datetime | None = None
        """The last slot this process planned or found planned: its later passes within
        the grace day do not try again (after a restart, the slot's row says so once)."""

    async def run(self, now: datetime) -> int:
        """Claim this week's digest if it is due, then send what is pending. Returns the
        number of deliveries sent."""
        slot = self._plan.slot(now)
        if slot is None or not self._recipients:
            return 0
        if now - slot < GRACE and slot != self._planned:
            await self._claim(slot, now)
            self._planned = slot
        if not await self._any_due(now):
            return 0
        return await self._deliver(now)

    async def _any_due(self, now: datetime) -> bool:
        """Is a delivery due, or left sending by a crash? One indexed read: a pass of the
        other six days writes nothing here."""
        async with reading(self._sessions) as session:
            first = await session.scalar(
                select(DigestDeliveryRow.id)
                .where(
                    or_(
                        and_(
                            DigestDeliveryRow.state == OutboxState.PENDING,
                            DigestDeliveryRow.next_attempt_at <= now,
                        ),
                        and_(
                            DigestDeliveryRow.state == OutboxState.SENDING,
                            DigestDeliveryRow.claimed_at <= now - STALE_CLAIM,
                        ),
                    )
                )
                .limit(1)
            )
        return first is not None

    async def _claim(self, slot: datetime, now: datetime) -> None:
        try:
            async with self._sessions.begin() as session:
                digest = DigestRow(
                    slot=slot, as_of=slot.astimezone(self._plan.timezone).date(), created_at=now
                )
                session.add(digest)
                await session.flush()
                session.add_all(
                    DigestDeliveryRow(
                        digest_id=digest.id,
                        chat_id=chat_id,
                        state=OutboxState.PENDING,
                        next_attempt_at=now,
                        last_error="",
                    )
                    for chat_id in sorted(self._recipients)
                )
        except IntegrityError:
            return  # this week's digest is already planned
        log.info("weekly digest of %s planned for %d chats", slot, len(self._recipients))

    async def _deliver(self, now: datetime) -> int:
        async with self._sessions.begin() as session:
            # A delivery left "sending" by a crash mid-send is tried again (as reminders are:
            # repeating a digest is better than losing it).
            await session.execute(
                update(DigestDeliveryRow)
                .where(
                    DigestDeliveryRow.state == OutboxState.SENDING,
                    DigestDeliveryRow.claimed_at <= now - STALE_CLAIM,
                )
                .values(state=OutboxState.PENDING)
            )
        async with reading(self._sessions) as session:
            due = (
                await session.execute(
                    select(DigestDeliveryRow.id, DigestRow.as_of)
                    .join(DigestRow, DigestRow.id == DigestDeliveryRow.digest_id)
                    .where(
                        DigestDeliveryRow.state == OutboxState.PENDING,
                        DigestDeliveryRow.next_attempt_at <= now,
                    )
                    .order_by(DigestDeliveryRow.id)
                )
            ).all()
        if not due:
            return 0
        contents: dict[date, tuple[str, bytes | None, str]] = {}
        sent = 0
        for delivery_id, as_of in due:
            claimed = await self._claim_delivery(delivery_id, now)
            if claimed is None:
                continue  # another pass or worker has it
            # Built once per pass, and only by a pass that has a delivery to make: the
            # other workers of a deployment do not each build the report and its chart.
            try:
                if as_of not in contents:
                    contents[as_of] = await self._content(as_of)
            except BaseException:
                await self._put_back(delivery_id)
                raise
            if await self._deliver_one(delivery_id, claimed, as_of, contents[as_of], now):
                sent += 1
        return sent

    async def _claim_delivery(self, delivery_id: int, now: datetime) -> tuple[int, bool] | None:
        """Claim one delivery (``pending → sending``); its chat and whether its text went
        already, or None when it is not pending (or another worker is claiming it)."""
        async with self._sessions.begin() as session:
            rows = await claim(
                session,
                DigestDeliveryRow,
                where=[
                    DigestDeliveryRow.id == delivery_id,
                    DigestDeliveryRow.state == OutboxState.PENDING,
                ],
                values={"state": OutboxState.SENDING, "claimed_at": now},
                returning=[DigestDeliveryRow.chat_id, DigestDeliveryRow.text_sent],
            )
        if not rows:
            return None
        return int(rows[0].chat_id), bool(rows[0].text_sent)

    async def _put_back(self, delivery_id: int) -> None:
        """A claimed delivery whose content could not be built waits for the next pass."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(DigestDeliveryRow)
                .where(
                    DigestDeliveryRow.id == delivery_id,
                    DigestDeliveryRow.state == OutboxState.SENDING,
                )
                .values(state=OutboxState.PENDING)
            )

    async def _content(self, as_of: date) -> tuple[str, bytes | None, str]:
        from reports.chart import render_chart

        obligations = await load_obligations(self._sessions, self._registry, self._plan.timezone)
        report = build_report(obligations, self._registry, as_of=as_of, today=as_of)
        if report.empty:
            return self._say.nothing_to_report(), None, ""
        changes = changes_since(report, as_of - timedelta(days=7))

        def draw() -> bytes | None:
            return render_chart(report, weekly_overdue(obligations, as_of=as_of))

        png = await asyncio.to_thread(draw)
        return self._say.digest(report, changes), png, self._say.chart_caption(report)

    async def _deliver_one(
        self,
        delivery_id: int,
        claimed: tuple[int, bool],
        as_of: date,
        content: tuple[str, bytes | None, str],
        now: datetime,
    ) -> bool:
        """Send a claimed delivery and record the outcome; True when it was sent."""
        chat_id, text_sent = claimed
        html, png, caption = content
        result = SendResult(outcome=DeliveryOutcome.SENT)
        if not text_sent:
            result = await self._sender.send_text(chat_id, html)
            if result.outcome is DeliveryOutcome.SENT:
                text_sent = True
        if result.outcome is DeliveryOutcome.SENT and png is not None:
            result = await self._sender.send_photo(chat_id, png, caption)
        async with self._sessions.begin() as session:
            row = await session.get(DigestDeliveryRow, delivery_id)
            assert row is not None
            row.attempts += 1
            row.text_sent = text_sent
            if result.outcome is DeliveryOutcome.SENT:
                row.state, row.sent_at = OutboxState.SENT, now
                return True
            row.last_error = result.detail[:500]
            retry = result.outcome in (DeliveryOutcome.TRANSIENT, DeliveryOutcome.RETRY_AFTER)
            if retry and row.attempts < MAX_ATTEMPTS:
                wait = timedelta(seconds=result.retry_after) if result.retry_after else RETRY_AFTER
                row.state, row.next_attempt_at = OutboxState.PENDING, now + wait
            else:
                row.state = OutboxState.FAILED
                log.warning("weekly digest to %s failed: %s", chat_id, result.detail)
                queue_admin_notice(
                    session,
                    self._admins,
                    self._say.digest_failed(
                        as_of,
                        chat_id,
                        leadership=chat_id not in self._admins,
                        attempts=row.attempts,
                        outcome=result.outcome,
                    ),
                    now,
                )
        return False
