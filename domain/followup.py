"""The office's status of an obligation as of a reporting date, computed from its history.

This module is pure: no database, no clock. Given what an obligation was assigned
(``ObligationFacts``) and the events of its history (``HistoryEvent``, in the order they
happened), ``obligation_state`` says where it stood at the end of day ``as_of``:

* exactly one ``FollowUpStatus`` (done on time, done late, in time, overdue, undated,
  standing, cancelled, or awaiting confirmation);
* the assigned deadline and the deadline in force (the assigned one, or the last extension
  the office *approved* by ``as_of``);
* the proposed deadline of a proposal still open at ``as_of`` (the marker "đã đề xuất gia
  hạn (chờ duyệt)"); a proposal never moves a deadline by itself;
* the day it was reported done.

Only events on or before ``as_of`` count, so the figures for 30/6 are the same whether they
are asked for on 1/7 or on 15/7. ``task_status`` folds the members of a group task into the
task's own status (its least advanced member's).

Reports over many obligations call ``obligation_states`` once with every obligation and
every event (grouped by task and by obligation), which is a single pass with no lookups.

A recurring duty followed period by period (its facts carry the rule and the first period
followed) stays "thường xuyên / định kỳ" as a whole, and each of its periods begun by
``as_of`` gets its own ``PeriodState`` in the four cells: reported done on time or late
(``PERIOD_DONE``, the period's due date in the event; an ``UNDONE`` of it reopens the
period), else in time or overdue against the period's due date, or the extension the
office approved while that period was the current one. A period missed is overdue on its
own; the next period is counted on its own too, so a standing duty is never one obligation
overdue for ever.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from domain.deadline import DeadlineKind
from domain.followup_periods import DutyPeriods, PeriodState
from domain.status import EventKind, FollowUpStatus

#: The ``field`` of an EDITED event that changes the assigned deadline.
DEADLINE_FIELD = "deadline"


@dataclass(frozen=True, kw_only=True, slots=True)
class ObligationFacts:
    """What one member agency was assigned under one task (history not included)."""

    task_id: int
    assignment_id: int
    agency_id: str
    """The agency as assigned (a merged province keeps its own id here)."""
    owner_id: str
    """The agency responsible today (whose focal points are reminded)."""
    assigned_on: date
    """The day the obligation exists from: the notice's issue date, else the day stored."""
    kind: DeadlineKind
    """The kind of the deadline as first assigned (edits come as events)."""
    due: date | None
    """The due date as first assigned (None unless ``kind`` is DEADLINE)."""
    recurrence: str | None = None
    """A recurring duty's RRULE value (``domain.recurrence``); None for every other kind."""
    first_period: date | None = None
    """The due date of the first period of the duty the office followed up (None: it is
    not followed period by period, and counts as a standing duty)."""

    @property
    def periodic(self) -> bool:
        """Followed period by period: each period is counted in the report's cells."""
        return self.recurrence is not None and self.first_period is not None


@dataclass(frozen=True, kw_only=True, slots=True)
class HistoryEvent:
    """One event of an obligation's history, as the status function needs it.

    ``seq`` orders events (the database id); ``day`` is the local calendar day it happened.
    """

    seq: int
    day: date
    kind: EventKind
    due: date | None = None
    """EXTENSION_PROPOSED: the proposed date; EXTENSION_APPROVED: the new deadline in
    force; EDITED of the deadline: the new assigned due date; PERIOD_DONE: the due date of
    the period reported done."""
    deadline_kind: DeadlineKind | None = None
    """EDITED of the deadline: the new assigned deadline's kind."""
    field: str | None = None
    """EDITED: which field changed (``DEADLINE_FIELD`` is the only one that matters here)."""
    ref: int | None = None
    """Proposal id (EXTENSION_*), or the ``seq`` of the event an UNDONE withdraws."""


@dataclass(frozen=True, kw_only=True, slots=True)
class ObligationState:
    """Where one obligation stood at the end of ``as_of``."""

    task_id: int
    assignment_id: int
    agency_id: str
    owner_id: str
    as_of: date
    status: FollowUpStatus
    deadline_kind: DeadlineKind
    """The assigned deadline's kind as of ``as_of``."""
    deadline_assigned: date | None
    deadline_in_force: date | None
    """The assigned deadline, or the last extension approved by ``as_of``."""
    proposed_deadline: date | None
    """The date of a proposal still waiting for the office's decision (None otherwise, and
    None once the obligation is done or cancelled)."""
    proposal_id: int | None
    done_at: date | None
    """The day it was reported done (also while awaiting confirmation)."""
    periods: tuple[PeriodState, ...] = ()
    """A recurring duty followed period by period: its periods begun by ``as_of``, oldest
    first (empty once the duty is withdrawn, and for every other kind)."""

    @property
    def proposal_pending(self) -> bool:
        """True when the marker "đã đề xuất gia hạn (chờ duyệt)" applies."""
        return self.proposed_deadline is not None

    @property
    def extended(self) -> bool:
        """True when an approved extension is in force."""
        return self.deadline_in_force != self.deadline_assigned

    @property
    def days_overdue(self) -> int | None:
        """Days past the deadline in force at ``as_of`` (only for OVERDUE)."""
        if self.status is not FollowUpStatus.OVERDUE or self.deadline_in_force is None:
            return None
        return (self.as_of - self.deadline_in_force).days


def obligation_state(
    facts: ObligationFacts, events: Iterable[HistoryEvent], as_of: date
) -> ObligationState | None:
    """The obligation's state at the end of ``as_of``; None if it was not assigned yet.

    ``events`` are this obligation's events and its task's task-wide events, in ``seq``
    order (out-of-order input is sorted)."""
    ordered = list(events)
    if any(a.seq > b.seq for a, b in pairwise(ordered)):
        ordered.sort(key=lambda ev: ev.seq)
    return _fold(facts, ordered, as_of)


def _fold(
    facts: ObligationFacts, ordered: Sequence[HistoryEvent], as_of: date
) -> ObligationState | None:
    """``obligation_state`` on events already in ``seq`` order."""
    if as_of < facts.assigned_on:
        return None
    if not ordered and not facts.periodic:  # most obligations: nothing happened yet
        status = _status(facts.kind, facts.due, None, None, False, as_of)
        return ObligationState(
            task_id=facts.task_id,
            assignment_id=facts.assignment_id,
            agency_id=facts.agency_id,
            owner_id=facts.owner_id,
            as_of=as_of,
            status=status,
            deadline_kind=facts.kind,
            deadline_assigned=facts.due,
            deadline_in_force=facts.due,
            proposed_deadline=None,
            proposal_id=None,
            done_at=None,
        )
    kind, assigned = facts.kind, facts.due
    in_force: date | None = facts.due
    proposal: tuple[int | None, date] | None = None
    done_day: date | None = None
    awaiting_day: date | None = None
    cancelled = False
    kinds: dict[int, EventKind] = {}
    periods = (
        DutyPeriods(facts.recurrence, facts.first_period)
        if facts.recurrence is not None and facts.first_period is not None
        else None
    )
    for ev in ordered:
        if ev.day > as_of:
            break
        kinds[ev.seq] = ev.kind
        match ev.kind:
            case EventKind.EDITED if ev.field == DEADLINE_FIELD:
                kind = ev.deadline_kind or (DeadlineKind.DEADLINE if ev.due else kind)
                assigned = ev.due if kind is DeadlineKind.DEADLINE else None
                in_force = assigned
                if periods is not None:
                    periods.restart()
            case EventKind.EXTENSION_PROPOSED if ev.due is not None:
                proposal = (ev.ref, ev.due)
            case EventKind.EXTENSION_APPROVED if periods is not None:
                # It moves the current period's due date, not the duty's.
                if ev.due is not None:
                    periods.extend(ev.due)
                proposal = None
            case EventKind.EXTENSION_APPROVED:
                if ev.due is not None:
                    in_force = ev.due
                proposal = None
            case EventKind.PERIOD_DONE if periods is not None and ev.due is not None:
                periods.close(ev.seq, ev.due, ev.day, proposal)
                proposal = None
            case EventKind.EXTENSION_REJECTED:
                if proposal is not None and (ev.ref is None or proposal[0] == ev.ref):
                    proposal = None
            case EventKind.DONE:
                done_day, awaiting_day = ev.day, None
            case EventKind.SUBMITTED:
                awaiting_day = ev.day
            case EventKind.CONFIRMED:
                done_day, awaiting_day = awaiting_day or ev.day, None
            case EventKind.RETURNED:
                awaiting_day = None
            case EventKind.REOPENED:
                done_day = awaiting_day = None
                cancelled = False
            case EventKind.CANCELLED:
                cancelled = True
            case EventKind.UNDONE:
                withdrawn = kinds.get(ev.ref) if ev.ref is not None else None
                if withdrawn is EventKind.PERIOD_DONE and periods is not None:
                    assert ev.ref is not None
                    proposal = periods.reopen(ev.ref, proposal)
                elif withdrawn in (EventKind.DONE, EventKind.SUBMITTED, EventKind.CONFIRMED):
                    done_day = awaiting_day = None
                elif withdrawn is EventKind.EXTENSION_PROPOSED:
                    proposal = None
            case _:
                pass  # CREATED, LATE without a date, PROGRESS, MOVED: no status change
    status = _status(kind, in_force, done_day, awaiting_day, cancelled, as_of)
    settled = status.is_done or status is FollowUpStatus.CANCELLED
    open_proposal = None if settled else proposal
    return ObligationState(
        task_id=facts.task_id,
        assignment_id=facts.assignment_id,
        agency_id=facts.agency_id,
        owner_id=facts.owner_id,
        as_of=as_of,
        status=status,
        deadline_kind=kind,
        deadline_assigned=assigned,
        deadline_in_force=in_force,
        proposed_deadline=open_proposal[1] if open_proposal else None,
        proposal_id=open_proposal[0] if open_proposal else None,
        done_at=done_day if done_day is not None else awaiting_day,
        periods=(
            periods.states(as_of, open_proposal[1] if open_proposal else None)
            if periods is not None and kind is DeadlineKind.RECURRING and not settled
            else ()
        ),
    )


def _status(
    kind: DeadlineKind,
    in_force: date | None,
    done_day: date | None,
    awaiting_day: date | None,
    cancelled: bool,
    as_of: date,
) -> FollowUpStatus:
    if cancelled:
        return FollowUpStatus.CANCELLED
    if done_day is not None:
        # Without a date nothing can be late.
        if in_force is None or done_day <= in_force:
            return FollowUpStatus.DONE_ON_TIME
        return FollowUpStatus.DONE_LATE
    if awaiting_day is not None:
        return FollowUpStatus.AWAITING_CONFIRMATION
    if in_force is None:
        return FollowUpStatus.UNDATED if kind is DeadlineKind.NONE else FollowUpStatus.STANDING
    return FollowUpStatus.IN_TIME if as_of <= in_force else FollowUpStatus.OVERDUE


def obligation_states(
    facts: Iterable[ObligationFacts],
    task_events: Mapping[int, Sequence[HistoryEvent]],
    own_events: Mapping[int, Sequence[HistoryEvent]],
    as_of: date,
) -> list[ObligationState]:
    """Every obligation's state at ``as_of`` (those not yet assigned are left out).

    ``task_events`` maps a task id to its task-wide events (a deadline edit, a
    cancellation), ``own_events`` an obligation (assignment) id to its own; both in ``seq``
    order."""
    empty: Sequence[HistoryEvent] = ()
    result: list[ObligationState] = []
    for fact in facts:
        shared = task_events.get(fact.task_id, empty)
        own = own_events.get(fact.assignment_id, empty)
        merged: Sequence[HistoryEvent]
        if not shared:
            merged = own
        elif not own:
            merged = shared
        else:
            merged = sorted((*shared, *own), key=lambda ev: ev.seq)
        state = _fold(fact, merged, as_of)
        if state is not None:
            result.append(state)
    return result


def task_status(members: Iterable[ObligationState]) -> FollowUpStatus:
    """A task's own status: its least advanced member's (cancelled only if all are)."""
    return min((m.status for m in members), key=lambda s: s.rank)


__all__ = [
    "DEADLINE_FIELD",
    "HistoryEvent",
    "ObligationFacts",
    "ObligationState",
    "PeriodState",
    "obligation_state",
    "obligation_states",
    "task_status",
]
