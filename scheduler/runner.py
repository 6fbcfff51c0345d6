"""APScheduler drives the dispatcher; the plan itself lives in the database.

Two jobs in an in-memory job store (nothing to lose on restart: the database is the queue):

* ``wake`` — a date job at the next instant something is due (the earliest pending reminder
  or retry), re-armed after every run;
* ``sweep`` — an interval job every ``sweep_seconds``, the safety net that also picks up work
  written by another process (the CLI, a second instance).

Both run ``Dispatcher.run_once`` under one lock, with ``coalesce`` and no misfire grace
limit, so a late or missed wake-up runs as soon as it can instead of being dropped.

After each pass and each heartbeat, outside the lock, the runner has a SQLite file's
write-ahead log copied back into the database once 1,000 of its pages wait, in a thread
(``storage.checkpoint``), one copy at a time: no commit of a sweep, a sender or a reply
pays for it on the event loop.

The clock is injected. With ``--clock-speed`` the wake-up delay is divided by the speed, so a
rehearsal of months of deadlines takes minutes; ``tick()`` runs one pass right now (tests
and the demo call it after moving a fake clock).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from delivery.outbox import ClaimedMessage
from domain.clock import Clock
from scheduler.dispatch import Dispatcher, RunReport

log = logging.getLogger(__name__)

#: Never sleep longer than this between wake-ups (the sweep covers the rest anyway). A day:
#: a weekend with nothing but an overdue reminder is three wake-ups, not a busy loop.
_MAX_WAIT = timedelta(days=1)
#: How long a stop waits for the message in flight (a send times out well before).
STOP_GRACE = timedelta(seconds=20)


class ReminderRunner:
    """Owns the APScheduler instance and the one-at-a-time lock around the dispatcher."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        clock: Clock,
        *,
        sweep_seconds: int = 60,
        speed: float = 1.0,
        checkpoint: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self._dispatcher = dispatcher
        self._checkpoint = checkpoint
        self._checkpointing: asyncio.Task[None] | None = None
        self._checkpoint_again = False
        self._clock = clock
        self._speed = speed
        self._sweep_seconds = sweep_seconds
        self._lock = asyncio.Lock()
        self._scheduler: AsyncIOScheduler | None = None
        self._pass: asyncio.Task[object] | None = None
        self._busy: set[asyncio.Task[Any]] = set()
        """Tasks of this runner at the database (a pass, its re-arming, a heartbeat): a stop
        waits for them, since one cut off mid-statement leaves its connection open."""
        self._stopped = False
        self._poke_queued = False
        self.passes = 0
        """Passes run since start (the night test counts them)."""
        self.next_wake: datetime | None = None
        """The product-clock instant of the next wake-up, as last armed."""
        self.last_success: datetime | None = None
        """The product-clock instant of the last pass that did not fail."""
        self.last_success_monotonic: float | None = None
        """The same, in ``time.monotonic()`` seconds (what health checks compare)."""

    @property
    def dispatcher(self) -> Dispatcher:
        return self._dispatcher

    @property
    def sweep_seconds(self) -> int:
        return self._sweep_seconds

    @property
    def poke_pending(self) -> bool:
        """A poked pass is asked for and has not started yet (later pokes add nothing)."""
        return self._poke_queued

    async def start(self) -> None:
        """Take back what a dead predecessor left sending, schedule the wake, sweep and
        heartbeat jobs, and run a first pass."""
        await self._dispatcher.recover(self._clock.now())
        self._scheduler = AsyncIOScheduler(
            timezone=UTC,
            # The lock serialises passes; several instances may wait on it. With one
            # instance, a wake-up re-armed from inside a running pass would be skipped.
            job_defaults={"coalesce": True, "max_instances": 8, "misfire_grace_time": None},
        )
        self._scheduler.add_job(
            self._run_and_rearm,
            IntervalTrigger(seconds=self._sweep_seconds),
            id="sweep",
            name="safety sweep of the reminder plan",
        )
        self._scheduler.add_job(
            self._heartbeat,
            IntervalTrigger(seconds=max(1, self._sweep_seconds // 2)),
            id="heartbeat",
            name="sender heartbeat",
        )
        self._scheduler.start()
        await self._run_and_rearm()

    def request_stop(self) -> None:
        """Stop claiming now: a pass under way (the start-up one too) ends after the
        messages in flight, the rest stay pending; no pass starts any more."""
        self._stopped = True
        self._dispatcher.request_stop()

    async def stop(self) -> None:
        """Stop claiming, let the message in flight finish (bounded), leave the rest pending."""
        self.request_stop()
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            # No job starts any more; the ones running go on (shutting the scheduler down
            # now would cancel them mid-step, a heartbeat's traceback in the log). Jobs just
            # submitted take their first step and see the stop.
            scheduler.pause()
            await asyncio.sleep(0)
        current = self._pass
        if current is not None and not current.done():
            try:
                await asyncio.wait_for(asyncio.shield(current), STOP_GRACE.total_seconds())
            except TimeoutError:
                log.warning("the pass did not finish in %s; interrupting it", STOP_GRACE)
                current.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await current
        # A wake-up being re-armed after its pass, a heartbeat: short, let them end.
        others = {t for t in self._busy if t is not asyncio.current_task() and not t.done()}
        if others:
            await asyncio.wait(others, timeout=STOP_GRACE.total_seconds())
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        try:
            await self._dispatcher.lease.retire()
        except Exception:
            log.exception("could not release this sender's claims; its successor will")

    async def tick(self) -> RunReport:
        """Run one pass now (under the lock), re-arm the wake-up, and wait for the
        checkpoint that follows it."""
        report = await self._run_and_rearm()
        checkpointing = self._checkpointing
        if checkpointing is not None:
            await asyncio.shield(checkpointing)
        return report

    async def deliver_now(self, outbox_ids: Sequence[int]) -> bool:
        """Send these messages now, outside the pass (their claim keeps it to one send);
        True when every one was sent."""
        return await self._dispatcher.deliver_now(outbox_ids, self._clock.now())

    def holder(self) -> str | None:
        """The sender that may claim a message in a writer's own transaction (a report's
        confirmation): this process's, once registered (before that, None: the message is
        queued unclaimed and claimed when sent)."""
        lease = self._dispatcher.lease
        return lease.id if lease.registered else None

    async def send_claimed(self, message: ClaimedMessage) -> bool:
        """Send a message queued already claimed by :meth:`holder`; True when sent."""
        return await self._dispatcher.send_claimed(message, self._clock.now())

    def poke(self) -> None:
        """Ask for a pass as soon as possible (e.g. after a reply queued admin notices).

        Pokes coalesce: while one poked pass is still waiting for the lock, another poke
        adds nothing (that pass will see what the new one wanted). So a burst of replies
        poking while a pass runs costs one more pass, not one pass each."""
        if self._scheduler is None or self._poke_queued:
            return
        self._poke_queued = True
        self._scheduler.add_job(
            self._run_and_rearm,
            DateTrigger(run_date=datetime.now(UTC)),
            kwargs={"poked": True},
            id="poke",
            replace_existing=True,
        )

    async def _heartbeat(self) -> None:
        if self._stopped:
            return  # the sender is retiring: no heartbeat after it
        with self._at_work():
            try:
                await self._dispatcher.lease.heartbeat()
            except asyncio.CancelledError:
                return  # a stop cancelled it (the sender retires anyway): nothing to report
            except Exception:
                log.exception("sender heartbeat failed")
        self._start_checkpoint()

    def _start_checkpoint(self) -> None:
        """Have the log copied back in the background, one copy at a time: asked while one
        is under way, another follows it (once, however often asked)."""
        if self._checkpoint is None or self._stopped:
            return
        if self._checkpointing is not None and not self._checkpointing.done():
            self._checkpoint_again = True  # what was written since is copied after it
            return
        self._checkpointing = asyncio.get_running_loop().create_task(
            self._checkpoints(self._checkpoint), name="checkpoint"
        )

    async def _checkpoints(self, checkpoint: Callable[[], Awaitable[object]]) -> None:
        with self._at_work():
            again = True
            while again and not self._stopped:
                self._checkpoint_again = False
                try:
                    await checkpoint()
                except Exception:
                    log.exception("checkpoint failed; the next pass tries again")
                again = self._checkpoint_again

    @contextlib.contextmanager
    def _at_work(self) -> Iterator[None]:
        task = asyncio.current_task()
        if task is None:
            yield
            return
        self._busy.add(task)
        try:
            yield
        finally:
            self._busy.discard(task)

    async def _run_and_rearm(self, *, poked: bool = False) -> RunReport:
        try:
            async with self._lock:
                if poked:
                    self._poke_queued = False
                if self._stopped:
                    return RunReport()
                with self._at_work():
                    self._pass = asyncio.current_task()
                    try:
                        report = await self._pass_once()
                    finally:
                        self._pass = None
                    await self._rearm()
            self._start_checkpoint()
            return report
        except asyncio.CancelledError:
            # Only a stop cancels a pass (one that outlived its grace, or one still waiting
            # for the lock); what was in flight goes back to pending when the sender retires.
            return RunReport()

    async def _pass_once(self) -> RunReport:
        now = self._clock.now()
        self.passes += 1
        try:
            report = await self._dispatcher.run_once(now)
        except Exception:
            # The loop must outlive any one failure (a locked database, a bug in one
            # message); the next sweep tries again and the error is in the log.
            log.exception("reminder pass failed; the next sweep will retry")
            return RunReport()
        self.last_success = now
        self.last_success_monotonic = time.monotonic()
        return report

    async def _rearm(self) -> None:
        if self._scheduler is None:
            return
        now = self._clock.now()
        due = await self._dispatcher.next_due(now)
        if self._scheduler is None:
            return  # stopped meanwhile
        wait = _MAX_WAIT if due is None else min(max(due - now, timedelta(0)), _MAX_WAIT)
        self.next_wake = now + wait
        real_wait = wait / self._speed
        self._scheduler.add_job(
            self._run_and_rearm,
            DateTrigger(run_date=datetime.now(UTC) + real_wait),
            id="wake",
            name="next due reminder",
            replace_existing=True,
        )
