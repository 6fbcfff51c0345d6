"""Forgiving input: no message to the bot meets silence.

* A command the bot does not know gets the nearest known one suggested (``/don 5`` →
  ``/done 5``); in a group only when it was addressed to this bot or is close to one of its
  commands (other bots' commands are left alone).
* Free text in a private chat gets a short help with buttons; text that starts like a
  command without its slash ("xong 5") gets that command to copy.
* A photo, a sticker, a voice message, a video, an audio file, a GIF, a round video, a
  location or a contact (anything neither text nor a file) gets a short answer saying what
  the bot reads, with the free text's buttons; a command in its caption is given back to
  send as a message. In a group only when it is addressed to the bot (a reply to one of its
  messages, or its @name in the caption): a team's photos to each other are not its business.
* The help's buttons (``menu:…``) run /tasks, /help or /agencies.
"""

from __future__ import annotations

import difflib
import logging
from typing import TYPE_CHECKING, Any

from telegram import Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from chat import input_messages as im
from chat import refusals
from chat.late_dates import fold
from chat.transport import markup
from notices.sources import SUPPORTED_SUFFIXES

if TYPE_CHECKING:
    from chat.handlers import ChatSurface

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE

#: The handler group of the unknown-command answer: after every command handler, which it
#: leaves alone by checking the command against those registered.
LAST_GROUP = 90

#: Messages that are neither text nor a notice file (a GIF comes as a document too; service
#: messages, members joining and the like, are no one's words to the bot).
NOT_TEXT = (
    ~filters.TEXT
    & ~(filters.Document.ALL & ~filters.ANIMATION)
    & ~filters.StatusUpdate.ALL
    & ~filters.COMMAND
)

#: Commands suggested to anyone; admins are offered every registered command.
FOCAL_COMMANDS = (
    "start",
    "help",
    "tasks",
    "nhiemvu",
    "task",
    "done",
    "xong",
    "hoanthanh",
    "late",
    "cham",
    "tiendo",
    "progress",
)


def nearest(typed: str, offered: set[str] | tuple[str, ...]) -> str | None:
    """The known command closest to ``typed`` (case and diacritics ignored), if close."""
    wanted = fold(typed).lower()
    if wanted in im.WORDS:
        return im.WORDS[wanted]
    found = difflib.get_close_matches(wanted, sorted(offered), n=1, cutoff=0.6)
    return found[0] if found else None


class ForgivingInput:
    """Answers to input no other handler takes."""

    def __init__(self, surface: ChatSurface) -> None:
        self._surface = surface
        self._known: frozenset[str] | None = None

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        s = self._surface
        fresh = filters.UpdateType.MESSAGE
        application.add_handler(CallbackQueryHandler(s._guard(self.menu_button), pattern=r"^menu:"))
        application.add_handler(
            MessageHandler(
                fresh & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & ~filters.REPLY,
                s._guard(self.free_text),
            )
        )
        application.add_handler(
            MessageHandler(fresh & NOT_TEXT, s._guard(self.not_text)),
        )
        application.add_handler(
            MessageHandler(fresh & filters.COMMAND, s._guard(self.unknown_command)),
            group=LAST_GROUP,
        )

    def _known_commands(
        self, application: Application[Any, Any, Any, Any, Any, Any]
    ) -> frozenset[str]:
        if self._known is None:
            names: set[str] = set()
            for handlers in application.handlers.values():
                for handler in handlers:
                    if isinstance(handler, CommandHandler):
                        names |= {c.lower() for c in handler.commands}
            self._known = frozenset(names)
        return self._known

    async def unknown_command(self, update: Update, context: Context) -> None:
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or not message.text:
            return
        head, _, args = message.text.partition(" ")
        name, _, target = head[1:].partition("@")
        bot_name = (context.bot.username or "").lower()
        if target and target.lower() != bot_name:
            return  # another bot's command
        known = self._known_commands(context.application)
        if name.lower() in known:
            return  # a command handler had it
        user = update.effective_user
        is_admin = self._surface.tracker.is_admin(user.id if user else None)
        offered = set(known) if is_admin else set(FOCAL_COMMANDS)
        suggestion = nearest(name, offered)
        if chat.type != "private" and not target and suggestion is None:
            return  # probably meant for another bot in the group
        log.info("unknown command %r, suggested %r", name[:40], suggestion)
        await self._surface._say(update, im.unknown_command(name, suggestion, args.strip()))

    async def free_text(self, update: Update, context: Context) -> None:
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or not message.text:
            return
        words = message.text.split()
        for length in (2, 1):
            head = fold(" ".join(words[:length])).lower()
            if len(words) >= length and head in im.WORDS:
                rest = " ".join(words[length:])
                await self._surface._say(update, im.word_as_command(im.WORDS[head], rest))
                return
        user = update.effective_user
        is_admin = self._surface.tracker.is_admin(user.id if user else None)
        agency = await self._surface.tracker.chat_agency(chat.id)
        name = agency.name if agency is not None else None
        await self._surface._say(
            update,
            im.free_text(agency=name, is_admin=is_admin, office=self._surface.tracker.office_name),
            reply_markup=markup(im.free_text_keyboard(bound=name is not None, is_admin=is_admin)),
        )

    async def not_text(self, update: Update, context: Context) -> None:
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        if chat.type != "private" and not _addressed(message, context.bot.id, context.bot.username):
            return  # the group's own photos and stickers
        kind = _kind(message)
        command = _caption_command(message.caption or "")
        user = update.effective_user
        tracker = self._surface.tracker
        is_admin = tracker.is_admin(user.id if user else None)
        agency = await tracker.chat_agency(chat.id)
        name = agency.name if agency is not None else None
        log.info("a %s message answered with what the bot reads", kind)
        await self._surface._say(
            update,
            im.not_text(
                kind,
                agency=name,
                is_admin=is_admin,
                formats=SUPPORTED_SUFFIXES,
                office=tracker.office_name,
                command=command,
            ),
            reply_markup=markup(im.free_text_keyboard(bound=name is not None, is_admin=is_admin)),
        )

    async def menu_button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        match (query.data or "").partition(":")[2]:
            case "tasks":
                await self._surface._release_button(update)
                await self._surface.tasks(update, context)
            case "agencies":
                await self._surface._release_button(update)
                await self._surface.agencies(update, context)
            case "help":
                await self._surface._release_button(update)
                await self._surface.help(update, context)
            case _:
                log.warning("unreadable button data %r", (query.data or "")[:64])
                await query.answer(refusals.unreadable_button())


#: The Message fields of what is neither text nor a file, checked in this order (a GIF has
#: ``document`` too, so ``animation`` comes first).
_KINDS = (
    "animation",
    "photo",
    "sticker",
    "voice",
    "video",
    "audio",
    "video_note",
    "location",
    "contact",
)


def _kind(message: Message) -> str:
    return next((kind for kind in _KINDS if getattr(message, kind, None)), "other")


def _addressed(message: Message, bot_id: int, username: str | None) -> bool:
    """In a group: a reply to one of the bot's messages, or the bot's @name in the caption."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    return bool(username) and f"@{username}".lower() in (message.caption or "").lower()


def _caption_command(caption: str) -> str | None:
    """A command a caption starts with ("/xong 5", or "xong 5" without its slash), to be
    sent as a message of its own (the bot reads no command in a caption)."""
    words = caption.split()
    if not words:
        return None
    if words[0].startswith("/") and len(words[0]) > 1:
        name = words[0][1:].partition("@")[0]
        return " ".join([f"/{name}", *words[1:]])
    for length in (2, 1):
        head = fold(" ".join(words[:length])).lower()
        if len(words) >= length and head in im.WORDS:
            return " ".join([f"/{im.WORDS[head]}", *words[length:]])
    return None


__all__ = ["FOCAL_COMMANDS", "NOT_TEXT", "ForgivingInput", "nearest"]
