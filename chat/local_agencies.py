"""``/coquan``: admins list and add the deployment's own agencies (a province's Sở, a
ministry's Cục/Vụ), and look up any agency by a name typed as they remember it (without
diacritics, without "Bộ", or only part of it: then a "Có phải …?" button per agency it may
mean, answered by :meth:`chat.handlers.ChatSurface.agency_button`). Registered by :class:`chat.handlers.ChatSurface`; the registry the
tracker, the import preview and the reminders share grows in place, and the file next to
the registry is rewritten, so the importer (a child process) and ``/addtask`` know the new
body at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram import InlineKeyboardMarkup, ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from chat import input_messages as im
from chat import local_agency_messages as say
from chat.fitting import fit
from chat.messages import not_admin
from chat.transport import markup
from domain.agencies import Agency
from domain.errors import SeedError
from domain.local_agencies import LocalAgency
from storage.local_agency_files import add_local_agency, load_local_agencies
from tracking.service import Tracker

Context = ContextTypes.DEFAULT_TYPE

_ADD = ("them", "thêm")


def parse_addition(body: str) -> LocalAgency | None:
    """ "<tên> | <viết tắt, bí danh…> | <thuộc>" (the last two optional)."""
    parts = [" ".join(part.split()) for part in body.split("|")]
    if not parts or not parts[0] or len(parts) > 3:
        return None
    aliases = tuple(
        dict.fromkeys(a for a in (" ".join(x.split()) for x in ([*parts, ""])[1].split(",")) if a)
    )
    parent = parts[2] if len(parts) > 2 and parts[2] else None
    return LocalAgency(name=parts[0], aliases=aliases, parent=parent)


class LocalAgencyCommands:
    """The ``/coquan`` command."""

    def __init__(self, *, tracker: Tracker, path: Path) -> None:
        self._tracker = tracker
        self._path = path

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        application.add_handler(
            CommandHandler("coquan", self.coquan, filters=filters.UpdateType.MESSAGE)
        )

    async def _say(
        self, update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
    ) -> None:
        chat, quoted = update.effective_chat, update.message
        if chat is None:
            return
        reply = (
            ReplyParameters(message_id=quoted.message_id, allow_sending_without_reply=True)
            if quoted is not None
            else None
        )
        for part in fit(text):
            await chat.send_message(
                part, parse_mode=ParseMode.HTML, reply_parameters=reply, reply_markup=keyboard
            )
            reply, keyboard = None, None

    async def coquan(self, update: Update, context: Context) -> None:
        user = update.effective_user
        if not self._tracker.is_admin(user.id if user else None):
            await self._say(update, not_admin(self._tracker.office_name))
            return
        message = update.effective_message
        text = (message.text or "") if message else ""
        words = text.split(maxsplit=2)
        try:
            if len(words) == 1:
                await self._say(update, say.listing(load_local_agencies(self._path)))
                return
            if words[1].lower() not in _ADD:
                await self._look_up(update, text.split(maxsplit=1)[1])
                return
            addition = parse_addition(words[2] if len(words) > 2 else "")
            if addition is None:
                await self._say(update, say.usage())
                return
            await self._add(update, addition)
        except SeedError as error:
            await self._say(update, say.unreadable_file(error.problem))

    async def _look_up(self, update: Update, typed: str) -> None:
        """``/coquan <tên>``: the agency when the name settles it alone, else a "Có phải
        …?" button per agency it may mean, else how to write one."""
        registry = self._tracker.registry
        agency = registry.find_loose(typed)
        if agency is not None:
            await self.show(update, agency)
            return
        found = registry.candidates(typed)
        if not found:
            await self._say(update, say.not_found(typed))
            return
        await self._say(
            update, im.agency_choices(typed, found), markup(im.agency_keyboard("cq", found))
        )

    async def show(self, update: Update, agency: Agency) -> None:
        """One agency as the registry knows it (a "Có phải …?" press lands here too)."""
        registry = self._tracker.registry
        try:
            own = load_local_agencies(self._path)
        except SeedError:
            own = ()  # the registry already holds them; only their "thuộc" is not shown
        local = next((a for a in own if a.agency().id == agency.id), None)
        successor = registry.owner_today(agency.id) if agency.successor else None
        await self._say(update, say.card(agency, local, successor))

    async def _add(self, update: Update, addition: LocalAgency) -> None:
        registry = self._tracker.registry
        for name in (addition.name, *addition.aliases):
            holder = registry.find(name) or registry.resolve_group(name)
            if holder is not None:
                await self._say(update, say.name_taken(name, holder.name))
                return
        try:
            add_local_agency(self._path, registry, addition)
        except SeedError as error:
            if error.problem == "too long":
                await self._say(update, say.too_long())
            else:
                await self._say(update, say.name_taken(addition.name, error.where))
            return
        await self._tracker.sync_registry()
        await self._say(update, say.added(addition))
