"""The follow-up date of an undated task in the chat (``domain.followup_date``): the 📅
buttons of the import preview and of /addtask, and ``/edit <số> đôn đốc <ngày>``.

Every date, pressed or typed, is checked again when it is stored (after today, within a
year); a refused one is answered in Vietnamese and nothing is written.
"""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from chat import correction_messages as cm
from chat import followdate_messages as fdm
from chat import messages, refusals
from chat.parsing import ascii_id
from domain.deadline import Deadline
from domain.errors import ChangeRefused, DeadlineNotUnderstood, TaskNotFound
from domain.followup_date import (
    FollowUpDateProblem,
    FollowUpDateRefused,
    chosen_followup,
    proposed_followup,
    takes_followup_date,
)
from tracking.corrections import Corrections, Who
from tracking.followup_dates import PreviewFollowUp, preview_followups, read_followup
from tracking.imports import FixRejected, ImportNotFound, PendingImport

if TYPE_CHECKING:
    from chat.handlers import ChatSurface, Handler

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE

#: The words of /edit and /addtask that set the date (folded), as the preview's /fix.
FIELD_WORDS = frozenset({"don doc", "theo doi"})


# "… | khẩn trương | đôn đốc 15/1/2027", "…; sớm, theo dõi 15/1", "… khẩn trương đôn đốc 15/1":
# the follow-up date typed at the end of /addtask (a date starts with a digit).
#: The words before a follow-up date typed with /addtask, with and without diacritics.
_TYPED_WORDS = ("đôn đốc", "theo dõi", "don doc", "theo doi")
_TYPED = re.compile(
    r"(?:^|\s*[|;,\n]|\s)\s*(?:"
    + "|".join(words.replace(" ", r"\s+") for words in _TYPED_WORDS)
    + r")\s+(?P<day>\d[^|;\n]*?)\s*$",
    re.IGNORECASE,
)


def split_followup(text: str) -> tuple[str, str | None]:
    """/addtask's text without the follow-up date typed at its end, and that date's words
    (None when there is none)."""
    text = unicodedata.normalize("NFC", text)
    match = _TYPED.search(text)
    if match is None:
        return text, None
    return text[: match.start()], match.group("day")


def button_day(raw: str) -> date | None:
    """A button's ``yyyymmdd``, or None when it is not one."""
    if len(raw) != 8 or not raw.isascii() or not raw.isdigit():
        return None
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return None


async def _drop_button(message: object, data: str) -> None:
    """Take the pressed 📅 button off the message it sits under (the page stays as it is)."""
    if not isinstance(message, Message) or message.reply_markup is None:
        return
    rows = [
        row
        for row in message.reply_markup.inline_keyboard
        if not any(button.callback_data == data for button in row)
    ]
    with contextlib.suppress(TelegramError):
        await message.edit_reply_markup(InlineKeyboardMarkup(rows) if rows else None)


class FollowDateChat:
    """The follow-up date's buttons and commands, on the chat surface's plumbing."""

    def __init__(self, surface: ChatSurface) -> None:
        self._surface = surface
        tracker = surface.tracker
        self._corrections = Corrections(
            sessions=tracker.sessions,
            planner=tracker.planner,
            registry=tracker.registry,
            admin_ids=tracker.admin_ids,
            undo_minutes=tracker.undo_minutes,
            admin_notify=tracker.admin_notify,
        )

    @property
    def interval_days(self) -> int:
        """``FOLLOWUP_EVERY_DAYS``."""
        return self._surface.tracker.planner.policy.followup_every_days

    def register(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        guard: Callable[[Handler], Handler],
    ) -> None:
        application.add_handler(CallbackQueryHandler(guard(self.task_button), pattern=r"^fu:"))

    # ------------------------------------------------------------------ import preview

    def preview(self, pending: PendingImport) -> list[PreviewFollowUp]:
        """The follow-up dates of the preview's undated tasks, proposed as of today."""
        s = self._surface
        return preview_followups(
            pending.tasks,
            today=s._today(s._now()),
            calendar=s.tracker.planner.calendar,
            interval_days=self.interval_days,
        )

    async def preview_button(self, update: Update, raw: str) -> None:
        """ "imp:fu:<import>:<số>:<yyyymmdd>" (the admin is checked by the caller)."""
        s = self._surface
        query, chat = update.callback_query, update.effective_chat
        assert query is not None
        assert chat is not None
        parts = raw.split(":")
        import_id = ascii_id(parts[0]) if parts else None
        number = ascii_id(parts[1]) if len(parts) == 3 else None
        day = button_day(parts[2]) if len(parts) == 3 else None
        if import_id is None or number is None or day is None:
            log.warning("unreadable button data %r", raw[:64])
            await query.answer(refusals.unreadable_button())
            return
        await query.answer()
        now = s._now()
        try:
            task = await s.desk.choose_followup(
                chat_id=chat.id, import_id=import_id, number=number, day=day, today=s._today(now)
            )
        except ImportNotFound:
            await s._say(update, fdm.stale_button())
            return
        except FixRejected as error:
            await s._say(update, fdm.refused(error.reason, error.value) or fdm.stale_button())
            return
        chosen = task.followup_on
        assert chosen is not None  # just chosen
        await _drop_button(query.message, query.data or "")
        await s._say(update, fdm.preview_chosen(number, chosen, s.tracker.send_time))

    # ------------------------------------------------------------------ /addtask

    def proposal(self, task_id: int, deadline: Deadline) -> tuple[str, fdm.Keyboard] | None:
        """The proposal under a new undated task: its text and its button; None for others."""
        if not takes_followup_date(deadline.kind, deadline.granularity):
            return None
        s = self._surface
        day = proposed_followup(
            deadline.phrase,
            today=s._today(s._now()),
            calendar=s.tracker.planner.calendar,
            interval_days=self.interval_days,
        )
        return (
            fdm.addtask_proposal(task_id, day, deadline.phrase, self.interval_days),
            fdm.proposal_keyboard(task_id, day),
        )

    def typed(self, text: str) -> date:
        """A follow-up date typed with /addtask or /edit. Raises DeadlineNotUnderstood,
        FollowUpDateRefused."""
        s = self._surface
        return read_followup(text, today=s._today(s._now()), calendar=s.tracker.planner.calendar)

    @staticmethod
    def refusal(error: Exception) -> str:
        """The answer to a typed follow-up date that cannot be used."""
        if isinstance(error, FollowUpDateRefused):
            return (
                fdm.past_day(error.day)
                if error.reason is FollowUpDateProblem.PAST
                else fdm.too_far(error.day)
            )
        if isinstance(error, DeadlineNotUnderstood):
            return fdm.not_a_day(error.phrase)
        raise error

    async def task_button(self, update: Update, context: Context) -> None:
        """ "fu:<task>:<yyyymmdd>" under /addtask: the proposed date, confirmed."""
        s = self._surface
        query = update.callback_query
        assert query is not None
        user = update.effective_user
        if not s.tracker.is_admin(user.id if user else None):
            await query.answer(messages.not_admin(s.tracker.office_name), show_alert=True)
            return
        _, raw_task, raw_day = [*(query.data or "").split(":"), "", ""][:3]
        task_id, day = ascii_id(raw_task), button_day(raw_day)
        if task_id is None or day is None:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        await query.answer()
        try:
            chosen = chosen_followup(
                day, today=s._today(s._now()), calendar=s.tracker.planner.calendar
            )
        except FollowUpDateRefused as error:
            await s._say(update, self.refusal(error))
            return
        if await self.store(update, task_id, chosen):
            await _drop_button(query.message, query.data or "")

    async def store(self, update: Update, task_id: int, day: date) -> bool:
        """Store a checked follow-up date on a stored task and answer; False if refused."""
        s = self._surface
        from chat.handlers import actor_of

        actor = actor_of(update.effective_user)
        try:
            await self._corrections.set_followup(
                task_id=task_id,
                day=day,
                who=Who(name=actor.name, user_id=actor.user_id),
                now=s._now(),
            )
        except TaskNotFound:
            await s._say(update, messages.task_not_found(task_id))
            return False
        except ChangeRefused as error:
            await s._say(update, cm.change_refused(error.reason, error.value, task_id))
            return False
        await s._say(update, fdm.followup_set(task_id, day, s.tracker.send_time))
        return True

    async def edit(self, update: Update, task_id: int, value: str) -> None:
        """``/edit <số> đôn đốc <ngày>`` (the admin is checked by the caller)."""
        try:
            day = self.typed(value)
        except (DeadlineNotUnderstood, FollowUpDateRefused) as error:
            await self._surface._say(update, self.refusal(error))
            return
        await self.store(update, task_id, day)


__all__ = ["FIELD_WORDS", "FollowDateChat", "button_day", "split_followup"]
