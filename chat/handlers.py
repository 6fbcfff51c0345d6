"""Telegram handlers: adapters that parse a command, call one use case, render the reply.

Authorisation (admin or the chat's own agency), parsing (``chat.parsing``), the use case
(``tracking.service``) and the wording (``chat.messages``) each live elsewhere; a handler
only wires them. Every failure a user can cause ends in a clear Vietnamese reply, and an
unexpected error ends in a polite apology (logged), never in a dead bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, assert_never
from zoneinfo import ZoneInfo

from telegram import (
    ForceReply,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from chat import assigned_messages as am
from chat import command_messages as cm
from chat import focal_messages, import_messages, messages, refusals
from chat import followdate_messages as fdm
from chat import followup_messages as fm
from chat import input_messages as im
from chat import leadership_messages as lm
from chat import list_messages as lists
from chat.download import DownloadFailed, FileTooLarge, download_capped
from chat.fitting import fit, shorten
from chat.focal import FocalPointCommands
from chat.followdate import FollowDateChat, split_followup
from chat.followup import FollowUpChat
from chat.forgiving import ForgivingInput
from chat.leadership_messages import LeadershipTerms
from chat.local_agencies import LocalAgencyCommands
from chat.paging import Paging, send_page
from chat.parsing import (
    AskYear,
    BadInput,
    InputProblem,
    ascii_id,
    in_year_window,
    looks_like_date,
    parse_addtask,
    parse_done,
    parse_issue_date,
    parse_late,
    parse_task_id,
    year_window,
)
from chat.transport import markup
from delivery.outbox import ClaimedMessage
from domain.agencies import fold_name
from domain.clock import Clock
from domain.deadline import Deadline
from domain.errors import (
    ChatNotBound,
    DeadlineNotUnderstood,
    InviteInvalid,
    InviteProblem,
    NotYourTask,
    ReportRecorded,
    TaskCancelled,
    TaskNotFound,
    UnknownAgency,
)
from domain.followup_date import FollowUpDateRefused, takes_followup_date
from domain.status import ChatRole, OfficeNoteKind
from notices.deadlines import parse_admin_deadline
from notices.importer import IssueDateMissing, import_notice
from notices.sources import MAX_FILE_BYTES, MAX_INFLATED_BYTES, unsupported_advice
from storage.db import WriteTurnBusy
from tracking.access import Access
from tracking.followup_dates import chosen_of
from tracking.import_worker import WORKER_SECONDS, ImportProblem, import_file
from tracking.imports import (
    FIX_SHOW,
    FixField,
    FixProblem,
    FixRejected,
    ImportDesk,
    ImportNotFound,
    PendingImport,
    parse_fix_all,
    parse_fix_words,
    payload_of,
)
from tracking.preview import mappable_leads, unknown_leads
from tracking.service import Actor, ReplyNotices, Tracker
from tracking.views import ReplyOutcome

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]

#: Commands shown in Telegram's menu (the focal points'; the admins' after them), from the
#: catalogue.
COMMANDS = cm.MENU
ADMIN_MENU = cm.ADMIN_MENU


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


def actor_of(user: User | None) -> Actor:
    if user is None:
        return Actor(name=cm.UNKNOWN_ACTOR)
    name = user.full_name + (f" (@{user.username})" if user.username else "")
    return Actor(name=name, user_id=user.id)


class ChatSurface:
    """The bot's conversation with focal points and admins."""

    def __init__(
        self,
        *,
        tracker: Tracker,
        desk: ImportDesk,
        clock: Clock,
        timezone: ZoneInfo,
        notify: Callable[[], None],
        deliver: Callable[[Sequence[int]], Awaitable[bool]] | None = None,
        confirmations: Confirmations | None = None,
        local_agencies: Path | None = None,
        leadership: LeadershipTerms | None = None,
    ) -> None:
        self.leadership_terms = leadership or LeadershipTerms(
            office=tracker.office_name,
            escalate_after=3,
            summary_day=None,
            summary_time=tracker.send_time,
        )
        """What a leadership chat receives and when (its welcome and /help say it)."""
        self._tracker = tracker
        self._desk = desk
        self._clock = clock
        self._tz = timezone
        self._notify = notify
        self._deliver = deliver
        self._confirmations = confirmations
        self._followup = FollowUpChat(self, tracker)
        self._forgiving = ForgivingInput(self)
        self._paging = Paging(self)
        self._focal = FocalPointCommands(self)
        self._local = (
            LocalAgencyCommands(tracker=tracker, path=local_agencies)
            if local_agencies is not None
            else None
        )
        self._followdate = FollowDateChat(self)

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

    def register(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        extensions: Sequence[SurfaceExtension] = (),
    ) -> None:
        """Add every handler to ``application``; ``extensions`` (e.g. the reports) first, so
        their buttons are matched before the catch-all button handler."""
        for extension in extensions:
            extension.register(application, self._guard)
        self._followup.register(application)  # first: it owns some buttons and replies
        commands: dict[str, Handler] = {
            "start": self.start,
            "help": self.help,
            "tasks": self.tasks,
            "task": self.task,
            "done": self.done,
            "late": self.late,
            **{alias: getattr(self, meant) for alias, meant in im.ALIASES.items()},
            "addtask": self.addtask,
            "invite": self.invite,
            "agencies": self.agencies,
            "import": self.import_command,
            "fix": self.fix,
        }
        # Only new messages run anything: an edited message (a typo fixed in an /addtask,
        # a /done, an /invite) would otherwise run the command a second time.
        fresh = filters.UpdateType.MESSAGE
        for name, callback in commands.items():
            application.add_handler(CommandHandler(name, self._guard(callback), filters=fresh))
        if self._local is not None:
            self._local.register(application)
        application.add_handler(
            CallbackQueryHandler(self._guard(self.agency_button), pattern=r"^ag:")
        )
        application.add_handler(
            CallbackQueryHandler(self._guard(self.members_button), pattern=r"^tk:m:")
        )
        self._forgiving.register(application)
        self._paging.register(application)
        self._focal.register(application)
        self._followdate.register(application, self._guard)
        application.add_handler(CallbackQueryHandler(self._guard(self.button)))
        application.add_handler(
            MessageHandler(fresh & filters.Document.ALL, self._guard(self.document))
        )
        application.add_handler(
            MessageHandler(
                fresh & filters.REPLY & filters.TEXT & ~filters.COMMAND,
                self._guard(self.reply_text),
            )
        )
        application.add_handler(
            MessageHandler(filters.UpdateType.EDITED_MESSAGE, self._guard(self.edited))
        )

    # ------------------------------------------------------------------ plumbing

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
        # Answer a command as a reply to it: in a busy group it shows whose command this is.
        quoted = update.message
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

    # ------------------------------------------------------------------ everyone

    async def start(self, update: Update, context: Context) -> None:
        args = self._args(context)
        chat = update.effective_chat
        if not args or chat is None:
            await self._say(update, messages.start_without_token(self._tracker.office_name))
            return
        now = self._now()
        actor = actor_of(update.effective_user)
        title = chat.title or chat.full_name or str(chat.id)
        try:
            outcome = await self._tracker.redeem_invite(
                token=args[0][:64], chat_id=chat.id, title=title, actor=actor, now=now
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
                    update, focal_messages.already_registered(agency.name if agency else None)
                )
                return
            await self._say(
                update, messages.invite_invalid(error.reason, self._tracker.office_name)
            )
            return
        if outcome.role is ChatRole.LEADERSHIP:
            await self._say(
                update,
                lm.joined(outcome, self.leadership_terms, group=chat.type != "private"),
            )
            await self._tell_admins(
                lm.admin_joined(outcome, actor.name, chat.title), now, OfficeNoteKind.JOINED
            )
            return
        welcome = messages.joined(
            outcome, send_time=self._tracker.send_time, group=chat.type != "private"
        )
        # The agency's open tasks at once, with their buttons (nothing waits to be told:
        # what was still to tell it is in this list).
        today = self._today(now)
        lines = await self._tracker.open_tasks(chat.id, today)
        co = await self._tracker.co_tasks(chat.id, today)
        if co:
            welcome += "\n" + am.co_count_line(outcome.agency, len(co))
        if lines:
            # One message: its ◀ ▶ page on as /nhiemvu does (the list replaces the welcome).
            page = lists.tasks_page(outcome.agency, lines, today)
            await self._say(
                update,
                welcome + "\n\n" + page.html,
                reply_markup=markup(lists.page_keyboard("t", page)),
            )
        else:
            await self._say(update, welcome)
        await self._tell_admins(
            messages.admin_joined(outcome, actor.name, chat.title), now, OfficeNoteKind.JOINED
        )

    async def help(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        agency = await self._tracker.chat_agency(chat.id) if chat else None
        user = update.effective_user
        await self._say(
            update,
            messages.help_text(
                is_admin=self._tracker.is_admin(user.id if user else None),
                agency=agency.name if agency else None,
                office=self._tracker.office_name,
                send_time=self._tracker.send_time,
                invite_days=self._tracker.invite_days,
                focal_extra=[
                    *fm.help_focal(self._tracker.undo_minutes),
                    *im.alias_help(is_admin=self._tracker.is_admin(user.id if user else None)),
                ],
                admin_extra=fm.help_admin(),
            ),
        )

    async def edited(self, update: Update, context: Context) -> None:
        """An edited message never runs again. A command, a file or a reply to the bot gets
        a short answer saying so; other edits (ordinary talk in a group) are ignored."""
        message = update.edited_message
        if message is None:
            return
        text = message.text or message.caption or ""
        to_bot = (
            message.reply_to_message is not None
            and message.reply_to_message.from_user is not None
            and message.reply_to_message.from_user.is_bot
        )
        if text.startswith("/") or message.document is not None or to_bot:
            await self._say(update, refusals.edit_ignored())

    async def readable(self, update: Update, task_id: int) -> bool:
        """The one reading check: True when this chat may see ``task_id``; otherwise the
        polite refusal has been sent. Every command or button that shows a task calls it."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None:
            return False
        access = await self._tracker.access(
            task_id=task_id, chat_id=chat.id, user_id=user.id if user else None
        )
        if access.may_read:
            return True
        if access is Access.UNBOUND:
            await self._say(update, messages.not_bound(self._tracker.office_name))
        elif access is Access.MISSING:
            await self._say(update, messages.task_not_found(task_id))
        else:
            await self._say(update, refusals.not_your_task_to_read(task_id))
        return False

    async def tasks(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        assert chat is not None
        now = self._now()
        try:
            lines = await self._tracker.open_tasks(chat.id, self._today(now))
        except ChatNotBound:
            await self._say(update, messages.not_bound(self._tracker.office_name))
            return
        agency = await self._tracker.chat_agency(chat.id)
        name = agency.name if agency else ""
        page = lists.tasks_page(name, lines, self._today(now))
        await send_page(self, update, page, lists.page_keyboard("t", page))
        # Its co-operations apart, after its own tasks: the lead reports them.
        co = await self._tracker.co_tasks(chat.id, self._today(now))
        if co:
            co_page = am.co_tasks_page(name, co, self._today(now))
            await send_page(self, update, co_page, lists.pager("c", co_page.page, co_page.pages))

    async def task(self, update: Update, context: Context) -> None:
        args = self._args(context)
        if not args:
            raise BadInput(InputProblem.MISSING_ID, "task")
        task_id = parse_task_id(args[0])
        if not await self.readable(update, task_id):
            return
        try:
            detail = await self._tracker.task_detail(task_id, self._today(self._now()))
        except TaskNotFound:
            await self._say(update, messages.task_not_found(task_id))
            return
        chat = update.effective_chat
        agency = await self._tracker.chat_agency(chat.id) if chat else None
        texts = messages.task_detail(detail, self._tz, agency.name if agency else None)
        await self._say(update, *texts[:-1])
        many = len(detail.members) > messages.MEMBERS_SHOWN
        await self._say(
            update,
            texts[-1],
            reply_markup=markup(messages.members_keyboard(task_id, len(detail.members)))
            if many
            else None,
        )
        await self._followup.pending_under_task(update, task_id)
        await self._followup.periods_under_task(update, task_id)

    async def members_button(self, update: Update, context: Context) -> None:
        """👥 under /task: every member agency of the task."""
        query = update.callback_query
        assert query is not None
        task_id = ascii_id((query.data or "").removeprefix("tk:m:"))
        if task_id is None:
            await query.answer(refusals.unreadable_button())
            return
        await self._release_button(update)
        if not await self.readable(update, task_id):
            return
        try:
            detail = await self._tracker.task_detail(task_id, self._today(self._now()))
        except TaskNotFound:
            await self._say(update, messages.task_not_found(task_id))
            return
        await self._say(update, *messages.members_full(detail))

    async def done(self, update: Update, context: Context) -> None:
        replied = await self._replied_tasks(update)
        parsed = parse_done(self._args(context), id_optional=replied is not None)
        task_id = parsed.task_id if parsed.task_id is not None else self._single(replied)
        if task_id is None:
            await self._say(update, messages.ambiguous_reply(replied or []))
            return
        await self._do_done(update, task_id, parsed.note)

    async def late(self, update: Update, context: Context) -> None:
        replied = await self._replied_tasks(update)
        now = self._now()
        try:
            parsed = parse_late(
                self._args(context), self._today(now), id_optional=replied is not None
            )
        except BadInput as error:
            if error.key is InputProblem.MISSING_ID:
                error = BadInput(InputProblem.MISSING_ID, "late")
            raise error from None
        task_id = parsed.task_id if parsed.task_id is not None else self._single(replied)
        if task_id is None:
            await self._say(update, messages.ambiguous_reply(replied or []))
            return
        await self._do_late(update, task_id, parsed.reason, parsed.new_due)

    async def _replied_tasks(self, update: Update) -> list[int] | None:
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None or message.reply_to_message is None:
            return None
        ids = await self._tracker.tasks_of_message(chat.id, message.reply_to_message.message_id)
        return ids or None

    @staticmethod
    def _single(ids: list[int] | None) -> int | None:
        return ids[0] if ids and len(ids) == 1 else None

    async def _do_done(self, update: Update, task_id: int, note: str) -> bool:
        """Mark done and answer; True when the task is (now or already) done for this chat."""
        chat = update.effective_chat
        assert chat is not None
        now = self._now()
        actor = actor_of(update.effective_user)
        try:
            outcome = await self._tracker.mark_done(
                chat_id=chat.id,
                task_id=task_id,
                note=note,
                actor=actor,
                now=now,
                notices=self._followup.done_notices(update, actor.name, note),
            )
        except ReportRecorded:
            self._notify()  # its confirmation is queued: the loop sends what is left
            return True
        except (ChatNotBound, TaskNotFound, NotYourTask, TaskCancelled) as error:
            await self._say(update, self._ownership_error(error, task_id))
            return False
        await self._confirm(outcome)
        return True

    async def _do_late(
        self, update: Update, task_id: int, reason: str, new_due: date | None
    ) -> None:
        chat = update.effective_chat
        assert chat is not None
        now = self._now()
        actor = actor_of(update.effective_user)
        try:
            outcome = await self._tracker.report_late(
                chat_id=chat.id,
                task_id=task_id,
                reason=reason,
                new_due=new_due,
                actor=actor,
                now=now,
                notices=self._followup.late_notices(update, actor.name, reason, now),
            )
        except ReportRecorded:
            self._notify()  # its confirmation is queued: the loop sends what is left
            return
        except (ChatNotBound, TaskNotFound, NotYourTask, TaskCancelled) as error:
            await self._say(update, self._ownership_error(error, task_id))
            return
        await self._confirm(outcome)

    def _ownership_error(self, error: Exception, task_id: int) -> str:
        if isinstance(error, ChatNotBound):
            return messages.not_bound(self._tracker.office_name)
        if isinstance(error, TaskNotFound):
            return messages.task_not_found(task_id)
        if isinstance(error, TaskCancelled):
            return fm.cancelled_task(task_id)
        if isinstance(error, NotYourTask) and error.lead is not None:
            return am.co_operation_refused(task_id, error.lead)
        return messages.not_your_task(task_id)

    async def button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        if (query.data or "").startswith("imp:"):
            await self._import_button(update, query.data or "")
            return
        action, _, raw = (query.data or "").partition(":")
        task_id = ascii_id(raw)
        if action not in {"done", "late"} or task_id is None:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        # Answering the press only stops the button's spinner: a failure here must not
        # stop the report.
        with contextlib.suppress(TelegramError):
            await query.answer()
        if action == "late":
            # In a group the question names who pressed: Telegram shows the reply box to
            # that person only (selective), and only their answer counts.
            chat, user = update.effective_chat, update.effective_user
            mention = user.mention_html() if user and chat and chat.type != "private" else ""
            await self._say(
                update,
                messages.late_prompt(task_id, mention),
                reply_markup=ForceReply(selective=True),
            )
            return
        if await self._do_done(update, task_id, ""):
            await self._mark_handled(query.message, task_id)

    @staticmethod
    async def _mark_handled(message: MaybeInaccessibleMessage | None, task_id: int) -> None:
        """Note on the reminder itself that the task is done and take its buttons off, so
        nobody in the group presses them again."""
        if not isinstance(message, Message) or message.reply_markup is None:
            return
        rows = [
            row
            for row in message.reply_markup.inline_keyboard
            if not any(b.callback_data in (f"done:{task_id}", f"late:{task_id}") for b in row)
        ]
        with contextlib.suppress(TelegramError):
            await message.edit_text(
                shorten(message.text_html + "\n" + messages.handled_line(task_id)),
                parse_mode=ParseMode.HTML,
                reply_markup=InlineKeyboardMarkup(rows) if rows else None,
            )

    async def reply_text(self, update: Update, context: Context) -> None:
        """A plain-text reply to a "why late?" prompt is the reason (maybe with a date).

        The task number is read back from the prompt itself, so an answer still works
        after a restart."""
        message = update.effective_message
        if message is None or message.reply_to_message is None or not message.text:
            return
        if messages.is_import_prompt(message.reply_to_message.text or ""):
            if await self._require_admin(update):
                await self._preview(update, message.text, source=cm.PASTED_SOURCE, issued=None)
            return
        replied_to = message.reply_to_message
        if not replied_to.from_user or not replied_to.from_user.is_bot:
            return
        lead = import_messages.map_prompt_name(replied_to.text or "")
        if lead is not None:
            if await self._require_admin(update):
                await self._map_lead(update, lead, message.text.strip())
            return
        task_id = messages.late_prompt_task(replied_to.text or "")
        asked = _mentioned_user(replied_to)
        user = update.effective_user
        if task_id is not None and asked is not None and (user is None or user.id != asked):
            await self._say(update, refusals.prompt_for_someone_else(task_id))
            return
        if task_id is None:
            listed = await self._replied_tasks(update)
            if listed:
                # Words in reply to a reminder: say how to report instead of staying silent.
                await self._say(update, messages.reply_hint(listed))
            return
        parsed = parse_late([str(task_id), *message.text.split()], self._today(self._now()))
        await self._do_late(update, task_id, parsed.reason, parsed.new_due)

    # ------------------------------------------------------------------ admins

    async def _require_admin(self, update: Update) -> bool:
        user = update.effective_user
        if self._tracker.is_admin(user.id if user else None):
            return True
        await self._say(update, messages.not_admin(self._tracker.office_name))
        return False

    async def addtask(self, update: Update, context: Context) -> None:
        if not await self._require_admin(update):
            return
        message = update.effective_message
        text = (message.text or "") if message else ""
        await self._add_task(update, text)

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

    async def _add_task(self, update: Update, text: str, agency_id: str | None = None) -> None:
        """``/addtask`` as typed in ``text``; ``agency_id`` replaces its agency (the agency
        chosen with a "Có phải …?" button)."""
        body = text.split(maxsplit=1)[1] if len(text.split(maxsplit=1)) > 1 else ""
        body, followup_text = split_followup(body)
        parsed = parse_addtask(body)
        agency = (
            self._tracker.registry.get(agency_id).name
            if agency_id is not None
            else self._agency_named(parsed.agency)
        )
        if agency is None:
            await self._ask_agency(update, parsed.agency, "add")
            return
        now = self._now()
        try:
            deadline = parse_admin_deadline(parsed.deadline, self._today(now))
            if deadline.due is not None and not in_year_window(deadline.due, self._today(now)):
                low, high = year_window(self._today(now))
                await self._say(update, refusals.deadline_out_of_range(low, high))
                return
            members = self._tracker.members_of(agency, ())
            typed_ok, followup_on = await self._typed_followup(update, followup_text, deadline)
            if not typed_ok:
                return
            task_id = await self._tracker.add_task(
                agency=agency,
                title=parsed.title,
                deadline=deadline,
                actor=actor_of(update.effective_user),
                now=now,
                followup_on=followup_on,
            )
        except UnknownAgency:
            await self._ask_agency(update, parsed.agency, "add")
            return
        except DeadlineNotUnderstood:
            await self._say(update, messages.deadline_not_understood(parsed.deadline))
            return
        added = messages.task_added(
            task_id,
            parsed.title,
            agency,
            messages.fmt_due(deadline.due, deadline.granularity, deadline.kind),
            len(members),
        )
        proposal = None if followup_on else self._followdate.proposal(task_id, deadline)
        if followup_on:
            added += "\n" + fdm.chosen_line(followup_on)
        elif proposal is not None:
            added += "\n\n" + proposal[0]
        await self._say(update, added, reply_markup=markup(proposal[1]) if proposal else None)
        self._notify()

    async def _typed_followup(
        self, update: Update, typed: str | None, deadline: Deadline
    ) -> tuple[bool, date | None]:
        """Whether the follow-up date typed at the end of /addtask can be used (a refused
        one is answered here), and that date (None when none was typed)."""
        if typed is None:
            return True, None
        if not takes_followup_date(deadline.kind, deadline.granularity):
            await self._say(update, fdm.dated_addtask())
            return False, None
        try:
            return True, self._followdate.typed(typed)
        except (DeadlineNotUnderstood, FollowUpDateRefused) as error:
            await self._say(update, self._followdate.refusal(error))
            return False, None

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

    async def agency_button(self, update: Update, context: Context) -> None:
        """A "Có phải …?" button: finish the command with the agency chosen. The command
        is read back from the message the question replied to."""
        query = update.callback_query
        assert query is not None
        user = update.effective_user
        if not self._tracker.is_admin(user.id if user else None):
            await query.answer(messages.not_admin(self._tracker.office_name), show_alert=True)
            return
        _, verb, agency_id = [*(query.data or "").split(":", 2), "", ""][:3]
        try:
            agency = self._tracker.registry.get(agency_id)
        except UnknownAgency:
            agency = None
        verbs = {"add", "inv", "dm", "fix"} | ({"cq"} if self._local is not None else set())
        if agency is None or verb not in verbs:
            log.warning("unreadable button data %r", (query.data or "")[:64])
            await query.answer(refusals.unreadable_button())
            return
        await self._release_button(update)
        question = query.message if isinstance(query.message, Message) else None
        if question is not None:
            with contextlib.suppress(TelegramError):
                await question.edit_reply_markup(None)
        if verb == "dm":
            await self._focal.show(update, agency.id, agency.name)
            return
        if verb == "cq" and self._local is not None:
            await self._local.show(update, agency)
            return
        if verb == "inv":
            chat = update.effective_chat
            if chat is None or chat.type != "private":
                await self._say(update, refusals.invite_private_only())
                return
            original = question.reply_to_message if question is not None else None
            _, role = invite_role(original.text or "" if original is not None else "")
            await self._create_invite(update, context, agency.name, role)
            return
        original = question.reply_to_message if question is not None else None
        if verb == "fix":
            await self._finish_fix(update, original, agency.name)
            return
        if original is None or not (original.text or "").startswith("/addtask"):
            await self._say(update, im.choice_expired())
            return
        await self._add_task(update, original.text or "", agency_id=agency.id)

    async def _finish_fix(self, update: Update, original: Message | None, agency: str) -> None:
        """A "Có phải …?" press under ``/fix <số> chủ trì …``: that task's lead is the
        agency pressed (the task's number read back from the command)."""
        words = (original.text or "").split() if original is not None else []
        number = ascii_id(words[1]) if len(words) > 1 and words[0].startswith("/fix") else None
        chat = update.effective_chat
        if number is None or chat is None:
            await self._say(update, im.choice_expired())
            return
        await self._apply_fix(update, chat.id, number, FixField.LEAD, agency)

    async def agencies(self, update: Update, context: Context) -> None:
        if not await self._require_admin(update):
            return
        overview = await self._tracker.agencies_overview(self._today(self._now()))
        page = lists.agencies_page(overview)
        await send_page(self, update, page, lists.page_keyboard("a", page, buttons=False))

    # ------------------------------------------------------------------ imports

    async def import_command(self, update: Update, context: Context) -> None:
        """``/import`` (then paste), or ``/import [ngày ban hành]`` followed by the text."""
        if not await self._require_admin(update):
            return
        message = update.effective_message
        text = (message.text or "") if message else ""
        body = text.split(maxsplit=1)[1] if len(text.split(maxsplit=1)) > 1 else ""
        issued = None
        first, _, rest = body.partition(" ")
        if first and looks_like_date(first.strip()):
            issued = parse_issue_date(first.strip(), self._today(self._now()))
            body = rest
        if not body.strip():
            await self._say(
                update, messages.import_prompt(), reply_markup=ForceReply(selective=True)
            )
            return
        await self._preview(update, body, source=cm.PASTED_SOURCE, issued=issued)

    async def document(self, update: Update, context: Context) -> None:
        """An admin sends a notice as a file: bounded download, then reading and importing
        in a child process with a time limit (``tracking.import_worker``), then a preview.
        The event loop stays free meanwhile: other chats and reminders are served."""
        message = update.effective_message
        if message is None or message.document is None:
            return
        if not await self._require_admin(update):
            return
        document = message.document
        name = document.file_name or "van-ban.txt"
        advice = unsupported_advice(Path(name).suffix)
        if advice is not None:
            await self._say(update, refusals.file_unsupported(Path(name).suffix))
            return
        if document.file_size is not None and document.file_size > MAX_FILE_BYTES:
            await self._say(update, refusals.file_too_large(MAX_FILE_BYTES))
            return
        issued = None
        if message.caption:
            with contextlib.suppress(BadInput, IndexError):
                issued = parse_issue_date(
                    message.caption.strip().split()[0], self._today(self._now())
                )
        try:
            data = await download_capped(context.bot, document.file_id, MAX_FILE_BYTES)
        except FileTooLarge:
            await self._say(update, refusals.file_too_large(MAX_FILE_BYTES))
            return
        except (DownloadFailed, TelegramError):
            await self._say(update, refusals.file_not_downloaded())
            return
        result = await import_file(data, name, issued)
        if result.payload is None:
            log.info("notice file %r refused: %s %s", name[:80], result.problem, result.detail)
            await self._say(update, self._file_problem(result.problem, Path(name).suffix))
            return
        await self._open_preview(update, result.payload, source=name[:200])

    @staticmethod
    def _file_problem(problem: ImportProblem | None, suffix: str) -> str:
        match problem:
            case ImportProblem.ISSUE_DATE:
                return messages.import_needs_date()
            case ImportProblem.UNSUPPORTED:
                return refusals.file_unsupported(suffix)
            case ImportProblem.TOO_LARGE:
                return refusals.file_too_large(MAX_FILE_BYTES)
            case ImportProblem.ENCODING:
                return refusals.file_encoding()
            case ImportProblem.INFLATES:
                return refusals.file_inflates(MAX_INFLATED_BYTES)
            case ImportProblem.TIMEOUT:
                return refusals.file_too_slow(WORKER_SECONDS)
            case ImportProblem.SCANNED:
                return import_messages.scanned_pdf()
            case _:
                return messages.import_unreadable()

    async def _preview(
        self, update: Update, text: str, *, source: str, issued: date | None
    ) -> None:
        """Pasted text (a message, so at most a few thousand characters): imported in a
        worker thread with a time limit, the event loop stays free."""
        registry = self._tracker.registry
        try:
            parsed = await asyncio.wait_for(
                asyncio.to_thread(import_notice, text, registry, issued=issued),
                WORKER_SECONDS,
            )
        except IssueDateMissing:
            await self._say(update, messages.import_needs_date())
            return
        except TimeoutError:
            await self._say(update, refusals.file_too_slow(WORKER_SECONDS))
            return
        await self._open_preview(update, payload_of(parsed, text), source=source)

    async def _open_preview(self, update: Update, payload: dict[str, Any], *, source: str) -> None:
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None
        assert user is not None
        if not payload.get("tasks"):
            await self._say(update, messages.import_empty())
            return
        pending = await self._desk.open(
            chat_id=chat.id,
            user_id=user.id,
            source=source,
            payload=payload,
            now=self._now(),
        )
        await self._show(update, pending)

    def import_page(self, pending: PendingImport, page: int) -> tuple[str, lists.Keyboard]:
        """One page of the preview with ✅ ✏️ ✖️, a 📅 per undated task of the page whose
        follow-up date is only proposed, and ◀ ▶ (``pg:i<import id>:<page>``)."""
        payload = pending.payload
        followups = self._followdate.preview(pending)
        html, page, pages = messages.import_preview_page(
            followups={f.number: fdm.preview_line(f.day, f.chosen) for f in followups},
            number=payload.get("number") or "",
            issued=date.fromisoformat(payload["issued"]) if payload.get("issued") else None,
            title=payload.get("title") or "",
            tasks=pending.tasks,
            unknown=payload.get("unknown_agencies") or [],
            page=page,
        )
        shown = range(page * messages.IMPORT_PAGE + 1, (page + 1) * messages.IMPORT_PAGE + 1)
        on_page = [f for f in followups if f.number in shown]
        if on_page:
            html += "\n\n" + fdm.preview_note(on_page[0].number, self._followdate.interval_days)
        keyboard = (
            messages.import_keyboard(pending.import_id)
            + fdm.preview_buttons(pending.import_id, on_page)
            + import_messages.map_buttons(pending.import_id, mappable_leads(pending.tasks))
            + lists.pager(f"i{pending.import_id}", page, pages)
        )
        return shorten(html), keyboard

    async def _show(self, update: Update, pending: PendingImport) -> None:
        html, keyboard = self.import_page(pending, 0)
        chat = update.effective_chat
        assert chat is not None
        await chat.send_message(html, parse_mode=ParseMode.HTML, reply_markup=markup(keyboard))

    async def fix(self, update: Update, context: Context) -> None:
        """``/fix <số> hạn|chủ trì|tên <giá trị>`` or ``/fix <số> bỏ`` on the pending import."""
        if not await self._require_admin(update):
            return
        chat = update.effective_chat
        assert chat is not None
        args = self._args(context)
        if await self._fix_whole_import(update, chat.id, args):
            return
        number = ascii_id(args[0]) if args else None
        if len(args) < 2 or number is None:
            await self._say(update, messages.fix_usage())
            return
        field, value = parse_fix_words(args[1:])
        await self._apply_fix(update, chat.id, number, field, value)

    async def _apply_fix(
        self, update: Update, chat_id: int, number: int, field: FixField | None, value: str
    ) -> None:
        """One ``/fix`` on the pending import; a lead that fits several agencies, or only
        part of one, gets "Có phải …?" buttons that finish the command."""
        try:
            _, changed = await self._desk.fix(
                chat_id=chat_id,
                number=number,
                field=field,
                value=value,
                today=self._today(self._now()),
            )
        except ImportNotFound:
            await self._say(update, messages.import_missing())
            return
        except FixRejected as error:
            found = (
                self._tracker.registry.candidates(value)
                if error.reason is FixProblem.AGENCY
                else []
            )
            if found:
                await self._ask_agency(update, value, "fix")
                return
            await self._say(update, messages.fix_rejected(error.reason, error.value))
            return
        followup = field is FixField.FOLLOWUP and changed is not None
        chosen = chosen_of(changed) if changed is not None and followup else None
        if chosen is not None:
            await self._say(update, fdm.preview_chosen(number, chosen, self._tracker.send_time))
            return
        await self._say(update, messages.fix_applied(number, changed))

    async def _fix_whole_import(self, update: Update, chat_id: int, args: list[str]) -> bool:
        """ "/fix xem" (the preview again) and "/fix tất cả chủ trì <cũ> → <mới>"."""
        text = " ".join(args)
        try:
            if [fold_name(a) for a in args] == [FIX_SHOW]:
                await self._show(update, await self._desk.current(chat_id=chat_id))
                return True
            whole = parse_fix_all(text)
            if whole is None:
                if fold_name(" ".join(args[:2])) == "tat ca":
                    await self._say(update, import_messages.fix_all_usage())
                    return True
                return False
            count, lead = await self._desk.fix_all_leads(
                chat_id=chat_id, old=whole[0], new=whole[1]
            )
        except ImportNotFound:
            await self._say(update, messages.import_missing())
            return True
        except FixRejected as error:
            if error.reason is FixProblem.NO_SUCH_LEAD:
                await self._say(update, import_messages.no_such_lead(error.value))
            else:
                await self._say(update, messages.fix_rejected(error.reason, error.value))
            return True
        await self._say(update, import_messages.fixed_all(count, whole[0], lead))
        return True

    async def _import_button(self, update: Update, data: str) -> None:
        query = update.callback_query
        chat = update.effective_chat
        assert query is not None
        assert chat is not None
        user = update.effective_user
        if not self._tracker.is_admin(user.id if user else None):
            await query.answer(messages.not_admin(self._tracker.office_name), show_alert=True)
            return
        _, action, raw = [*data.split(":", 2), "", ""][:3]
        if action in {"map", "set"}:
            await self._map_button(update, action, raw)
            return
        if action == "fu":
            await self._followdate.preview_button(update, raw)
            return
        import_id = ascii_id(raw)
        if action not in {"ok", "fix", "no"} or import_id is None:
            log.warning("unreadable button data %r", data[:64])
            await query.answer(refusals.unreadable_button())
            return
        await query.answer()
        if action == "fix":
            await self._say(update, messages.fix_usage())
            return
        try:
            if action == "ok":
                report = await self._desk.confirm(
                    chat_id=chat.id, import_id=import_id, actor=actor_of(user), now=self._now()
                )
                text = messages.import_stored(
                    report.tasks_added, report.tasks_existing, report.skipped, report.notice_key
                )
                self._notify()
            else:
                await self._desk.cancel(chat_id=chat.id, import_id=import_id)
                text = messages.import_cancelled()
        except ImportNotFound:
            text = messages.import_missing()
        if isinstance(query.message, Message):
            with contextlib.suppress(TelegramError):
                await query.message.edit_reply_markup(None)
        await self._say(update, text)

    async def _map_button(self, update: Update, action: str, raw: str) -> None:
        """ "imp:map:<import>:<n>": ask which agency the preview's n-th unknown lead is,
        with suggestions; "imp:set:<import>:<n>:<agency id>": give that agency to every
        task the lead leads."""
        query = update.callback_query
        chat = update.effective_chat
        assert query is not None
        assert chat is not None
        parts = raw.split(":")
        import_id = ascii_id(parts[0])
        index = ascii_id(parts[1]) if len(parts) > 1 else None
        agency_id = parts[2] if action == "set" and len(parts) == 3 else None
        if import_id is None or index is None or (action == "set") != (agency_id is not None):
            log.warning("unreadable button data %r", raw[:64])
            await query.answer(refusals.unreadable_button())
            return
        await query.answer()
        try:
            pending = await self._desk.current(chat_id=chat.id)
        except ImportNotFound:
            await self._say(update, messages.import_missing())
            return
        leads = mappable_leads(pending.tasks)
        if pending.import_id != import_id or index > len(leads):
            await self._say(update, import_messages.stale_map_button())
            return
        lead = leads[index - 1]
        registry = self._tracker.registry
        if agency_id is not None:
            agency = next((a for a in registry.all() if a.id == agency_id), None)
            if agency is None:
                await self._say(update, import_messages.stale_map_button())
                return
            await self._map_lead(update, lead, agency.name)
            return
        found = [(a.id, a.name) for a in registry.candidates(lead, limit=3)]
        numbers = unknown_leads(pending.tasks)[lead]
        prompt = import_messages.map_prompt(lead, numbers, bool(found))
        if found:
            rows = import_messages.suggestion_buttons(import_id, index, found)
            await self._say(update, prompt, reply_markup=markup(rows))
        else:
            await self._say(update, prompt, reply_markup=ForceReply(selective=True))

    async def _map_lead(self, update: Update, lead: str, agency: str) -> None:
        """Every kept task of the pending import led by ``lead`` gets ``agency``."""
        chat = update.effective_chat
        assert chat is not None
        try:
            count, name = await self._desk.fix_all_leads(chat_id=chat.id, old=lead, new=agency)
        except ImportNotFound:
            await self._say(update, messages.import_missing())
            return
        except FixRejected as error:
            if error.reason is FixProblem.NO_SUCH_LEAD:
                await self._say(update, import_messages.stale_map_button())
            else:
                await self._say(update, messages.fix_rejected(error.reason, error.value))
            return
        await self._say(update, import_messages.fixed_all(count, lead, name))


def _mentioned_user(message: Message) -> int | None:
    """The user a prompt of the bot names (a mention link), if any."""
    for entity in message.entities:
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None:
            return entity.user.id
        if entity.type == MessageEntity.TEXT_LINK and (entity.url or "").startswith(
            "tg://user?id="
        ):
            raw = (entity.url or "").removeprefix("tg://user?id=")
            return int(raw) if raw.isdigit() else None
    return None


__all__ = ["ADMIN_MENU", "COMMANDS", "ChatSurface", "markup"]
