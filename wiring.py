"""Building the product from its parts (used by ``bot.py``, the demo and the end-to-end tests)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder

from chat import (
    assigned_messages,
    escalation_messages,
    leadership_messages,
    office_messages,
    report_messages,
)
from chat.contact import ContactChat
from chat.dispatch_wording import ChatRenderer
from chat.handlers import ADMIN_MENU, COMMANDS, ChatSurface
from chat.health_command import HealthCommand
from chat.leadership import LeadershipChat
from chat.leadership_messages import LeadershipTerms
from chat.media import TelegramMedia
from chat.messages import not_admin
from chat.ordering import PerChatOrder
from chat.pacing import FloodLimiter, FloodRules
from chat.redaction import RedactingFormatter, register_secret
from chat.reports import ReportChat
from chat.transport import TelegramTransport
from chat.updates import ElectedPolling, Intake, Polling, WebhookIntake
from delivery.senders import SenderLease
from domain import local_agencies
from domain.agencies import AgencyRegistry
from domain.calendar import WorkingCalendar
from domain.clock import Clock
from domain.status import AdminNotify
from reports.digest import Digest, DigestPlan, MediaSender
from scheduler.dispatch import Dispatcher
from scheduler.health import HealthMonitor, HealthServer
from scheduler.planner import Planner
from scheduler.runner import ReminderRunner
from scheduler.windows import ReminderPolicy
from settings import Settings
from storage.db import create_engine, migrate, preparing_alone, session_factory
from storage.seed_files import load_seed_file
from tracking.escalation import EscalationWords, Escalator
from tracking.followup import replan_flagged
from tracking.imports import ImportDesk
from tracking.leadership import LeadershipSummary
from tracking.office import OfficeDigest
from tracking.service import Tracker
from tracking.telling_sweep import Teller
from tracking.views import SeedReport

# Opt in to PTB's coming behaviour (durations as timedelta); the transport accepts both.
os.environ.setdefault("PTB_TIMEDELTA", "1")

ROOT = Path(__file__).resolve().parent
SEEDS = ROOT / "seeds"

log = logging.getLogger(__name__)

ALLOWED_UPDATES = Update.ALL_TYPES
#: Seconds a Bot API call may take to be written and answered (a stop waits at most this
#: long for the message in flight).
SEND_TIMEOUT = 10.0
#: How long the end of a run waits for tasks still running after the stop.
WIND_DOWN = timedelta(seconds=10)


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactSecrets(logging.Filter):
    """Removes the bot token from every log record (httpx logs full URLs)."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, "<token>")
            record.msg, record.args = message, None
        return True


def configure_logging(settings: Settings, level: int = logging.INFO) -> None:
    """Log to stderr with the token removed from every line and every traceback."""
    register_secret(settings.token)
    logging.basicConfig(level=level, format=LOG_FORMAT)
    # httpx logs every request URL, token included, at INFO.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    redact = RedactSecrets(settings.token or "")
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
        # The filter only sees the message; a traceback (exc_info) is formatted later.
        handler.setFormatter(RedactingFormatter(LOG_FORMAT))


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
    )


@dataclass
class Product:
    """The running bot: the PTB application plus the reminder runner."""

    core: Core
    application: Application[Any, Any, Any, Any, Any, Any]
    runner: ReminderRunner
    seed: bool = True
    health: HealthMonitor | None = None
    health_server: HealthServer | None = None
    intake: Intake | None = None
    """How updates come in (polling, elected polling or webhook); set by ``start``."""

    async def start(self, *, poll_timeout: int = 30) -> None:
        """Prepare storage, connect to the Bot API, start polling and the reminder loop."""
        report = await self.core.prepare(seed=self.seed)
        if report is not None:
            log.info(
                "seeds: %d notices and %d tasks added (%d obligations, %d reminders planned)",
                report.notices_added,
                report.tasks_added,
                report.assignments_added,
                report.reminders_planned,
            )
        application = self.application
        await application.initialize()
        await application.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
        # Each admin's own chat gets the admins' menu too (BotCommandScopeChat); an admin
        # who never opened the bot has no chat yet, which must not stop the start.
        admin_menu = [BotCommand(c, d) for c, d in COMMANDS + ADMIN_MENU]
        for admin in sorted(self.core.settings.admin_ids):
            try:
                await application.bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(admin))
            except TelegramError as error:
                log.info("no admin menu for %s: %s", admin, error)
        self.intake = intake_for(self.core, application, poll_timeout=poll_timeout)
        await self.intake.start()
        await application.start()
        await self.runner.start()
        if self.health_server is not None:
            await self.health_server.start()

    def request_stop(self) -> None:
        """A stop was asked for while ``start`` may still be running (its first pass can be
        long): that pass ends between two sends, so ``start`` returns promptly."""
        self.runner.request_stop()

    async def stop(self) -> None:
        """Stop in reverse order; safe to call after a failed start."""
        if self.health_server is not None:
            await self.health_server.stop()
        await self.runner.stop()
        application = self.application
        if self.intake is not None:
            await self.intake.stop()
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        await self.core.close()


def intake_for(
    core: Core, application: Application[Any, Any, Any, Any, Any, Any], *, poll_timeout: int
) -> Intake:
    """Webhook mode when ``WEBHOOK_URL`` is set; else polling — on PostgreSQL by the one
    process that holds the polling lock (several workers may share the database)."""
    updater = application.updater
    assert updater is not None
    settings = core.settings
    hook = settings.webhook
    if hook is not None:
        return WebhookIntake(
            updater,
            url=hook.url,
            path=hook.path,
            secret=hook.secret,
            listen=hook.listen,
            port=hook.port,
            allowed_updates=ALLOWED_UPDATES,
        )
    polling = Polling(updater, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)
    if core.engine.dialect.name == "postgresql":
        return ElectedPolling(polling, core.engine, retry_seconds=election_seconds(settings))
    return polling


def election_seconds(settings: Settings) -> float:
    """How often a standing-by process tries for the polling lock: twice a sweep."""
    return max(1.0, settings.sweep_seconds / 2)


def build_product(
    core: Core,
    *,
    speed: float = 1.0,
    seed: bool = True,
    flood_rules: FloodRules | None = None,
    send_timeout: float = SEND_TIMEOUT,
) -> Product:
    """The running bot. ``flood_rules`` default to Telegram's limits at real speed;
    ``send_timeout`` bounds each Bot API call's read and write (seconds)."""
    settings = core.settings
    assert settings.token is not None, "TELEGRAM_BOT_TOKEN is required to run the bot"
    api = settings.api_base_url
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .read_timeout(send_timeout)
        .write_timeout(send_timeout)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        # Chats are served concurrently, each chat's updates in order (chat/ordering.py).
        .concurrent_updates(PerChatOrder())
        .pool_timeout(10.0)
        .rate_limiter(FloodLimiter(flood_rules))
        .build()
    )
    lease = SenderLease(
        core.sessions, stale_after=timedelta(seconds=max(30, 3 * settings.sweep_seconds))
    )
    dispatcher = Dispatcher(
        sessions=core.sessions,
        registry=core.registry,
        planner=core.planner,
        transport=TelegramTransport(application.bot),
        admin_ids=settings.admin_ids,
        last_send_time=settings.last_send_time,
        lease=lease,
        render=ChatRenderer(),
        admin_notify=settings.admin_notify,
        on_chased=escalator(core).on_chased,
    )
    dispatcher.add_sweep(teller(core))
    dispatcher.add_pass_hook(weekly_digest(core, TelegramMedia(application.bot)).run)
    dispatcher.add_pass_hook(leadership_summary(core).run)
    if settings.admin_notify is AdminNotify.DIGEST:
        dispatcher.add_pass_hook(office_digest(core).run)
    runner = ReminderRunner(
        dispatcher, core.clock, sweep_seconds=settings.sweep_seconds, speed=speed
    )
    surface = ChatSurface(
        tracker=core.tracker,
        desk=ImportDesk(sessions=core.sessions, tracker=core.tracker),
        clock=core.clock,
        timezone=settings.timezone,
        notify=runner.poke,
        deliver=runner.deliver_now,
        confirmations=runner,
        local_agencies=settings.local_agencies_file,
        leadership=leadership_terms(settings),
    )
    surface.register(
        application,
        extensions=[
            LeadershipChat(tracker=core.tracker, terms=surface.leadership_terms),
            report_chat(core),
            ContactChat(surface),
        ],
    )
    health = HealthMonitor(
        runner=runner,
        engine=core.engine,
        sessions=core.sessions,
        clock=core.clock,
        timezone=settings.timezone,
    )
    HealthCommand(monitor=health, tracker=core.tracker, timezone=settings.timezone).register(
        application
    )
    product = Product(
        core=core,
        application=application,
        runner=runner,
        seed=seed,
        health=health,
        health_server=HealthServer(health, settings.health_address)
        if settings.health_address is not None
        else None,
    )
    health.updates = lambda: product.intake.mode if product.intake is not None else None
    return product


def weekly_digest(core: Core, sender: MediaSender) -> Digest:
    """The weekly digest to every admin and the leadership chats."""
    settings = core.settings
    return Digest(
        sessions=core.sessions,
        registry=core.registry,
        plan=DigestPlan(
            weekday=settings.digest_weekday,
            at=settings.digest_time or settings.send_time,
            timezone=settings.timezone,
        ),
        recipients=settings.admin_ids | settings.leadership_chat_ids,
        sender=sender,
        wording=report_messages,
        admins=settings.admin_ids,
    )


def leadership_terms(settings: Settings) -> LeadershipTerms:
    """What a leadership chat receives and when, as its welcome and /help say it."""
    return LeadershipTerms(
        office=settings.office_name,
        escalate_after=settings.escalate_after,
        summary_day=settings.digest_weekday,
        summary_time=settings.digest_time or settings.send_time,
    )


def leadership_summary(core: Core) -> LeadershipSummary:
    """Each leadership chat's weekly summary, at the weekly digest's slot."""
    settings = core.settings
    plan = DigestPlan(
        weekday=settings.digest_weekday,
        at=settings.digest_time or settings.send_time,
        timezone=settings.timezone,
    )
    office = settings.office_name
    return LeadershipSummary(
        sessions=core.sessions,
        registry=core.registry,
        slot=plan.slot,
        timezone=settings.timezone,
        render=lambda agency, lines, escalated, today: leadership_messages.weekly_summary(
            agency, lines, escalated, today, office
        ),
    )


def escalator(core: Core) -> Escalator:
    """Escalation after ``ESCALATE_AFTER`` unanswered chases, in the chase's transaction."""
    settings = core.settings
    office = settings.office_name
    return Escalator(
        registry=core.registry,
        admin_ids=settings.admin_ids,
        admin_notify=settings.admin_notify,
        threshold=settings.escalate_after,
        words=EscalationWords(
            office_note=escalation_messages.office_note,
            leadership=lambda agency, items, today: escalation_messages.leadership(
                agency, items, today, office
            ),
        ),
        timezone=settings.timezone,
    )


def teller(core: Core) -> Teller:
    """Focal points told of the tasks given to their agency, at the next sending time."""
    office = core.settings.office_name
    return Teller(
        sessions=core.sessions,
        registry=core.registry,
        timezone=core.settings.timezone,
        render=lambda agency, items, today: assigned_messages.assigned(
            office, agency, items, today
        ),
    )


def office_digest(core: Core) -> OfficeDigest:
    """The admins' daily digest (``ADMIN_NOTIFY=digest``) at ``ADMIN_DIGEST_TIME``."""
    settings = core.settings
    at = settings.admin_digest_time
    return OfficeDigest(
        sessions=core.sessions,
        calendar=core.planner.calendar,
        timezone=settings.timezone,
        at=at,
        admin_ids=settings.admin_ids,
        render=lambda day, notes: office_messages.office_digest(day, at, notes),
    )


def report_chat(core: Core) -> ReportChat:
    """/baocao and /xuatexcel for the admins."""
    return ReportChat(
        sessions=core.sessions,
        registry=core.registry,
        access=core.tracker.report_access,
        clock=core.clock,
        timezone=core.settings.timezone,
        refuse=lambda: not_admin(core.settings.office_name),
    )


def settle_start_up() -> None:
    """Once the bot has started: what start-up made lives as long as the process (the agency
    registry above all), so it is collected once and moved out of the cyclic collector's
    way (``gc.freeze``). A full collection then scans only what was made since — a sweep's
    few thousand objects — instead of the registry's hundreds of thousands: with 100,000
    agencies one took 60–600 ms, at any moment, a due sweep's included."""
    gc.collect()
    gc.freeze()


def run_to_the_end(main: Coroutine[Any, Any, None]) -> None:
    """``asyncio.run(main)``, except that the tasks still running when ``main`` returns get
    ``WIND_DOWN`` after being cancelled, not forever: one stuck in a database driver (its
    connection's thread already gone) would keep the process from ever exiting."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(main)
    finally:
        try:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                _, stuck = loop.run_until_complete(
                    asyncio.wait(pending, timeout=WIND_DOWN.total_seconds())
                )
                if stuck:
                    log.error("%d task(s) would not end; exiting without them", len(stuck))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            asyncio.set_event_loop(None)
            loop.close()


async def run_until_signalled(
    product: Product, *, started: Callable[[], object] | None = None
) -> None:
    """Run the product until SIGINT or SIGTERM, also one that comes during start-up;
    ``started()`` once it is running (``settle_start_up``: after the first ``getUpdates``,
    not before it)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    starting = asyncio.ensure_future(product.start())
    signalled = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({starting, signalled}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():
            # The start-up pass may have a backlog to send at Telegram's pace: it ends
            # between two sends, the rest stays pending for the next start.
            log.info("stop requested during start-up; ending the first pass")
            product.request_stop()
        await starting
        if not stop.is_set():
            log.info("bot is running; press Ctrl+C to stop")
            if started is not None:
                started()
        await signalled
    finally:
        signalled.cancel()
        await product.stop()
        await _wind_down(product)


async def _wind_down(product: Product) -> None:
    """Let what is still running after the stop finish, then close the database again.

    A task cut off by the event loop's end in the middle of a statement (one that outlived
    its grace, or one the stop did not know of) leaves its SQLite connection — and that
    connection's thread — open, and the process would never exit."""
    others = asyncio.all_tasks() - {asyncio.current_task()}
    if others:
        log.warning("waiting for %d task(s) still running after the stop", len(others))
        _, late = await asyncio.wait(others, timeout=WIND_DOWN.total_seconds())
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late, timeout=WIND_DOWN.total_seconds())
    await product.core.engine.dispose()
