"""What every part of the chat surface shares: the handler types, who acts, and the core
of :class:`chat.handlers.ChatSurface`: its state (set by ``ChatSurface.__init__``), the guard
every handler runs in, answering, the clock, the admins' notices, the admin check and the
agency typed."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import date, datetime
from typing import Any, Protocol, assert_never
from zoneinfo import ZoneInfo

from telegram import Message, ReplyParameters, Update, User
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, ContextTypes

from chat import command_messages as cm
from chat import input_messages as im
from chat import messages, refusals
from chat.fitting import fit
from chat.focal import FocalPointCommands
from chat.followdate import FollowDateChat
from chat.followup import FollowUpChat
from chat.forgiving import ForgivingInput
from chat.import_groups import ImportGroupsChat
from chat.leadership_messages import LeadershipTerms
from chat.local_agencies import LocalAgencyCommands
from chat.paging import Paging
from chat.parsing import AskYear, BadInput, InputProblem
from chat.transport import markup
from delivery.outbox import ClaimedMessage
from domain.clock import Clock
from domain.status import OfficeNoteKind
from storage.db import WriteTurnBusy
from tracking.imports import ImportDesk
from tracking.service import Actor, ReplyNotices, Tracker
from tracking.views import ReplyOutcome

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


class Confirmations(Protocol):
    """Who sends a report's confirmation there and then (the reminder runner)."""

    def holder(self) -> str | None:
        """The sender a confirmation is claimed by in the report's transaction (None:
        queued unclaimed)."""
        ...

    async def send_claimed(self, message: ClaimedMessage) -> bool:
        """Send a confirmation claimed by :meth:`holder`; True when sent."""
        ...


class SurfaceExtension(Protocol):
    """A group of commands living in its own module, registered through the same guard."""

    def register(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        guard: Callable[[Handler], Handler],
    ) -> None: ...


def actor_of(user: User | None) -> Actor:
    if user is None:
        return Actor(name=cm.UNKNOWN_ACTOR)
    name = user.full_name + (f" (@{user.username})" if user.username else "")
    return Actor(name=name, user_id=user.id)


class SurfaceCore:
    """The state and the plumbing the parts of ``ChatSurface`` share."""

    # Set by ``ChatSurface.__init__``.
    leadership_terms: LeadershipTerms
    _tracker: Tracker
    _desk: ImportDesk
    _clock: Clock
    _tz: ZoneInfo
    _notify: Callable[[], None]
    _deliver: Callable[[Sequence[int]], Awaitable[bool]] | None
    _confirmations: Confirmations | None
    _followup: FollowUpChat
    _forgiving: ForgivingInput
    _paging: Paging
    _focal: FocalPointCommands
    _local: LocalAgencyCommands | None
    _followdate: FollowDateChat
    _groups: ImportGroupsChat

    @property
    def tracker(self) -> Tracker:
        return self._tracker

    @property
    def followdate(self) -> FollowDateChat:
        """The follow-up dates of undated tasks (``/edit … đôn đốc``, the 📅 buttons)."""
        return self._followdate

    @property
    def desk(self) -> ImportDesk:
        return self._desk

    def _guard(self, callback: Handler) -> Handler:
        async def guarded(update: Update, context: Context) -> None:
            try:
                await callback(update, context)
            except BadInput as error:
                await self._release_button(update)
                await self._say(update, self._bad_input(error))
            except WriteTurnBusy:
                # Logged where it happened (storage.db); the user may simply send it again.
                await self._release_button(update)
                await self._say(update, refusals.write_busy())
            except InvalidToken:
                # The token was revoked: nothing can be answered; the application's error
                # handler (``chat.token_watch``) has the bot stop.
                raise
            except Exception:
                log.exception("handler %s failed", callback.__name__)
                await self._release_button(update)
                await self._say(update, messages.internal_error())

        guarded.__name__ = callback.__name__
        return guarded

    @staticmethod
    async def _release_button(update: Update) -> None:
        """Stop the spinner of a pressed button whatever happened (answering an already
        answered query fails harmlessly)."""
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()

    def _bad_input(self, error: BadInput) -> str:
        """The answer to each problem; every member is answered (mypy checks it)."""
        if isinstance(error, AskYear):
            return im.ask_year(error.task_id, error.reason, error.this_year, error.next_year)
        match error.key:
            case InputProblem.MISSING_ID:
                return messages.missing_id(error.value or "done")
            case InputProblem.BAD_ID:
                return messages.bad_id(error.value)
            case InputProblem.BAD_DATE:
                return messages.bad_date(error.value)
            case InputProblem.DATE_RANGE:
                low, _, high = error.value.partition("-")
                return refusals.date_out_of_range(int(low), int(high))
            case InputProblem.PAST_DATE:
                return messages.past_date(date.fromisoformat(error.value))
            case InputProblem.MISSING_REASON:
                return messages.missing_reason()
            case InputProblem.TOO_LONG:
                return messages.too_long(int(error.value))
            case InputProblem.ADDTASK_USAGE:
                return messages.addtask_usage()
            case InputProblem.ASK_YEAR:
                return messages.internal_error()  # only an AskYear carries it: answered above
            case unknown:
                assert_never(unknown)

    async def _say(self, update: Update, *texts: str, **kwargs: Any) -> Message | None:
        chat = update.effective_chat
        if chat is None:
            return None
        # Answer a command as a reply to it: in a busy group it shows whose command this is
        # (and the answer to an edit, which edit it means).
        quoted = update.message or update.edited_message
        sent: Message | None = None
        # Measured after rendering: a long text is split on line boundaries here, last.
        for text in (part for whole in texts for part in fit(whole)):
            reply = (
                ReplyParameters(message_id=quoted.message_id, allow_sending_without_reply=True)
                if quoted is not None and sent is None
                else None
            )
            sent = await chat.send_message(
                text, parse_mode=ParseMode.HTML, reply_parameters=reply, **kwargs
            )
        return sent

    def _now(self) -> datetime:
        return self._clock.now()

    def _today(self, now: datetime) -> date:
        return now.astimezone(self._tz).date()

    async def _tell_admins(
        self, html: str, now: datetime, kind: OfficeNoteKind | None = None
    ) -> None:
        await self._tracker.enqueue_admin_notice(html, now, kind)
        self._notify()

    def _reply_notices(
        self,
        update: Update,
        confirmation: Callable[[ReplyOutcome], str],
        admin_notice: Callable[[ReplyOutcome], str],
    ) -> ReplyNotices:
        chat = update.effective_chat
        assert chat is not None
        quoted = update.message
        return ReplyNotices(
            chat_id=chat.id,
            reply_to=quoted.message_id if quoted is not None else None,
            confirmation=confirmation,
            admin_notice=admin_notice,
            update_id=update.update_id,
            claimed_by=self._confirmations.holder() if self._confirmations else None,
        )

    async def _confirm(self, outcome: ReplyOutcome) -> None:
        """Send a report's confirmation now and wake the delivery loop when it has work: a
        confirmation that could not be sent (the outbox retries it) or an admins' notice
        at once; both were committed with the report. A burst of replies whose notices
        wait for the office's digest costs no pass.

        The confirmation comes claimed by this process's sender (in the report's
        transaction), so nobody else sends it while this process lives; when it dies
        before sending, the next pass takes the claim back and sends it once."""
        sent = False
        if outcome.confirmation is not None and self._confirmations is not None:
            sent = await self._confirmations.send_claimed(outcome.confirmation)
        elif outcome.confirmation_id is not None and self._deliver is not None:
            sent = await self._deliver([outcome.confirmation_id])
        if outcome.for_the_loop or not sent:
            self._notify()

    @staticmethod
    def _args(context: Context) -> list[str]:
        return list(context.args or [])

    async def _require_admin(self, update: Update) -> bool:
        user = update.effective_user
        if self._tracker.is_admin(user.id if user else None):
            return True
        await self._say(update, messages.not_admin(self._tracker.office_name))
        return False

    async def _admin_pressed(self, update: Update) -> bool:
        """True when an admin pressed the button; anyone else gets an alert saying it is
        the office's."""
        query = update.callback_query
        assert query is not None
        user = update.effective_user
        if self._tracker.is_admin(user.id if user else None):
            return True
        await query.answer(messages.not_admin(self._tracker.office_name), show_alert=True)
        return False

    async def unreadable_button(self, update: Update, context: Context) -> None:
        """A button no handler's pattern matched (an old or forged one): said so, logged."""
        query = update.callback_query
        if query is None:
            return
        log.warning("unreadable button data %r", (query.data or "")[:64])
        await query.answer(refusals.unreadable_button())

    def _agency_named(self, typed: str) -> str | None:
        """The registry's own name for what was typed: an agency written without
        diacritics or without its "Bộ"/"UBND tỉnh" (``find_loose``), or a group as typed;
        None when it cannot be settled alone."""
        registry = self._tracker.registry
        if registry.resolve_group(typed) is not None:
            return typed
        agency = registry.find_loose(typed)
        return agency.name if agency is not None else None

    async def _ask_agency(self, update: Update, typed: str, verb: str) -> None:
        found = self._tracker.registry.candidates(typed)
        await self._say(
            update,
            im.agency_choices(typed, found),
            reply_markup=markup(im.agency_keyboard(verb, found)) if found else None,
        )
