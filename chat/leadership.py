"""A leadership chat's conversation: it receives, it does not report.

Registered as a surface extension with a handler in the earliest group: in a chat
registered as an agency's leadership (``leadership_chats``), every command but /start,
every button and every reply to the bot is answered here — /help with what the chat
receives, the rest with a polite refusal saying that the focal point reports — and stops
there, so no report handler ever sees it. An admin in such a chat keeps their commands.
Other chats pass through untouched.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

from telegram import ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from chat import leadership_messages as lm
from chat.leadership_messages import LeadershipTerms

if TYPE_CHECKING:
    from collections.abc import Callable

    from chat.handlers import Context, Handler
    from tracking.service import Tracker

log = logging.getLogger(__name__)

#: Before every other group (the contact replies are -2, the follow-ups -1).
GATE_GROUP = -3


class LeadershipChat:
    """The gate in front of the surface for leadership chats."""

    def __init__(self, *, tracker: Tracker, terms: LeadershipTerms) -> None:
        self._tracker = tracker
        self._terms = terms

    def register(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        guard: Callable[[Handler], Handler],
    ) -> None:
        # Not guarded: the guard would swallow the ApplicationHandlerStop that ends the
        # update here; the gate logs its own failures and lets the update go on.
        application.add_handler(TypeHandler(Update, self.gate), group=GATE_GROUP)

    async def gate(self, update: Update, context: Context) -> None:
        """Answer a leadership chat's command, button or reply here (see the module)."""
        try:
            answered = await self._answer(update)
        except Exception:
            log.exception("leadership gate failed; the update goes on to the surface")
            return
        if answered:
            raise ApplicationHandlerStop

    async def _answer(self, update: Update) -> bool:
        """True when ``update`` came from a leadership chat and was answered."""
        chat, user = update.effective_chat, update.effective_user
        command = _command(update)
        button = update.callback_query
        if chat is None or (command is None and button is None and not _reply_to_bot(update)):
            return False
        if command == "start" or self._tracker.is_admin(user.id if user else None):
            return False
        agency = await self._tracker.leadership_agency(chat.id)
        if agency is None:
            return False
        if command == "help":
            text = lm.help_text(agency.name, self._terms)
        else:
            text = lm.reports_refused(agency.name, self._terms.office)
        if button is not None:
            with contextlib.suppress(TelegramError):
                await button.answer()
        quoted = update.message
        await chat.send_message(
            text,
            parse_mode=ParseMode.HTML,
            reply_parameters=ReplyParameters(
                message_id=quoted.message_id, allow_sending_without_reply=True
            )
            if quoted is not None
            else None,
        )
        return True


def _command(update: Update) -> str | None:
    """The command of a new message ("done" for "/done@bot 3"), or None."""
    message = update.message
    text = message.text if message is not None else None
    if not text or not text.startswith("/"):
        return None
    return text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else ""


def _reply_to_bot(update: Update) -> bool:
    message = update.message
    replied = message.reply_to_message if message is not None else None
    return replied is not None and replied.from_user is not None and replied.from_user.is_bot


__all__ = ["GATE_GROUP", "LeadershipChat"]
