"""Extension proposals in the chat: the office decides them with buttons (``ext:…``), lists
them (``/dexuat``, under ``/task``), or sets a new deadline itself (``/giahan``); the reason
for a refusal, given in reply, is read in ``chat.followup``."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from telegram import ForceReply, Update
from telegram.constants import ParseMode

from chat import followup_messages as fm
from chat import messages, refusals
from chat.followup_core import FollowUpCore
from chat.parsing import parse_task_id
from chat.transport import markup
from domain.deadline import DeadlineKind
from domain.errors import (
    AlreadyDecided,
    DeadlineNotUnderstood,
    NotDecidable,
    ProposalNotFound,
    TaskCancelled,
    TaskNotFound,
)
from domain.year_window import in_year_window, year_window
from notices.deadlines import parse_admin_deadline
from tracking.decisions import ProposalView

if TYPE_CHECKING:
    from chat.handlers import Context


class ProposalChat(FollowUpCore):
    """Deciding extension proposals."""

    async def proposal_button(self, update: Update, context: Context) -> None:
        s = self._surface
        pressed = await self._admin_button(update, frozenset({"ok", "no", "info"}))
        if pressed is None:
            return
        query, action, proposal_id = pressed
        user = update.effective_user
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
                tell_focal=lambda v: (
                    fm.focal_approved(v, self._office)
                    if action == "ok"
                    else fm.focal_rejected(v, self._office)
                ),
            )
        except AlreadyDecided as error:
            at = error.at if isinstance(error.at, datetime) else None
            text = fm.already_decided(error.state, error.by, at, s._tz)
            await self._press_refused(update, query, text, close=True)
            return
        except NotDecidable as error:
            await query.answer()
            await s._say(update, fm.not_decidable(error.task_id, error.reason))
            return
        except ProposalNotFound:
            await query.answer()
            await s._say(update, fm.proposal_missing(proposal_id))
            return
        await self._press_done(query, fm.decision_line(view, s._tz))
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
            fm.pending_in_task(views, self._office),
            parse_mode=ParseMode.HTML,
            reply_markup=markup(keyboard),
        )

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
            await s._say(update, fm.no_pending(self._office))
            return
        today = s._today(s._now())
        shown = views[: fm.PENDING_SHOWN]
        keyboard = [row for v in shown for row in fm.proposal_keyboard(v.proposal_id)[:1]]
        await s._say(
            update,
            fm.pending_list(views, shown, today),
            reply_markup=markup(_numbered(keyboard, shown)),
        )

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
        if not in_year_window(due, today):
            await s._say(update, refusals.deadline_out_of_range(*year_window(today)))
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
                tell_focal=lambda r: fm.deadline_set_focal(r, self._office),
            )
        except TaskNotFound:
            await s._say(update, messages.task_not_found(task_id))
            return
        except TaskCancelled:
            await s._say(update, fm.cancelled_task(task_id, self._office))
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


def _numbered(
    keyboard: list[list[dict[str, str]]], views: list[ProposalView]
) -> list[list[dict[str, str]]]:
    """Buttons naming the proposal they decide (several share one message)."""
    return [
        [{**button, "text": f"{button['text']} #{view.task_id}"} for button in row]
        for row, view in zip(keyboard, views, strict=True)
    ]
