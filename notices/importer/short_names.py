"""Ministries named by their short names after "các Bộ": "… phối hợp với các Bộ Tài nguyên và
Môi trường, Nông nghiệp và Phát triển nông thôn, Tư pháp", "Các Bộ Tài chính, Công Thương …"."""

from __future__ import annotations

import re

from domain.agencies import AgencyRegistry
from notices.importer.names import _Name, _name_words

_SHORT_JOIN = re.compile(r"\s*,\s*(?:và\s+)?|\s+và\s+")
_AFTER_GROUP = re.compile(r"\s*:\s*| (?=[A-ZĐ])")


def short_ministries(flat: str, names: list[_Name], registry: AgencyRegistry) -> list[_Name]:
    """ "… phối hợp với các Bộ Tài nguyên và Môi trường, Nông nghiệp và Phát triển nông thôn,
    Tư pháp": the ministries named by their short names after "các Bộ", a name each (the
    first one with its "Bộ"), instead of the group — two of them at least."""
    for group in [n for n in names if n.group_id is not None and n.written.lower() == "các bộ"]:
        members: list[_Name] = []
        after = _AFTER_GROUP.match(flat, group.end)
        position = after.end() if after is not None else len(flat)
        starting = {n.start: n for n in names if n.agency_id is not None}
        while position < len(flat):
            found = starting.get(position)
            end = found.end if found is not None else _name_words(flat, position)
            agency = registry.find("Bộ " + flat[position:end]) if end > position else None
            if agency is None and found is not None and found.agency_id is not None:
                agency = registry.get(found.agency_id)
            if agency is None or agency.kind.value != "ministry":
                break
            members.append(
                _Name(
                    agency_id=agency.id,
                    group_id=None,
                    written=flat[position:end],
                    start=position,
                    end=end,
                )
            )
            join = _SHORT_JOIN.match(flat, end)
            if join is None:
                break
            position = join.end()
        if len(members) < 2:
            continue
        first = members[0]
        bo = group.end - len("Bộ")
        members[0] = _Name(
            agency_id=first.agency_id,
            group_id=None,
            written=flat[bo : first.end],
            start=bo,
            end=first.end,
        )
        spans = [(m.start, m.end) for m in members]
        names = [
            n
            for n in names
            if n is not group and not any(a < n.end and n.start < b for a, b in spans)
        ]
        names.extend(members)
    return names
