"""Imports waiting for an admin: the importer's proposal (``tracking.import_proposal``) kept in
``imports.payload`` (the column writes it in its one JSON form and reads it back as the
proposal), fixed task by task (``tracking.import_edits``), then stored as a notice whose
tasks are scheduled like seeded ones.

The payload is JSON (not pickled objects) so a pending import survives a restart and an
upgrade of the code that produced it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.agencies import AgencyGroup, AgencyRegistry
from domain.errors import TrackerError
from domain.status import ImportState
from storage.claims import claim_one
from storage.db import reading
from storage.models import ImportRow
from tracking import import_edits as edits
from tracking import wording as say
from tracking.fix_words import FIX_ALL as FIX_ALL
from tracking.fix_words import FIX_SHOW as FIX_SHOW
from tracking.fix_words import FixField as FixField
from tracking.fix_words import FixProblem as FixProblem
from tracking.fix_words import FixRejected as FixRejected
from tracking.fix_words import parse_fix_all as parse_fix_all
from tracking.fix_words import parse_fix_words as parse_fix_words
from tracking.import_edits import GroupMapped as GroupMapped
from tracking.import_proposal import (
    ImportProposal,
    ProposedTask,
    hold_whole_groups,
    is_waiting,
    whole_group,
)
from tracking.service import Actor, NewTask, Tracker
from tracking.views import StoreReport


class ImportNotFound(TrackerError):
    """No pending import to act on in this chat."""

    def __init__(self, chat_id: int) -> None:
        self.chat_id = chat_id
        super().__init__(f"no pending import in chat {chat_id}")


@dataclass(frozen=True, kw_only=True, slots=True)
class PendingImport:
    """A previewed import."""

    import_id: int
    source: str
    proposal: ImportProposal

    @property
    def tasks(self) -> tuple[ProposedTask, ...]:
        return self.proposal.tasks


class GroupsUnresolved(TrackerError):
    """Confirming an import while some tasks wait for their agencies: nothing is stored
    until the admin maps them or chooses to store the others and keep these pending."""

    def __init__(
        self, groups: dict[str, list[int]], no_lead: list[int], waiting: int, ready: int
    ) -> None:
        self.groups = groups
        """Each group not mapped → the numbers of its tasks."""
        self.no_lead = no_lead
        """The numbers of the tasks the notice names no lead for."""
        self.waiting = waiting
        self.ready = ready
        """How many kept tasks could be stored now."""
        super().__init__(f"{waiting} tasks wait for their agencies: {list(groups)}")


def new_tasks(proposal: ImportProposal) -> list[NewTask]:
    """The tasks to store (not those the admin dropped, nor a group not mapped yet); keys
    make a second import of the same notice add nothing."""
    return [
        NewTask(
            title=t.title,
            text=t.text,
            lead=t.lead,
            deadline=t.deadline,
            members=t.members,
            co=t.co,
            ref=t.ref,
            seed_key=f"{proposal.key}|{t.ref}|{t.seq}",
            followup_on=t.followup_on,
        )
        for t in proposal.tasks
        if not t.dropped and not (t.group_name and not t.lead_known)
    ]


class ImportDesk:
    """Pending imports per chat: preview, fix, confirm, cancel. Each change loads the
    chat's pending proposal, applies one edit of ``tracking.import_edits`` and stores
    the proposal's JSON form again, in one transaction."""

    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], tracker: Tracker) -> None:
        self._sessions = sessions
        self._tracker = tracker

    @property
    def registry(self) -> AgencyRegistry:
        return self._tracker.registry

    async def open(
        self, *, chat_id: int, user_id: int, source: str, proposal: ImportProposal, now: datetime
    ) -> PendingImport:
        """Record a new pending import; an older pending one in the chat is replaced. Tasks
        given to a registry group written bare ("Các bộ, ngành") wait for the admin to map
        them (:func:`tracking.import_proposal.hold_whole_groups`)."""
        proposal = hold_whole_groups(proposal, self.registry)
        async with self._sessions.begin() as session:
            await session.execute(
                update(ImportRow)
                .where(ImportRow.chat_id == chat_id, ImportRow.state == ImportState.PENDING)
                .values(state=ImportState.CANCELLED)
            )
            row = ImportRow(
                chat_id=chat_id,
                user_id=user_id,
                created_at=now,
                state=ImportState.PENDING,
                source=source,
                payload=proposal,
            )
            session.add(row)
            await session.flush()
            return PendingImport(import_id=row.id, source=source, proposal=proposal)

    async def _pending(
        self, session: AsyncSession, chat_id: int, import_id: int | None
    ) -> tuple[ImportRow, ImportProposal]:
        """The chat's pending import (``import_id``'s, when given) and its proposal."""
        query = select(ImportRow).where(
            ImportRow.chat_id == chat_id, ImportRow.state == ImportState.PENDING
        )
        if import_id is not None:
            query = query.where(ImportRow.id == import_id)
        row = await session.scalar(query.order_by(ImportRow.id.desc()))
        if row is None:
            raise ImportNotFound(chat_id)
        return row, row.payload

    async def _latest(
        self, session: AsyncSession, chat_id: int, import_id: int | None
    ) -> tuple[ImportRow, ImportProposal]:
        """The chat's newest pending import, which must be ``import_id`` when given (a
        button of an older preview finds ImportNotFound)."""
        row, proposal = await self._pending(session, chat_id, None)
        if import_id is not None and row.id != import_id:
            raise ImportNotFound(chat_id)
        return row, proposal

    async def fix(
        self, *, chat_id: int, number: int, field: FixField | None, value: str, today: date
    ) -> tuple[PendingImport, ProposedTask | None]:
        """Change one proposed task (:func:`tracking.import_edits.fix_task`). Returns the
        import and the changed task (None when dropped)."""
        async with self._sessions.begin() as session:
            row, proposal = await self._pending(session, chat_id, None)
            proposal, changed = edits.fix_task(
                proposal,
                number=number,
                field=field,
                value=value,
                today=today,
                registry=self.registry,
                calendar=self._tracker.planner.calendar,
            )
            row.payload = proposal
            return PendingImport(import_id=row.id, source=row.source, proposal=proposal), changed

    async def choose_followup(
        self, *, chat_id: int, import_id: int, number: int, day: date, today: date
    ) -> ProposedTask:
        """The 📅 button of a preview: task ``number`` of import ``import_id`` (the chat's
        pending one) is first followed up on ``day``. Returns the task. Raises
        ImportNotFound (an older preview), FixRejected (as :meth:`fix` does)."""
        async with self._sessions.begin() as session:
            row, proposal = await self._latest(session, chat_id, import_id)
            proposal, task = edits.choose_followup(
                proposal,
                number=number,
                day=day,
                today=today,
                calendar=self._tracker.planner.calendar,
            )
            row.payload = proposal
            return task

    async def fix_all_leads(self, *, chat_id: int, old: str, new: str) -> tuple[int, str]:
        """Every kept task whose lead reads ``old`` (case and diacritics aside) gets the lead
        ``new``; returns how many changed and the registry's name of ``new``."""
        async with self._sessions.begin() as session:
            row, proposal = await self._pending(session, chat_id, None)
            proposal, changed, lead = edits.fix_all_leads(
                proposal, old=old, new=new, registry=self.registry
            )
            row.payload = proposal
        return changed, lead

    def agencies_named(self, typed: str) -> tuple[list[str], list[str]]:
        """The registry agencies an answer to a group's question names
        (:func:`tracking.import_edits.agencies_named`)."""
        return edits.agencies_named(self.registry, typed)

    def whole_group(self, name: str) -> AgencyGroup | None:
        """The registry group a group to map is, if it is one
        (:func:`tracking.import_proposal.whole_group`)."""
        return whole_group(name, self.registry)

    def group_except(self, group: AgencyGroup, typed: str) -> edits.GroupExcept:
        """The members of ``group`` but the agencies ``typed`` names
        (:func:`tracking.import_edits.group_except`)."""
        return edits.group_except(self.registry, group.id, typed)

    async def map_group(
        self,
        *,
        chat_id: int,
        import_id: int | None,
        index: int,
        agencies: Sequence[str],
        only: bool = False,
    ) -> GroupMapped:
        """Give group ``index`` (its 👥 number, from 1) the registry ``agencies`` besides
        those chosen before (``only``: instead of them; "Cả nhóm", "trừ …")
        (:func:`tracking.import_edits.map_group`). Raises
        ImportNotFound (no pending import, or not ``import_id``), FixRejected (no such group:
        ``number``; a name not in the registry: ``agency``)."""
        names = [self.registry.resolve(name).name for name in agencies] if agencies else []
        async with self._sessions.begin() as session:
            row, proposal = await self._latest(session, chat_id, import_id)
            proposal, mapped = edits.map_group(proposal, index=index, agencies=names, only=only)
            row.payload = proposal
        return mapped

    async def current(self, *, chat_id: int) -> PendingImport:
        """The chat's pending import (to show its preview again)."""
        async with reading(self._sessions) as session:
            row, proposal = await self._pending(session, chat_id, None)
            return PendingImport(import_id=row.id, source=row.source, proposal=proposal)

    async def confirm(
        self,
        *,
        chat_id: int,
        import_id: int | None,
        actor: Actor,
        now: datetime,
        keep_waiting: bool = False,
    ) -> StoreReport:
        """Store the pending import as a notice with its tasks (scheduled at once).

        Tasks whose agencies are not known yet (a group not mapped, no lead) are never
        stored: without ``keep_waiting`` nothing is, and GroupsUnresolved says what waits;
        with it the others are stored and these stay pending in an import of their own."""
        async with self._sessions.begin() as session:
            row, proposal = await self._pending(session, chat_id, import_id)
            tasks = proposal.tasks
            waiting = [t for t in tasks if is_waiting(t, self.registry)]
            if waiting and not keep_waiting:
                kept = sum(1 for t in tasks if not t.dropped)
                no_lead = [
                    n
                    for n, t in enumerate(tasks, start=1)
                    if is_waiting(t, self.registry) and not t.group_name
                ]
                raise GroupsUnresolved(
                    proposal.unresolved_groups(), no_lead, len(waiting), kept - len(waiting)
                )
            claimed = await claim_one(
                session,
                update(ImportRow)
                .where(ImportRow.id == row.id, ImportRow.state == ImportState.PENDING)
                .values(state=ImportState.CONFIRMED),
            )
            if not claimed:
                raise ImportNotFound(chat_id)
            source = row.source
        try:
            report = await store_proposal(self._tracker, proposal, source, actor=actor, now=now)
        except Exception:
            # Storing failed: put it back so the admin can try again; nothing is lost.
            async with self._sessions.begin() as session:
                await session.execute(
                    update(ImportRow)
                    .where(ImportRow.id == row.id)
                    .values(state=ImportState.PENDING)
                )
            raise
        await self._keep_unknown(row, proposal, now)
        return report

    async def _keep_unknown(self, row: ImportRow, proposal: ImportProposal, now: datetime) -> None:
        """Tasks whose lead is still unknown were not stored: they stay pending, in a new
        import of their own, so the admin can fix them and confirm again."""
        waiting = [t for t in proposal.tasks if is_waiting(t, self.registry)]
        if not waiting:
            return
        async with self._sessions.begin() as session:
            session.add(
                ImportRow(
                    chat_id=row.chat_id,
                    user_id=row.user_id,
                    created_at=now,
                    state=ImportState.PENDING,
                    source=row.source,
                    payload=proposal.of_tasks(waiting),
                )
            )

    async def cancel(self, *, chat_id: int, import_id: int | None) -> None:
        async with self._sessions.begin() as session:
            row, _ = await self._pending(session, chat_id, import_id)
            row.state = ImportState.CANCELLED


async def store_proposal(
    tracker: Tracker, proposal: ImportProposal, source: str, *, actor: Actor, now: datetime
) -> StoreReport:
    """Store an import's proposal as a notice (used by the chat and the command line). A
    lead the registry has learnt since the preview (a local body added with /coquan) is
    used; a task given to a group not mapped yet is not stored and is reported as such."""
    registry = tracker.registry
    tasks: list[ProposedTask] = []
    for task in proposal.tasks:
        known = registry.find(task.lead) if task.group_name else None
        if known is not None and not task.lead_known:
            task = replace(task, lead=known.name, lead_known=True)
        tasks.append(task)
    report = await tracker.store_notice(
        key=proposal.key,
        number=proposal.number,
        issued=proposal.issued,
        title=proposal.title,
        source=source,
        tasks=new_tasks(replace(proposal, tasks=tuple(tasks))),
        actor=actor,
        now=now,
    )
    waiting = [
        say.skipped_unknown_lead(t.ref, t.title, t.group_name)
        for t in tasks
        if t.group_name and t.unresolved
    ]
    return replace(report, skipped=(*report.skipped, *waiting)) if waiting else report
