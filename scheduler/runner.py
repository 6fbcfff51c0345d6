"""APScheduler drives the dispatcher; the plan itself lives in the database.

Two jobs in an in-memory job store (nothing to lose on restart: the database is the queue):

* ``wake`` — a date job at the next instant something is due (the earliest pending reminder
  or retry), re-armed after every run;
* ``sweep`` — an interval job every ``sweep_seconds``, the safety net that also picks up work
  written by another process (the CLI, a second instance).

Both run ``Dispatcher.run_once`` under one lock, with ``coalesce`` and no misfire grace
limit, so a late or missed wake-up runs as soon as it can instead of being dropped.

The clock is injected. With ``--clock-speed`` the wake-up delay is divided by the speed, so a
rehearsal of months of deadlines takes minutes; ``tick()`` runs one pass right now (tests
and the demo call it after moving a fake clock).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from domain.clock import Clock
from scheduler.dispatch import Dispatcher, RunReport

log = logging.getLogger(__name__)

#: Never sleep longer than this between wake-ups (the sweep covers the rest anyway).
_MAX_WAIT = timedelta(hours=1)


class ReminderRunner:
    """Owns the APScheduler instance and the one-at-a-time lock around the dispatcher."""

    def __init__(
        self, dispatcher: Dispatcher, clock: Clock, *, sweep_seconds: int = 60, speed: float = 1.0
    ) -> None:
        self._dispatcher = dispatcher
        self._clock = clock
        self._speed = speed
        self._sweep_seconds = sweep_seconds
        self._lock = asyncio.Lock()
        self._scheduler: AsyncIOScheduler | None = None

    @property
    def dispatcher(self) -> Dispatcher:
        return self._dispatcher

    async def start(self) -> None:
        """Recover interrupted sends, run once, then schedule the wake and sweep jobs."""
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
        self._scheduler.start()
        await self._run_and_rearm()

    async def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    async def tick(self) -> RunReport:
        """Run one pass now (under the lock) and re-arm the wake-up."""
        return await self._run_and_rearm()

    async def deliver_now(self, outbox_ids: Sequence[int]) -> None:
        """Send these messages now, outside the pass (their claim keeps it to one send)."""
        await self._dispatcher.deliver_now(outbox_ids, self._clock.now())

    def poke(self) -> None:
        """Ask for a pass as soon as possible (e.g. after a reply queued admin notices)."""
        if self._scheduler is not None:
            self._scheduler.add_job(
                self._run_and_rearm,
                DateTrigger(run_date=datetime.now(UTC)),
                id="poke",
                replace_existing=True,
            )

    async def _run_and_rearm(self) -> RunReport:
        async with self._lock:
            now = self._clock.now()
            try:
                report = await self._dispatcher.run_once(now)
            except Exception:
                # The loop must outlive any one failure (a locked database, a bug in one
                # message); the next sweep tries again and the error is in the log.
                log.exception("reminder pass failed; the next sweep will retry")
                report = RunReport()
            await self._rearm()
            return report

    async def _rearm(self) -> None:
        if self._scheduler is None:
            return
        due = await self._dispatcher.next_due()
        now = self._clock.now()
        wait = _MAX_WAIT if due is None else min(max(due - now, timedelta(0)), _MAX_WAIT)
        real_wait = wait / self._speed
        self._scheduler.add_job(
            self._run_and_rearm,
            DateTrigger(run_date=datetime.now(UTC) + real_wait),
            id="wake",
            name="next due reminder",
            replace_existing=True,
        )
