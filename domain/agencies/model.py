"""The registry's types: an agency, its kind, a group of agencies, a name found in text."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class AgencyKind(enum.StrEnum):
    """What sort of body an agency is; groups select their members by kind."""

    MINISTRY = "ministry"
    """A ministry of the Government ("Bộ Công an")."""
    MINISTRY_LEVEL = "ministry_level"
    """A ministry-level agency ("Văn phòng Chính phủ", "Ngân hàng Nhà nước Việt Nam")."""
    GOVERNMENT_AGENCY = "government_agency"
    """An agency under the Government ("Đài Truyền hình Việt Nam", the national universities)."""
    PROVINCE = "province"
    """The People's Committee of a province or centrally-run city ("UBND tỉnh An Giang")."""
    OTHER = "other"
    """Any other assignee: steering committees, state groups, banks, hospitals, NA bodies."""


_KIND_ORDER = {kind: index for index, kind in enumerate(AgencyKind)}


@dataclass(frozen=True, kw_only=True, slots=True)
class Agency:
    """One body of the registry. ``successor`` is set once it has been merged into another."""

    id: str
    name: str
    short: str
    kind: AgencyKind
    aliases: tuple[str, ...]
    successor: str | None
    reorganised: date | None

    @property
    def active(self) -> bool:
        """Whether the body still exists under this name (it has no successor)."""
        return self.successor is None


@dataclass(frozen=True, kw_only=True, slots=True)
class AgencyGroup:
    """A collective addressee ("Các bộ, cơ quan, địa phương"): every active agency of ``kinds``."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kinds: tuple[AgencyKind, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class AgencyMention:
    """A name found in free text: exactly one of ``agency_id`` and ``group_id`` is set.

    ``start``/``end`` index the text as given; ``text`` is that slice.
    """

    agency_id: str | None
    group_id: str | None
    text: str
    start: int
    end: int
