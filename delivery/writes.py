"""Group commit: the short writes of one process's concurrent senders share transactions.

Every sender of a pass (and every immediate confirmation of a reply) claims its message
before sending and records the outcome after: two small writes per message. Committed one
by one they would cost two transactions per message and make the senders queue for the
database's write lock. Here a write is handed to :meth:`GroupWriter.run` and waits for its
turn; whoever holds the turn runs every write waiting at that moment in one transaction.
Under load a commit carries dozens of writes; alone a write costs what it did before.

A write that fails fails alone: the shared transaction is rolled back and each of its
writes is run again in a transaction of its own, so one bad message never costs another
its claim or its record.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

T = TypeVar("T")

Write = Callable[[AsyncSession], Awaitable[Any]]


@dataclass(eq=False, slots=True)
class _Pending:
    write: Write
    done: asyncio.Future[Any] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class GroupWriter:
    """Runs writes in shared transactions, in the order they were handed over."""

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
        pending = _Pending(write)
        self._waiting.append(pending)
        async with self._turn:
            if not pending.done.done():
                await self._flush()
        result: T = pending.done.result()
        return result

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
        results: list[Any] = []
        async with self._sessions.begin() as session:
            for pending in batch:
                results.append(await pending.write(session))
                await session.flush()
                # Each write sees the database, not objects another write loaded.
                session.expunge_all()
        self.commits += 1
        return results
