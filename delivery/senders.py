"""Who holds a claimed message: leases by sender process, not by claim age.

Every delivery process registers a ``senders`` row (a fresh id, its host and pid) and
renews its heartbeat while it runs; each message it claims records that id. A message still
"sending" goes back to pending as soon as its sender is known to be gone:

* same host, and the pid is not running (or is a zombie, or is our own pid under a new id —
  a container restarted with the same pid): the process died, so a restart takes its
  predecessor's messages back **at once**, in its first pass;
* any host, heartbeat older than ``stale_after`` (three sweep intervals by default): a
  crashed process elsewhere; every running sender checks this at every pass;
* a sender that stopped cleanly left nothing "sending" (it finishes the message in flight).

The accepted risk: a process killed after Telegram accepted a message but before it marked
it sent has it sent again by its successor — at most one duplicate per message in flight at
the crash (measured by ``tests/test_e2e_kill.py``). Losing a reminder is worse.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.status import OutboxState
from storage.claims import changed_rows
from storage.models import OutboxRow, SenderRow
from storage.types import written

log = logging.getLogger(__name__)


def pid_running(pid: int) -> bool:
    """True when a process with this pid runs on this host (a zombie does not count)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    state = stat.rpartition(")")[2].split()[:1]
    return state not in (["Z"], ["X"])


def _wall() -> datetime:
    return datetime.now(UTC)


class SenderLease:
    """This process's sender identity, heartbeat and the reclaiming of dead senders' work.

    Heartbeats are in wall-clock time (``wall``), not the product's clock: they say whether
    a process is alive, which a rehearsal clock running 60× faster must not change."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        stale_after: timedelta = timedelta(minutes=3),
        host: str | None = None,
        pid: int | None = None,
        wall: Callable[[], datetime] = _wall,
        running: Callable[[int], bool] = pid_running,
    ) -> None:
        self._sessions = sessions
        self.id = str(uuid.uuid4())
        self.host = host or socket.gethostname()
        self.pid = os.getpid() if pid is None else pid
        self._stale_after = stale_after
        self._wall = wall
        self._running = running
        self._registered = False
        self._beat_at: datetime | None = None
        """The wall-clock instant of this sender's last heartbeat (or registration)."""

    @property
    def stale_after(self) -> timedelta:
        """How old a heartbeat may be before its sender counts as gone."""
        return self._stale_after

    @property
    def registered(self) -> bool:
        """This sender's row is written: a message it claims can be taken back if it dies."""
        return self._registered

    async def register(self) -> None:
        now = self._wall()
        async with self._sessions.begin() as session:
            session.add(
                SenderRow(
                    id=self.id, host=self.host, pid=self.pid, started_at=now, heartbeat_at=now
                )
            )
        self._registered = True
        self._beat_at = now

    async def heartbeat(self, *, within: timedelta | None = None) -> None:
        """Renew this sender's heartbeat (registering it first if need be); with ``within``,
        only when the last one is older than that (a pass every few seconds then writes a
        heartbeat a few times per ``stale_after``, not at every pass)."""
        if not self._registered:
            await self.register()
            return
        now = self._wall()
        if within is not None and self._beat_at is not None and now - self._beat_at < within:
            return
        async with self._sessions.begin() as session:
            await session.execute(
                update(SenderRow).where(SenderRow.id == self.id).values(heartbeat_at=now)
            )
        self._beat_at = now

    def reclaim_waiting(self) -> ColumnElement[bool]:
        """Whether :meth:`reclaim` may have anything to do (in SQL, for a pass's one read):
        another sender is recorded (it may be gone), or a message is "sending" with no
        sender. A lone process with nothing orphaned reads two indexes and writes nothing."""
        return or_(
            exists().where(SenderRow.id != self.id),
            exists().where(
                OutboxRow.state == written(OutboxState.SENDING), OutboxRow.claimed_by.is_(None)
            ),
        )

    async def retire(self) -> None:
        """A clean stop: this sender holds nothing any more."""
        if not self._registered:
            return
        async with self._sessions.begin() as session:
            await _release(session, [self.id])
            await session.execute(delete(SenderRow).where(SenderRow.id == self.id))
        self._registered = False

    async def reclaim(self) -> int:
        """Put back to pending every message held by a sender that is gone; returns how many.

        A message "sending" with no sender at all (claimed before senders were recorded) is
        put back too."""
        now = self._wall()
        async with self._sessions.begin() as session:
            others = (await session.scalars(select(SenderRow).where(SenderRow.id != self.id))).all()
            dead = [s.id for s in others if self._is_dead(s, now)]
            count = await _release(session, dead, orphans=True)
            if dead:
                await session.execute(delete(SenderRow).where(SenderRow.id.in_(dead)))
        if count:
            log.warning("took back %d message(s) left sending by a stopped process", count)
        return count

    def _is_dead(self, sender: SenderRow, now: datetime) -> bool:
        if sender.stopped_at is not None:
            return True
        if sender.host == self.host and (sender.pid == self.pid or not self._running(sender.pid)):
            return True
        return sender.heartbeat_at < now - self._stale_after


async def _release(session: AsyncSession, sender_ids: list[str], *, orphans: bool = False) -> int:
    holders = [OutboxRow.claimed_by.in_(sender_ids)] if sender_ids else []
    if orphans:
        holders.append(OutboxRow.claimed_by.is_(None))
    if not holders:
        return 0
    return await changed_rows(
        session,
        update(OutboxRow)
        .where(OutboxRow.state == written(OutboxState.SENDING), or_(*holders))
        .values(state=OutboxState.PENDING, claim=None, claimed_by=None),
    )
