"""Answers to progress requests: the 📝 Cập nhật tiến độ button, the reply to its prompt,
and the hint for a free-text answer to a progress request.

Registered as a surface extension (before the surface's own handlers); its reply handler
runs in an earlier group and stops the update there when it handled it, so the generic
reminder hint is not sent as well.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

from telegram import ForceReply, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from chat import contact_messages as cm
from chat import correction_messages, refusals
from chat.parsing import MAX_NOTE, BadInput, InputProblem, ascii_id
from domain.errors import ChatNotBound, NotYourTask, TaskNotFound
from tracking.corrections import Corrections, Who

if TYPE_CHECKING:
    from collections.abc import Callable

    from chat.handlers import ChatSurface, Context, Handler

log = logging.getLogger(__name__)

#: The group of the reply handler: before the follow-up's (-1) and the surface's (0).
REPLY_GROUP = -2


class ContactChat:
    """Progress answers on top of the chat surface's plumbing."""

    def __init__(self, surface: ChatSurface) -> None:
        self._surface = surface
        tracker = surface._tracker
        self._corrections = Corrections(
            sessions=tracker.sessions,
            planner=tracker.planner,
            registry=tracker.registry,
            admin_ids=tracker.admin_ids,
            undo_minutes=tracker.undo_minutes,
            admin_notify=tracker.admin_notify,
        )

    def register(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        guard: Callable[[Handler], Handler],
    ) -> None:
        application.add_handler(
            CallbackQueryHandler(guard(self.progress_button), pattern=r"^prog:")
        )
        fresh = filters.UpdateType.MESSAGE
        guarded = guard(self._answer)

        async def answer_then_stop(update: Update, context: Context) -> None:
            if self._is_ours(update):
                await guarded(update, context)
                raise ApplicationHandlerStop

        application.add_handler(
            MessageHandler(
                fresh & filters.REPLY & filters.TEXT & ~filters.COMMAND, answer_then_stop
            ),
            group=REPLY_GROUP,
        )

    @staticmethod
    def _is_ours(update: Update) -> bool:
        """A text reply to the bot's progress prompt or to a progress request."""
        message = update.effective_message
        if message is None or message.reply_to_message is None or not message.text:
            return False
        replied = message.reply_to_message
        if not replied.from_user or not replied.from_user.is_bot:
            return False
        text = replied.text or ""
        return cm.progress_prompt_task(text) is not None or cm.is_progress_request(text)

    async def progress_button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        task_id = ascii_id((query.data or "").partition(":")[2])
        if task_id is None:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        with contextlib.suppress(TelegramError):
            await query.answer()
        chat = update.effective_chat
        assert chat is not None
        try:
            # Asked only of a chat that may answer: a co-operating agency is told at once
            # which agency leads and reports, a stranger that it is not registered.
            await self._corrections.may_note_progress(chat_id=chat.id, task_id=task_id)
        except (ChatNotBound, TaskNotFound, NotYourTask) as error:
            await self._surface._say(update, self._surface._ownership_error(error, task_id))
            return
        # In a group the question names who pressed: Telegram shows the reply box to that
        # person only (selective), and only their answer counts.
        user = update.effective_user
        mention = user.mention_html() if user and chat.type != "private" else ""
        await self._surface._say(
            update, cm.progress_prompt(task_id, mention), reply_markup=ForceReply(selective=True)
        )

    async def _answer(self, update: Update, context: Context) -> None:
        s = self._surface
        message = update.effective_message
        assert message is not None
        assert message.reply_to_message is not None
        replied_text = message.reply_to_message.text or ""
        task_id = cm.progress_prompt_task(replied_text)
        if task_id is None:
            # Words in reply to a progress request: say how to answer, change nothing.
            listed = await s._replied_tasks(update)
            if listed:
                await s._say(update, cm.progress_hint(listed))
            return
        from chat.handlers import actor_of, mentioned_user

        asked = mentioned_user(message.reply_to_message)
        user = update.effective_user
        if asked is not None and (user is None or user.id != asked):
            await s._say(update, refusals.progress_for_someone_else(task_id))
            return
        note = (message.text or "").strip()
        if not note:
            await s._say(update, cm.empty_progress())
            return
        if len(note) > MAX_NOTE:
            raise BadInput(InputProblem.TOO_LONG, str(MAX_NOTE))
        chat = update.effective_chat
        assert chat is not None
        actor = actor_of(update.effective_user)
        try:
            result = await self._corrections.progress(
                chat_id=chat.id,
                task_id=task_id,
                note=note,
                who=Who(name=actor.name, user_id=actor.user_id),
                now=s._now(),
                tell_office=lambda c: correction_messages.progress_admin(c, actor.name),
            )
        except (ChatNotBound, TaskNotFound, NotYourTask) as error:
            await s._say(update, s._ownership_error(error, task_id))
            return
        s._notify()
        await s._say(update, correction_messages.progress_recorded(result, s.tracker.office_name))
