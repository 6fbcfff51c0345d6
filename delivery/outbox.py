"""Writing to the outbox: the one place that queues messages for the delivery loop.

Whoever has something to say (a use case, a sweep) writes it here in its own
transaction, so the message commits or rolls back with the change it tells of; the
delivery loop (``delivery.sending``) claims it, sends it and retries it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Select, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.status import AdminNotify, OfficeNoteKind, OutboxPurpose
from storage.bulk import insert_rows, next_ids, update_rows
from storage.models import Base, OfficeNoteRow, OutboxRow


@dataclass(frozen=True, kw_only=True, slots=True)
class ClaimedMessage:
    """A message queued already claimed (``sending``, held by a sender) in the transaction
    that wrote it, with what sending it needs: the one who wrote it sends it there and then
    (``Deliverer.send_claimed``), and nobody else does while that sender lives. When its
    process dies first the claim is taken back and the delivery loop sends it
    (``delivery.senders``)."""

    id: int
    claim: str
    chat_id: int
    html: str
    keyboard: list[Any] | None = None
    reply_to: int | None = None
    silent: bool = False


def queue_admin_notice(
    session: AsyncSession,
    admin_ids: Iterable[int],
    html: str,
    now: datetime,
    keyboard: list[Any] | None = None,
) -> None:
    """Queue a message to every admin (with buttons when it needs a decision); the delivery
    loop sends and retries it."""
    for admin in sorted(admin_ids):
        session.add(
            OutboxRow.queued(
                purpose=OutboxPurpose.ADMIN, chat_id=admin, html=html, now=now, keyboard=keyboard
            )
        )


def tell_office(
    session: AsyncSession,
    admin_ids: Iterable[int],
    notify: AdminNotify,
    kind: OfficeNoteKind,
    html: str,
    now: datetime,
) -> None:
    """A notice that needs no decision: a note for the office's daily digest
    (``ADMIN_NOTIFY=digest``), or a message to every admin at once (``instant``)."""
    if notify is AdminNotify.INSTANT:
        queue_admin_notice(session, admin_ids, html, now)
    else:
        note_for_digest(session, kind, html, now)


def note_for_digest(session: AsyncSession, kind: OfficeNoteKind, html: str, now: datetime) -> None:
    """Keep ``html`` for the office's next daily digest (``tracking.office``)."""
    session.add(OfficeNoteRow(at=now, kind=kind, html=html))


def outbox_values(row: OutboxRow) -> dict[str, object]:
    """The column values a constructed (not yet added) row was given, for :func:`insert_messages`."""
    return {key: value for key, value in vars(row).items() if not key.startswith("_")}


async def insert_messages(
    session: AsyncSession, messages: Sequence[dict[str, object]]
) -> list[int]:
    """Queue many messages (:func:`outbox_values` of each) in one statement; their ids, in
    the order given.

    On SQLite the ids are given, not returned: SQLite cannot say which new row came from
    which row of a multi-row insert, so an ordered ``RETURNING`` would be one ``INSERT``
    per message. Its writer holds the database's write lock from the first statement
    (``BEGIN IMMEDIATE``), so the ids after the largest are this transaction's, and the
    messages go in one ``executemany`` (``storage.bulk``: handed to the driver as they are).
    On PostgreSQL the ids are taken from the table's sequence first, in one statement, and
    the messages go in one ``INSERT … SELECT … FROM unnest(…)``."""
    if not messages:
        return []
    keys = messages[0].keys()
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql") and all(m.keys() == keys for m in messages):
        ids = await _new_ids(session, len(messages))
        await insert_rows(
            session,
            cast(Table, OutboxRow.__table__),
            ["id", *keys],
            ((id_, *message.values()) for id_, message in zip(ids, messages, strict=True)),
        )
        return ids
    return list(
        (
            await session.scalars(
                insert(OutboxRow).returning(OutboxRow.id, sort_by_parameter_order=True),
                messages,
            )
        ).all()
    )


#: One message of :func:`insert_queued`: (chat id, chat row id, html, keyboard, task ids,
#: silent).
QueuedMessage = tuple[int, int | None, str, list[Any] | None, list[int], bool]
_QUEUED = ("chat_id", "chat_row_id", "html", "keyboard", "task_ids", "silent")


async def insert_queued(
    session: AsyncSession,
    purpose: OutboxPurpose,
    now: datetime,
    messages: Sequence[QueuedMessage],
) -> list[int]:
    """Queue many messages of one purpose at ``now`` (a sweep's), as
    :func:`insert_messages` would queue ``OutboxRow.queued_values`` of each, but given as
    tuples (:data:`QueuedMessage`): the columns they share are written once, not a dictionary
    per message. Their ids, in the order given."""
    if not messages:
        return []
    shared = OutboxRow.queued_values(purpose=purpose, chat_id=0, html="", now=now)
    for key in _QUEUED:
        del shared[key]
    dialect = session.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):
        return await insert_messages(
            session, [{**dict(zip(_QUEUED, m, strict=True)), **shared} for m in messages]
        )
    tail = tuple(shared.values())
    ids = await _new_ids(session, len(messages))
    await insert_rows(
        session,
        cast(Table, OutboxRow.__table__),
        ["id", *_QUEUED, *shared],
        [(id_, *message, *tail) for id_, message in zip(ids, messages, strict=True)],
    )
    return ids


@cache
def _last_id() -> Select[int]:
    """The outbox's largest id, built once (see :func:`_new_ids`)."""
    return select(func.max(OutboxRow.id))


async def _new_ids(session: AsyncSession, count: int) -> list[int]:
    """``count`` ids for new outbox rows (see :func:`insert_messages`)."""
    if session.get_bind().dialect.name == "postgresql":
        return await next_ids(session, cast(Table, OutboxRow.__table__), count)
    last = await session.scalar(_last_id())
    first = (last or 0) + 1
    return list(range(first, first + count))


async def link_to_messages(
    session: AsyncSession, entity: type[Base], links: Iterable[tuple[int, int]]
) -> None:
    """Point claimed rows of ``entity`` (reminders, tellings: any with an ``outbox_id``) at
    the message that carries them, ``(row id, outbox id)`` each: one executemany, so a sweep
    of thousands of rows costs one round trip."""
    await update_rows(
        session,
        cast(Table, entity.__table__),
        ["outbox_id"],
        "id",
        ((outbox_id, row_id) for row_id, outbox_id in links),
    )


__all__ = [
    "ClaimedMessage",
    "QueuedMessage",
    "insert_messages",
    "insert_queued",
    "link_to_messages",
    "note_for_digest",
    "outbox_values",
    "queue_admin_notice",
    "tell_office",
]
