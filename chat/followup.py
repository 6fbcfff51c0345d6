"""Chat handlers of the office's follow-up: deciding extension proposals (buttons,
``/giahan``), withdrawing a report (↩️ Hoàn tác), the admins' corrections and progress notes.

Registered from ``ChatSurface.register`` before the surface's own handlers, so the
buttons it owns (``ext:…``, ``undo:…``) reach it first; it reuses the surface's plumbing
(the guard, replies, the clock, the admin check).

:class:`FollowUpChat` is composed of its parts: proposals (``chat.proposals``) and
corrections with the office's confirmations (``chat.corrections``), over
``chat.followup_core``; here the replies to its questions are routed (a refusal's reason,
a returned completion's reason)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from chat import confirm_messages as km
from chat import correction_messages as cm
from chat import followup_messages as fm
from chat import messages
from chat.corrections import CorrectionChat
from chat.parsing import MAX_NOTE, BadInput, InputProblem
from chat.proposals import ProposalChat
from domain.errors import ChangeRefused, ProposalNotFound
from domain.status import TaskStatus
from tracking.corrections import Corrections
from tracking.decisions import Decisions
from tracking.service import ReplyNotices, Tracker

if TYPE_CHECKING:
    from chat.handlers import ChatSurface, Context


#: Admin commands this module adds (shown in the admins' help).
ADMIN_COMMANDS = ("giahan", "dexuat", "reopen", "edit", "cancel", "xacnhan", "tralai")


class FollowUpChat(ProposalChat, CorrectionChat):
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

    def done_notices(self, update: Update, who: str, note: str) -> ReplyNotices:
        """A /done's confirmation (with ↩️ Hoàn tác) and admins' notice (to confirm, when
        the office confirms completions)."""
        s = self._surface
        office = self._tracker.office_name
        notices = s._reply_notices(
            update,
            lambda o: (
                km.submitted_focal(o, office)
                if o.status is TaskStatus.AWAITING and not o.already
                else messages.done_confirmed(o, s._tz) + cm.undo_hint(o)
            ),
            lambda o: (
                km.submitted_admin(o, who, note)
                if o.status is TaskStatus.AWAITING
                else messages.admin_reply(o, who, note)
            ),
        )
        return replace(
            notices,
            confirmation_keyboard=cm.undo_keyboard,
            admin_keyboard=lambda o: (
                km.confirm_keyboard(o.task_id) if o.status is TaskStatus.AWAITING else None
            ),
        )

    def late_notices(self, update: Update, who: str, reason: str, now: datetime) -> ReplyNotices:
        """A late report's messages; with a date it is a proposal the admins decide."""
        s = self._surface
        office = self._tracker.office_name
        today = s._today(now)
        notices = s._reply_notices(
            update,
            lambda o: (
                (
                    fm.proposal_sent(o, s._tz, office)
                    if o.proposal_id
                    else messages.late_confirmed(o, s._tz, office)
                )
                + cm.undo_hint(o)
            ),
            lambda o: (
                fm.proposal_for_admins(o, who, reason, today, office)
                if o.proposal_id
                else messages.admin_reply(o, who, reason)
            ),
        )
        return replace(
            notices,
            confirmation_keyboard=cm.undo_keyboard,
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

    async def reason_reply(self, update: Update, context: Context) -> None:
        s = self._surface
        message = update.effective_message
        if message is None or message.reply_to_message is None or not message.text:
            return
        replied = message.reply_to_message
        if not replied.from_user or not replied.from_user.is_bot:
            return
        returned = km.return_prompt_task(replied.text or "")
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
                tell_focal=lambda v: fm.focal_reason(v, self._office),
            )
        except ProposalNotFound:
            await s._say(update, fm.proposal_missing(proposal_id))
            return
        except ChangeRefused as error:
            await s._say(update, fm.reason_refused(error.reason))
            return
        s._notify()
        await s._say(update, fm.reason_recorded(view))


__all__ = ["ADMIN_COMMANDS", "FollowUpChat"]
