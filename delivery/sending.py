"""The delivery loop's pass: every pending message is claimed, sent, and its outcome recorded.

Each pending outbox row is claimed (``pending → sending``, recording this process's sender
lease, ``delivery.senders``) before it is sent, so it is sent once; every attempt leaves a
``send_attempts`` row (``delivery.outcomes``). Chats are served concurrently, each chat's
messages in order; the bot's flood limiter (``chat.pacing``, inside the transport) paces
the sends; pending admin notices to one chat go as one message. The claims and records of
the concurrent senders are group-committed (``delivery.writes``). A message left "sending"
by a dead process is taken back by ``delivery.senders``.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from delivery.outbox import ClaimedMessage
from delivery.outcomes import Outcomes, Sent, record_sent
from delivery.senders import SenderLease
from delivery.transport import Transport
from delivery.wording import DeliveryWording
from delivery.writes import GroupWriter
from domain.agencies import AgencyRegistry
from domain.status import AdminNotify, DeliveryOutcome, OutboxPurpose, OutboxState
from storage.claims import claim, new_token
from storage.db import reading
from storage.models import OutboxRow

log = logging.getLogger(__name__)

#: Chats served at once in a pass (the flood limiter paces the sends themselves).
CONCURRENCY = 64


class Deliverer:
    """Delivers the outbox: claims, sends through the injected ``Transport``, records."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        registry: AgencyRegistry,
        transport: Transport,
        admin_ids: frozenset[int],
        lease: SenderLease,
        wording: DeliveryWording,
        concurrency: int = CONCURRENCY,
        admin_notify: AdminNotify = AdminNotify.INSTANT,
    ) -> None:
        self._sessions = sessions
        self._transport = transport
        self._lease = lease
        self._wording = wording
        self._concurrency = concurrency
        self._stopping = False
        # The concurrent senders of one process hand their short writes (claims, records)
        # to one group writer: first come, first served, many per transaction.
        self._writer = GroupWriter(sessions)
        self._outcomes = Outcomes(
            registry=registry, admin_ids=admin_ids, admin_notify=admin_notify, wording=wording
        )

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
                and last.size + size + 2 <= self._wording.message_budget
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
        rows = sorted(
            await self._writer.run_merged(
                claim_messages, _Claim(ids=outbox_ids, at=now, sender=self._lease.id)
            ),
            key=lambda row: int(row.id),
        )
        if not rows:
            return None, 0  # somebody else has them
        return await self._send_claimed(rows, str(rows[0].claim), now), len(rows)

    async def send_claimed(self, message: ClaimedMessage, now: datetime) -> bool:
        """Send a message its writer queued already claimed by this process's sender (a
        report's confirmation, claimed in the report's transaction); what fails stays in the
        outbox for the loop to retry. True when it was sent. Never raises: the change it
        confirms is committed."""
        try:
            outcome = await self._send_claimed([message], message.claim, now)
        except Exception:
            log.exception("immediate delivery of message %s failed; the loop retries", message.id)
            return False
        return outcome is DeliveryOutcome.SENT

    async def _send_claimed(
        self, rows: Sequence[Any], token: str, now: datetime
    ) -> DeliveryOutcome:
        """Send claimed messages of one chat (ordered by id: ``id``, ``chat_id``, ``html``,
        ``keyboard``, ``reply_to``, ``silent`` each) as one and record the outcome."""
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

        if result.outcome is DeliveryOutcome.SENT and result.attempted:
            await self._writer.run_merged(
                record_sent, Sent(ids=ids, chat_id=chat_id, result=result, at=now)
            )
            return result.outcome

        async def record(session: AsyncSession) -> None:
            for row in (
                await session.scalars(
                    select(OutboxRow).where(OutboxRow.id.in_(ids)).order_by(OutboxRow.id)
                )
            ).all():
                await self._outcomes.record(session, row, chat_id, result, now)

        await self._writer.run(record)
        return result.outcome


@dataclass(frozen=True, kw_only=True, slots=True)
class _Claim:
    """Messages one sender claims to send them as one."""

    ids: Sequence[int]
    at: datetime
    sender: str


async def claim_messages(session: AsyncSession, claims: Sequence[_Claim]) -> list[list[Row[Any]]]:
    """Claim the messages of many senders' claims in one statement per claiming instant and
    sender (a merged write of ``delivery.writes``): each gets the rows it claimed (none of
    those another process had first), with what sending them needs; in no particular
    order."""
    claimed: dict[int, Row[Any]] = {}
    by_claimer: dict[tuple[datetime, str], list[int]] = {}
    for one in claims:
        by_claimer.setdefault((one.at, one.sender), []).extend(one.ids)
    for (at, sender), ids in by_claimer.items():
        rows = await claim(
            session,
            OutboxRow,
            where=[OutboxRow.id.in_(ids), OutboxRow.state == OutboxState.PENDING],
            values={
                "state": OutboxState.SENDING,
                "claim": new_token(),
                "claimed_at": at,
                "claimed_by": sender,
            },
            returning=[
                OutboxRow.id,
                OutboxRow.chat_id,
                OutboxRow.html,
                OutboxRow.keyboard,
                OutboxRow.reply_to,
                OutboxRow.silent,
                OutboxRow.claim,
            ],
        )
        claimed.update((int(row.id), row) for row in rows)
    # A message two claims both ask for (a reply's confirmation during a pass) is the
    # first one's only, as if they had claimed one after the other.
    return [[row for id_ in one.ids if (row := claimed.pop(id_, None))] for one in claims]


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
