"""Obligations as the reports see them: stored facts and history, and their state as of a
day.

``load_obligations`` reads every obligation (task × member agency) once: the facts and
status events the office's status model needs (``tracking.statuses.load_histories``),
plus what the reports print (notice, item, title, lead, co-operating agencies, the
deadline as written, notes, proposals and their decisions). ``state_as_of`` asks the
status model (``domain.followup.obligation_state``, a pure function of the history) where
the obligation stood at the end of a day, so a report, its weekly trend and the digest's
"since last week" all come from one read. A recurring duty followed period by period has
one state per period begun by that day (``ObligationState.periods``): the reports count
and list those, not the duty.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.agencies import AgencyRegistry
from domain.deadline import DeadlineKind, Granularity
from domain.errors import UnknownAgency
from domain.followup import HistoryEvent, ObligationFacts, PeriodState, obligation_state
from domain.status import EventKind, FollowUpStatus, ProposalState
from storage.db import reading
from storage.models import EventRow, ExtensionRow, NoticeRow, TaskRow
from tracking.statuses import load_histories

#: The statuses a report counts in its cells (awaiting confirmation is counted by its
#: deadline: it is not done until the office confirms it).
ReportStatus = FollowUpStatus

#: Events whose wording is an obligation's latest note.
NOTE_EVENTS = frozenset(
    {
        EventKind.DONE,
        EventKind.LATE,
        EventKind.PROGRESS,
        EventKind.EXTENSION_PROPOSED,
        EventKind.SUBMITTED,
        EventKind.RETURNED,
        EventKind.PERIOD_DONE,
    }
)

DECISION_LABEL = {
    ProposalState.PENDING: "chờ duyệt",
    ProposalState.APPROVED: "đồng ý",
    ProposalState.REJECTED: "không đồng ý",
    ProposalState.WITHDRAWN: "đã rút đề xuất",
}


@dataclass(frozen=True, kw_only=True, slots=True)
class Proposal:
    """A focal point's extension proposal and when (if ever) the office decided it."""

    proposed_on: date
    proposed_due: date
    state: ProposalState
    decided_on: date | None


@dataclass(frozen=True, kw_only=True, slots=True)
class Obligation:
    """One agency's obligation under a task: what the reports print and compute from."""

    facts: ObligationFacts
    events: tuple[HistoryEvent, ...]
    """Its own and its task's status events, in order."""
    notice: str
    """The notice's number ("56/TB-VPCP"), or its key when it has none; "" for a task
    added by hand."""
    ref: str
    title: str
    lead: str
    """The lead exactly as assigned (an agency name or a group wording)."""
    co: tuple[str, ...]
    """Co-operating agencies' names."""
    phrase: str
    """The deadline as written in the notice."""
    notes: tuple[tuple[date, str], ...] = ()
    """(day, wording) of reports, progress notes and proposals, in order."""
    proposals: tuple[Proposal, ...] = ()
    granularity: Granularity | None = None
    """The deadline's granularity; for a recurring duty, its period (a period's label)."""

    @property
    def task_id(self) -> int:
        return self.facts.task_id

    @property
    def agency_id(self) -> str:
        """The member agency as assigned (a merged province keeps its own id)."""
        return self.facts.agency_id

    @property
    def owner_id(self) -> str:
        """The agency answering for it today (the appendix's row)."""
        return self.facts.owner_id

    @property
    def assigned_on(self) -> date:
        return self.facts.assigned_on

    @property
    def due(self) -> date | None:
        """The deadline as first assigned, as a date."""
        return self.facts.due


@dataclass(frozen=True, kw_only=True, slots=True)
class ObligationState:
    """An obligation as of a reporting day."""

    status: FollowUpStatus
    """The status model's answer."""
    cell: FollowUpStatus
    """The report cell it counts in: ``status``, except that an obligation awaiting the
    office's confirmation counts as in time, overdue, undated or standing."""
    deadline_assigned: date | None
    deadline_in_force: date | None
    proposed_deadline: date | None
    """A proposal still waiting for the office's decision."""
    proposal_decision: str
    """"chờ duyệt", "đồng ý", "không đồng ý", "đã rút đề xuất", or "" (no proposal)."""
    last_proposed: date | None
    """The date of the latest proposal made by then (whatever became of it)."""
    done_at: date | None
    last_note: str
    period: date | None = None
    """The due date of the period this state is of (None: the obligation as a whole)."""
    periods: tuple[ObligationState, ...] = ()
    """A recurring duty followed period by period: one state per period begun by the
    reporting day, oldest first (what the reports count instead of the duty)."""

    @property
    def is_done(self) -> bool:
        return self.cell.is_done

    def period_of(self, due: date) -> ObligationState | None:
        """The state of the period due on ``due`` (None: not begun by then)."""
        return next((p for p in self.periods if p.period == due), None)


def _cell(
    status: FollowUpStatus, kind: DeadlineKind, in_force: date | None, as_of: date
) -> FollowUpStatus:
    if status is not FollowUpStatus.AWAITING_CONFIRMATION:
        return status
    if in_force is None:
        return FollowUpStatus.UNDATED if kind is DeadlineKind.NONE else FollowUpStatus.STANDING
    return FollowUpStatus.IN_TIME if as_of <= in_force else FollowUpStatus.OVERDUE


def state_as_of(obligation: Obligation, as_of: date) -> ObligationState | None:
    """Where ``obligation`` stood at the end of ``as_of``; None when not assigned yet."""
    state = obligation_state(obligation.facts, obligation.events, as_of)
    if state is None:
        return None
    note = ""
    for day, text in obligation.notes:
        if day > as_of:
            break
        note = text
    decision, last_proposed = "", None
    for proposal in obligation.proposals:
        if proposal.proposed_on > as_of:
            break
        last_proposed = proposal.proposed_due
        decided = proposal.decided_on is not None and proposal.decided_on <= as_of
        decision = DECISION_LABEL[proposal.state if decided else ProposalState.PENDING]
    return ObligationState(
        status=state.status,
        cell=_cell(state.status, state.deadline_kind, state.deadline_in_force, as_of),
        deadline_assigned=state.deadline_assigned,
        deadline_in_force=state.deadline_in_force,
        proposed_deadline=state.proposed_deadline,
        proposal_decision=decision,
        last_proposed=last_proposed,
        done_at=state.done_at,
        last_note=note,
        periods=tuple(
            _period_state(p, note if n == len(state.periods) - 1 else "")
            for n, p in enumerate(state.periods)
        ),
    )


def _period_state(period: PeriodState, note: str) -> ObligationState:
    """One period as a report row: its due date assigned, its extension in force, a
    proposal still waiting on the current one; the duty's latest note on the latest."""
    proposed = period.proposed_deadline
    return ObligationState(
        status=period.status,
        cell=period.status,
        deadline_assigned=period.due,
        deadline_in_force=period.deadline_in_force,
        proposed_deadline=proposed,
        proposal_decision=DECISION_LABEL[ProposalState.PENDING] if proposed else "",
        last_proposed=proposed,
        done_at=period.done_at,
        last_note=note,
        period=period.due,
    )


async def load_obligations(
    sessions: async_sessionmaker[AsyncSession], registry: AgencyRegistry, timezone: ZoneInfo
) -> list[Obligation]:
    """Every stored obligation, by task then agency (a handful of bulk queries)."""
    async with reading(sessions) as session:
        histories = await load_histories(session, timezone=timezone)
        tasks = {
            row.id: row
            for row in (
                await session.execute(
                    select(
                        TaskRow.id,
                        TaskRow.ref,
                        TaskRow.title,
                        TaskRow.lead,
                        TaskRow.co,
                        TaskRow.phrase,
                        TaskRow.granularity,
                        NoticeRow.number,
                        NoticeRow.key,
                    ).outerjoin(NoticeRow, NoticeRow.id == TaskRow.notice_id)
                )
            ).all()
        }
        notes: dict[int, list[tuple[date, str]]] = defaultdict(list)
        for assignment_id, at, detail in (
            await session.execute(
                select(EventRow.assignment_id, EventRow.at, EventRow.detail)
                .where(
                    EventRow.kind.in_(NOTE_EVENTS),
                    EventRow.assignment_id.is_not(None),
                    EventRow.detail != "",
                )
                .order_by(EventRow.id)
            )
        ).all():
            if assignment_id is not None:
                notes[assignment_id].append((_day(at, timezone), detail))
        proposals: dict[int, list[Proposal]] = defaultdict(list)
        for assignment_id, proposed_at, proposed_due, state, decided_at in (
            await session.execute(
                select(
                    ExtensionRow.assignment_id,
                    ExtensionRow.proposed_at,
                    ExtensionRow.proposed_due,
                    ExtensionRow.state,
                    ExtensionRow.decided_at,
                ).order_by(ExtensionRow.id)
            )
        ).all():
            proposals[assignment_id].append(
                Proposal(
                    proposed_on=_day(proposed_at, timezone),
                    proposed_due=proposed_due,
                    state=state,
                    decided_on=_day(decided_at, timezone) if decided_at else None,
                )
            )
    names: dict[str, str] = {}

    def name(agency_id: str) -> str:
        if agency_id not in names:
            try:
                names[agency_id] = registry.get(agency_id).name
            except UnknownAgency:
                names[agency_id] = agency_id
        return names[agency_id]

    result: list[Obligation] = []
    for facts in histories.facts:
        task = tasks[facts.task_id]
        shared = histories.task_events.get(facts.task_id, [])
        own = histories.own_events.get(facts.assignment_id, [])
        events = sorted((*shared, *own), key=lambda ev: ev.seq) if shared and own else shared or own
        result.append(
            Obligation(
                facts=facts,
                events=tuple(events),
                notice=(task.number or task.key) if task.key is not None else "",
                ref=task.ref,
                title=task.title,
                lead=task.lead,
                co=tuple(name(c) for c in task.co or ()),
                phrase=task.phrase,
                notes=tuple(notes.get(facts.assignment_id, ())),
                proposals=tuple(proposals.get(facts.assignment_id, ())),
                granularity=task.granularity,
            )
        )
    return result


def _day(at: datetime, timezone: ZoneInfo) -> date:
    return at.astimezone(timezone).date()


def first_day(obligations: Sequence[Obligation]) -> date | None:
    """The earliest day anything was assigned (where a history starts)."""
    return min((o.assigned_on for o in obligations), default=None)
