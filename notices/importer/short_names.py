"""Ministries named by their short names after "các Bộ": "… phối hợp với các Bộ Tài nguyên và
Môi trường, Nông nghiệp và Phát triển nông thôn, Tư pháp", "Các Bộ Tài chính, Công Thương …"."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from itertools import takewhile

from domain.agencies import AgencyKind, AgencyRegistry
from notices.importer.assignees import _LIST_JOIN
from notices.importer.name_words import _name_words
from notices.importer.names import _Name

_AFTER_GROUP = re.compile(r"\s*:\s*| (?=[A-ZĐ])")


def short_names(
    flat: str,
    position: int,
    registry: AgencyRegistry,
    starting: Mapping[int, _Name] | None = None,
) -> list[_Name]:
    """The agencies named one after another by their short names from ``position`` ("Tài
    chính, Công Thương và Y tế" after "Các Bộ:"): "Bộ " and the words, or the words alone, as
    the registry knows them, joined by commas or "và". A name ``starting`` where one is read
    (a mention the registry found) ends where it does."""
    members: list[_Name] = []
    while True:
        found = starting.get(position) if starting else None
        end = found.end if found is not None else _name_words(flat, position)
        if end == position:
            break
        written = flat[position:end]
        agency = registry.find("Bộ " + written) or registry.find(written)
        if agency is None and found is not None and found.agency_id is not None:
            agency = registry.get(found.agency_id)
        if agency is None:
            break
        members.append(
            _Name(agency_id=agency.id, group_id=None, written=written, start=position, end=end)
        )
        join = _LIST_JOIN.match(flat, end)
        if join is None:
            break
        position = join.end()
    return members


def short_ministries(flat: str, names: list[_Name], registry: AgencyRegistry) -> list[_Name]:
    """ "… phối hợp với các Bộ Tài nguyên và Môi trường, Nông nghiệp và Phát triển nông thôn,
    Tư pháp": the ministries named by their short names after "các Bộ", a name each (the
    first one with its "Bộ"), instead of the group — two of them at least."""
    starting = {n.start: n for n in names if n.agency_id is not None}
    for group in [n for n in names if n.group_id is not None and n.written.lower() == "các bộ"]:
        after = _AFTER_GROUP.match(flat, group.end)
        if after is None:
            continue
        listed = short_names(flat, after.end(), registry, starting)
        members = list(takewhile(lambda m: _is_ministry(m, registry), listed))
        if len(members) < 2:
            continue
        bo = group.end - len("Bộ")
        members[0] = replace(members[0], written=flat[bo : members[0].end], start=bo)
        spans = [(m.start, m.end) for m in members]
        names = [
            n
            for n in names
            if n is not group and not any(a < n.end and n.start < b for a, b in spans)
        ]
        names.extend(members)
    return names


def _is_ministry(name: _Name, registry: AgencyRegistry) -> bool:
    return name.agency_id is not None and registry.get(name.agency_id).kind is AgencyKind.MINISTRY
