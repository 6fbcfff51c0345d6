"""Telegram handlers: adapters that parse a command, call one use case, render the reply.

Authorisation (admin or the chat's own agency), parsing (``chat.parsing``), the use case
(``tracking.service``) and the wording (``chat.messages``) each live elsewhere; a handler
only wires them. Every failure a user can cause ends in a clear Vietnamese reply, and an
unexpected error ends in a polite apology (logged), never in a dead bot.

:class:`ChatSurface` is composed of one part per audience over a shared core
(``chat.surface``): invitations (``chat.joining``), the focal points' reports
(``chat.replies``), reading tasks (``chat.queries``), the admins' commands (``chat.admin``)
and imports (``chat.imports``); here it registers every handler (each button's prefix its
own ``CallbackQueryHandler``) and routes what spans the parts: a reply to the bot's question
and a "Có phải …?" press."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Message, MessageEntity, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from chat import command_messages as cm
from chat import input_messages as im
from chat import messages, refusals
from chat.admin import AdminChat
from chat.focal import FocalPointCommands
from chat.followdate import FollowDateChat
from chat.followup import FollowUpChat
from chat.forgiving import ForgivingInput
from chat.import_groups import ImportGroupsChat
from chat.imports import ImportChat
from chat.joining import Joining, invite_role
from chat.leadership_messages import LeadershipTerms
from chat.local_agencies import LocalAgencyCommands
from chat.paging import Paging
from chat.parsing import ascii_id, parse_late
from chat.queries import TaskQueries
from chat.replies import FocalReplies
from chat.surface import Confirmations, Context, Handler, SurfaceExtension, actor_of
from chat.transport import markup
from domain.clock import Clock
from domain.errors import UnknownAgency
from tracking.imports import FixField, ImportDesk
from tracking.service import Tracker

log = logging.getLogger(__name__)

#: Commands shown in Telegram's menu (the focal points'; the admins' after them), from the
#: catalogue.
COMMANDS = cm.MENU


ADMIN_MENU = cm.ADMIN_MENU


class ChatSurface(Joining, FocalReplies, TaskQueries, AdminChat, ImportChat):
    """The bot's conversation with focal points and admins."""

    def __init__(
        self,
        *,
        tracker: Tracker,
        desk: ImportDesk,
        clock: Clock,
        timezone: ZoneInfo,
        notify: Callable[[], None],
        deliver: Callable[[Sequence[int]], Awaitable[bool]] | None = None,
        confirmations: Confirmations | None = None,
        local_agencies: Path | None = None,
        leadership: LeadershipTerms | None = None,
    ) -> None:
        self.leadership_terms = leadership or LeadershipTerms(
            office=tracker.office_name,
            escalate_after=3,
            summary_day=None,
            summary_time=tracker.send_time,
        )
        """What a leadership chat receives and when (its welcome and /help say it)."""
        self._tracker = tracker
        self._desk = desk
        self._clock = clock
        self._tz = timezone
        self._notify = notify
        self._deliver = deliver
        self._confirmations = confirmations
        self._followup = FollowUpChat(self, tracker)
        self._forgiving = ForgivingInput(self)
        self._paging = Paging(self)
        self._focal = FocalPointCommands(self)
        self._local = (
            LocalAgencyCommands(tracker=tracker, path=local_agencies)
            if local_agencies is not None
            else None
        )
        self._followdate = FollowDateChat(self)
        self._groups = ImportGroupsChat(self)

    def register(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        extensions: Sequence[SurfaceExtension] = (),
    ) -> None:
        """Add every handler to ``application``; ``extensions`` (e.g. the reports) first, so
        their buttons are matched before the catch-all button handler."""
        for extension in extensions:
            extension.register(application, self._guard)
        self._followup.register(application)  # first: it owns some buttons and replies
        commands: dict[str, Handler] = {
            "start": self.start,
            "help": self.help,
            "tasks": self.tasks,
            "task": self.task,
            "done": self.done,
            "late": self.late,
            **{alias: getattr(self, meant) for alias, meant in im.ALIASES.items()},
            "addtask": self.addtask,
            "invite": self.invite,
            "agencies": self.agencies,
            "import": self.import_command,
            "fix": self.fix,
        }
        # Only new messages run anything: an edited message (a typo fixed in an /addtask,
        # a /done, an /invite) would otherwise run the command a second time.
        fresh = filters.UpdateType.MESSAGE
        for name, callback in commands.items():
            application.add_handler(CommandHandler(name, self._guard(callback), filters=fresh))
        if self._local is not None:
            self._local.register(application)
        application.add_handler(
            CallbackQueryHandler(self._guard(self.agency_button), pattern=r"^ag:")
        )
        application.add_handler(
            CallbackQueryHandler(self._guard(self.members_button), pattern=r"^tk:m:")
        )
        self._forgiving.register(application)
        self._paging.register(application)
        self._focal.register(application)
        self._followdate.register(application, self._guard)
        # Each button's prefix has its handler; what none matches is answered as unreadable.
        buttons: list[tuple[str, Handler]] = [
            (r"^done:", self.task_button),
            (r"^late:", self.task_button),
            (r"^imp:(ok|part|fix|no):", self.import_button),
            (r"^imp:(map|set|all):", self.import_map_button),
            (r"^imp:fu:", self.import_followup_button),
            (r"^imp:", self.unreadable_import_button),
        ]
        for pattern, callback in buttons:
            application.add_handler(CallbackQueryHandler(self._guard(callback), pattern=pattern))
        application.add_handler(CallbackQueryHandler(self._guard(self.unreadable_button)))
        application.add_handler(
            MessageHandler(
                fresh & filters.Document.ALL & ~filters.ANIMATION, self._guard(self.document)
            )
        )
        application.add_handler(
            MessageHandler(
                fresh & filters.REPLY & filters.TEXT & ~filters.COMMAND,
                self._guard(self.reply_text),
            )
        )
        application.add_handler(
            MessageHandler(filters.UpdateType.EDITED_MESSAGE, self._guard(self.edited))
        )

    async def reply_text(self, update: Update, context: Context) -> None:
        """A plain-text reply to a "why late?" prompt is the reason (maybe with a date).

        The task number is read back from the prompt itself, so an answer still works
        after a restart."""
        message = update.effective_message
        if message is None or message.reply_to_message is None or not message.text:
            return
        if messages.is_import_prompt(message.reply_to_message.text or ""):
            if await self._require_admin(update):
                await self._preview(update, message.text, source=cm.PASTED_SOURCE, issued=None)
            return
        replied_to = message.reply_to_message
        chat = update.effective_chat
        private = chat is not None and chat.type == "private"
        if not replied_to.from_user or not replied_to.from_user.is_bot:
            if private:  # one's own message quoted: free text all the same
                await self._forgiving.free_text(update, context)
            return
        group = self._groups.prompt_name(replied_to.text or "")
        if group is not None:
            if await self._require_admin(update):
                await self._groups.reply(update, group, message.text.strip())
            return
        task_id = messages.late_prompt_task(replied_to.text or "")
        asked = mentioned_user(replied_to)
        user = update.effective_user
        if task_id is not None and asked is not None and (user is None or user.id != asked):
            await self._say(update, refusals.prompt_for_someone_else(task_id))
            return
        if task_id is None:
            listed = await self._replied_tasks(update)
            if listed:
                # Words in reply to a reminder: say how to report instead of staying silent.
                await self._say(update, messages.reply_hint(listed))
            elif private:
                # Words in reply to a message that asked nothing (the welcome, /help): the
                # short help with its buttons, as for any free text.
                await self._forgiving.free_text(update, context)
            return
        parsed = parse_late([str(task_id), *message.text.split()], self._today(self._now()))
        await self._do_late(update, task_id, parsed.reason, parsed.new_due)

    async def agency_button(self, update: Update, context: Context) -> None:
        """A "Có phải …?" button: finish the command with the agency chosen. The command
        is read back from the message the question replied to."""
        query = update.callback_query
        assert query is not None
        user = update.effective_user
        if not self._tracker.is_admin(user.id if user else None):
            await query.answer(messages.not_admin(self._tracker.office_name), show_alert=True)
            return
        _, verb, agency_id = [*(query.data or "").split(":", 2), "", ""][:3]
        try:
            agency = self._tracker.registry.get(agency_id)
        except UnknownAgency:
            agency = None
        verbs = {"add", "inv", "dm", "fix"} | ({"cq"} if self._local is not None else set())
        if agency is None or verb not in verbs:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        await self._release_button(update)
        question = query.message if isinstance(query.message, Message) else None
        if question is not None:
            with contextlib.suppress(TelegramError):
                await question.edit_reply_markup(None)
        if verb == "dm":
            await self._focal.show(update, agency.id, agency.name)
            return
        if verb == "cq" and self._local is not None:
            await self._local.show(update, agency)
            return
        if verb == "inv":
            chat = update.effective_chat
            if chat is None or chat.type != "private":
                await self._say(update, refusals.invite_private_only())
                return
            original = question.reply_to_message if question is not None else None
            _, role = invite_role(original.text or "" if original is not None else "")
            await self._create_invite(update, context, agency.name, role)
            return
        original = question.reply_to_message if question is not None else None
        if verb == "fix":
            await self._finish_fix(update, original, agency.name)
            return
        if original is None or not (original.text or "").startswith("/addtask"):
            await self._say(update, im.choice_expired())
            return
        await self._add_task(update, original.text or "", agency_id=agency.id)

    async def _finish_fix(self, update: Update, original: Message | None, agency: str) -> None:
        """A "Có phải …?" press under ``/fix <số> chủ trì …``: that task's lead is the
        agency pressed (the task's number read back from the command)."""
        words = (original.text or "").split() if original is not None else []
        number = ascii_id(words[1]) if len(words) > 1 and words[0].startswith("/fix") else None
        chat = update.effective_chat
        if number is None or chat is None:
            await self._say(update, im.choice_expired())
            return
        await self._apply_fix(update, chat.id, number, FixField.LEAD, agency)


def mentioned_user(message: Message) -> int | None:
    """The user a prompt of the bot names (a mention link), if any."""
    for entity in message.entities:
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None:
            return entity.user.id
        if entity.type == MessageEntity.TEXT_LINK and (entity.url or "").startswith(
            "tg://user?id="
        ):
            raw = (entity.url or "").removeprefix("tg://user?id=")
            return int(raw) if raw.isdigit() else None
    return None


__all__ = [
    "ADMIN_MENU",
    "COMMANDS",
    "ChatSurface",
    "Confirmations",
    "Context",
    "Handler",
    "SurfaceExtension",
    "actor_of",
    "invite_role",
    "markup",
]
