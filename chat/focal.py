"""``/daumoi [cơ quan]``: the office lists focal points per agency, 8 a page, each with a
🗑 button that takes it off (``dm:rm:<chat id>``); the chat taken off is told. ◀ ▶
(``dm:pg:<page>``) edit the list in place; the agency listed is read back from the message's
first line, so nothing is stored for a page and paging works after a restart."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from chat import focal_messages as say
from chat import messages, refusals
from chat.parsing import ascii_chat_id, ascii_id
from chat.transport import markup
from tracking.focal import FocalPoints

if TYPE_CHECKING:
    from chat.handlers import ChatSurface

Context = ContextTypes.DEFAULT_TYPE

log = logging.getLogger(__name__)


class FocalPointCommands:
    def __init__(self, surface: ChatSurface) -> None:
        self._surface = surface
        tracker = surface.tracker
        self._points = FocalPoints(sessions=tracker.sessions, registry=tracker.registry)

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        guard = self._surface._guard
        application.add_handler(
            CommandHandler("daumoi", guard(self.daumoi), filters=filters.UpdateType.MESSAGE)
        )
        application.add_handler(CallbackQueryHandler(guard(self.remove_button), pattern=r"^dm:"))

    async def daumoi(self, update: Update, context: Context) -> None:
        s = self._surface
        if not await s._require_admin(update):
            return
        typed = " ".join(context.args or []).strip()
        agency_id = agency_name = None
        if typed:
            found = s.tracker.registry.find_loose(typed)
            if found is None:
                await s._ask_agency(update, typed, "dm")
                return
            agency_id, agency_name = found.id, found.name
        await self.show(update, agency_id, agency_name)

    async def show(self, update: Update, agency_id: str | None, agency_name: str | None) -> None:
        points = await self._points.listed(agency_id)
        text = say.listing(points, agency_name, self._surface._tz)
        await self._surface._say(
            update, text, reply_markup=markup(say.keyboard(points)) if points else None
        )

    async def page_button(self, update: Update, number: int | None) -> None:
        """◀ ▶ under a /daumoi list: the page asked, as the focal points stand now."""
        s = self._surface
        query = update.callback_query
        assert query is not None
        message = query.message if isinstance(query.message, Message) else None
        if number is None or message is None:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        listing, name = say.listed_agency(message.text or "")
        agency = s.tracker.registry.find(name) if name is not None else None
        if not listing or (name is not None and agency is None):
            await query.answer(say.list_changed(), show_alert=True)
            return
        await s._release_button(update)
        points = await self._points.listed(agency.id if agency is not None else None)
        text = say.listing(points, agency.name if agency is not None else None, s._tz, number)
        with contextlib.suppress(BadRequest):  # "message is not modified": same page again
            await message.edit_text(
                text, parse_mode=ParseMode.HTML, reply_markup=markup(say.keyboard(points, number))
            )

    async def remove_button(self, update: Update, context: Context) -> None:
        s = self._surface
        query = update.callback_query
        assert query is not None
        user = update.effective_user
        if not s.tracker.is_admin(user.id if user else None):
            await query.answer(messages.not_admin(s.tracker.office_name), show_alert=True)
            return
        if (query.data or "").startswith("dm:pg:"):
            raw = (query.data or "").removeprefix("dm:pg:")
            await self.page_button(update, 0 if raw == "0" else ascii_id(raw))
            return
        chat_id = ascii_chat_id((query.data or "").removeprefix("dm:rm:"))
        if chat_id is None:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        await s._release_button(update)
        removed = await self._points.remove(chat_id, s._now())
        if removed is None:
            await s._say(update, say.already_removed())
            return
        message = query.message if isinstance(query.message, Message) else None
        if message is not None and message.reply_markup is not None:
            rows = [
                row
                for row in message.reply_markup.inline_keyboard
                if not any(b.callback_data == query.data for b in row)
            ]
            with contextlib.suppress(TelegramError):
                await message.edit_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
        await s._say(update, say.removed(removed))
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(
                removed.chat_id,
                say.told_removed(removed.agency, s.tracker.office_name),
                parse_mode=ParseMode.HTML,
            )


__all__ = ["FocalPointCommands"]
