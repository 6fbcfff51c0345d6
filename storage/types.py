"""Column types that keep the database honest about time, closed sets and the import proposal."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import JSON, ColumnElement, DateTime, String, literal_column
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from domain.import_proposal import ImportProposal, JsonObject


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC and always read back aware (UTC).

    SQLite has no timezone support and silently drops offsets, so we convert to UTC on the
    way in and attach UTC on the way out; a naive datetime is a programming error and is
    refused rather than guessed.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime refused by the database layer: {value!r}")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


E = TypeVar("E", bound=enum.StrEnum)


class StrEnumType(TypeDecorator[E], Generic[E]):
    """A ``StrEnum`` stored as its string value (portable across SQLite and PostgreSQL)."""

    impl = String(24)
    cache_ok = True

    def __init__(self, enum_class: type[E], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enum_class = enum_class
        # Each stored value's member, looked up without the enum's call (a sweep converts
        # thousands); anything else still goes through the call, which refuses it.
        self._members: dict[str, E] = {member.value: member for member in enum_class}

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, self.enum_class):
            return value.value
        return self.enum_class(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        if value is None:
            return None
        member = self._members.get(value)
        return self.enum_class(value) if member is None else member


class ProposalJSON(TypeDecorator[ImportProposal]):
    """An :class:`~domain.import_proposal.ImportProposal` stored in its one JSON form and read
    back as one: written in the current version, read in it or in a shape from before the
    form had a version (``ImportProposal.from_json``; a stored value that is no proposal
    raises ``ProposalUnreadable`` when its row is loaded)."""

    impl = JSON
    cache_ok = True

    def process_bind_param(
        self, value: ImportProposal | None, dialect: Dialect
    ) -> JsonObject | None:
        if value is None:
            return None
        if not isinstance(value, ImportProposal):
            raise TypeError(f"an import proposal is stored, not {type(value).__name__}")
        return value.to_json()

    def process_result_value(self, value: object, dialect: Dialect) -> ImportProposal | None:
        if value is None:
            return None
        return ImportProposal.from_json(value)


def written(value: enum.StrEnum) -> ColumnElement[str]:
    """``value`` as it is stored, written into the statement instead of sent as a parameter:
    a partial index whose condition names one state (``state = 'pending'``) serves only a
    statement that names that state itself — SQLite's planner, and PostgreSQL's plan of a
    prepared statement made for any value, cannot know a parameter's."""
    text = value.value
    if not text.replace("_", "").isalnum():
        raise ValueError(f"not a stored state: {text!r}")
    return literal_column(f"'{text}'", String(24))
