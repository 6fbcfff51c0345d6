"""Invitations: an admin's ``/invite`` (of a focal point, or with "lãnh đạo" of a leadership
chat) and a chat pressing the link (``/start <token>``)."""

from __future__ import annotations

import re

from telegram import Update

from chat import assigned_messages as am
from chat import focal_messages, messages, refusals
from chat import leadership_messages as lm
from chat import list_messages as lists
from chat.surface import Context, SurfaceCore, actor_of
from chat.transport import markup
from domain.errors import InviteInvalid, InviteProblem, UnknownAgency
from domain.status import ChatRole
from tracking.views import JoinOutcome

#: "/invite Bộ Công an lãnh đạo": the invitation of the agency's leadership chat.
_LEADERSHIP_SUFFIX = re.compile(r"\s*[-–,:(]?\s*(lãnh đạo|lanh dao)\s*\)?\s*$", re.IGNORECASE)


def invite_role(typed: str) -> tuple[str, ChatRole]:
    """The agency typed after /invite, and whom the invitation is for ("lãnh đạo" at the
    end: the leadership chat; typed with or without diacritics)."""
    typed = typed.strip()
    if typed.startswith("/invite"):
        typed = typed.split(maxsplit=1)[1] if " " in typed else ""
    bare = _LEADERSHIP_SUFFIX.sub("", typed)
    if bare != typed:
        return bare.strip(), ChatRole.LEADERSHIP
    return typed, ChatRole.FOCAL


class Joining(SurfaceCore):
    """``/start`` with an invitation, and ``/invite``."""

    async def start(self, update: Update, context: Context) -> None:
        args = self._args(context)
        chat = update.effective_chat
        if not args or chat is None:
            await self._say(update, messages.start_without_token(self._tracker.office_name))
            return
        now = self._now()
        actor = actor_of(update.effective_user)
        title = chat.title or chat.full_name or str(chat.id)

        def office_note(joined: JoinOutcome) -> str:
            if joined.role is ChatRole.LEADERSHIP:
                return lm.admin_joined(joined, actor.name, chat.title)
            return messages.admin_joined(joined, actor.name, chat.title)

        try:
            # The office's note goes with the registration (one transaction), before the
            # welcome: nothing is left to write once the chat is answered.
            outcome = await self._tracker.redeem_invite(
                token=args[0][:64],
                chat_id=chat.id,
                title=title,
                actor=actor,
                now=now,
                office_note=office_note,
            )
        except InviteInvalid as error:
            if error.reason in (InviteProblem.FOCAL_CHAT, InviteProblem.LEADERSHIP_CHAT):
                await self._say(update, lm.wrong_chat(error.reason, self._tracker.office_name))
                return
            leading = await self._tracker.leadership_agency(chat.id)
            if error.reason is InviteProblem.MINE and leading is not None:
                await self._say(update, lm.help_text(leading.name, self.leadership_terms))
                return
            if error.reason is InviteProblem.MINE:
                agency = await self._tracker.chat_agency(chat.id)
                await self._say(
                    update,
                    focal_messages.already_registered(
                        agency.name if agency else None, group=chat.type != "private"
                    ),
                )
                return
            await self._say(
                update, messages.invite_invalid(error.reason, self._tracker.office_name)
            )
            return
        if outcome.role is ChatRole.LEADERSHIP:
            self._notify()
            await self._say(
                update,
                lm.joined(outcome, self.leadership_terms, group=chat.type != "private"),
            )
            return
        self._notify()  # the office's note, queued with the registration
        welcome = messages.joined(
            outcome, send_time=self._tracker.send_time, group=chat.type != "private"
        )
        # The agency's most urgent open tasks at once, with their buttons (nothing waits to
        # be told: the welcome counts them all and 📋 lists them).
        today = self._today(now)
        lines = await self._tracker.open_tasks(chat.id, today)
        co = await self._tracker.co_tasks(chat.id, today)
        if co:
            welcome += "\n" + am.co_count_line(outcome.agency, len(co))
        if lines:
            # One message: the three most urgent with their buttons, 📋 for the whole list.
            page = lists.welcome_page(outcome.agency, lines, today)
            await self._say(
                update,
                welcome + "\n\n" + page.html,
                reply_markup=markup(lists.welcome_keyboard(page, len(lines))),
            )
        else:
            await self._say(update, welcome)

    async def invite(self, update: Update, context: Context) -> None:
        if not await self._require_admin(update):
            return
        chat = update.effective_chat
        if chat is None or chat.type != "private":
            # A link posted in a group could be redeemed by anyone who reads the group.
            await self._say(update, refusals.invite_private_only())
            return
        typed, role = invite_role(" ".join(self._args(context)))
        if not typed:
            await self._say(update, messages.invite_usage())
            return
        name = self._agency_named(typed)
        if name is None:
            await self._ask_agency(update, typed, "inv")
            return
        await self._create_invite(update, context, name, role)

    async def _create_invite(
        self, update: Update, context: Context, name: str, role: ChatRole = ChatRole.FOCAL
    ) -> None:
        now = self._now()
        try:
            invite = await self._tracker.create_invite(
                agency=name, actor=actor_of(update.effective_user), now=now, role=role
            )
        except UnknownAgency:
            await self._ask_agency(update, name, "inv")
            return
        link = f"https://t.me/{context.bot.username}?start={invite.token}"
        group_link = f"https://t.me/{context.bot.username}?startgroup={invite.token}"
        if role is ChatRole.LEADERSHIP:
            await self._say(update, lm.invite_created(invite, link, self._tz, group_link))
            return
        await self._say(update, messages.invite_created(invite, link, self._tz, group_link))
