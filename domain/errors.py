"""The product's named exceptions. Each builds its own message with the offending value."""

from __future__ import annotations


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

    def __init__(self, task_id: int, agency_id: str) -> None:
        self.task_id = task_id
        self.agency_id = agency_id
        super().__init__(f"task #{task_id} is not assigned to {agency_id}")


class ChatNotBound(TrackerError):
    """The chat is not (or no longer) an agency's focal point."""

    def __init__(self, chat_id: int) -> None:
        self.chat_id = chat_id
        super().__init__(f"chat {chat_id} is not bound to an agency")


class InviteInvalid(TrackerError):
    """An invitation token that cannot be used (unknown, used or expired)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"invite cannot be used: {reason}")
