"""Everything but Telegram, built from the settings: storage, the agency registry, the planner
and the use cases, and start-up's preparation of the database (schema, registry, seeds)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from domain.agencies import AgencyRegistry
from domain.calendar import WorkingCalendar
from domain.clock import Clock
from scheduler.planner import Planner
from scheduler.windows import ReminderPolicy
from settings import Settings
from storage import local_agency_files as local_agencies
from storage.checkpoint import Checkpointer, sqlite_file
from storage.db import create_engine, migrate, preparing_alone, session_factory
from storage.seed_files import load_seed_file
from tracking.followup import replan_flagged
from tracking.service import Tracker
from tracking.views import SeedReport

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@dataclass
class Core:
    """Everything but Telegram: storage, the registry, the planner and the use cases."""

    settings: Settings
    clock: Clock
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    registry: AgencyRegistry
    planner: Planner
    tracker: Tracker
    extras: dict[str, Any] = field(default_factory=dict)
    checkpointer: Checkpointer | None = None
    """Copies a SQLite file's write-ahead log back after the runner's passes (None on
    PostgreSQL)."""

    async def prepare(self, *, seed: bool = True) -> SeedReport | None:
        """Create or upgrade the schema, then load the seeds (idempotent); on PostgreSQL one
        worker at a time."""
        async with preparing_alone(self.engine):
            return await self._prepare(seed=seed)

    async def _prepare(self, *, seed: bool) -> SeedReport | None:
        await migrate(self.engine, admin_ids=self.settings.admin_ids)
        await replan_flagged(self.sessions, self.planner, self.clock.now())
        await self.tracker.sync_registry()
        if not seed:
            return None
        seed_file = load_seed_file(SEEDS / "tasks.toml", self.registry)
        return await self.tracker.seed(seed_file, self.clock.now())

    async def close(self) -> None:
        if self.checkpointer is not None:
            await self.checkpointer.close()
        await self.engine.dispose()


def policy_of(settings: Settings) -> ReminderPolicy:
    return ReminderPolicy(
        offsets_days=settings.offsets_days,
        send_time=settings.send_time,
        timezone=settings.timezone,
        chase_every_days=settings.chase_every_days,
        followup_every_days=settings.followup_every_days,
    )


def build_core(settings: Settings, clock: Clock, registry: AgencyRegistry | None = None) -> Core:
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    database_file = sqlite_file(settings.database_url)
    # The import worker (a child process) reads the same local agencies file.
    os.environ[local_agencies.ENV_VARIABLE] = str(settings.local_agencies_file)
    registry = registry or local_agencies.registry_for(settings.local_agencies_file)
    planner = Planner(policy=policy_of(settings), calendar=WorkingCalendar())
    tracker = Tracker(
        sessions=sessions,
        registry=registry,
        planner=planner,
        admin_ids=settings.admin_ids,
        invite_days=settings.invite_days,
        undo_minutes=settings.undo_minutes,
        confirm_done=settings.confirm_done,
        office_name=settings.office_name,
        admin_notify=settings.admin_notify,
    )
    return Core(
        settings=settings,
        clock=clock,
        engine=engine,
        sessions=sessions,
        registry=registry,
        planner=planner,
        tracker=tracker,
        checkpointer=Checkpointer(database_file) if database_file is not None else None,
    )
