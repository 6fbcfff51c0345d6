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

    @property
    def is_open(self) -> bool:
        """Open and late obligations still need work."""
        return self is not TaskStatus.DONE


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
    """An admin changed the task."""


class ReminderKind(enum.StrEnum):
    """Why a reminder is due (mirrors the window kinds of the scheduler)."""

    BEFORE = "before"
    """N days before the due date."""
    DUE = "due"
    """On the due date."""
    OVERDUE = "overdue"
    """The first working day after the due date (or the first summary of an old task)."""
    CHASE = "chase"
    """Weekly while the obligation stays open after its due date."""
    RECURRING = "recurring"
    """Before the end of each period of a recurring duty."""


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


class ImportState(enum.StrEnum):
    """The life of an import waiting for an admin's confirmation."""

    PENDING = "pending"
    """Previewed; the admin may fix tasks, confirm or cancel."""
    CONFIRMED = "confirmed"
    """Stored as a notice with its tasks, which are now scheduled."""
    CANCELLED = "cancelled"
    """Dropped by the admin (or replaced by a newer import in the same chat)."""
