"""A deployment's own agencies: a province's Sở and ban, a ministry's Cục and Vụ.

They live in a TOML file next to the registry (``seeds/local_agencies.toml`` unless the
``LOCAL_AGENCIES_FILE`` setting names another), one table per body::

    [[agency]]
    name = "Sở Tư pháp"
    aliases = ["STP", "Sở Tư pháp tỉnh Nghệ An"]
    parent = "UBND tỉnh Nghệ An"

``parent`` ("thuộc") is shown to admins and is optional. Every body becomes an agency of
kind ``other`` whose id is ``local-`` and its name without diacritics ("local-so-tu-phap"),
so importing a notice, ``/addtask`` and ``/invite`` know it at once. Admins add bodies with
``/coquan them <tên> | <viết tắt, bí danh…> | <thuộc>``; the file is rewritten whole.

Pure: the file's text comes in and goes out here; ``storage.local_agency_files`` reads and
writes the file, and keeps the registry built from it in a cache beside it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from domain.agencies import Agency, AgencyKind, AgencyRegistry, fold_name
from domain.errors import SeedError

__all__ = [
    "MAX_ALIASES",
    "MAX_NAME",
    "LocalAgency",
    "checked_new_agency",
    "extended_registry",
    "local_agencies_text",
    "local_id",
    "parse_local_agencies",
]

_FIELDS = frozenset({"name", "aliases", "parent"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_NAME = 120
MAX_ALIASES = 10


@dataclass(frozen=True, kw_only=True, slots=True)
class LocalAgency:
    """One body of the local file."""

    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None

    def agency(self) -> Agency:
        return Agency(
            id=local_id(self.name),
            name=self.name,
            short=self.aliases[0] if self.aliases else self.name,
            kind=AgencyKind.OTHER,
            aliases=self.aliases[1:],
            successor=None,
            reorganised=None,
        )


def local_id(name: str) -> str:
    """``local-`` and the name without diacritics, in lowercase ascii words."""
    return "local-" + _NOT_SLUG.sub("-", fold_name(name)).strip("-")


def _clean(text: str) -> str:
    return " ".join(text.split())


def _entry(table: object, where: str) -> LocalAgency:
    if not isinstance(table, dict):
        raise SeedError(where, "an [[agency]] table is required")
    unknown = set(table) - _FIELDS
    if unknown:
        raise SeedError(where, f"unknown field(s): {', '.join(sorted(unknown))}")
    name = table.get("name")
    if not isinstance(name, str) or not _clean(name):
        raise SeedError(where, "name: a non-empty string is required")
    aliases = table.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise SeedError(where, "aliases: a list of strings is required")
    parent = table.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise SeedError(where, "parent: a string is required")
    return LocalAgency(
        name=_clean(name),
        aliases=tuple(dict.fromkeys(_clean(a) for a in aliases if _clean(a))),
        parent=_clean(parent) or None if parent else None,
    )


def parse_local_agencies(content: bytes, path: PurePath) -> tuple[LocalAgency, ...]:
    """The bodies a local file of ``path`` holding ``content`` lists."""
    try:
        data = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SeedError(str(path), f"cannot read: {error}") from error
    unknown = set(data) - {"agency"}
    if unknown:
        raise SeedError(path.name, f"unknown table(s): {', '.join(sorted(unknown))}")
    tables = data.get("agency", [])
    if not isinstance(tables, list):
        raise SeedError(path.name, "agency must be an array of tables ([[agency]])")
    return tuple(_entry(t, f"{path.name}: agency #{n}") for n, t in enumerate(tables, 1))


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def local_agencies_text(agencies: Sequence[LocalAgency]) -> str:
    """The file that lists ``agencies``, one ``[[agency]]`` table each."""
    lines = ["# A deployment's own agencies (see domain/local_agencies.py).", ""]
    for agency in agencies:
        lines += ["[[agency]]", f"name = {_quoted(agency.name)}"]
        if agency.aliases:
            lines.append("aliases = [" + ", ".join(_quoted(a) for a in agency.aliases) + "]")
        if agency.parent:
            lines.append(f"parent = {_quoted(agency.parent)}")
        lines.append("")
    return "\n".join(lines)


def extended_registry(base: AgencyRegistry, agencies: Iterable[LocalAgency]) -> AgencyRegistry:
    """``base`` with the local bodies added; :class:`SeedError` when a name clashes."""
    return base.with_agencies(agency.agency() for agency in agencies)


def checked_new_agency(registry: AgencyRegistry, new: LocalAgency) -> Agency:
    """The agency ``new`` becomes once added to ``registry``; :class:`SeedError` when the
    name or an alias already names an agency, or the entry is too long."""
    if len(new.name) > MAX_NAME or len(new.aliases) > MAX_ALIASES:
        raise SeedError(new.name[:MAX_NAME], "too long")
    if any(len(alias) > MAX_NAME for alias in new.aliases):
        raise SeedError(new.name, "too long")
    agency = new.agency()
    registry.with_agencies([agency])  # raises on a clash
    return agency
