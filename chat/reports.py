"""The admins' reports in the chat: ``/baocao`` (figures, chart, the worst agencies behind
buttons) and ``/xuatexcel`` (the appendix as a document).

Registered by ``ChatSurface.register`` before its catch-all button handler, so the
``bc:`` buttons come here. The figures, the workbook and the picture are computed off the
event loop (in a worker thread): the bot keeps answering others meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Message, ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    filters,
)

from chat import report_messages as say
from chat import report_refusal_messages as refused
from chat.fitting import CAPTION_LIMIT, shorten
from chat.parsing import BadInput, looks_like_date, parse_date
from chat.transport import Keyboard, markup
from domain.agencies import AgencyRegistry
from domain.clock import Clock
from domain.errors import UnknownAgency
from reports.figures import (
    Report,
    Scope,
    ScopeKind,
    UnknownScope,
    build_report,
    find_notice,
    resolve_scope,
    weekly_overdue,
)
from reports.states import Obligation, load_obligations
from tracking.access import Access

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]
Guard = Callable[[Handler], Handler]


class ReportAccess(Protocol):
    """The reading check of the reports (``Tracker.report_access``)."""

    async def __call__(self, *, chat_id: int, user_id: int | None) -> Access: ...


#: ``bc:a:<agency id>:<YYYYMMDD>[:<notice>]``: an agency's list, opened from the summary of
#: everything (or of that notice); ``bc:s:<YYYYMMDD>[:<notice>]``: back to that summary.
_AGENCY_BUTTON = re.compile(r"^bc:a:([\w.-]{1,64}):(\d{8})(?::(.{1,40}))?$")
_BACK_BUTTON = re.compile(r"^bc:s:(\d{8})(?::(.{1,40}))?$")


@dataclass(frozen=True, kw_only=True, slots=True)
class ReportArgs:
    """What ``/baocao`` and ``/xuatexcel`` were asked: a day and a scope text."""

    as_of: date
    scope: str


def report_day(token: str, today: date) -> date:
    """A reporting day: ``30/6/2026``, ``2026-06-30``; ``30/6`` is the latest 30/6 so far."""
    full = parse_date(token, today)
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}", token) and full > today:
        return full.replace(year=full.year - 1)
    return full


def parse_report_args(args: list[str], today: date) -> ReportArgs:
    """``[ngày] [cơ quan | thông báo]`` in either order; raises ``BadInput`` (``BAD_DATE``)."""
    words = list(args)
    as_of = today
    if words and looks_like_date(words[0]):
        as_of = report_day(words.pop(0), today)
    elif words and looks_like_date(words[-1]):
        as_of = report_day(words.pop(), today)
    return ReportArgs(as_of=as_of, scope=" ".join(words).strip()[:200])


class ReportChat:
    """``/baocao``, ``/xuatexcel`` and the agency buttons."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        registry: AgencyRegistry,
        access: ReportAccess,
        clock: Clock,
        timezone: ZoneInfo,
        refuse: Callable[[], str],
    ) -> None:
        self._sessions = sessions
        self._registry = registry
        self._access = access
        self._clock = clock
        self._tz = timezone
        self._refuse = refuse

    def register(
        self, application: Application[Any, Any, Any, Any, Any, Any], guard: Guard
    ) -> None:
        # Only new messages: an edited /baocao is answered by the surface, not run again.
        fresh = filters.UpdateType.MESSAGE
        application.add_handler(CommandHandler("baocao", guard(self.baocao), filters=fresh))
        application.add_handler(CommandHandler("xuatexcel", guard(self.xuatexcel), filters=fresh))
        application.add_handler(CallbackQueryHandler(guard(self.button), pattern=r"^bc:"))

    # ------------------------------------------------------------------ helpers

    def _today(self) -> date:
        return self._clock.now().astimezone(self._tz).date()

    async def _may_read(self, update: Update) -> bool:
        """The one reading check of every report command and button (admins only)."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None:
            return False
        access = await self._access(chat_id=chat.id, user_id=user.id if user else None)
        return access.may_read

    async def _allowed(self, update: Update) -> bool:
        if await self._may_read(update):
            return True
        await self._reply(update, self._refuse())
        return False

    @staticmethod
    async def _reply(update: Update, html: str, keyboard: Any = None) -> Message | None:
        chat = update.effective_chat
        if chat is None:
            return None
        quoted = update.message
        reply = (
            ReplyParameters(message_id=quoted.message_id, allow_sending_without_reply=True)
            if quoted is not None
            else None
        )
        return await chat.send_message(
            html, parse_mode=ParseMode.HTML, reply_parameters=reply, reply_markup=markup(keyboard)
        )

    async def _report(
        self, update: Update, args: list[str]
    ) -> tuple[Report, list[Obligation]] | None:
        """The report asked for, or None after answering why there is none."""
        today = self._today()
        try:
            parsed = parse_report_args(args, today)
        except BadInput as error:
            await self._reply(update, refused.bad_day(error.value))
            return None
        obligations = await load_obligations(self._sessions, self._registry, self._tz)
        if not obligations:
            await self._reply(update, say.nothing_to_report())
            return None
        try:
            scope = resolve_scope(parsed.scope, self._registry, obligations)
        except UnknownScope as error:
            await self._unknown_scope(update, error.text, parsed.as_of)
            return None
        report = await asyncio.to_thread(
            build_report,
            obligations,
            self._registry,
            as_of=parsed.as_of,
            today=today,
            scope=scope,
        )
        if report.empty:
            await self._reply(update, refused.nothing_in_scope(report))
            return None
        return report, obligations

    async def _unknown_scope(self, update: Update, text: str, as_of: date) -> None:
        """No agency or notice by that name: "Có phải …?" buttons for the agencies it may
        mean, else how to write one."""
        found = [(agency.id, agency.name) for agency in self._registry.candidates(text)]
        keyboard = say.scope_keyboard(found, as_of)
        if keyboard:
            await self._reply(update, refused.scope_choices(text), keyboard)
        else:
            await self._reply(update, refused.unknown_scope(text))

    async def _send_chart(
        self, update: Update, report: Report, obligations: list[Obligation]
    ) -> None:
        from reports.chart import render_chart

        chat = update.effective_chat
        assert chat is not None

        def draw() -> bytes | None:
            trend = weekly_overdue(obligations, as_of=report.as_of, scope=report.scope)
            return render_chart(report, trend)

        png = await asyncio.to_thread(draw)
        if png is None:
            return
        await chat.send_photo(
            photo=png,
            filename=say.file_name(report, "png"),
            caption=shorten(say.chart_caption(report), CAPTION_LIMIT),
            parse_mode=ParseMode.HTML,
        )

    # ------------------------------------------------------------------ commands

    async def baocao(self, update: Update, context: Context) -> None:
        if not await self._allowed(update):
            return
        found = await self._report(update, list(context.args or []))
        if found is None:
            return
        report, obligations = found
        await self._reply(update, say.summary(report), say.summary_keyboard(report))
        await self._send_chart(update, report, obligations)

    async def xuatexcel(self, update: Update, context: Context) -> None:
        from reports.excel import write_xlsx

        if not await self._allowed(update):
            return
        found = await self._report(update, list(context.args or []))
        if found is None:
            return
        report, _ = found
        chat = update.effective_chat
        assert chat is not None
        data = await asyncio.to_thread(write_xlsx, report)
        await chat.send_document(
            document=data,
            filename=say.file_name(report, "xlsx"),
            caption=shorten(say.excel_caption(report), CAPTION_LIMIT),
            parse_mode=ParseMode.HTML,
        )

    async def button(self, update: Update, context: Context) -> None:
        """An agency button of the summary opens that agency's list as of the same day in
        the same message, with a ◀ button back to the summary (edited in place too)."""
        query = update.callback_query
        if query is None:
            return
        if not await self._may_read(update):
            await query.answer(self._refuse(), show_alert=True)
            return
        data = query.data or ""
        agency_match, back_match = _AGENCY_BUTTON.match(data), _BACK_BUTTON.match(data)
        try:
            if agency_match is not None:
                as_of = _button_day(agency_match[2])
                agency = self._registry.get(agency_match[1])
                origin = agency_match[3]
            elif back_match is not None:
                as_of, origin = _button_day(back_match[1]), back_match[2]
            else:
                raise ValueError(data)
        except (ValueError, UnknownAgency):
            log.warning("unreadable button data %r", data[:64])
            await query.answer(refused.stale_button(), show_alert=True)
            return
        obligations = await load_obligations(self._sessions, self._registry, self._tz)
        if origin is not None:
            notice = find_notice(origin, obligations)
            if notice is None:
                await query.answer(refused.stale_button(), show_alert=True)
                return
            scope = Scope(kind=ScopeKind.NOTICE, notice=notice, label=notice)
        else:
            scope = Scope()
        back: Keyboard = []
        if agency_match is not None:
            back = say.back_keyboard(as_of, scope)
            scope = Scope(kind=ScopeKind.AGENCY, agency_id=agency.id, label=agency.name)
        report = await asyncio.to_thread(
            build_report,
            obligations,
            self._registry,
            as_of=as_of,
            today=self._today(),
            scope=scope,
        )
        await query.answer()
        if report.empty:
            await self._show(update, refused.nothing_in_scope(report), back)
        elif agency_match is not None:
            await self._show(update, say.summary(report), back)
        else:
            await self._show(update, say.summary(report), say.summary_keyboard(report))

    async def _show(self, update: Update, html: str, keyboard: Keyboard) -> None:
        """Put ``html`` in the message the button sits on; a new message if it cannot be
        edited any more (deleted, or too old to edit)."""
        query = update.callback_query
        message = query.message if query is not None else None
        if isinstance(message, Message):
            try:
                await message.edit_text(
                    html, parse_mode=ParseMode.HTML, reply_markup=markup(keyboard)
                )
                return
            except BadRequest as error:
                if "not modified" in str(error).lower():
                    return  # pressed twice: it already shows this
                log.info("could not edit the report message in place: %s", error)
        await self._reply(update, html, keyboard)


def _button_day(text: str) -> date:
    return datetime.strptime(text, "%Y%m%d").date()  # noqa: DTZ007  (a calendar day)
