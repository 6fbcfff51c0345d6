"""Chat handlers of the office's follow-up: deciding extension proposals (buttons,
``/giahan``), withdrawing a report (↩️ Hoàn tác), the admins' corrections and progress notes.

Registered from ``ChatSurface.register`` before the surface's own handlers, so the
buttons it owns (``ext:…``, ``undo:…``) reach it first; it reuses the surface's plumbing
(the guard, replies, the clock, the admin check).
"""

from __future__ import annotations

import contextlib
import logging
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from telegram import ForceReply, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from chat import followup_messages as fm
from chat import messages, refusals
from chat.parsing import BadInput, ascii_id, parse_task_id
from chat.transport import markup
from domain.deadline import DeadlineKind
from domain.errors import (
    AlreadyDecided,
    ChangeRefused,
    DeadlineNotUnderstood,
    NotDecidable,
    ProposalNotFound,
    TaskCancelled,
    TaskNotFound,
)
from notices.deadlines import parse_admin_deadline
from tracking.decisions import Decisions

if TYPE_CHECKING:
    from chat.handlers import ChatSurface, Context

log = logging.getLogger(__name__)

#: Admin commands this module adds (shown in the admins' help).
ADMIN_COMMANDS = ("giahan",)


class FollowUpChat:
    """The follow-up conversation, on top of the chat surface's plumbing."""

    def __init__(self, surface: ChatSurface, decisions: Decisions) -> None:
        self._surface = surface
        self._decisions = decisions

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        s = self._surface
        fresh = filters.UpdateType.MESSAGE
        application.add_handler(
            CallbackQueryHandler(s._guard(self.proposal_button), pattern=r"^ext:")
        )
        application.add_handler(
            CommandHandler("giahan", s._guard(self.giahan), filters=fresh),
        )
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
            await query.answer(messages.not_admin(), show_alert=True)
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

    async def reason_reply(self, update: Update, context: Context) -> None:
        s = self._surface
        message = update.effective_message
        if message is None or message.reply_to_message is None or not message.text:
            return
        replied = message.reply_to_message
        if not replied.from_user or not replied.from_user.is_bot:
            return
        proposal_id = fm.reason_prompt_proposal(replied.text or "")
        if proposal_id is None:
            return
        user = update.effective_user
        if not s._tracker.is_admin(user.id if user else None):
            return
        note = message.text.strip()
        if len(note) > 1000:
            raise BadInput("too_long", "1000")
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
