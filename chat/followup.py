"""Chat handlers of the office's follow-up: deciding extension proposals (buttons,
``/giahan``), withdrawing a report (↩️ Hoàn tác), the admins' corrections and progress notes.

Registered from ``ChatSurface.register`` before the surface's own handlers, so the
buttons it owns (``ext:…``, ``undo:…``) reach it first; it reuses the surface's plumbing
(the guard, replies, the clock, the admin check).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from telegram import ForceReply, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from chat import followup_messages as fm
from chat import messages, refusals
from chat.followdate import FIELD_WORDS
from chat.parsing import MAX_NOTE, BadInput, InputProblem, ascii_id, parse_task_id
from chat.transport import markup
from domain.agencies import fold_name
from domain.deadline import DeadlineKind
from domain.errors import (
    AlreadyDecided,
    ChangeRefused,
    ChatNotBound,
    DeadlineNotUnderstood,
    NotDecidable,
    NotYourTask,
    ProposalNotFound,
    TaskCancelled,
    TaskNotFound,
    UndoRefused,
    UnknownAgency,
)
from domain.status import TaskStatus
from notices.deadlines import parse_admin_deadline
from tracking.corrections import EDIT_FIELDS, Corrections, Who
from tracking.decisions import Decisions, ProposalView
from tracking.service import ReplyNotices, Tracker

if TYPE_CHECKING:
    from chat.handlers import ChatSurface, Context

log = logging.getLogger(__name__)

#: Admin commands this module adds (shown in the admins' help).
ADMIN_COMMANDS = ("giahan", "dexuat", "reopen", "edit", "cancel", "xacnhan", "tralai")


class FollowUpChat:
    """The follow-up conversation, on top of the chat surface's plumbing."""

    def __init__(self, surface: ChatSurface, tracker: Tracker) -> None:
        self._surface = surface
        self._tracker = tracker
        self._decisions = Decisions(
            sessions=tracker.sessions, planner=tracker.planner, registry=tracker.registry
        )
        self._corrections = Corrections(
            sessions=tracker.sessions,
            planner=tracker.planner,
            registry=tracker.registry,
            admin_ids=tracker.admin_ids,
            undo_minutes=tracker.undo_minutes,
            admin_notify=tracker.admin_notify,
        )

    # ------------------------------------------------------------------ report messages

    def done_notices(self, update: Update, who: str, note: str) -> ReplyNotices:
        """A /done's confirmation (with ↩️ Hoàn tác) and admins' notice (to confirm, when
        the office confirms completions)."""
        s = self._surface
        notices = s._reply_notices(
            update,
            lambda o: (
                fm.submitted_focal(o)
                if o.status is TaskStatus.AWAITING and not o.already
                else messages.done_confirmed(o, s._tz) + fm.undo_hint(o)
            ),
            lambda o: (
                fm.submitted_admin(o, who, note)
                if o.status is TaskStatus.AWAITING
                else messages.admin_reply(o, who, note)
            ),
        )
        return replace(
            notices,
            confirmation_keyboard=fm.undo_keyboard,
            admin_keyboard=lambda o: (
                fm.confirm_keyboard(o.task_id) if o.status is TaskStatus.AWAITING else None
            ),
        )

    def late_notices(self, update: Update, who: str, reason: str, now: datetime) -> ReplyNotices:
        """A late report's messages; with a date it is a proposal the admins decide."""
        s = self._surface
        today = s._today(now)
        notices = s._reply_notices(
            update,
            lambda o: (
                (fm.proposal_sent(o, s._tz) if o.proposal_id else messages.late_confirmed(o, s._tz))
                + fm.undo_hint(o)
            ),
            lambda o: (
                fm.proposal_for_admins(o, who, reason, today)
                if o.proposal_id
                else messages.admin_reply(o, who, reason)
            ),
        )
        return replace(
            notices,
            confirmation_keyboard=fm.undo_keyboard,
            admin_keyboard=lambda o: fm.proposal_keyboard(o.proposal_id) if o.proposal_id else None,
        )

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        s = self._surface
        fresh = filters.UpdateType.MESSAGE
        application.add_handler(
            CallbackQueryHandler(s._guard(self.proposal_button), pattern=r"^ext:")
        )
        application.add_handler(CallbackQueryHandler(s._guard(self.undo_button), pattern=r"^undo:"))
        application.add_handler(CallbackQueryHandler(s._guard(self.period_button), pattern=r"^rp:"))
        application.add_handler(
            CallbackQueryHandler(s._guard(self.confirm_button), pattern=r"^cf:")
        )
        commands = {
            "giahan": self.giahan,
            "dexuat": self.dexuat,
            "reopen": self.reopen,
            "edit": self.edit,
            "cancel": self.cancel,
            "tiendo": self.tiendo,
            "progress": self.tiendo,
            "xacnhan": self.xacnhan,
            "tralai": self.tralai,
        }
        for name, callback in commands.items():
            application.add_handler(CommandHandler(name, s._guard(callback), filters=fresh))
        # A reply to "why not?" after a rejection; runs before the surface's reply handler
        # (another group), which ignores replies to prompts it does not know.
        application.add_handler(
            MessageHandler(
                fresh & filters.REPLY & filters.TEXT & ~filters.COMMAND,
                s._guard(self.reason_reply),
            ),
            group=-1,
        )

    # ------------------------------------------------------------------ proposals

    async def proposal_button(self, update: Update, context: Context) -> None:
        s = self._surface
        query = update.callback_query
        assert query is not None
        user = update.effective_user
        if not s._tracker.is_admin(user.id if user else None):
            await query.answer(messages.not_admin(self._tracker.office_name), show_alert=True)
            return
        _, action, raw = [*(query.data or "").split(":", 2), "", ""][:3]
        proposal_id = ascii_id(raw)
        if action not in {"ok", "no", "info"} or proposal_id is None:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        now = s._now()
        if action == "info":
            await query.answer()
            try:
                view = await self._decisions.proposal(proposal_id)
            except ProposalNotFound:
                await s._say(update, fm.proposal_missing(proposal_id))
                return
            await s._say(update, fm.proposal_detail(view, s._tz, s._today(now)))
            return
        from chat.handlers import actor_of

        actor = actor_of(user)
        try:
            view = await self._decisions.decide(
                proposal_id=proposal_id,
                approve=action == "ok",
                actor_name=actor.name,
                actor_user_id=actor.user_id,
                now=now,
                tell_focal=fm.focal_approved if action == "ok" else fm.focal_rejected,
            )
        except AlreadyDecided as error:
            at = error.at if isinstance(error.at, datetime) else None
            text = fm.already_decided(error.state, error.by, at, s._tz)
            await query.answer(text, show_alert=True)
            await _close(query.message, "")
            await s._say(update, text)
            return
        except NotDecidable as error:
            await query.answer()
            await s._say(update, fm.not_decidable(error.task_id, error.reason))
            return
        except ProposalNotFound:
            await query.answer()
            await s._say(update, fm.proposal_missing(proposal_id))
            return
        await query.answer()
        s._notify()
        await _close(query.message, fm.decision_line(view, s._tz))
        if action == "no":
            await s._say(update, fm.reason_prompt(view), reply_markup=ForceReply(selective=True))

    async def pending_under_task(self, update: Update, task_id: int) -> None:
        """Under /task, for admins: the proposals waiting, each with its decision buttons."""
        s = self._surface
        user = update.effective_user
        if not s._tracker.is_admin(user.id if user else None):
            return
        views = await self._decisions.pending(task_id)
        chat = update.effective_chat
        if not views or chat is None:
            return
        keyboard = [row for v in views for row in fm.proposal_keyboard(v.proposal_id)]
        await chat.send_message(
            fm.pending_in_task(views), parse_mode=ParseMode.HTML, reply_markup=markup(keyboard)
        )

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
            fm.closed_periods_in_task(periods, s._tz),
            reply_markup=markup(fm.closed_periods_keyboard(periods)),
        )

    async def period_button(self, update: Update, context: Context) -> None:
        """↩️ Mở lại kỳ … under /task: the office reopens a period reported done."""
        s = self._surface
        query = update.callback_query
        assert query is not None
        user = update.effective_user
        if not s._tracker.is_admin(user.id if user else None):
            await query.answer(fm.period_button_refused_admin(), show_alert=True)
            return
        event_id = ascii_id((query.data or "").partition(":")[2])
        if event_id is None:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        try:
            result = await self._corrections.reopen_period(
                event_id=event_id, who=self._who(update), now=s._now(), tell_focal=fm.reopened_focal
            )
        except UndoRefused as error:
            text = fm.undo_refused(error.reason, self._tracker.undo_minutes)
            await query.answer(text, show_alert=True)
            await s._say(update, text)
            return
        await query.answer()
        s._notify()
        await _close(query.message, fm.undo_line())
        await s._say(update, fm.reopened_admin(result))

    async def dexuat(self, update: Update, context: Context) -> None:
        """``/dexuat``: every proposal waiting for the office, oldest first, with buttons."""
        s = self._surface
        if not await s._require_admin(update):
            return
        views = await self._decisions.pending()
        chat = update.effective_chat
        if chat is None:
            return
        if not views:
            await s._say(update, fm.no_pending())
            return
        today = s._today(s._now())
        shown = views[: fm.PENDING_SHOWN]
        keyboard = [row for v in shown for row in fm.proposal_keyboard(v.proposal_id)[:1]]
        await s._say(
            update,
            fm.pending_list(views, shown, today),
            reply_markup=markup(_numbered(keyboard, shown)),
        )

    async def reason_reply(self, update: Update, context: Context) -> None:
        s = self._surface
        message = update.effective_message
        if message is None or message.reply_to_message is None or not message.text:
            return
        replied = message.reply_to_message
        if not replied.from_user or not replied.from_user.is_bot:
            return
        returned = fm.return_prompt_task(replied.text or "")
        if returned is not None:
            await self._return_with(update, returned, message.text.strip())
            return
        proposal_id = fm.reason_prompt_proposal(replied.text or "")
        if proposal_id is None:
            return
        user = update.effective_user
        if not s._tracker.is_admin(user.id if user else None):
            return
        note = message.text.strip()
        if len(note) > MAX_NOTE:
            raise BadInput(InputProblem.TOO_LONG, str(MAX_NOTE))
        try:
            view = await self._decisions.give_reason(
                proposal_id=proposal_id,
                note=note,
                actor_user_id=user.id if user else None,
                now=s._now(),
                tell_focal=fm.focal_reason,
            )
        except ProposalNotFound:
            await s._say(update, fm.proposal_missing(proposal_id))
            return
        except ChangeRefused as error:
            await s._say(update, fm.reason_refused(error.reason))
            return
        s._notify()
        await s._say(update, fm.reason_recorded(view))

    async def giahan(self, update: Update, context: Context) -> None:
        """``/giahan <số> <ngày hoặc cụm thời hạn> [lý do]``: the office sets the deadline."""
        s = self._surface
        if not await s._require_admin(update):
            return
        args = list(context.args or [])
        if len(args) < 2:
            await s._say(update, fm.giahan_usage())
            return
        task_id = parse_task_id(args[0])
        now = s._now()
        today = s._today(now)
        due, reason = _deadline_and_reason(args[1:], today)
        if due is None:
            await s._say(update, messages.deadline_not_understood(" ".join(args[1:])))
            return
        if due < today:
            await s._say(update, fm.giahan_past(due))
            return
        from chat.handlers import actor_of

        actor = actor_of(update.effective_user)
        try:
            result = await self._decisions.set_deadline(
                task_id=task_id,
                due=due,
                reason=reason,
                actor_name=actor.name,
                actor_user_id=actor.user_id,
                now=now,
                tell_focal=fm.deadline_set_focal,
            )
        except TaskNotFound:
            await s._say(update, messages.task_not_found(task_id))
            return
        except TaskCancelled:
            await s._say(update, fm.cancelled_task(task_id))
            return
        except NotDecidable as error:
            await s._say(update, fm.not_decidable(error.task_id, error.reason))
            return
        s._notify()
        await s._say(update, fm.deadline_set_admin(result))

    # ------------------------------------------------------------------ corrections

    def _who(self, update: Update) -> Who:
        from chat.handlers import actor_of

        actor = actor_of(update.effective_user)
        return Who(name=actor.name, user_id=actor.user_id)

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
                tell_admins=lambda c: fm.undone_admin(c, who.name),
            )
        except UndoRefused as error:
            text = fm.undo_refused(error.reason, error.minutes or self._tracker.undo_minutes)
            await query.answer(text, show_alert=True)
            if error.reason in ("expired", "already", "decided"):
                await _close(query.message, "")
            await s._say(update, text)
            return
        except ChatNotBound:
            await query.answer()
            await s._say(update, messages.not_bound(self._tracker.office_name))
            return
        await query.answer()
        s._notify()
        await _close(query.message, fm.undo_line())
        await s._say(update, fm.undone_focal(result))

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

    async def _refusal(self, update: Update, error: Exception, task_id: int) -> None:
        s = self._surface
        if isinstance(error, TaskNotFound):
            await s._say(update, messages.task_not_found(task_id))
        elif isinstance(error, UnknownAgency):
            await s._say(update, messages.unknown_agency(error.name))
        elif isinstance(error, NotYourTask):
            await s._say(update, fm.not_a_member(task_id))
        elif isinstance(error, ChangeRefused):
            await s._say(update, fm.change_refused(error.reason, error.value, task_id))
        elif isinstance(error, DeadlineNotUnderstood):
            await s._say(update, messages.deadline_not_understood(error.phrase))
        else:
            raise error

    async def reopen(self, update: Update, context: Context) -> None:
        """``/reopen <số> [cơ quan]``."""
        parsed = await self._admin_task(update, context, fm.reopen_usage())
        if parsed is None:
            return
        task_id, rest = parsed
        try:
            result = await self._corrections.reopen(
                task_id=task_id,
                agency=" ".join(rest).strip() or None,
                who=self._who(update),
                now=self._surface._now(),
                tell_focal=fm.reopened_focal,
            )
        except (TaskNotFound, UnknownAgency, NotYourTask, ChangeRefused) as error:
            await self._refusal(update, error, task_id)
            return
        except UndoRefused as error:
            await self._surface._say(
                update, fm.undo_refused(error.reason, self._tracker.undo_minutes)
            )
            return
        self._surface._notify()
        await self._surface._say(update, fm.reopened_admin(result))

    async def cancel(self, update: Update, context: Context) -> None:
        """``/cancel <số> <lý do>``: the task is withdrawn."""
        parsed = await self._admin_task(update, context, fm.cancel_usage())
        if parsed is None:
            return
        task_id, rest = parsed
        reason = " ".join(rest).strip()
        if not reason:
            await self._surface._say(update, fm.cancel_usage())
            return
        if len(reason) > MAX_NOTE:
            raise BadInput(InputProblem.TOO_LONG, str(MAX_NOTE))
        try:
            result = await self._corrections.cancel(
                task_id=task_id,
                reason=reason,
                who=self._who(update),
                now=self._surface._now(),
                tell_focal=fm.cancelled_focal,
            )
        except (TaskNotFound, ChangeRefused) as error:
            await self._refusal(update, error, task_id)
            return
        self._surface._notify()
        await self._surface._say(update, fm.cancelled_admin(result))

    async def edit(self, update: Update, context: Context) -> None:
        """``/edit <số> hạn|tên|chủ trì|phối hợp|đôn đốc <giá trị>``."""
        parsed = await self._admin_task(update, context, fm.edit_usage())
        if parsed is None:
            return
        task_id, rest = parsed
        if not rest:
            await self._surface._say(update, fm.edit_usage())
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
                read_deadline=lambda text: parse_admin_deadline(text, today),
                tell_focal=fm.edited_focal,
            )
        except (TaskNotFound, UnknownAgency, ChangeRefused, DeadlineNotUnderstood) as error:
            await self._refusal(update, error, task_id)
            return
        s._notify()
        await s._say(update, fm.edited_admin(result))

    async def tiendo(self, update: Update, context: Context) -> None:
        """``/tiendo <số> <ghi chú>`` (``/progress``): a progress note, status unchanged."""
        s = self._surface
        args = list(context.args or [])
        if len(args) < 2:
            await s._say(update, fm.tiendo_usage())
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
                tell_office=lambda c: fm.progress_admin(c, who.name),
            )
        except (ChatNotBound, TaskNotFound, NotYourTask) as error:
            await s._say(update, s._ownership_error(error, task_id))
            return
        await s._say(update, fm.progress_recorded(result))

    # ------------------------------------------------------------------ confirmations

    async def confirm_button(self, update: Update, context: Context) -> None:
        s = self._surface
        query = update.callback_query
        assert query is not None
        user = update.effective_user
        if not s._tracker.is_admin(user.id if user else None):
            await query.answer(messages.not_admin(self._tracker.office_name), show_alert=True)
            return
        _, action, raw = [*(query.data or "").split(":", 2), "", ""][:3]
        task_id = ascii_id(raw)
        if action not in {"ok", "no"} or task_id is None:
            await query.answer(refusals.unreadable_button())
            return
        await query.answer()
        if action == "no":
            await s._say(update, fm.return_prompt(task_id), reply_markup=ForceReply(selective=True))
            return
        await self._confirm(update, task_id, accept=True, reason="")
        await _close(query.message, "")

    async def xacnhan(self, update: Update, context: Context) -> None:
        """``/xacnhan <số>``: confirm the completions of the task awaiting the office."""
        parsed = await self._admin_task(update, context, fm.tralai_usage())
        if parsed is not None:
            await self._confirm(update, parsed[0], accept=True, reason="")

    async def tralai(self, update: Update, context: Context) -> None:
        """``/tralai <số> <lý do>``: return them, with a reason."""
        parsed = await self._admin_task(update, context, fm.tralai_usage())
        if parsed is None:
            return
        task_id, rest = parsed
        await self._return_with(update, task_id, " ".join(rest).strip())

    async def _return_with(self, update: Update, task_id: int, reason: str) -> None:
        s = self._surface
        if not await s._require_admin(update):
            return
        if not reason:
            await s._say(update, fm.tralai_usage())
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
                tell_focal=fm.confirmed_focal,
            )
        except (TaskNotFound, ChangeRefused) as error:
            await self._refusal(update, error, task_id)
            return
        s._notify()
        await s._say(update, fm.confirmed_admin(result))


def _deadline_and_reason(words: list[str], today: date) -> tuple[date | None, str]:
    """The date the leading words give, and the rest as the reason: "/giahan 12 trong Quý
    I/2027 theo Công văn 123/VPCP" → 31/3/2027, "theo Công văn 123/VPCP". The date is the
    one the longest readable run gives; the phrase ends at the shortest run giving it."""
    dues: list[date | None] = []
    for end in range(1, len(words) + 1):
        try:
            deadline = parse_admin_deadline(" ".join(words[:end]), today)
        except DeadlineNotUnderstood:
            dues.append(None)
            continue
        dated = deadline.kind is DeadlineKind.DEADLINE
        dues.append(deadline.due if dated else None)
    found = [due for due in dues if due is not None]
    if not found:
        return None, ""
    final = found[-1]
    end = dues.index(final) + 1
    return final, " ".join(words[end:]).strip()


def _numbered(
    keyboard: list[list[dict[str, str]]], views: list[ProposalView]
) -> list[list[dict[str, str]]]:
    """Buttons naming the proposal they decide (several share one message)."""
    return [
        [{**button, "text": f"{button['text']} #{view.task_id}"} for button in row]
        for row, view in zip(keyboard, views, strict=True)
    ]


async def _close(message: object, line: str) -> None:
    """Take the decision buttons off an admin's proposal message and note the outcome."""
    if not isinstance(message, Message):
        return
    with contextlib.suppress(TelegramError):
        if line:
            await message.edit_text(
                message.text_html + "\n\n" + line, parse_mode=ParseMode.HTML, reply_markup=None
            )
        else:
            await message.edit_reply_markup(None)


__all__ = ["ADMIN_COMMANDS", "FollowUpChat"]
