"""Is delivery alive? What ``/health`` shows admins and ``GET /healthz`` answers a supervisor.

The report: the last successful pass, messages pending / sending / failed today, chats the
bot can no longer reach, and the database size. Healthy while the last successful pass is
younger than three sweep intervals (passes run at least once a sweep); ``/healthz`` answers
200 with the report as JSON then, 503 otherwise — what an uptime checker polls.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from domain.clock import Clock
from domain.status import OutboxState
from scheduler.runner import ReminderRunner
from storage.db import reading
from storage.models import ChatRow, OutboxRow, SendAttemptRow

log = logging.getLogger(__name__)

#: A pass older than this many sweep intervals makes the bot unhealthy.
STALE_SWEEPS = 3


@dataclass(frozen=True, kw_only=True, slots=True)
class HealthReport:
    """Delivery's state at one instant."""

    healthy: bool
    last_pass: datetime | None
    """The product-clock instant of the last successful pass."""
    last_pass_age_seconds: float | None
    """Real seconds since then."""
    stale_after_seconds: float
    pending: int
    sending: int
    failed_today: int
    unreachable_chats: int
    database_bytes: int | None
    updates: str | None = None
    """How this process takes updates: ``polling``, ``webhook``, or ``standby`` (another
    process of several on PostgreSQL polls)."""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_pass"] = self.last_pass.isoformat() if self.last_pass else None
        return data


class HealthMonitor:
    """Builds ``HealthReport``s from the runner's last pass and the database."""

    def __init__(
        self,
        *,
        runner: ReminderRunner,
        engine: AsyncEngine,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        timezone: ZoneInfo,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._runner = runner
        self._engine = engine
        self._sessions = sessions
        self._clock = clock
        self._tz = timezone
        self._monotonic = monotonic
        self.updates: Callable[[], str | None] = lambda: None
        """This process's way of taking updates (set by the product)."""

    @property
    def stale_after(self) -> float:
        return float(STALE_SWEEPS * self._runner.sweep_seconds)

    async def report(self) -> HealthReport:
        now = self._clock.now()
        local = now.astimezone(self._tz)
        day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        async with reading(self._sessions) as session:
            states = dict(
                (
                    await session.execute(
                        select(OutboxRow.state, func.count())
                        .where(OutboxRow.state.in_([OutboxState.PENDING, OutboxState.SENDING]))
                        .group_by(OutboxRow.state)
                    )
                ).all()
            )
            failed_today = await session.scalar(
                select(func.count(func.distinct(OutboxRow.id)))
                .select_from(OutboxRow)
                .join(SendAttemptRow, SendAttemptRow.outbox_id == OutboxRow.id)
                .where(
                    OutboxRow.state == OutboxState.FAILED,
                    SendAttemptRow.at >= day_start,
                )
            )
            unreachable = await session.scalar(
                select(func.count()).select_from(ChatRow).where(ChatRow.active.is_(False))
            )
            size = await self._database_bytes(session)
        last = self._runner.last_success_monotonic
        age = None if last is None else max(0.0, self._monotonic() - last)
        return HealthReport(
            healthy=age is not None and age <= self.stale_after,
            last_pass=self._runner.last_success,
            last_pass_age_seconds=None if age is None else round(age, 1),
            stale_after_seconds=self.stale_after,
            pending=int(states.get(OutboxState.PENDING, 0)),
            sending=int(states.get(OutboxState.SENDING, 0)),
            failed_today=int(failed_today or 0),
            unreachable_chats=int(unreachable or 0),
            database_bytes=size,
            updates=self.updates(),
        )

    async def _database_bytes(self, session: AsyncSession) -> int | None:
        url = make_url(str(self._engine.url))
        if url.get_backend_name() == "sqlite":
            if not url.database or url.database == ":memory:":
                return None
            return _file_bytes(url.database)
        if url.get_backend_name() == "postgresql":
            value = await session.scalar(text("SELECT pg_database_size(current_database())"))
            return int(value) if value is not None else None
        return None


def _file_bytes(database: str) -> int:
    """The SQLite file and its write-ahead log."""
    path = Path(database).expanduser()
    files = [path, path.with_name(path.name + "-wal")]
    return sum(f.stat().st_size for f in files if f.exists())


class HealthServer:
    """``GET /healthz`` on (host, port): 200 and the report while healthy, else 503."""

    def __init__(self, monitor: HealthMonitor, address: tuple[str, int]) -> None:
        self._monitor = monitor
        self._address = address
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        host, port = self._address
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        log.info("health check on http://%s:%d/healthz", host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        try:
            report = await self._monitor.report()
        except Exception as error:
            log.exception("health report failed")
            return web.json_response({"healthy": False, "error": str(error)}, status=503)
        return web.json_response(report.to_json(), status=200 if report.healthy else 503)
