"""Closed sets of states the product stores. Never bare strings."""

from __future__ import annotations

import enum


class TaskStatus(enum.StrEnum):
    """Where one agency's obligation under a task stands."""

    OPEN = "open"
    """Not finished; reminders and chases go out."""
    LATE = "late"
    """The focal point reported it will be late (with a reason, maybe a new date)."""
    DONE = "done"
    """The focal point reported it finished; reminders stop."""
    AWAITING = "awaiting"
    """Reported finished while the office confirms completions (``CONFIRM_DONE``)."""
    CANCELLED = "cancelled"
    """The task was withdrawn ("đã rút"): no reminders, counted apart."""

    @property
    def is_open(self) -> bool:
        """Open and late obligations still need work."""
        return self in (TaskStatus.OPEN, TaskStatus.LATE)


class EventKind(enum.StrEnum):
    """What happened to a task, for its history."""

    CREATED = "created"
    """The task was created (seeded, imported or added by an admin)."""
    DONE = "done"
    """A focal point reported the work done."""
    LATE = "late"
    """A focal point reported a delay."""
    REOPENED = "reopened"
    """An admin reopened a finished obligation."""
    EDITED = "edited"
    """An admin changed the task (``field``, ``old`` → ``new``; a deadline edit carries the
    new assigned deadline)."""
    EXTENSION_PROPOSED = "extension_proposed"
    """A focal point proposed a later deadline (``proposal``, ``due``); the office decides."""
    EXTENSION_APPROVED = "extension_approved"
    """The office approved a proposal, or set a later deadline itself (``due``)."""
    EXTENSION_REJECTED = "extension_rejected"
    """The office did not approve a proposal; the deadline in force stays."""
    UNDONE = "undone"
    """A focal point withdrew their own report within the undo window (``ref`` = event id)."""
    SUBMITTED = "submitted"
    """Reported done while the office confirms completions; awaiting confirmation."""
    CONFIRMED = "confirmed"
    """The office confirmed a reported completion (done as of the report's day)."""
    RETURNED = "returned"
    """The office returned a reported completion with a reason; work goes on."""
    CANCELLED = "cancelled"
    """An admin withdrew the task ("đã rút")."""
    PROGRESS = "progress"
    """A progress note; the status does not change."""
    MOVED = "moved"
    """The obligation moved to another lead agency (``old`` → ``new`` agency id)."""
    PERIOD_DONE = "period_done"
    """A focal point reported one period of a recurring duty done (``period``: its due
    date); the duty goes on with the next period."""


class FollowUpStatus(enum.StrEnum):
    """The office's status of one obligation as of a reporting date (office-practice.md).

    Computed from history by ``domain.followup.obligation_state``; never stored."""

    DONE_ON_TIME = "done_on_time"
    """hoàn thành đúng hạn: done on or before the deadline in force."""
    DONE_LATE = "done_late"
    """hoàn thành quá hạn: done after the deadline in force."""
    IN_TIME = "in_time"
    """đang thực hiện trong hạn: not done, the deadline in force not passed."""
    OVERDUE = "overdue"
    """quá hạn chưa hoàn thành: not done, the deadline in force passed."""
    UNDATED = "undated"
    """không có thời hạn cụ thể: no determinable date; followed up, counted apart."""
    STANDING = "standing"
    """thường xuyên / định kỳ: a standing or recurring duty; counted apart."""
    CANCELLED = "cancelled"
    """đã rút: withdrawn by the office; counted apart."""
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    """chờ xác nhận: reported done, the office has not confirmed yet (``CONFIRM_DONE``)."""

    @property
    def is_done(self) -> bool:
        """Done on time or late."""
        return self in (FollowUpStatus.DONE_ON_TIME, FollowUpStatus.DONE_LATE)

    @property
    def rank(self) -> int:
        """How far along: a group task's status is its least advanced member's."""
        return _RANK[self]


_RANK = {
    FollowUpStatus.OVERDUE: 0,
    FollowUpStatus.IN_TIME: 1,
    FollowUpStatus.UNDATED: 2,
    FollowUpStatus.STANDING: 3,
    FollowUpStatus.AWAITING_CONFIRMATION: 4,
    FollowUpStatus.DONE_LATE: 5,
    FollowUpStatus.DONE_ON_TIME: 6,
    FollowUpStatus.CANCELLED: 7,
}


class ProposalState(enum.StrEnum):
    """The life of a focal point's extension proposal."""

    PENDING = "pending"
    """Waiting for the office's decision; the deadline in force stands."""
    APPROVED = "approved"
    """The office agreed; the proposed date is the deadline in force."""
    REJECTED = "rejected"
    """The office did not agree; the deadline in force stays."""
    WITHDRAWN = "withdrawn"
    """The focal point undid the report that carried it."""


class ReminderKind(enum.StrEnum):
    """Why a reminder is due: the kind of a planned window (``scheduler.windows``) and of a
    stored reminder (``reminders.kind`` holds the value), one set for both."""

    BEFORE = "before"
    """N days before the due date."""
    DUE = "due"
    """On the due date."""
    OVERDUE = "overdue"
    """The first working day after the due date (or the first summary of an old task)."""
    CHASE = "chase"
    """Weekly while the obligation stays open after its due date."""
    RECURRING = "recurring"
    """Before the end of each period of a recurring duty, as planned before periods had
    their own due dates and windows; such reminders are re-planned at start."""
    FOLLOWUP = "followup"
    """A progress request (no determinable date) or a check-in (standing duty), at a
    fixed interval (``FOLLOWUP_EVERY_DAYS``)."""


class ReminderState(enum.StrEnum):
    """The life of one planned reminder."""

    PENDING = "pending"
    """Planned, not yet due or not yet handled."""
    FIRED = "fired"
    """Claimed by a sweep and turned into outgoing messages (exactly once)."""
    CANCELLED = "cancelled"
    """No longer wanted: the task was done, re-dated, or re-planned."""
    NO_RECIPIENT = "no_recipient"
    """Came due while the agency had no active focal-point chat."""


class OutboxState(enum.StrEnum):
    """The life of one outgoing Telegram message."""

    PENDING = "pending"
    """Waiting to be sent (``next_attempt_at`` says from when)."""
    SENDING = "sending"
    """Claimed by a sender (``claimed_by``); if that sender dies, it goes back to pending."""
    SENT = "sent"
    """Telegram accepted it."""
    FAILED = "failed"
    """Given up: the chat is gone or Telegram rejected the message."""


class DeliveryOutcome(enum.StrEnum):
    """How one send attempt ended (every attempt leaves a row)."""

    SENT = "sent"
    """Accepted by Telegram."""
    RETRY_AFTER = "retry_after"
    """Flood control (429): try again after the given delay."""
    TRANSIENT = "transient"
    """Network error or timeout: try again later."""
    BLOCKED = "blocked"
    """The user blocked the bot or the bot was removed: disable the chat."""
    CHAT_NOT_FOUND = "chat_not_found"
    """The chat no longer exists: disable it."""
    MIGRATED = "migrated"
    """The group became a supergroup: store the new id and retry."""
    REJECTED = "rejected"
    """Telegram refused this message (a bug on our side); not retried."""


class OutboxPurpose(enum.StrEnum):
    """Why a message is in the outbox."""

    REMINDER = "reminder"
    """Reminders for a focal-point chat."""
    ADMIN = "admin"
    """A notification to an admin (a reply, a disabled chat)."""
    REPLY = "reply"
    """The confirmation of a focal point's report, committed with the report itself."""
    LEADERSHIP = "leadership"
    """To an agency's leadership chat: an escalation, or the agency's weekly summary."""
    ASSIGNED = "assigned"
    """A focal point told of the tasks newly given to their agency (``tellings``)."""


class TellingRole(enum.StrEnum):
    """Why an agency is told of a task."""

    LEAD = "lead"
    """It must do it (an obligation of its own, reminded and chased)."""
    CO = "co"
    """It co-operates (phối hợp): told for information, never chased."""


class TellingState(enum.StrEnum):
    """The life of one agency's notice of one new task."""

    PENDING = "pending"
    """Waiting for the next sending time."""
    TOLD = "told"
    """Claimed by a sweep and written into the chat's message (exactly once)."""
    NO_RECIPIENT = "no_recipient"
    """Came due while the agency had no active focal-point chat (its welcome lists it)."""
    SUPERSEDED = "superseded"
    """Not sent: a chat bound since listed it in its welcome, or the task no longer needs
    this agency (done, withdrawn, moved)."""


class AdminNotify(enum.StrEnum):
    """How the office hears what focal points do (``ADMIN_NOTIFY``)."""

    DIGEST = "digest"
    """One message a working day at ``ADMIN_DIGEST_TIME``; decisions still at once."""
    INSTANT = "instant"
    """Every notice at once, as it happens."""


class OfficeNoteKind(enum.StrEnum):
    """What a line of the office's daily digest is about (its section)."""

    REPORT = "report"
    """A focal point reported a task done or late (or withdrew such a report)."""
    PROGRESS = "progress"
    """A focal point wrote a progress note."""
    ESCALATION = "escalation"
    """An obligation was escalated after unanswered chases."""
    UNREACHABLE = "unreachable"
    """A focal point's chat could no longer be reached and was disabled."""
    JOINED = "joined"
    """A focal point registered with an invitation link."""


class ChatRole(enum.StrEnum):
    """What a chat registered with an invitation is to its agency."""

    FOCAL = "focal"
    """The focal point: reminded, chased, reports on the agency's tasks."""
    LEADERSHIP = "leadership"
    """The agency's leadership (lãnh đạo): gets escalations and the weekly summary only,
    never reminders, and does not report."""


class ImportState(enum.StrEnum):
    """The life of an import waiting for an admin's confirmation."""

    PENDING = "pending"
    """Previewed; the admin may fix tasks, confirm or cancel."""
    CONFIRMED = "confirmed"
    """Stored as a notice with its tasks, which are now scheduled."""
    CANCELLED = "cancelled"
    """Dropped by the admin (or replaced by a newer import in the same chat)."""
