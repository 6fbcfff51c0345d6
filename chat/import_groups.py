"""Tasks of an import given to groups the registry does not know, in the chat.

A collective the notice does not pin down ("Các bộ, ngành liên quan"), a person ("Phó Thủ
tướng …") or a body outside the registry leads its tasks as written: the preview lists them
apart, under "Giao cho nhóm chưa xác định", with a 👥 button per group. The button asks
which registry agencies the group is; the admin answers with their names (or presses a
"Có phải …?" suggestion) and may add more later. A registry group written bare ("Các bộ,
ngành", "Các địa phương": no members named) waits the same way, with a "Cả nhóm … (N cơ
quan)" button that gives its tasks to every agency of the group in one press, and "trừ Bộ
X" (also "tru bo x") as an answer for the group but the agencies named. Such tasks are neither stored nor
reminded until mapped; ✅ with a group still unmapped stores nothing and asks: map them, or
store the other tasks and keep these pending ("💾 Lưu … nhiệm vụ đã rõ").
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from telegram import ForceReply, Message, Update
from telegram.error import TelegramError

from chat import import_messages, messages, refusals
from chat.parsing import ascii_id
from chat.transport import markup
from domain.agencies import AgencyGroup
from domain.errors import UnknownAgency
from tracking import import_edits as edits
from tracking.imports import (
    FixProblem,
    FixRejected,
    GroupMapped,
    GroupsUnresolved,
    ImportNotFound,
    PendingImport,
)
from tracking.service import Actor

if TYPE_CHECKING:
    from chat.handlers import ChatSurface

log = logging.getLogger(__name__)

#: Suggestions under a group's question.
SUGGESTIONS = 3


class ImportGroupsChat:
    """The 👥 buttons of an import preview, their questions and answers, and the ✅ that
    waits for them."""

    def __init__(self, surface: ChatSurface) -> None:
        self._surface = surface

    def buttons(self, pending: PendingImport) -> list[list[dict[str, str]]]:
        """A 👥 button per group of the preview not mapped yet, and a "Cả nhóm …" button per
        registry group among them."""
        waiting = pending.proposal.unresolved_groups()
        numbered = [
            (index, name)
            for index, name in enumerate(pending.proposal.group_names(), start=1)
            if name in waiting
        ]
        whole = [(i, n, c) for i, n in numbered if (c := self._whole_count(n))]
        return import_messages.whole_group_buttons(
            pending.import_id, whole
        ) + import_messages.group_buttons(pending.import_id, numbered)

    def whole_counts(self, pending: PendingImport) -> dict[str, int]:
        """Each registry group still to map → how many agencies it has."""
        return {
            name: count
            for name in pending.proposal.unresolved_groups()
            if (count := self._whole_count(name))
        }

    def _whole_count(self, name: str) -> int:
        group = self._surface.desk.whole_group(name)
        return len(self._surface.tracker.registry.members(group.id)) if group else 0

    @staticmethod
    def prompt_name(text: str) -> str | None:
        """The group a message of the bot asks about (a reply to it answers)."""
        return import_messages.group_prompt_name(text)

    async def button(self, update: Update, action: str, raw: str) -> None:
        """ "imp:map:<import>:<n>": ask which agencies group n is, with suggestions;
        "imp:set:<import>:<n>:<agency id>": add that agency to group n; "imp:all:<import>:<n>":
        give group n (a registry group) to all its agencies (the admin is checked by the
        caller)."""
        s = self._surface
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
            pending = await s.desk.current(chat_id=chat.id)
        except ImportNotFound:
            await s._say(update, messages.import_missing())
            return
        groups = pending.proposal.group_names()
        if pending.import_id != import_id or index > len(groups):
            await s._say(update, import_messages.stale_map_button())
            return
        if agency_id is not None:
            try:
                agency = s.tracker.registry.get(agency_id)
            except UnknownAgency:
                await s._say(update, import_messages.stale_map_button())
                return
            await self._map(update, index, [agency.name], [])
            return
        if action == "all":
            name = groups[index - 1]
            group = s.desk.whole_group(name)
            if group is None:
                await s._say(update, import_messages.not_a_whole_group(name))
                return
            await self._whole(update, index, group, "", pending.import_id)
            return
        await self._ask(update, pending, index)

    async def _ask(self, update: Update, pending: PendingImport, index: int) -> None:
        s = self._surface
        name = pending.proposal.group_names()[index - 1]
        mine = [
            (n, t)
            for n, t in enumerate(pending.tasks, start=1)
            if t.group_name == name and not t.dropped
        ]
        numbers = [n for n, _ in mine]
        chosen = next((list(t.group_agencies) for _, t in mine), [])
        count = self._whole_count(name)
        found = (
            []
            if count
            else [(a.id, a.name) for a in s.tracker.registry.candidates(name, limit=SUGGESTIONS)]
        )
        prompt = import_messages.group_prompt(
            name, numbers, bool(found), chosen, whole=count or None
        )
        rows = import_messages.suggestion_buttons(pending.import_id, index, found)
        if count:
            rows = import_messages.whole_group_buttons(pending.import_id, [(index, name, count)])
        if rows:
            await s._say(update, prompt, reply_markup=markup(rows))
        else:
            await s._say(update, prompt, reply_markup=ForceReply(selective=True))

    async def reply(self, update: Update, name: str, text: str) -> None:
        """An answer to a group's question: the agencies it names are added to the group;
        names that match none are answered with "Có phải …?" suggestions."""
        s = self._surface
        chat = update.effective_chat
        assert chat is not None
        try:
            pending = await s.desk.current(chat_id=chat.id)
        except ImportNotFound:
            await s._say(update, messages.import_missing())
            return
        groups = pending.proposal.group_names()
        if name not in groups:
            await s._say(update, import_messages.stale_map_button())
            return
        index = groups.index(name) + 1
        but = edits.read_whole_group(text)
        if but is not None:
            group = s.desk.whole_group(name)
            if group is None:
                await s._say(update, import_messages.not_a_whole_group(name))
                return
            await self._whole(update, index, group, but, pending.import_id)
            return
        agencies, unmatched = s.desk.agencies_named(text)
        await self._map(update, index, agencies, unmatched, pending.import_id)

    async def _whole(
        self, update: Update, index: int, group: AgencyGroup, but: str, import_id: int
    ) -> None:
        """Group ``index`` (the registry's ``group``) given to all its agencies, or to all
        but those ``but`` names (nothing is chosen while a name there matches no agency)."""
        s = self._surface
        excluded: tuple[str, ...] = ()
        outside: tuple[str, ...] = ()
        if but:
            found = s.desk.group_except(group, but)
            if found.unmatched:
                await s._say(update, import_messages.except_unmatched(found.unmatched))
                return
            if not found.excluded:
                await s._say(update, import_messages.except_outside_only(group.name, found.outside))
                return
            agencies = list(found.kept)
            excluded, outside = found.excluded, found.outside
        else:
            agencies = [a.name for a in s.tracker.registry.members(group.id)]
        mapped = await self._mapped(update, index, agencies, import_id, only=True)
        if mapped is not None:
            await s._say(
                update,
                import_messages.whole_group_mapped(
                    mapped.name, mapped.numbers, len(mapped.agencies), excluded, outside
                ),
            )

    async def _mapped(
        self,
        update: Update,
        index: int,
        agencies: list[str],
        import_id: int | None,
        *,
        only: bool = False,
    ) -> GroupMapped | None:
        """Group ``index`` given ``agencies`` (see :meth:`ImportDesk.map_group`); None, the
        admin told why, when the import or the group is gone."""
        s = self._surface
        chat = update.effective_chat
        assert chat is not None
        try:
            return await s.desk.map_group(
                chat_id=chat.id, import_id=import_id, index=index, agencies=agencies, only=only
            )
        except ImportNotFound:
            await s._say(update, messages.import_missing())
        except FixRejected as error:
            if error.reason is FixProblem.NUMBER:
                await s._say(update, import_messages.stale_map_button())
            else:
                await s._say(update, messages.fix_rejected(error.reason, error.value))
        return None

    async def _map(
        self,
        update: Update,
        index: int,
        agencies: list[str],
        unmatched: list[str],
        import_id: int | None = None,
    ) -> None:
        s = self._surface
        chat = update.effective_chat
        assert chat is not None
        texts: list[str] = []
        if agencies:
            mapped = await self._mapped(update, index, agencies, import_id)
            if mapped is None:
                return
            texts.append(import_messages.group_mapped(mapped.name, mapped.numbers, mapped.agencies))
        if not unmatched:
            if texts:
                await s._say(update, *texts)
            return
        found = [
            (a.id, a.name) for a in s.tracker.registry.candidates(unmatched[0], limit=SUGGESTIONS)
        ]
        texts.append(import_messages.group_unmatched(unmatched, bool(found)))
        current = import_id
        if current is None:
            with contextlib.suppress(ImportNotFound):
                current = (await s.desk.current(chat_id=chat.id)).import_id
        rows = import_messages.suggestion_buttons(current, index, found) if current else []
        await s._say(update, *texts, reply_markup=markup(rows) if rows else None)

    async def confirm(self, update: Update, import_id: int, actor: Actor, *, keep: bool) -> None:
        """✅ (``keep`` false) or "💾 Lưu … nhiệm vụ đã rõ" (``keep`` true): store the import;
        while tasks wait for their agencies, ✅ stores nothing and asks."""
        s = self._surface
        query = update.callback_query
        chat = update.effective_chat
        assert chat is not None
        try:
            report = await s.desk.confirm(
                chat_id=chat.id, import_id=import_id, actor=actor, now=s._now(), keep_waiting=keep
            )
        except GroupsUnresolved as waiting:
            pending = await s.desk.current(chat_id=chat.id)
            rows = import_messages.waiting_keyboard(import_id, waiting.ready) + self.buttons(
                pending
            )
            await s._say(
                update,
                import_messages.waiting_question(
                    waiting.groups, waiting.no_lead, waiting.waiting, waiting.ready
                ),
                reply_markup=markup(rows),
            )
            return
        except ImportNotFound:
            text = messages.import_missing()
        else:
            text = messages.import_stored(
                report.tasks_added, report.tasks_existing, (), report.notice_key
            )
            if report.skipped:
                text += "\n" + import_messages.kept_waiting(report.skipped)
            s._notify()
        if query is not None and isinstance(query.message, Message):
            with contextlib.suppress(TelegramError):
                await query.message.edit_reply_markup(None)
        await s._say(update, text)
