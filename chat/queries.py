"""What a chat reads: ``/help``, ``/tasks``, ``/task`` and its 👥 (``tk:m:<id>``), the one
reading check, and the answer to an edited message."""

from __future__ import annotations

import logging

from telegram import Update

from chat import assigned_messages as am
from chat import followup_messages as fm
from chat import input_messages as im
from chat import list_messages as lists
from chat import messages, refusals
from chat.paging import send_page
from chat.parsing import BadInput, InputProblem, ascii_id, parse_task_id
from chat.surface import Context, SurfaceCore
from chat.transport import markup
from domain.errors import ChatNotBound, TaskNotFound
from tracking.access import Access

log = logging.getLogger(__name__)


class TaskQueries(SurfaceCore):
    """Reading tasks."""

    async def help(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        agency = await self._tracker.chat_agency(chat.id) if chat else None
        user = update.effective_user
        await self._say(
            update,
            messages.help_text(
                is_admin=self._tracker.is_admin(user.id if user else None),
                agency=agency.name if agency else None,
                office=self._tracker.office_name,
                send_time=self._tracker.send_time,
                invite_days=self._tracker.invite_days,
                focal_extra=[
                    *fm.help_focal(self._tracker.undo_minutes, self._tracker.office_name),
                    *im.alias_help(is_admin=self._tracker.is_admin(user.id if user else None)),
                ],
                admin_extra=fm.help_admin(),
            ),
        )

    async def edited(self, update: Update, context: Context) -> None:
        """An edited message never runs again. A command, a file or a reply to the bot gets
        a short answer saying so; other edits (ordinary talk in a group) are ignored."""
        message = update.edited_message
        if message is None:
            return
        text = message.text or message.caption or ""
        to_bot = (
            message.reply_to_message is not None
            and message.reply_to_message.from_user is not None
            and message.reply_to_message.from_user.is_bot
        )
        if text.startswith("/") or message.document is not None or to_bot:
            await self._say(update, refusals.edit_ignored())

    async def readable(self, update: Update, task_id: int) -> bool:
        """The one reading check: True when this chat may see ``task_id``; otherwise the
        polite refusal has been sent. Every command or button that shows a task calls it."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None:
            return False
        access = await self._tracker.access(
            task_id=task_id, chat_id=chat.id, user_id=user.id if user else None
        )
        if access.may_read:
            return True
        if access is Access.UNBOUND:
            await self._say(update, messages.not_bound(self._tracker.office_name))
        elif access is Access.MISSING:
            await self._say(update, messages.task_not_found(task_id))
        else:
            await self._say(update, refusals.not_your_task_to_read(task_id))
        return False

    async def tasks(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        assert chat is not None
        now = self._now()
        try:
            lines = await self._tracker.open_tasks(chat.id, self._today(now))
        except ChatNotBound:
            await self._say(update, messages.not_bound(self._tracker.office_name))
            return
        agency = await self._tracker.chat_agency(chat.id)
        name = agency.name if agency else ""
        page = lists.tasks_page(name, lines, self._today(now))
        await send_page(self, update, page, lists.page_keyboard("t", page))
        # Its co-operations apart, after its own tasks: the lead reports them.
        co = await self._tracker.co_tasks(chat.id, self._today(now))
        if co:
            co_page = am.co_tasks_page(name, co, self._today(now))
            await send_page(self, update, co_page, lists.pager("c", co_page.page, co_page.pages))

    async def task(self, update: Update, context: Context) -> None:
        args = self._args(context)
        if not args:
            raise BadInput(InputProblem.MISSING_ID, "task")
        task_id = parse_task_id(args[0])
        if not await self.readable(update, task_id):
            return
        try:
            detail = await self._tracker.task_detail(task_id, self._today(self._now()))
        except TaskNotFound:
            await self._say(update, messages.task_not_found(task_id))
            return
        chat = update.effective_chat
        agency = await self._tracker.chat_agency(chat.id) if chat else None
        texts = messages.task_detail(detail, self._tz, agency.name if agency else None)
        await self._say(update, *texts[:-1])
        many = len(detail.members) > messages.MEMBERS_SHOWN
        await self._say(
            update,
            texts[-1],
            reply_markup=markup(messages.members_keyboard(task_id, len(detail.members)))
            if many
            else None,
        )
        await self._followup.pending_under_task(update, task_id)
        await self._followup.periods_under_task(update, task_id)

    async def members_button(self, update: Update, context: Context) -> None:
        """👥 under /task: every member agency of the task."""
        query = update.callback_query
        assert query is not None
        task_id = ascii_id((query.data or "").removeprefix("tk:m:"))
        if task_id is None:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        await self._release_button(update)
        if not await self.readable(update, task_id):
            return
        try:
            detail = await self._tracker.task_detail(task_id, self._today(self._now()))
        except TaskNotFound:
            await self._say(update, messages.task_not_found(task_id))
            return
        await self._say(update, *messages.members_full(detail))
