"""The registry file's tables (``seeds/agencies.toml``, schema in ``seeds/README.md``),
checked entry by entry: the text comes in, reading the file is the caller's
(``storage.agency_files``)."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from domain.agencies.model import Agency, AgencyGroup, AgencyKind
from domain.agencies.registry import AgencyRegistry
from domain.errors import SeedError

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_AGENCY_FIELDS = frozenset({"id", "name", "short", "kind", "aliases", "successor", "reorganised"})
_GROUP_FIELDS = frozenset({"id", "name", "aliases", "kinds"})


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SeedError(where, f"{key}: a non-empty string is required")
    return value


def _texts(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SeedError(where, f"{key}: a list of non-empty strings is required")
    return tuple(value)


def _kind(value: object, where: str, key: str) -> AgencyKind:
    try:
        return AgencyKind(str(value))
    except ValueError:
        allowed = ", ".join(kind.value for kind in AgencyKind)
        raise SeedError(where, f"{key}: {value!r} is not one of {allowed}") from None


def _parse_agency(table: object, where: str) -> Agency:
    if not isinstance(table, dict):
        raise SeedError(where, "an [[agency]] table is required")
    agency_id = _text(table, "id", where)
    where = f"{where} {agency_id!r}"
    unknown = set(table) - _AGENCY_FIELDS
    if unknown:
        raise SeedError(where, f"unknown field(s): {', '.join(sorted(unknown))}")
    if not _ID.fullmatch(agency_id):
        raise SeedError(where, "id: lowercase ascii words joined by '-' are required")
    successor = table.get("successor")
    if successor is not None and (not isinstance(successor, str) or not successor):
        raise SeedError(where, "successor: an agency id is required")
    reorganised = table.get("reorganised")
    if reorganised is not None and (
        not isinstance(reorganised, date) or isinstance(reorganised, datetime)
    ):
        raise SeedError(where, "reorganised: a date (YYYY-MM-DD) is required")
    if (successor is None) != (reorganised is None):
        raise SeedError(where, "successor and reorganised go together")
    return Agency(
        id=agency_id,
        name=_text(table, "name", where),
        short=_text(table, "short", where),
        kind=_kind(table.get("kind"), where, "kind"),
        aliases=_texts(table, "aliases", where),
        successor=successor,
        reorganised=reorganised,
    )


def _parse_group(table: object, where: str) -> AgencyGroup:
    if not isinstance(table, dict):
        raise SeedError(where, "a [[group]] table is required")
    group_id = _text(table, "id", where)
    where = f"{where} {group_id!r}"
    unknown = set(table) - _GROUP_FIELDS
    if unknown:
        raise SeedError(where, f"unknown field(s): {', '.join(sorted(unknown))}")
    if not _ID.fullmatch(group_id):
        raise SeedError(where, "id: lowercase ascii words joined by '-' are required")
    kinds = _texts(table, "kinds", where)
    if not kinds:
        raise SeedError(where, "kinds: at least one kind is required")
    return AgencyGroup(
        id=group_id,
        name=_text(table, "name", where),
        aliases=_texts(table, "aliases", where),
        kinds=tuple(_kind(kind, where, "kinds") for kind in kinds),
    )


def parse_registry(text: str, path: PurePath) -> AgencyRegistry:
    """The registry a file of ``path`` holding ``text`` describes; :class:`SeedError`
    names the offending entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SeedError(str(path), f"cannot read: {error}") from error
    unknown = set(data) - {"agency", "group"}
    if unknown:
        raise SeedError(path.name, f"unknown table(s): {', '.join(sorted(unknown))}")
    agencies = data.get("agency", [])
    groups = data.get("group", [])
    if not isinstance(agencies, list) or not isinstance(groups, list):
        raise SeedError(path.name, "agency and group must be arrays of tables ([[agency]])")
    try:
        return AgencyRegistry(
            (_parse_agency(t, f"agency #{n}") for n, t in enumerate(agencies, 1)),
            (_parse_group(t, f"group #{n}") for n, t in enumerate(groups, 1)),
        )
    except SeedError as error:
        raise SeedError(f"{path.name}: {error.where}", error.problem) from None
