"""What the parts of :class:`chat.followup.FollowUpChat` share: its state (set by
``FollowUpChat.__init__``), who corrects, an admin command's task and words, an admin's
decision button read, a press refused or done, the answer to a refused change, and closing
a decided message's buttons."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from telegram import CallbackQuery, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from chat import correction_messages as cm
from chat import messages, refusals
from chat.fitting import TEXT_LIMIT, shorten
from chat.parsing import ascii_id, parse_task_id
from domain.errors import (
    ChangeRefused,
    DeadlineNotUnderstood,
    NotYourTask,
    TaskNotFound,
    UnknownAgency,
)
from tracking.corrections import Corrections, Who
from tracking.decisions import Decisions
from tracking.service import Tracker

if TYPE_CHECKING:
    from chat.handlers import ChatSurface, Context


log = logging.getLogger(__name__)


class FollowUpCore:
    """The state and the steps the follow-up's parts share."""

    # Set by ``FollowUpChat.__init__``.
    _surface: ChatSurface
    _tracker: Tracker
    _decisions: Decisions
    _corrections: Corrections

    @property
    def _office(self) -> str:
        """The office's name in the texts (``OFFICE_NAME``)."""
        return self._tracker.office_name

    def _who(self, update: Update) -> Who:
        from chat.handlers import actor_of

        actor = actor_of(update.effective_user)
        return Who(name=actor.name, user_id=actor.user_id)

    async def _admin_task(
        self, update: Update, context: Context, usage: str
    ) -> tuple[int, list[str]] | None:
        """An admin command's task id and the words after it (or the usage, answered)."""
        s = self._surface
        if not await s._require_admin(update):
            return None
        args = list(context.args or [])
        if not args:
            await s._say(update, usage)
            return None
        return parse_task_id(args[0]), args[1:]

    async def _admin_button(
        self, update: Update, actions: frozenset[str]
    ) -> tuple[CallbackQuery, str, int] | None:
        """An admin's decision button (``<prefix>:<action>:<id>``): the press, its action
        and its id; None once the press is answered, when the one pressing is no admin or
        the data is unreadable."""
        query = update.callback_query
        assert query is not None
        user = update.effective_user
        if not self._tracker.is_admin(user.id if user else None):
            await query.answer(messages.not_admin(self._office), show_alert=True)
            return None
        _, action, raw = [*(query.data or "").split(":", 2), "", ""][:3]
        ref = ascii_id(raw)
        if action not in actions or ref is None:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return None
        return query, action, ref

    async def _press_refused(
        self, update: Update, query: CallbackQuery, text: str, *, close: bool
    ) -> None:
        """A press that changed nothing: why, on the button and in the chat; with
        ``close``, the message's buttons go (nothing is left to decide on it)."""
        await query.answer(text, show_alert=True)
        if close:
            await _close(query.message, "")
        await self._surface._say(update, text)

    async def _press_done(self, query: CallbackQuery, line: str) -> None:
        """A press that changed something: the delivery loop is woken for the notices it
        queued, and the message loses its buttons and says what was done."""
        await query.answer()
        self._surface._notify()
        await _close(query.message, line)

    async def _refusal(self, update: Update, error: Exception, task_id: int) -> None:
        s = self._surface
        if isinstance(error, TaskNotFound):
            await s._say(update, messages.task_not_found(task_id))
        elif isinstance(error, UnknownAgency):
            await s._say(update, messages.unknown_agency(error.name))
        elif isinstance(error, NotYourTask):
            await s._say(update, cm.not_a_member(task_id))
        elif isinstance(error, ChangeRefused):
            await s._say(update, cm.change_refused(error.reason, error.value, task_id))
        elif isinstance(error, DeadlineNotUnderstood):
            await s._say(update, messages.deadline_not_understood(error.phrase))
        else:
            raise error


async def _close(message: object, line: str) -> None:
    """Take the decision buttons off an admin's proposal message and note the outcome."""
    if not isinstance(message, Message):
        return
    with contextlib.suppress(TelegramError):
        if line:
            # Measured after rendering: a notice already at the limit loses its end, not
            # the outcome.
            await message.edit_text(
                shorten(message.text_html, TEXT_LIMIT - len(line) - 2) + "\n\n" + line,
                parse_mode=ParseMode.HTML,
                reply_markup=None,
            )
        else:
            await message.edit_reply_markup(None)
