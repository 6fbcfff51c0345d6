"""What a report covers: everything, one agency, one notice (``/baocao``'s words read as a
scope), and the agency or notice a typed name means."""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from domain.agencies import Agency, AgencyRegistry, normalise_name
from reports.states import Obligation


class ScopeKind(enum.StrEnum):
    """What a report covers."""

    ALL = "all"
    AGENCY = "agency"
    NOTICE = "notice"


@dataclass(frozen=True, kw_only=True, slots=True)
class Scope:
    """Every obligation, one agency's, or one notice's."""

    kind: ScopeKind = ScopeKind.ALL
    agency_id: str | None = None
    notice: str | None = None
    label: str = ""
    """The agency's name or the notice's number, as the reports print it."""

    def admits(self, obligation: Obligation) -> bool:
        if self.kind is ScopeKind.AGENCY:
            return self.agency_id in (obligation.owner_id, obligation.agency_id)
        if self.kind is ScopeKind.NOTICE:
            return obligation.notice == self.notice
        return True


class UnknownScope(Exception):
    """Neither an agency nor a notice the database holds."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _notice_key(text: str) -> str:
    return "".join(normalise_name(text).split())


def find_notice(text: str, obligations: Sequence[Obligation]) -> str | None:
    """The stored notice written as ``text`` ("56/TB-VPCP", "56/tb-vpcp", "56 / TB-VPCP")."""
    wanted = _notice_key(text)
    if not wanted:
        return None
    for notice in {o.notice for o in obligations if o.notice}:
        if _notice_key(notice) == wanted:
            return notice
    # "56" alone names a notice when exactly one stored number starts with it.
    if wanted.isdigit():
        matches = {
            o.notice
            for o in obligations
            if o.notice and _notice_key(o.notice).startswith(wanted + "/")
        }
        if len(matches) == 1:
            return matches.pop()
    return None


def resolve_scope(
    text: str | None,
    registry: AgencyRegistry,
    obligations: Sequence[Obligation],
    *,
    agency: str | None = None,
    notice: str | None = None,
) -> Scope:
    """A scope from free text (a notice number or an agency name), or from explicit
    ``agency``/``notice`` (the command line). Raises :class:`UnknownScope`."""
    if notice is not None:
        found = find_notice(notice, obligations)
        if found is None:
            raise UnknownScope(notice)
        return Scope(kind=ScopeKind.NOTICE, notice=found, label=found)
    if agency is not None:
        return _agency_scope(agency, registry)
    if not text or not text.strip():
        return Scope()
    found = find_notice(text, obligations)
    if found is not None:
        return Scope(kind=ScopeKind.NOTICE, notice=found, label=found)
    return _agency_scope(text, registry)


def _fold(text: str) -> str:
    """Without diacritics, case or extra spaces: "bo tai chinh" for "Bộ Tài chính"."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def find_agency(name: str, registry: AgencyRegistry) -> Agency | None:
    """The registry's agency by name, short name or alias, typed with or without
    diacritics; None when none or several match."""
    agency = registry.find(name.strip())
    if agency is not None:
        return agency
    wanted = _fold(name)
    if not wanted:
        return None
    matches = {
        a.id: a
        for a in registry.all()
        if wanted in {_fold(a.name), _fold(a.short), *(_fold(x) for x in a.aliases)}
    }
    return next(iter(matches.values())) if len(matches) == 1 else None


def _agency_scope(name: str, registry: AgencyRegistry) -> Scope:
    agency = find_agency(name, registry)
    if agency is None:
        raise UnknownScope(name)
    return Scope(kind=ScopeKind.AGENCY, agency_id=agency.id, label=agency.name)
