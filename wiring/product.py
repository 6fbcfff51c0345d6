"""The running bot: the PTB application (its Bot API client, handlers and menus), the
reminder runner with its dispatcher, the health monitor, and how updates come in."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder

from chat.bot_http import AiohttpRequest
from chat.contact import ContactChat
from chat.dispatch_wording import ChatRenderer
from chat.handlers import ADMIN_MENU, COMMANDS, ChatSurface
from chat.health_command import HealthCommand
from chat.leadership import LeadershipChat
from chat.media import TelegramMedia
from chat.ordering import PerChatOrder
from chat.pacing import FloodLimiter, FloodRules
from chat.token_watch import TokenWatch
from chat.transport import TelegramTransport
from chat.updates import ElectedPolling, Intake, Polling, WebhookIntake
from delivery.senders import SenderLease
from domain.status import AdminNotify
from scheduler.dispatch import Dispatcher
from scheduler.health import HealthMonitor, HealthServer
from scheduler.runner import ReminderRunner
from settings import Settings
from tracking.imports import ImportDesk
from wiring.core import Core
from wiring.parts import (
    escalator,
    leadership_summary,
    leadership_terms,
    office_digest,
    report_chat,
    teller,
    weekly_digest,
)

# Opt in to PTB's coming behaviour (durations as timedelta); the transport accepts both.
os.environ.setdefault("PTB_TIMEDELTA", "1")

log = logging.getLogger(__name__)

ALLOWED_UPDATES = Update.ALL_TYPES
#: Seconds a Bot API call may take to be written and answered (a stop waits at most this
#: long for the message in flight).
SEND_TIMEOUT = 10.0


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
    watch: TokenWatch = field(default_factory=TokenWatch)
    """Set when the Bot API refuses the token while the bot runs (the run loop stops)."""

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
        self.intake = intake_for(
            self.core, application, poll_timeout=poll_timeout, watch=self.watch
        )
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
    core: Core,
    application: Application[Any, Any, Any, Any, Any, Any],
    *,
    poll_timeout: int,
    watch: TokenWatch | None = None,
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
    polling = Polling(updater, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES, watch=watch)
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
        # aiohttp instead of PTB's httpx: the same answers at a fifth of the CPU (chat/bot_http.py).
        .request(
            AiohttpRequest(
                connection_pool_size=256,
                read_timeout=send_timeout,
                write_timeout=send_timeout,
                pool_timeout=10.0,
            )
        )
        .get_updates_request(AiohttpRequest(connection_pool_size=1))
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        # Chats are served concurrently, each chat's updates in order (chat/ordering.py).
        .concurrent_updates(PerChatOrder())
        .rate_limiter(FloodLimiter(flood_rules))
        .build()
    )
    watch = TokenWatch()
    # A handler's reply refused with 401 ends here (``chat.surface`` lets it through).
    application.add_error_handler(watch.on_error)
    lease = SenderLease(
        core.sessions, stale_after=timedelta(seconds=max(30, 3 * settings.sweep_seconds))
    )
    dispatcher = Dispatcher(
        sessions=core.sessions,
        registry=core.registry,
        planner=core.planner,
        transport=TelegramTransport(application.bot, watch),
        admin_ids=settings.admin_ids,
        last_send_time=settings.last_send_time,
        lease=lease,
        render=ChatRenderer(),
        admin_notify=settings.admin_notify,
        on_chased=escalator(core).on_chased,
    )
    dispatcher.add_sweep(teller(core))
    dispatcher.add_pass_hook(weekly_digest(core, TelegramMedia(application.bot, watch)).run)
    dispatcher.add_pass_hook(leadership_summary(core).run)
    if settings.admin_notify is AdminNotify.DIGEST:
        dispatcher.add_pass_hook(office_digest(core).run)
    runner = ReminderRunner(
        dispatcher,
        core.clock,
        sweep_seconds=settings.sweep_seconds,
        speed=speed,
        checkpoint=core.checkpointer.run if core.checkpointer is not None else None,
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
        watch=watch,
        health=health,
        health_server=HealthServer(health, settings.health_address)
        if settings.health_address is not None
        else None,
    )
    health.updates = lambda: product.intake.mode if product.intake is not None else None
    return product
