"""Read models handed to the chat surface and the command line (frozen, no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from delivery.outbox import ClaimedMessage
from domain.deadline import DeadlineKind, Granularity
from domain.followup import ObligationState
from domain.status import ChatRole, EventKind, TaskStatus
from domain.task_line import TaskLine


@dataclass(frozen=True, kw_only=True, slots=True)
class HistoryLine:
    """A line of a task's history."""

    at: datetime
    kind: EventKind
    actor: str
    detail: str


@dataclass(frozen=True, kw_only=True, slots=True)
class MemberLine:
    """One member agency's obligation under a task."""

    agency: str
    owner: str
    status: TaskStatus
    new_due: date | None
    state: ObligationState | None = None
    """The office's status as of the day asked (None for a task not yet assigned then)."""
    period_due: date | None = None
    """A recurring duty: the due date of its current period."""
    granularity: Granularity | None = None
    """A recurring duty: its period."""


@dataclass(frozen=True, kw_only=True, slots=True)
class EscalationMark:
    """An obligation escalated after unanswered chases, its agency silent since."""

    agency: str
    at: datetime
    chases: int
    leadership_chats: int
    """How many leadership chats were told (0: the agency has none registered)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class TaskDetail:
    """Everything about one task."""

    task_id: int
    notice: str
    ref: str
    title: str
    text: str
    lead: str
    co: tuple[str, ...]
    due: date | None
    granularity: Granularity | None
    kind: DeadlineKind
    phrase: str
    members: tuple[MemberLine, ...]
    history: tuple[HistoryLine, ...]
    escalations: tuple[EscalationMark, ...] = ()
    """The member agencies escalated and silent since (``tracking.escalation``)."""
    followup_on: date | None = None
    """An undated task's first follow-up date, chosen by the office."""
    next_followup: datetime | None = None
    """When its next progress request or check-in is planned (pending), if any."""

    @property
    def done_count(self) -> int:
        """How many member agencies have finished."""
        return sum(1 for m in self.members if m.status is TaskStatus.DONE)


@dataclass(frozen=True, kw_only=True, slots=True)
class AgencyOverview:
    """An agency with its focal points and open/overdue counts (for /agencies)."""

    agency_id: str
    name: str
    focal_points: tuple[str, ...]
    open_count: int
    overdue_count: int
    pending_count: int = 0
    """Extension proposals of this agency waiting for the office."""


@dataclass(frozen=True, kw_only=True, slots=True)
class ReplyOutcome:
    """What a /done or /late changed, for the confirmation and the admins."""

    task_id: int
    title: str
    agency: str
    status: TaskStatus
    changed: int
    """How many obligations changed (a merged province may hold two under one task)."""
    new_due: date | None = None
    already: bool = False
    """True when nothing changed because the obligation was already in that state."""
    recorded_at: datetime | None = None
    """When the state it is in was recorded (for "already recorded on …")."""
    confirmation_id: int | None = None
    """The outbox row of the confirmation, committed with the change."""
    confirmation: ClaimedMessage | None = None
    """The confirmation when it was queued claimed by the sender that sends it now."""
    proposal_id: int | None = None
    """The extension proposal a /late with a date opened (the office decides it)."""
    deadline: date | None = None
    """The deadline in force when the report was made."""
    event_id: int | None = None
    """The history event of the report (what ↩️ Hoàn tác withdraws)."""
    undo_minutes: int = 0
    """How long the report can be withdrawn (0: no undo button)."""
    for_the_loop: bool = False
    """The report also queued a message that only the delivery loop sends (an admin notice
    at once): the reply wakes the loop. Otherwise its confirmation is sent there and then
    and a pass would find nothing to do."""
    period: date | None = None
    """A recurring duty: the due date of the period reported done (or, when ``already``,
    of the one already reported)."""
    next_period: date | None = None
    """A recurring duty: the due date of the period that is now current."""
    granularity: Granularity | None = None
    """A recurring duty: its period (for the periods' names)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class JoinOutcome:
    """A chat bound to an agency through an invitation."""

    agency_id: str
    agency: str
    open_count: int
    overdue_count: int
    previous_agency: str | None
    role: ChatRole = ChatRole.FOCAL
    """Registered as the focal point, or as the agency's leadership chat."""


@dataclass(frozen=True, kw_only=True, slots=True)
class InviteView:
    """A freshly created invitation."""

    token: str
    agency: str
    expires_at: datetime
    role: ChatRole = ChatRole.FOCAL


@dataclass(frozen=True, kw_only=True, slots=True)
class SeedReport:
    """What a seeding run added (all zeros on a second run)."""

    agencies: int
    notices_added: int
    tasks_added: int
    assignments_added: int
    reminders_planned: int


@dataclass(frozen=True, kw_only=True, slots=True)
class StoreReport:
    """What storing an imported notice did."""

    notice_key: str
    notice_created: bool
    tasks_added: int
    tasks_existing: int
    """Tasks already stored from an earlier import of the same notice (not duplicated)."""
    skipped: tuple[str, ...]
    """Tasks not stored, with the reason (e.g. an agency the registry does not know)."""
    task_ids: tuple[int, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class NoticeRef:
    """The notice a task came from, as a message names it."""

    number: str
    issued: date | None
    title: str


@dataclass(frozen=True, kw_only=True, slots=True)
class AssignedItem:
    """A task newly given to an agency, as its focal point is told of it."""

    line: TaskLine
    notice: NoticeRef | None
    """None for a task the office added itself (``/addtask``)."""
    co: bool
    """Given for co-operation (phối hợp): told for information, never chased."""
    lead: str
    """The lead as assigned (named beside a co-operation)."""
