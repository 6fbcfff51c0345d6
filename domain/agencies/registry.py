"""The agency registry: who can be assigned a task, under which names, and who owns it today."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date

from domain.agencies.model import _KIND_ORDER, Agency, AgencyGroup, AgencyKind
from domain.agencies.names import (
    _GENERIC_WORDS,
    _fold_normalised,
    _without_kind,
    fold_name,
    normalise_name,
    short_spellings,
)
from domain.agencies.scanning import NameScanning
from domain.errors import SeedError, UnknownAgency

_AgencyRow = tuple[str, str, str, str, tuple[str, ...], str | None, str | None]
_GroupRow = tuple[str, str, tuple[str, ...], tuple[str, ...]]
RegistrySnapshot = tuple[
    tuple[_AgencyRow, ...],
    tuple[_GroupRow, ...],
    dict[str, str],
    dict[str, str],
    dict[str, tuple[str, ...]],
]
"""What :meth:`AgencyRegistry.snapshot` gives: agencies, groups, the names of each, and
the names without diacritics."""


def _collation_key(text: str) -> tuple[str, str]:
    """Vietnamese-friendly ordering: letters first, diacritics only to break ties."""
    plain = "".join(
        char
        for char in unicodedata.normalize("NFD", text.casefold().replace("đ", "d\uffff"))
        if not unicodedata.combining(char)
    )
    return plain, text


class AgencyRegistry(NameScanning):
    """All agencies and groups, looked up by any of their names. Immutable once loaded."""

    def __init__(self, agencies: Iterable[Agency], groups: Iterable[AgencyGroup]) -> None:
        self._agencies = {}
        self._groups = {}
        self._agency_keys = {}
        self._group_keys = {}

        def claim(owner: str, is_group: bool, name: str, where: str) -> None:
            key = normalise_name(name)
            holder = self._agency_keys.get(key) or self._group_keys.get(key)
            if holder is not None and holder != owner:
                raise SeedError(where, f"name {name!r} already belongs to {holder!r}")
            (self._group_keys if is_group else self._agency_keys)[key] = owner

        for agency in agencies:
            where = f"agency {agency.id!r}"
            if agency.id in self._agencies:
                raise SeedError(where, "id: duplicate")
            self._agencies[agency.id] = agency
            for name in (agency.id, agency.name, *short_spellings(agency.short), *agency.aliases):
                claim(agency.id, False, name, where)
        for group in groups:
            where = f"group {group.id!r}"
            if group.id in self._groups or group.id in self._agencies:
                raise SeedError(where, "id: duplicate")
            self._groups[group.id] = group
            for name in (group.id, group.name, *group.aliases):
                claim(group.id, True, name, where)
        self._check_successors()
        self.source: str | None = None
        """A digest of the files this registry was read from, set by whoever read them
        (``storage.local_agency_files``); None for one built in code or grown in place. The same
        source stands for the same registry, so its database mirror can be known up to
        date without listing every agency (``storage.agency_mirror``)."""
        # Built at their first use (a start needs neither; at 100,000 agencies they take
        # seconds): names without diacritics, the names searched in text, their pattern.
        self._folded_index: dict[str, tuple[str, ...]] | None = None
        self._target_index = None
        self._tree = None
        self._pattern = None
        self._words = None

    def _folded(self) -> dict[str, tuple[str, ...]]:
        """Names without diacritics ("So Tu phap") and their agencies (each once), for
        lookups typed by people."""
        if self._folded_index is None:
            folded: dict[str, dict[str, None]] = {}
            for key, agency_id in self._agency_keys.items():
                if agency_id != key:  # not the id itself
                    folded.setdefault(_fold_normalised(key), {})[agency_id] = None
            self._folded_index = {key: tuple(ids) for key, ids in folded.items()}
        return self._folded_index

    def _check_successors(self) -> None:
        for agency in self._agencies.values():
            seen = [agency.id]
            current = agency
            while current.successor is not None:
                where = f"agency {current.id!r}"
                following = self._agencies.get(current.successor)
                if following is None:
                    raise SeedError(where, f"successor: unknown agency {current.successor!r}")
                if following.id in seen:
                    chain = " -> ".join([*seen, following.id])
                    raise SeedError(where, f"successor: cycle {chain}")
                seen.append(following.id)
                current = following

    def snapshot(self) -> RegistrySnapshot:
        """Everything the registry holds, its index of names without diacritics included, in
        built-in types only (what ``marshal`` stores): rebuilding it with
        :meth:`from_snapshot` costs a fraction of reading and checking the files again."""
        return (
            tuple(
                (
                    a.id,
                    a.name,
                    a.short,
                    a.kind.value,
                    a.aliases,
                    a.successor,
                    a.reorganised.isoformat() if a.reorganised is not None else None,
                )
                for a in self._agencies.values()
            ),
            tuple(
                (g.id, g.name, g.aliases, tuple(kind.value for kind in g.kinds))
                for g in self._groups.values()
            ),
            dict(self._agency_keys),
            dict(self._group_keys),
            dict(self._folded()),
        )

    @classmethod
    def from_snapshot(cls, snapshot: RegistrySnapshot) -> AgencyRegistry:
        """The registry a :meth:`snapshot` was taken of. Nothing is checked again: a
        snapshot is only ever taken of a registry that was (``TypeError``, ``ValueError``
        or ``KeyError`` when it is not a snapshot)."""
        agencies, groups, agency_keys, group_keys, folded = snapshot
        kinds = {kind.value: kind for kind in AgencyKind}
        registry = cls.__new__(cls)
        registry._agencies = {
            row[0]: Agency(
                id=row[0],
                name=row[1],
                short=row[2],
                kind=kinds[row[3]],
                aliases=row[4],
                successor=row[5],
                reorganised=date.fromisoformat(row[6]) if row[6] is not None else None,
            )
            for row in agencies
        }
        registry._groups = {
            row[0]: AgencyGroup(
                id=row[0],
                name=row[1],
                aliases=row[2],
                kinds=tuple(kinds[kind] for kind in row[3]),
            )
            for row in groups
        }
        registry._agency_keys = agency_keys
        registry._group_keys = group_keys
        registry._folded_index = folded
        registry._target_index = None
        registry._tree = None
        registry._pattern = None
        registry._words = None
        registry.source = None
        return registry

    # --- lookups ---

    def get(self, agency_id: str) -> Agency:
        """The agency with this id; :class:`UnknownAgency` otherwise."""
        try:
            return self._agencies[agency_id]
        except KeyError:
            raise UnknownAgency(agency_id) from None

    def find(self, name: str) -> Agency | None:
        """The agency known by this id, name, short form or alias (normalised), if any; a
        name written without diacritics ("so tu phap") counts when it fits one agency only."""
        agency_id = self._agency_keys.get(normalise_name(name))
        if agency_id is None:
            folded = self._folded().get(fold_name(name), ())
            agency_id = folded[0] if len(folded) == 1 else None
        return self._agencies[agency_id] if agency_id is not None else None

    def find_loose(self, name: str) -> Agency | None:
        """:meth:`find`, else the one agency whose name reads the same once the kind word
        in front is dropped on both sides, without diacritics: "Tài chính" and "bo tai
        chinh" are Bộ Tài chính, "an giang" is UBND tỉnh An Giang. None when no agency or
        several fit (then :meth:`candidates` suggests)."""
        found = self.find(name)
        if found is not None:
            return found
        wanted = _without_kind(fold_name(name))
        if not wanted:
            return None
        ids = {
            agency_id
            for key, group in self._folded().items()
            if _without_kind(key) == wanted
            for agency_id in group
        }
        active = {i for i in ids if self._agencies[i].active}
        chosen = active or ids
        return self._agencies[next(iter(chosen))] if len(chosen) == 1 else None

    def candidates(self, name: str, limit: int = 5) -> list[Agency]:
        """Agencies a name that :meth:`find` cannot settle may mean: every one whose name
        reads the same without diacritics, else those whose names contain it (folded)."""
        wanted = fold_name(name)
        if not wanted:
            return []
        ids = set(self._folded().get(wanted, ()))
        if not ids:
            words = set(wanted.split()) - _GENERIC_WORDS
            ids = {
                agency_id
                for key, group in self._folded().items()
                if (words <= set(key.split()) if words else wanted in key)
                for agency_id in group
            }
        found = sorted((self._agencies[i] for i in ids), key=lambda a: _collation_key(a.name))
        return found[:limit]

    def with_agencies(self, extra: Iterable[Agency]) -> AgencyRegistry:
        """A registry with these agencies added (a deployment's own bodies)."""
        return AgencyRegistry([*self._agencies.values(), *extra], self._groups.values())

    def add(self, extra: Iterable[Agency]) -> None:
        """Add agencies in place, so that every holder of this registry knows them at once
        (:class:`SeedError`, and nothing changed, when a name is already taken). Never call
        it on the shipped registry (``storage.agency_files.shipped_registry``), which the
        whole process shares."""
        grown = self.with_agencies(extra)
        for attribute, value in vars(grown).items():
            setattr(self, attribute, value)

    def resolve(self, name: str) -> Agency:
        """Like :meth:`find`, but :class:`UnknownAgency` when nothing matches."""
        agency = self.find(name)
        if agency is None:
            raise UnknownAgency(name)
        return agency

    def get_group(self, group_id: str) -> AgencyGroup:
        """The group with this id; :class:`UnknownAgency` otherwise."""
        try:
            return self._groups[group_id]
        except KeyError:
            raise UnknownAgency(group_id) from None

    def resolve_group(self, name: str) -> AgencyGroup | None:
        """The group known by this id, name or alias (normalised), if any."""
        group_id = self._group_keys.get(normalise_name(name))
        return self._groups[group_id] if group_id is not None else None

    def owner_today(self, agency_id: str) -> Agency:
        """The active agency that now answers for ``agency_id`` (itself when still active)."""
        agency = self.get(agency_id)
        while agency.successor is not None:
            agency = self._agencies[agency.successor]
        return agency

    def members(self, group_id: str) -> list[Agency]:
        """The active agencies of the group's kinds, by kind (enum order) then name."""
        group = self.get_group(group_id)
        chosen = [a for a in self._agencies.values() if a.active and a.kind in group.kinds]
        return sorted(chosen, key=lambda a: (_KIND_ORDER[a.kind], _collation_key(a.name)))

    def all(self) -> list[Agency]:
        """Every agency, in file order."""
        return list(self._agencies.values())

    def active(self) -> list[Agency]:
        """The agencies that still exist, in file order."""
        return [agency for agency in self._agencies.values() if agency.active]

    def groups(self) -> list[AgencyGroup]:
        """Every group, in file order."""
        return list(self._groups.values())
