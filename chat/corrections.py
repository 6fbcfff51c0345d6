"""Corrections in the chat: a focal point's ↩️ Hoàn tác (``undo:…``) and progress notes
(``/tiendo``); the office's ``/reopen``, ``/cancel``, ``/edit``, a period reopened (``rp:…``) and
completions confirmed or returned (``cf:…``, ``/xacnhan``, ``/tralai``)."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from telegram import ForceReply, Update

from chat import confirm_messages as km
from chat import correction_messages as cm
from chat import messages, refusals
from chat.followdate import FIELD_WORDS
from chat.followup_core import FollowUpCore, _close
from chat.parsing import (
    MAX_NOTE,
    BadInput,
    InputProblem,
    ascii_id,
    parse_task_id,
)
from chat.transport import markup
from domain.agencies import fold_name
from domain.deadline import Deadline
from domain.errors import (
    ChangeRefused,
    ChatNotBound,
    DeadlineNotUnderstood,
    NotYourTask,
    TaskNotFound,
    UndoProblem,
    UndoRefused,
    UnknownAgency,
)
from domain.year_window import in_year_window, year_window
from notices.deadlines import parse_admin_deadline
from tracking.corrections import EDIT_FIELDS

if TYPE_CHECKING:
    from chat.handlers import Context


log = logging.getLogger(__name__)


class DeadlineOutOfRange(Exception):
    """A deadline typed by the office outside the years a deadline may fall in."""


def _admin_deadline(text: str, today: date) -> Deadline:
    """What the office typed as a deadline (/edit … hạn), within the year window."""
    deadline = parse_admin_deadline(text, today)
    if deadline.due is not None and not in_year_window(deadline.due, today):
        raise DeadlineOutOfRange
    return deadline


class CorrectionChat(FollowUpCore):
    """Withdrawing, correcting and confirming reports."""

    async def undo_button(self, update: Update, context: Context) -> None:
        s = self._surface
        query = update.callback_query
        chat = update.effective_chat
        assert query is not None
        raw = (query.data or "").partition(":")[2]
        event_id = ascii_id(raw)
        if event_id is None or chat is None:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        who = self._who(update)
        try:
            result = await self._corrections.undo(
                event_id=event_id,
                chat_id=chat.id,
                who=who,
                now=s._now(),
                tell_admins=lambda c: cm.undone_admin(c, who.name),
            )
        except UndoRefused as error:
            text = cm.undo_refused(
                error.reason, error.minutes or self._tracker.undo_minutes, self._office
            )
            settled = (UndoProblem.EXPIRED, UndoProblem.ALREADY, UndoProblem.DECIDED)
            await self._press_refused(update, query, text, close=error.reason in settled)
            return
        except ChatNotBound:
            await query.answer()
            await s._say(update, messages.not_bound(self._tracker.office_name))
            return
        await self._press_done(query, cm.undo_line())
        await s._say(update, cm.undone_focal(result, self._office))

    async def periods_under_task(self, update: Update, task_id: int) -> None:
        """Under /task, for admins: each member's last period reported done of a recurring
        duty, with a ↩️ button reopening it."""
        s = self._surface
        user = update.effective_user
        if not s._tracker.is_admin(user.id if user else None):
            return
        periods = await self._corrections.closed_periods(task_id)
        if not periods:
            return
        await s._say(
            update,
            cm.closed_periods_in_task(periods, s._tz),
            reply_markup=markup(cm.closed_periods_keyboard(periods)),
        )

    async def period_button(self, update: Update, context: Context) -> None:
        """↩️ Mở lại kỳ … under /task: the office reopens a period reported done."""
        s = self._surface
        query = update.callback_query
        assert query is not None
        user = update.effective_user
        if not s._tracker.is_admin(user.id if user else None):
            await query.answer(cm.period_button_refused_admin(self._office), show_alert=True)
            return
        event_id = ascii_id((query.data or "").partition(":")[2])
        if event_id is None:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        try:
            result = await self._corrections.reopen_period(
                event_id=event_id,
                who=self._who(update),
                now=s._now(),
                tell_focal=lambda c: cm.reopened_focal(c, self._office),
            )
        except UndoRefused as error:
            text = cm.undo_refused(error.reason, self._tracker.undo_minutes, self._office)
            await self._press_refused(update, query, text, close=False)
            return
        await self._press_done(query, cm.undo_line())
        await s._say(update, cm.reopened_admin(result))

    async def reopen(self, update: Update, context: Context) -> None:
        """``/reopen <số> [cơ quan]``."""
        parsed = await self._admin_task(update, context, cm.reopen_usage())
        if parsed is None:
            return
        task_id, rest = parsed
        try:
            result = await self._corrections.reopen(
                task_id=task_id,
                agency=" ".join(rest).strip() or None,
                who=self._who(update),
                now=self._surface._now(),
                tell_focal=lambda c: cm.reopened_focal(c, self._office),
            )
        except (TaskNotFound, UnknownAgency, NotYourTask, ChangeRefused) as error:
            await self._refusal(update, error, task_id)
            return
        except UndoRefused as error:
            await self._surface._say(
                update, cm.undo_refused(error.reason, self._tracker.undo_minutes, self._office)
            )
            return
        self._surface._notify()
        await self._surface._say(update, cm.reopened_admin(result))

    async def cancel(self, update: Update, context: Context) -> None:
        """``/cancel <số> <lý do>``: the task is withdrawn."""
        parsed = await self._admin_task(update, context, cm.cancel_usage())
        if parsed is None:
            return
        task_id, rest = parsed
        reason = " ".join(rest).strip()
        if not reason:
            await self._surface._say(update, cm.cancel_usage())
            return
        if len(reason) > MAX_NOTE:
            raise BadInput(InputProblem.TOO_LONG, str(MAX_NOTE))
        try:
            result = await self._corrections.cancel(
                task_id=task_id,
                reason=reason,
                who=self._who(update),
                now=self._surface._now(),
                tell_focal=lambda c: cm.cancelled_focal(c, self._office),
            )
        except (TaskNotFound, ChangeRefused) as error:
            await self._refusal(update, error, task_id)
            return
        self._surface._notify()
        await self._surface._say(update, cm.cancelled_admin(result))

    async def edit(self, update: Update, context: Context) -> None:
        """``/edit <số> hạn|tên|chủ trì|phối hợp|đôn đốc <giá trị>``."""
        parsed = await self._admin_task(update, context, cm.edit_usage())
        if parsed is None:
            return
        task_id, rest = parsed
        if not rest:
            await self._surface._say(update, cm.edit_usage())
            return
        two = " ".join(rest[:2]).lower()
        if fold_name(two) in FIELD_WORDS:
            # "/edit 12 đôn đốc 15/1/2027": an undated task's follow-up date.
            await self._surface.followdate.edit(update, task_id, " ".join(rest[2:]))
            return
        if two in EDIT_FIELDS:
            field, value = " ".join(rest[:2]), " ".join(rest[2:])
        else:
            field, value = rest[0], " ".join(rest[1:])
        if len(value) > MAX_NOTE:
            raise BadInput(InputProblem.TOO_LONG, str(MAX_NOTE))
        s = self._surface
        now = s._now()
        today = s._today(now)
        try:
            result = await self._corrections.edit(
                task_id=task_id,
                field=field,
                value=value,
                who=self._who(update),
                now=now,
                read_deadline=lambda text: _admin_deadline(text, today),
                tell_focal=lambda c: cm.edited_focal(c, self._office),
            )
        except DeadlineOutOfRange:
            await s._say(update, refusals.deadline_out_of_range(*year_window(today)))
            return
        except (TaskNotFound, UnknownAgency, ChangeRefused, DeadlineNotUnderstood) as error:
            await self._refusal(update, error, task_id)
            return
        s._notify()
        await s._say(update, cm.edited_admin(result))

    async def tiendo(self, update: Update, context: Context) -> None:
        """``/tiendo <số> <ghi chú>`` (``/progress``): a progress note, status unchanged."""
        s = self._surface
        args = list(context.args or [])
        if len(args) < 2:
            await s._say(update, cm.tiendo_usage())
            return
        task_id = parse_task_id(args[0])
        note = " ".join(args[1:]).strip()
        if len(note) > MAX_NOTE:
            raise BadInput(InputProblem.TOO_LONG, str(MAX_NOTE))
        chat = update.effective_chat
        assert chat is not None
        try:
            who = self._who(update)
            result = await self._corrections.progress(
                chat_id=chat.id,
                task_id=task_id,
                note=note,
                who=who,
                now=s._now(),
                tell_office=lambda c: cm.progress_admin(c, who.name),
            )
        except (ChatNotBound, TaskNotFound, NotYourTask) as error:
            await s._say(update, s._ownership_error(error, task_id))
            return
        await s._say(update, cm.progress_recorded(result, self._office))

    async def confirm_button(self, update: Update, context: Context) -> None:
        s = self._surface
        pressed = await self._admin_button(update, frozenset({"ok", "no"}))
        if pressed is None:
            return
        query, action, task_id = pressed
        await query.answer()
        if action == "no":
            await s._say(update, km.return_prompt(task_id), reply_markup=ForceReply(selective=True))
            return
        await self._confirm(update, task_id, accept=True, reason="")
        await _close(query.message, "")

    async def xacnhan(self, update: Update, context: Context) -> None:
        """``/xacnhan <số>``: confirm the completions of the task awaiting the office."""
        parsed = await self._admin_task(update, context, km.tralai_usage())
        if parsed is not None:
            await self._confirm(update, parsed[0], accept=True, reason="")

    async def tralai(self, update: Update, context: Context) -> None:
        """``/tralai <số> <lý do>``: return them, with a reason."""
        parsed = await self._admin_task(update, context, km.tralai_usage())
        if parsed is None:
            return
        task_id, rest = parsed
        await self._return_with(update, task_id, " ".join(rest).strip())

    async def _return_with(self, update: Update, task_id: int, reason: str) -> None:
        s = self._surface
        if not await s._require_admin(update):
            return
        if not reason:
            await s._say(update, km.tralai_usage())
            return
        if len(reason) > MAX_NOTE:
            raise BadInput(InputProblem.TOO_LONG, str(MAX_NOTE))
        await self._confirm(update, task_id, accept=False, reason=reason)

    async def _confirm(self, update: Update, task_id: int, *, accept: bool, reason: str) -> None:
        s = self._surface
        try:
            result = await self._corrections.confirm(
                task_id=task_id,
                accept=accept,
                reason=reason,
                who=self._who(update),
                now=s._now(),
                tell_focal=lambda c: km.confirmed_focal(c, self._office),
            )
        except (TaskNotFound, ChangeRefused) as error:
            await self._refusal(update, error, task_id)
            return
        s._notify()
        await s._say(update, km.confirmed_admin(result))
