"""What focal points report: ``/done``, ``/late`` (typed, or in reply to a reminder) and the
✅ ⏰ buttons (``done:<id>``, ``late:<id>``)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime

from telegram import ForceReply, InlineKeyboardMarkup, MaybeInaccessibleMessage, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from chat import assigned_messages as am
from chat import followup_messages as fm
from chat import messages, refusals
from chat.fitting import TEXT_LIMIT, shorten
from chat.parsing import BadInput, InputProblem, ascii_id, parse_done, parse_late
from chat.surface import Context, SurfaceCore, actor_of
from domain.errors import ChatNotBound, NotYourTask, ReportRecorded, TaskCancelled, TaskNotFound
from tracking.views import ReplyOutcome

log = logging.getLogger(__name__)


class FocalReplies(SurfaceCore):
    """The focal points' reports."""

    async def done(self, update: Update, context: Context) -> None:
        replied = await self._replied_tasks(update)
        parsed = parse_done(self._args(context), id_optional=replied is not None)
        task_id = parsed.task_id if parsed.task_id is not None else self._single(replied)
        if task_id is None:
            await self._say(update, messages.ambiguous_reply(replied or []))
            return
        await self._do_done(update, task_id, parsed.note)

    async def late(self, update: Update, context: Context) -> None:
        replied = await self._replied_tasks(update)
        now = self._now()
        try:
            parsed = parse_late(
                self._args(context), self._today(now), id_optional=replied is not None
            )
        except BadInput as error:
            if error.key is InputProblem.MISSING_ID:
                error = BadInput(InputProblem.MISSING_ID, "late")
            raise error from None
        task_id = parsed.task_id if parsed.task_id is not None else self._single(replied)
        if task_id is None:
            await self._say(update, messages.ambiguous_reply(replied or []))
            return
        await self._do_late(update, task_id, parsed.reason, parsed.new_due)

    async def _replied_tasks(self, update: Update) -> list[int] | None:
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None or message.reply_to_message is None:
            return None
        ids = await self._tracker.tasks_of_message(chat.id, message.reply_to_message.message_id)
        return ids or None

    @staticmethod
    def _single(ids: list[int] | None) -> int | None:
        return ids[0] if ids and len(ids) == 1 else None

    async def _do_done(self, update: Update, task_id: int, note: str) -> bool:
        """Mark done and answer; True when the task is (now or already) done for this chat."""
        actor = actor_of(update.effective_user)
        return await self._record(
            update,
            task_id,
            lambda chat_id, now: self._tracker.mark_done(
                chat_id=chat_id,
                task_id=task_id,
                note=note,
                actor=actor,
                now=now,
                notices=self._followup.done_notices(update, actor.name, note),
            ),
        )

    async def _do_late(
        self, update: Update, task_id: int, reason: str, new_due: date | None
    ) -> None:
        actor = actor_of(update.effective_user)
        await self._record(
            update,
            task_id,
            lambda chat_id, now: self._tracker.report_late(
                chat_id=chat_id,
                task_id=task_id,
                reason=reason,
                new_due=new_due,
                actor=actor,
                now=now,
                notices=self._followup.late_notices(update, actor.name, reason, now),
            ),
        )

    async def _record(
        self,
        update: Update,
        task_id: int,
        report: Callable[[int, datetime], Awaitable[ReplyOutcome]],
    ) -> bool:
        """Record this chat's report (``report(chat_id, now)``) and answer it: its
        confirmation, or why the chat may not report on the task. True when it was
        recorded (now, or by an earlier delivery of the same update)."""
        chat = update.effective_chat
        assert chat is not None
        try:
            outcome = await report(chat.id, self._now())
        except ReportRecorded:
            self._notify()  # its confirmation is queued: the loop sends what is left
            return True
        except (ChatNotBound, TaskNotFound, NotYourTask, TaskCancelled) as error:
            await self._say(update, self._ownership_error(error, task_id))
            return False
        await self._confirm(outcome)
        return True

    def _ownership_error(self, error: Exception, task_id: int) -> str:
        if isinstance(error, ChatNotBound):
            return messages.not_bound(self._tracker.office_name)
        if isinstance(error, TaskNotFound):
            return messages.task_not_found(task_id)
        if isinstance(error, TaskCancelled):
            return fm.cancelled_task(task_id, self._tracker.office_name)
        if isinstance(error, NotYourTask) and error.lead is not None:
            return am.co_operation_refused(task_id, error.lead)
        return messages.not_your_task(task_id)

    async def task_button(self, update: Update, context: Context) -> None:
        """✅ and ⏰ under a reminder or a list (``done:<id>``, ``late:<id>``)."""
        query = update.callback_query
        if query is None:
            return
        action, _, raw = (query.data or "").partition(":")
        task_id = ascii_id(raw)
        if task_id is None:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        # Answering the press only stops the button's spinner: a failure here must not
        # stop the report.
        with contextlib.suppress(TelegramError):
            await query.answer()
        if action == "late":
            # In a group the question names who pressed: Telegram shows the reply box to
            # that person only (selective), and only their answer counts.
            chat, user = update.effective_chat, update.effective_user
            mention = user.mention_html() if user and chat and chat.type != "private" else ""
            await self._say(
                update,
                messages.late_prompt(task_id, mention),
                reply_markup=ForceReply(selective=True),
            )
            return
        if await self._do_done(update, task_id, ""):
            await self._mark_handled(query.message, task_id)

    @staticmethod
    async def _mark_handled(message: MaybeInaccessibleMessage | None, task_id: int) -> None:
        """Note on the reminder itself that the task is done and take its buttons off, so
        nobody in the group presses them again."""
        if not isinstance(message, Message) or message.reply_markup is None:
            return
        rows = [
            row
            for row in message.reply_markup.inline_keyboard
            if not any(b.callback_data in (f"done:{task_id}", f"late:{task_id}") for b in row)
        ]
        with contextlib.suppress(TelegramError):
            # The reminder loses its end, not the line saying it was handled.
            line = messages.handled_line(task_id)
            await message.edit_text(
                shorten(message.text_html, TEXT_LIMIT - len(line) - 1) + "\n" + line,
                parse_mode=ParseMode.HTML,
                reply_markup=InlineKeyboardMarkup(rows) if rows else None,
            )
