"""Group commit: the short writes of one process's concurrent senders share transactions.

Every sender of a pass (and every immediate confirmation of a reply) claims its message
before sending and records the outcome after: two small writes per message. Committed one
by one they would cost two transactions per message and make the senders queue for the
database's write lock. Here a write is handed to :meth:`GroupWriter.run` and waits for its
turn; whoever holds the turn runs every write waiting at that moment in one transaction.
Under load a commit carries dozens of writes; alone a write costs what it did before.

Writes of one kind can also share their statements (:meth:`GroupWriter.run_merged`): the
claims waiting at a turn become one ``UPDATE … RETURNING``, the records of messages sent
one ``executemany``, so a statement's cost is paid per turn instead of per message.

A write that fails fails alone: the shared transaction is rolled back and each of its
writes is run again in a transaction of its own, so one bad message never costs another
its claim or its record.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import briefly

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 - an item of a merged write

Write = Callable[[AsyncSession], Awaitable[Any]]
#: A write of many items at once: ``(session, items)`` to one result per item, in order.
MergedWrite = Callable[[AsyncSession, Sequence[I]], Awaitable[Sequence[T]]]


@dataclass(eq=False, slots=True)
class _Pending:
    write: Callable[[AsyncSession, Sequence[Any]], Awaitable[Sequence[Any]]]
    item: Any
    done: asyncio.Future[Any] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


def _alone(write: Write) -> Callable[[AsyncSession, Sequence[Any]], Awaitable[Sequence[Any]]]:
    async def once(session: AsyncSession, items: Sequence[Any]) -> Sequence[Any]:
        return [await write(session)]

    return once


class GroupWriter:
    """Runs writes in shared transactions, in the order they were handed over (the items of
    a merged write at the place of the first of them)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._turn = asyncio.Lock()
        self._waiting: list[_Pending] = []
        self.commits = 0
        """Transactions committed (a benchmark compares it with the messages sent)."""

    async def run(self, write: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run ``write(session)`` in a transaction, possibly shared with other writes (so it
        must not commit, roll back or rely on objects another write loaded); returns its
        result once that transaction has committed."""
        result: T = await self._enqueue(_Pending(_alone(write), None))
        return result

    async def run_merged(self, write: MergedWrite[I, T], item: I) -> T:
        """Like :meth:`run`, for one ``item`` of a write that takes many: the items handed
        to the same ``write`` (the same function object) and waiting at one turn go to it
        in one call. ``write`` must return one result per item, in their order, and must
        not depend on the order of writes of other kinds in the transaction."""
        result: T = await self._enqueue(_Pending(write, item))
        return result

    async def _enqueue(self, pending: _Pending) -> Any:
        self._waiting.append(pending)
        async with self._turn:
            if not pending.done.done():
                await self._flush()
        return pending.done.result()

    async def _flush(self) -> None:
        batch, self._waiting = self._waiting, []
        try:
            results = await self._commit(batch)
        except asyncio.CancelledError:
            # Not run: the next turn runs them (their callers are still waiting).
            self._waiting[:0] = batch
            raise
        except Exception as error:
            if len(batch) == 1:
                batch[0].done.set_exception(error)
                return
            await self._one_by_one(batch)
            return
        for pending, result in zip(batch, results, strict=True):
            pending.done.set_result(result)

    async def _one_by_one(self, batch: list[_Pending]) -> None:
        for index, pending in enumerate(batch):
            try:
                (result,) = await self._commit([pending])
            except asyncio.CancelledError:
                self._waiting[:0] = batch[index:]
                raise
            except Exception as error:
                pending.done.set_exception(error)
            else:
                pending.done.set_result(result)

    async def _commit(self, batch: list[_Pending]) -> list[Any]:
        # The pendings of one write, kept together at the place of the first of them.
        groups: dict[Any, list[int]] = {}
        for index, pending in enumerate(batch):
            groups.setdefault(pending.write, []).append(index)
        results: list[Any] = [None] * len(batch)
        async with briefly(self._sessions) as session:
            for write, indexes in groups.items():
                outcome = await write(session, [batch[index].item for index in indexes])
                if len(outcome) != len(indexes):
                    raise ValueError(f"{write!r} gave {len(outcome)} results for {len(indexes)}")
                for index, result in zip(indexes, outcome, strict=True):
                    results[index] = result
                await session.flush()
                # Each write sees the database, not objects another write loaded.
                session.expunge_all()
        self.commits += 1
        return results
