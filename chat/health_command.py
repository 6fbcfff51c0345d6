"""``/health`` for admins: the delivery health report in the chat."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from telegram import ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from chat import health_messages, messages
from scheduler.health import HealthMonitor
from tracking.service import Tracker

log = logging.getLogger(__name__)


class HealthCommand:
    """Answers ``/health`` from an admin; anyone else gets the usual refusal."""

    def __init__(self, *, monitor: HealthMonitor, tracker: Tracker, timezone: ZoneInfo) -> None:
        self._monitor = monitor
        self._tracker = tracker
        self._tz = timezone

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        # Only new messages: an edited /health is answered by the surface, not run again.
        application.add_handler(
            CommandHandler("health", self.health, filters=filters.UpdateType.MESSAGE)
        )

    async def health(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat, user, message = update.effective_chat, update.effective_user, update.message
        if chat is None:
            return
        reply = (
            ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True)
            if message is not None
            else None
        )
        if not self._tracker.is_admin(user.id if user else None):
            text = messages.not_admin(self._tracker.office_name)
        else:
            try:
                text = health_messages.health_report(await self._monitor.report(), self._tz)
            except Exception:
                log.exception("health report failed")
                text = messages.internal_error()
        await chat.send_message(text, parse_mode=ParseMode.HTML, reply_parameters=reply)
