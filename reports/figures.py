"""The figures of a report: per agency and in total, as of a date, for a scope.

Counting rules (one obligation = one agency's share of one task):

* **assigned** — every obligation assigned by the reporting day, except withdrawn ones;
* **due** — those that have come to term: done (on time or late) plus overdue not done,
  as in "16.051 nhiệm vụ đến hạn đã hoàn thành … chưa hoàn thành quá hạn: 223";
* **in time / undated / standing** — not done, counted apart;
* **cancelled** — withdrawn by the office, outside ``assigned``;
* **on-time rate** — done on time ÷ due (none when nothing is due).

A recurring duty followed period by period counts once per period begun by the reporting
day (``reports.states``): each period due by then is done on time, done late or overdue,
the one under way is in time (or already done); the duty itself is not counted again.

So ``assigned = due + in_time + undated + standing`` and
``due = done_on_time + done_late + overdue``.

The scope a report covers is read in ``reports.scopes`` (its names importable from here)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from domain.agencies import AgencyRegistry
from domain.errors import UnknownAgency
from domain.followup import PeriodState, obligation_state
from reports.scopes import Scope as Scope
from reports.scopes import ScopeKind as ScopeKind
from reports.scopes import UnknownScope as UnknownScope
from reports.scopes import find_agency as find_agency
from reports.scopes import find_notice as find_notice
from reports.scopes import resolve_scope as resolve_scope
from reports.states import Obligation, ObligationState, ReportStatus, state_as_of


@dataclass(frozen=True, kw_only=True, slots=True)
class Figures:
    """The cells of one appendix row."""

    done_on_time: int = 0
    done_late: int = 0
    in_time: int = 0
    overdue: int = 0
    undated: int = 0
    standing: int = 0
    cancelled: int = 0

    @property
    def due(self) -> int:
        return self.done_on_time + self.done_late + self.overdue

    @property
    def assigned(self) -> int:
        return self.due + self.in_time + self.undated + self.standing

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """Done on time ÷ due, between 0 and 1; None when nothing is due."""
        return self.done_on_time / self.due if self.due else None

    @property
    def empty(self) -> bool:
        return self.assigned == 0 and self.cancelled == 0

    def to_json(self, agency: str | None) -> dict[str, Any]:
        """The record of ``bot.py report --json`` (``agency`` null for the totals)."""
        rate = self.on_time_rate
        return {
            "agency": agency,
            "assigned": self.assigned,
            "due": self.due,
            "done_on_time": self.done_on_time,
            "done_late": self.done_late,
            "in_time": self.in_time,
            "overdue": self.overdue,
            "undated": self.undated,
            "standing": self.standing,
            "cancelled": self.cancelled,
            "on_time_rate": None if rate is None else round(rate, 4),
        }


def tally(statuses: Iterable[ReportStatus]) -> Figures:
    """Count statuses into the cells."""
    counts = Counter(statuses)
    return Figures(
        done_on_time=counts[ReportStatus.DONE_ON_TIME],
        done_late=counts[ReportStatus.DONE_LATE],
        in_time=counts[ReportStatus.IN_TIME],
        overdue=counts[ReportStatus.OVERDUE],
        undated=counts[ReportStatus.UNDATED],
        standing=counts[ReportStatus.STANDING],
        cancelled=counts[ReportStatus.CANCELLED],
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class AgencyRow:
    """One appendix row."""

    agency_id: str
    agency: str
    short: str
    figures: Figures


@dataclass(frozen=True, kw_only=True, slots=True)
class Item:
    """One obligation with its state, for the detail sheet and the agency lists."""

    obligation: Obligation
    state: ObligationState
    owner: str
    """The agency answering for it today, by name."""
    agency: str
    """The member agency as assigned, by name."""

    @property
    def period(self) -> date | None:
        """The due date of the recurring duty's period this item is (None: an obligation)."""
        return self.state.period


@dataclass(frozen=True, kw_only=True, slots=True)
class Report:
    """The figures as of ``as_of`` for ``scope``."""

    as_of: date
    today: date
    scope: Scope
    rows: tuple[AgencyRow, ...]
    """One per agency answering today, in the registry's order (the appendix's)."""
    totals: Figures
    items: tuple[Item, ...]

    @property
    def planned(self) -> bool:
        """Asked for a day still to come: the figures are what the plan says then."""
        return self.as_of > self.today

    @property
    def empty(self) -> bool:
        return not self.items

    def by_overdue(self) -> list[AgencyRow]:
        """Most overdue first (then most due, then the registry's order)."""
        order = {row.agency_id: index for index, row in enumerate(self.rows)}
        return sorted(
            self.rows,
            key=lambda r: (-r.figures.overdue, -r.figures.due, order[r.agency_id]),
        )


def build_report(
    obligations: Sequence[Obligation],
    registry: AgencyRegistry,
    *,
    as_of: date,
    today: date,
    scope: Scope | None = None,
) -> Report:
    """Compute every obligation's state as of ``as_of`` and count them per agency."""
    scope = scope or Scope()
    order = {agency.id: index for index, agency in enumerate(registry.all())}
    names: dict[str, tuple[str, str]] = {}

    def named(agency_id: str) -> tuple[str, str]:
        if agency_id not in names:
            try:
                agency = registry.get(agency_id)
                names[agency_id] = (agency.name, agency.short or agency.name)
            except UnknownAgency:
                names[agency_id] = (agency_id, agency_id)
        return names[agency_id]

    items: list[Item] = []
    per_owner: dict[str, list[ReportStatus]] = defaultdict(list)
    for obligation in obligations:
        if not scope.admits(obligation):
            continue
        state = state_as_of(obligation, as_of)
        if state is None:
            continue
        # A recurring duty's periods are counted, each in its cell, instead of the duty.
        for counted in state.periods or (state,):
            per_owner[obligation.owner_id].append(counted.cell)
            items.append(
                Item(
                    obligation=obligation,
                    state=counted,
                    owner=named(obligation.owner_id)[0],
                    agency=named(obligation.agency_id)[0],
                )
            )
    rows = tuple(
        AgencyRow(
            agency_id=owner,
            agency=named(owner)[0],
            short=named(owner)[1],
            figures=tally(statuses),
        )
        for owner, statuses in sorted(
            per_owner.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])
        )
    )
    totals = tally(status for statuses in per_owner.values() for status in statuses)
    return Report(
        as_of=as_of, today=today, scope=scope, rows=rows, totals=totals, items=tuple(items)
    )


def weekly_overdue(
    obligations: Sequence[Obligation], *, as_of: date, scope: Scope | None = None, weeks: int = 12
) -> list[tuple[date, int]]:
    """Overdue obligations at the end of each of the last ``weeks`` weeks up to ``as_of``
    (oldest first), starting no earlier than the first assignment. Fewer than three
    points mean there is no trend to draw.

    The same answer as asking ``state_as_of(o, day).cell is OVERDUE`` for every obligation
    and day, computed once per obligation: an obligation without history is overdue on a
    day after its due date; one with history is folded once per distinct stretch of its
    history the days see (usually one), since between two events only the day moves."""
    scope = scope or Scope()
    chosen = [o for o in obligations if scope.admits(o)]
    start = min((o.assigned_on for o in chosen), default=None)
    if start is None:
        return []
    days = [
        day
        for day in (as_of - timedelta(days=7 * back) for back in range(weeks - 1, -1, -1))
        if day >= start
    ]
    counts = [0] * len(days)
    for obligation in chosen:
        for index in _overdue_days(obligation, days):
            counts[index] += 1
    return list(zip(days, counts, strict=True))


#: The statuses of an obligation still open against a date in force: overdue once the day
#: passes that date (awaiting the office's confirmation counts by its deadline too).
_OPEN_DATED = frozenset(
    {ReportStatus.IN_TIME, ReportStatus.OVERDUE, ReportStatus.AWAITING_CONFIRMATION}
)


def _overdue_days(obligation: Obligation, days: Sequence[date]) -> list[int]:
    """The indexes of ``days`` (ascending) on which ``obligation`` is overdue (a recurring
    duty's index once per period overdue that day)."""
    assigned = obligation.assigned_on
    events = obligation.events
    if obligation.facts.periodic:
        return [
            index
            for index, day in enumerate(days)
            if day >= assigned
            for period in _periods_on(obligation, day)
            if period.status is ReportStatus.OVERDUE
        ]
    if not events:
        due = obligation.due
        if due is None:
            return []
        return [i for i, day in enumerate(days) if day >= assigned and day > due]
    found: list[int] = []
    # In seq order (as loaded); the fold stops at the first event after the day.
    if any(x.seq > y.seq for x, y in pairwise(events)):
        events = tuple(sorted(events, key=lambda ev: ev.seq))
    event_days = [ev.day for ev in events]
    folded: dict[int, tuple[bool, date | None]] = {}
    for index, day in enumerate(days):
        if day < assigned:
            continue
        seen = next((n for n, d in enumerate(event_days) if d > day), len(event_days))
        if seen not in folded:
            state = obligation_state(obligation.facts, events, day)
            assert state is not None
            folded[seen] = (state.status in _OPEN_DATED, state.deadline_in_force)
        open_dated, in_force = folded[seen]
        if open_dated and in_force is not None and day > in_force:
            found.append(index)
    return found


def _periods_on(obligation: Obligation, day: date) -> Sequence[PeriodState]:
    state = obligation_state(obligation.facts, obligation.events, day)
    return state.periods if state is not None else ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Changes:
    """What moved between two reporting days (for the weekly digest)."""

    since: date
    newly_done: tuple[Item, ...]
    newly_overdue: tuple[Item, ...]
    pending_proposals: tuple[Item, ...]


def changes_since(report: Report, since: date) -> Changes:
    """Obligations done since ``since``, overdue now but not then, and proposals waiting."""
    done: list[Item] = []
    overdue: list[Item] = []
    for item in report.items:
        before = state_as_of(item.obligation, since)
        if before is not None and item.period is not None:
            before = before.period_of(item.period)
        was_done = before is not None and before.is_done
        was_overdue = before is not None and before.cell is ReportStatus.OVERDUE
        if item.state.is_done and not was_done:
            done.append(item)
        if item.state.cell is ReportStatus.OVERDUE and not was_overdue:
            overdue.append(item)
    pending = [i for i in report.items if i.state.proposed_deadline is not None]
    return Changes(
        since=since,
        newly_done=tuple(done),
        newly_overdue=tuple(overdue),
        pending_proposals=tuple(pending),
    )
