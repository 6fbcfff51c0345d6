"""The product's named exceptions. Each builds its own message with the offending value."""

from __future__ import annotations

import enum

from domain.status import ProposalState, TaskStatus


class TrackerError(Exception):
    """Base class for errors the product raises on purpose."""


class ConfigError(TrackerError):
    """A configuration variable is missing or invalid."""

    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        self.problem = problem
        super().__init__(f"{variable}: {problem}")


class DeadlineNotUnderstood(TrackerError):
    """A phrase that must be a deadline (e.g. typed by an admin) was not understood."""

    def __init__(self, phrase: str) -> None:
        self.phrase = phrase
        super().__init__(f"deadline not understood: {phrase!r}")


class UnknownAgency(TrackerError):
    """A name that matches no agency of the registry."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"unknown agency: {name!r}")


class SeedError(TrackerError):
    """The seeds files are inconsistent (unknown agency, duplicate key, bad field)."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class TaskNotFound(TrackerError):
    """No task has this id."""

    def __init__(self, task_id: int) -> None:
        self.task_id = task_id
        super().__init__(f"no task #{task_id}")


class NotYourTask(TrackerError):
    """The chat's agency has no obligation under this task."""

    def __init__(self, task_id: int, agency_id: str, lead: str | None = None) -> None:
        self.task_id = task_id
        self.agency_id = agency_id
        self.lead = lead
        """The task's lead when the agency co-operates on it (phối hợp): the lead reports."""
        super().__init__(f"task #{task_id} is not assigned to {agency_id}")


class ReportRecorded(TrackerError):
    """This update's report is recorded already (Telegram delivered it again): nothing is
    recorded twice; its confirmation, committed with it, is in the outbox."""

    def __init__(self, update_id: int, confirmation_id: int) -> None:
        self.update_id = update_id
        self.confirmation_id = confirmation_id
        super().__init__(f"update {update_id} was recorded (confirmation {confirmation_id})")


class ChatNotBound(TrackerError):
    """The chat is not (or no longer) an agency's focal point."""

    def __init__(self, chat_id: int) -> None:
        self.chat_id = chat_id
        super().__init__(f"chat {chat_id} is not bound to an agency")


class InviteProblem(enum.StrEnum):
    """Why an invitation link cannot register this chat."""

    UNKNOWN = "unknown"
    """No invitation has this token."""
    USED = "used"
    """Someone else registered with it already."""
    MINE = "mine"
    """This chat registered with it already (pressing one's own link again)."""
    EXPIRED = "expired"
    """Its time ran out (``INVITE_DAYS``)."""
    FOCAL_CHAT = "focal_chat"
    """A leadership link pressed in a focal point's chat (the link stays usable)."""
    LEADERSHIP_CHAT = "leadership_chat"
    """A focal point's link pressed in a leadership chat (the link stays usable)."""


class InviteInvalid(TrackerError):
    """An invitation token that cannot be used (unknown, used or expired)."""

    def __init__(self, reason: InviteProblem) -> None:
        self.reason = reason
        super().__init__(f"invite cannot be used: {reason}")


class TaskCancelled(TrackerError):
    """The task was withdrawn by the office; nothing can be reported on it."""

    def __init__(self, task_id: int) -> None:
        self.task_id = task_id
        super().__init__(f"task #{task_id} was cancelled")


class ProposalNotFound(TrackerError):
    """No extension proposal has this id (or none is waiting on this task)."""

    def __init__(self, ref: int) -> None:
        self.ref = ref
        super().__init__(f"no extension proposal {ref}")


class AlreadyDecided(TrackerError):
    """Another admin decided this proposal first (or it was withdrawn)."""

    def __init__(self, proposal_id: int, state: ProposalState, by: str, at: object) -> None:
        self.proposal_id = proposal_id
        self.state = state
        self.by = by
        self.at = at
        super().__init__(f"proposal {proposal_id} already {state} by {by!r}")


class NotDecidable(TrackerError):
    """The obligation is settled (done, awaiting confirmation, cancelled): its proposal
    cannot be decided. ``reason`` is the status it is in."""

    def __init__(self, task_id: int, reason: TaskStatus) -> None:
        self.task_id = task_id
        self.reason = reason
        super().__init__(f"task #{task_id}: {reason}")


class UndoProblem(enum.StrEnum):
    """Why a report (or a closed period) cannot be withdrawn or reopened."""

    GONE = "gone"
    """No report to withdraw (none on this message, or not a withdrawable kind)."""
    ALREADY = "already"
    """It was withdrawn before."""
    EXPIRED = "expired"
    """The minutes a focal point has to withdraw it (``UNDO_MINUTES``) have passed."""
    NOT_YOURS = "not_yours"
    """Another agency sent it."""
    DECIDED = "decided"
    """Something else happened on the task since (the office decided, the deadline moved)."""
    NOT_LAST = "not_last"
    """A later period of the duty was reported done since: only the latest reopens."""


class UndoRefused(TrackerError):
    """A report cannot be withdrawn; ``reason`` says why (``minutes``: the time allowed)."""

    def __init__(self, reason: UndoProblem, minutes: int = 0) -> None:
        self.reason = reason
        self.minutes = minutes
        super().__init__(f"undo refused: {reason}")


class ChangeProblem(enum.StrEnum):
    """Why an admin's correction cannot apply."""

    UNKNOWN_FIELD = "unknown_field"
    """``/edit`` names no field it can change (``value``: the word given)."""
    EMPTY = "empty"
    """``/edit`` gives a field but no new value (``value``: the field)."""
    SAME = "same"
    """The new value is the current one (``value``: it)."""
    GROUP_LEAD = "group_lead"
    """The lead of a task given to a group of agencies cannot be changed (``value``: it)."""
    NOT_DONE = "not_done"
    """Reopening a task that is neither done nor withdrawn."""
    NO_PERIOD = "no_period"
    """Reopening a period of a recurring duty none of which was reported done."""
    ALREADY_CANCELLED = "already_cancelled"
    """Withdrawing a task withdrawn before."""
    FOLLOWUP_DATED = "followup_dated"
    """A follow-up date for a task that has a deadline or periods (``value``: its id)."""
    NOT_AWAITING = "not_awaiting"
    """Confirming a completion when none waits for confirmation."""
    NOT_REJECTED_BY_YOU = "not_rejected_by_you"
    """A reason for a refused extension from someone other than the admin who refused it."""
    REASON_GIVEN = "reason_given"
    """A reason for a refused extension that has one already."""


class ChangeRefused(TrackerError):
    """An admin's correction that cannot apply (``reason`` names why; nothing changed)."""

    def __init__(self, reason: ChangeProblem, value: str = "") -> None:
        self.reason = reason
        self.value = value
        super().__init__(f"change refused: {reason} {value!r}")
