"""Importing a notice in the chat: ``/import`` (pasted text) or a file, the preview with its
buttons (``imp:ok|part|fix|no:…``, ``imp:map|set|all:…`` for the groups to map, in
``chat.import_groups``, ``imp:fu:…``), ``/fix``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import date
from pathlib import Path

from telegram import ForceReply, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from chat import command_messages as cm
from chat import followdate_messages as fdm
from chat import import_messages, messages, refusals
from chat import list_messages as lists
from chat.download import DownloadFailed, FileTooLarge, download_capped
from chat.fitting import shorten
from chat.parsing import BadInput, ascii_id, looks_like_date, parse_issue_date
from chat.surface import Context, SurfaceCore, actor_of
from chat.transport import markup
from domain.agencies import fold_name
from domain.year_window import year_window
from notices.importer import IssueDateMissing, import_notice
from notices.sources import MAX_FILE_BYTES, MAX_INFLATED_BYTES, unsupported_advice
from tracking.import_proposal import ImportProposal, proposal_of
from tracking.import_worker import WORKER_SECONDS, ImportProblem, import_file
from tracking.imports import (
    FIX_SHOW,
    FixField,
    FixProblem,
    FixRejected,
    ImportNotFound,
    PendingImport,
    parse_fix_all,
    parse_fix_words,
)

log = logging.getLogger(__name__)


class ImportChat(SurfaceCore):
    """The import preview and ``/fix``."""

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
        if result.proposal is None:
            log.info("notice file %r refused: %s %s", name[:80], result.problem, result.detail)
            await self._say(update, self._file_problem(result.problem, Path(name).suffix))
            return
        await self._open_preview(update, result.proposal, source=name[:200])

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
        await self._open_preview(update, proposal_of(parsed, text), source=source)

    async def _open_preview(self, update: Update, proposal: ImportProposal, *, source: str) -> None:
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None
        assert user is not None
        if not proposal.tasks:
            await self._say(update, messages.import_empty())
            return
        today = self._today(self._now())
        proposal, held = proposal.held_to_window(today)
        pending = await self._desk.open(
            chat_id=chat.id,
            user_id=user.id,
            source=source,
            proposal=proposal,
            now=self._now(),
        )
        await self._show(update, pending)
        if held:
            await self._say(
                update, import_messages.deadlines_out_of_window(held, *year_window(today))
            )

    def import_page(self, pending: PendingImport, page: int) -> tuple[str, lists.Keyboard]:
        """One page of the preview with ✅ ✏️ ✖️, a 📅 per undated task of the page whose
        follow-up date is only proposed, and ◀ ▶ (``pg:i<import id>:<page>``)."""
        proposal = pending.proposal
        followups = self._followdate.preview(pending)
        html, page, pages = messages.import_preview_page(
            followups={f.number: fdm.preview_line(f.day, f.chosen) for f in followups},
            number=proposal.number,
            issued=proposal.issued,
            title=proposal.title,
            tasks=proposal.tasks,
            unknown=proposal.unknown_agencies,
            page=page,
            whole_groups=self._groups.whole_counts(pending),
        )
        shown = range(page * messages.IMPORT_PAGE + 1, (page + 1) * messages.IMPORT_PAGE + 1)
        on_page = [f for f in followups if f.number in shown]
        if on_page:
            html += "\n\n" + fdm.preview_note(on_page[0].number, self._followdate.interval_days)
        keyboard = (
            messages.import_keyboard(pending.import_id)
            + fdm.preview_buttons(pending.import_id, on_page)
            + self._groups.buttons(pending)
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
        chosen = changed.followup_on if changed is not None and followup else None
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

    async def import_button(self, update: Update, context: Context) -> None:
        """✅ ✏️ ✖️ under the preview (``imp:ok|fix|no:<import id>``), and "💾 Lưu … nhiệm
        vụ đã rõ" under the question ✅ asks while tasks wait for their agencies
        (``imp:part:<import id>``)."""
        query = update.callback_query
        chat = update.effective_chat
        assert query is not None
        assert chat is not None
        user = update.effective_user
        if not await self._admin_pressed(update):
            return
        data = query.data or ""
        _, action, raw = [*data.split(":", 2), "", ""][:3]
        import_id = ascii_id(raw)
        if import_id is None:
            log.warning("unreadable button data %r", data[:64])
            await query.answer(refusals.unreadable_button())
            return
        await query.answer()
        if action == "fix":
            await self._say(update, messages.fix_usage())
            return
        if action in {"ok", "part"}:
            await self._groups.confirm(update, import_id, actor_of(user), keep=action == "part")
            return
        try:
            await self._desk.cancel(chat_id=chat.id, import_id=import_id)
            text = messages.import_cancelled()
        except ImportNotFound:
            text = messages.import_missing()
        if isinstance(query.message, Message):
            with contextlib.suppress(TelegramError):
                await query.message.edit_reply_markup(None)
        await self._say(update, text)

    async def import_map_button(self, update: Update, context: Context) -> None:
        """👥 under the preview: which agencies a group is (``imp:map|set:…``), or all of a
        registry group's ("Cả nhóm …", ``imp:all:…``)."""
        if not await self._admin_pressed(update):
            return
        query = update.callback_query
        assert query is not None
        _, action, raw = [*(query.data or "").split(":", 2), "", ""][:3]
        await self._groups.button(update, action, raw)

    async def import_followup_button(self, update: Update, context: Context) -> None:
        """📅 under the preview: a proposed follow-up date confirmed (``imp:fu:…``)."""
        if not await self._admin_pressed(update):
            return
        query = update.callback_query
        assert query is not None
        _, _, raw = [*(query.data or "").split(":", 2), "", ""][:3]
        await self._followdate.preview_button(update, raw)

    async def unreadable_import_button(self, update: Update, context: Context) -> None:
        """An ``imp:`` button of no known action: the admins are told it is unreadable."""
        if await self._admin_pressed(update):
            await self.unreadable_button(update, context)
