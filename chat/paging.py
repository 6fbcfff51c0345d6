"""◀ ▶ under long lists: the pressed message is edited in place to another page.

``pg:r:<page>`` a reminder (its tasks are those the outbox recorded for the message, shown
as they stand now: one reported done since leaves the list; its progress request, read
again from the reminders that sweep fired, stays on every page with its 📝 buttons), ``pg:t:<page>`` /tasks,
``pg:a:<page>`` /agencies (admins), ``pg:c:<page>`` the co-operations under /tasks,
``pg:n:<page>`` a notice of new tasks (the tasks the outbox recorded for it, as they stand
now for the chat's agency), ``pg:o<yyyymmdd>:<page>`` the office's digest of that day
(admins; the notes that digest took). Nothing is stored for a page: it is rendered again from
the database, so paging works after a restart too.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from chat import assigned_messages as am
from chat import contact_messages as cm
from chat import list_messages as lists
from chat import messages, refusals
from chat import office_messages as office
from chat.fitting import shorten
from chat.parsing import ascii_id
from chat.transport import markup
from domain.errors import ChatNotBound
from tracking.imports import ImportNotFound

if TYPE_CHECKING:
    from chat.handlers import ChatSurface
    from chat.surface import SurfaceCore

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


class Paging:
    def __init__(self, surface: ChatSurface) -> None:
        self._surface = surface

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        application.add_handler(
            CallbackQueryHandler(self._surface._guard(self.page_button), pattern=r"^pg:")
        )

    async def page_button(self, update: Update, context: Context) -> None:
        s = self._surface
        query, chat = update.callback_query, update.effective_chat
        if query is None or chat is None:
            return
        _, kind, raw = [*(query.data or "").split(":", 2), "", ""][:3]
        number = ascii_id(raw) if raw != "0" else 0
        message = query.message if isinstance(query.message, Message) else None
        import_id = ascii_id(kind[1:]) if kind.startswith("i") else None
        digest_day = _day(kind[1:]) if kind.startswith("o") else None
        if (
            (kind not in {"r", "t", "a", "c", "n"} and import_id is None and digest_day is None)
            or number is None
            or message is None
        ):
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        today = s._today(s._now())
        tracker = s.tracker
        if import_id is not None:
            user = update.effective_user
            if not tracker.is_admin(user.id if user else None):
                await query.answer(messages.not_admin(tracker.office_name), show_alert=True)
                return
            try:
                pending = await s.desk.current(chat_id=chat.id)
            except ImportNotFound:
                await query.answer(messages.import_missing(), show_alert=True)
                return
            if pending.import_id != import_id:
                await query.answer(messages.import_missing(), show_alert=True)
                return
            await s._release_button(update)
            html, keyboard = s.import_page(pending, number)
            with contextlib.suppress(BadRequest):
                await message.edit_text(
                    html, parse_mode=ParseMode.HTML, reply_markup=markup(keyboard)
                )
            return
        if digest_day is not None:
            await self._digest_page(update, message, digest_day, number)
            return
        if kind == "a":
            user = update.effective_user
            if not tracker.is_admin(user.id if user else None):
                await query.answer(messages.not_admin(tracker.office_name), show_alert=True)
                return
            page = lists.agencies_page(await tracker.agencies_overview(today), number)
            keyboard = lists.page_keyboard("a", page, buttons=False)
        elif kind == "n":
            try:
                carried = await tracker.tasks_of_message(chat.id, message.message_id)
                items = await tracker.assigned_items(chat.id, carried)
            except ChatNotBound:
                await query.answer()
                await s._say(update, messages.not_bound(tracker.office_name))
                return
            if not items:
                await query.answer(am.nothing_left(), show_alert=True)
                return
            agency = await tracker.chat_agency(chat.id)
            page = am.assigned_page(
                tracker.office_name, agency.name if agency is not None else "", items, today, number
            )
            keyboard = lists.page_keyboard("n", page)
        elif kind == "c":
            try:
                co = await tracker.co_tasks(chat.id, today)
            except ChatNotBound:
                await query.answer()
                await s._say(update, messages.not_bound(tracker.office_name))
                return
            agency = await tracker.chat_agency(chat.id)
            page = am.co_tasks_page(agency.name if agency is not None else "", co, today, number)
            keyboard = lists.pager("c", page.page, page.pages)
        else:
            try:
                lines = await tracker.open_tasks(chat.id, today)
            except ChatNotBound:
                await query.answer()
                await s._say(update, messages.not_bound(tracker.office_name))
                return
            agency = await tracker.chat_agency(chat.id)
            name = agency.name if agency is not None else ""
            if kind == "r":
                listed = set(await tracker.tasks_of_message(chat.id, message.message_id))
                lines = [line for line in lines if line.task_id in listed]
                if not lines:
                    await query.answer(lists.all_reported(), show_alert=True)
                    return
                asked = await tracker.asked_of_message(chat.id, message.message_id)
                if asked & {line.task_id for line in lines}:
                    # The progress request goes on with the reminder, on every page.
                    [(html, _, rows)] = cm.render_reminder(name, lines, today, asked, number)
                    await s._release_button(update)
                    with contextlib.suppress(BadRequest):  # the same page again
                        await message.edit_text(
                            shorten(html), parse_mode=ParseMode.HTML, reply_markup=markup(rows)
                        )
                    return
                page = lists.reminder_page(name, lines, today, number)
            else:
                page = lists.tasks_page(name, lines, today, number)
            keyboard = lists.page_keyboard(kind, page)
        await s._release_button(update)
        with contextlib.suppress(BadRequest):  # "message is not modified": same page again
            await message.edit_text(
                shorten(page.html), parse_mode=ParseMode.HTML, reply_markup=markup(keyboard)
            )

    async def _digest_page(self, update: Update, message: Message, day: date, number: int) -> None:
        """◀ ▶ under the office's digest: the page asked, from the notes it took."""
        s = self._surface
        query = update.callback_query
        assert query is not None
        user = update.effective_user
        if not s.tracker.is_admin(user.id if user else None):
            await query.answer(messages.not_admin(s.tracker.office_name), show_alert=True)
            return
        # Every page says the time the first one said; only a digest is paged as one.
        at = office.digest_time(message.text or "")
        notes = await s.tracker.office_digest(day) if at is not None else None
        if at is None or notes is None:
            await query.answer(office.digest_missing(), show_alert=True)
            return
        html, keyboard = office.office_digest(day, at, notes, number)
        await s._release_button(update)
        with contextlib.suppress(BadRequest):  # "message is not modified": same page again
            await message.edit_text(html, parse_mode=ParseMode.HTML, reply_markup=markup(keyboard))


def _day(digits: str) -> date | None:
    """A digest's day in its buttons (``20261202``); None for anything else."""
    if len(digits) != 8 or not digits.isascii() or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


async def send_page(
    surface: SurfaceCore, update: Update, page: lists.Page, keyboard: lists.Keyboard
) -> None:
    """Send a list's first page with its buttons."""
    await surface._say(update, page.html, reply_markup=markup(keyboard) if keyboard else None)


__all__ = ["Paging", "send_page"]
