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
"""

from __future__ import annotations

import gc
import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from domain import agencies
from domain.agencies import (
    SHIPPED_REGISTRY,
    Agency,
    AgencyKind,
    AgencyRegistry,
    RegistrySnapshot,
    ScanningSnapshot,
    fold_name,
)
from domain.errors import SeedError

__all__ = [
    "DEFAULT_LOCAL_AGENCIES",
    "ENV_VARIABLE",
    "LocalAgency",
    "add_local_agency",
    "cache_path",
    "extended_registry",
    "load_local_agencies",
    "local_id",
    "registry_for",
    "scanning_cache_path",
    "scanning_registry_for",
    "write_local_agencies",
]

DEFAULT_LOCAL_AGENCIES = Path(__file__).resolve().parent.parent / "seeds" / "local_agencies.toml"
ENV_VARIABLE = "LOCAL_AGENCIES_FILE"
_FIELDS = frozenset({"name", "aliases", "parent"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_NAME = 120
MAX_ALIASES = 10

log = logging.getLogger(__name__)


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


def load_local_agencies(path: Path) -> tuple[LocalAgency, ...]:
    """The bodies of ``path`` (none when the file does not exist)."""
    if not path.exists():
        return ()
    try:
        content = path.read_bytes()
    except OSError as error:
        raise SeedError(str(path), f"cannot read: {error}") from error
    return _parse_local_agencies(path, content)


def _parse_local_agencies(path: Path, content: bytes) -> tuple[LocalAgency, ...]:
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


def write_local_agencies(path: Path, agencies: Sequence[LocalAgency]) -> None:
    """Rewrite ``path`` with ``agencies`` (atomically: a temporary file, then a rename)."""
    lines = ["# A deployment's own agencies (see domain/local_agencies.py).", ""]
    for agency in agencies:
        lines += ["[[agency]]", f"name = {_quoted(agency.name)}"]
        if agency.aliases:
            lines.append("aliases = [" + ", ".join(_quoted(a) for a in agency.aliases) + "]")
        if agency.parent:
            lines.append(f"parent = {_quoted(agency.parent)}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text("\n".join(lines), encoding="utf-8")
    temporary.replace(path)


def extended_registry(base: AgencyRegistry, agencies: Iterable[LocalAgency]) -> AgencyRegistry:
    """``base`` with the local bodies added; :class:`SeedError` when a name clashes."""
    return base.with_agencies(agency.agency() for agency in agencies)


def add_local_agency(path: Path, registry: AgencyRegistry, new: LocalAgency) -> Agency:
    """Add ``new`` to the file and to ``registry`` (in place); returns its agency.

    :class:`SeedError`, and nothing written, when the name or an alias already names an
    agency, or the entry is too long.
    """
    if len(new.name) > MAX_NAME or len(new.aliases) > MAX_ALIASES:
        raise SeedError(new.name[:MAX_NAME], "too long")
    if any(len(alias) > MAX_NAME for alias in new.aliases):
        raise SeedError(new.name, "too long")
    agency = new.agency()
    registry.with_agencies([agency])  # raises on a clash before anything is written
    write_local_agencies(path, (*load_local_agencies(path), new))
    registry.add([agency])
    return agency


def registry_for(path: Path | None = None, base: AgencyRegistry | None = None) -> AgencyRegistry:
    """The shipped registry with the local bodies of ``path`` (default: the
    ``LOCAL_AGENCIES_FILE`` environment variable, else :data:`DEFAULT_LOCAL_AGENCIES`).

    With the shipped registry (no ``base``) it comes from the cache beside the file when
    the cache was made from these very files (:func:`cache_path`), and is cached after a
    build otherwise."""
    path = _configured(path)
    if base is None and path.exists():
        return _cached_registry(path)
    base = base or AgencyRegistry.default()
    # Always a registry of its own: /coquan grows it in place, never the shared default.
    return extended_registry(base, load_local_agencies(path))


def scanning_registry_for(path: Path | None = None) -> AgencyRegistry:
    """:func:`registry_for`, ready to find names in notices (what an import's child
    process needs): the names as written are cached beside the file too, under the same
    digest, so only the index of their first words is left to build (the source of their
    one pattern as well, in the rare registry where a name does not start with a word)."""
    path = _configured(path)
    registry = registry_for(path)
    if registry.source is None:
        return registry
    cache = scanning_cache_path(path)
    stored = _load(cache, registry.source)
    if stored is not None:
        try:
            registry.use_scanning_snapshot(stored)
            return registry
        except (TypeError, ValueError, KeyError):
            log.warning("name-scanning cache %s is damaged; rebuilding it", cache)
    _store(cache, registry.source, registry.scanning_snapshot())
    return registry


def _configured(path: Path | None) -> Path:
    """``path``, else the ``LOCAL_AGENCIES_FILE`` environment variable, else the default."""
    if path is not None:
        return path
    configured = os.environ.get(ENV_VARIABLE, "").strip()
    return Path(configured) if configured else DEFAULT_LOCAL_AGENCIES


# --- the cache ------------------------------------------------------------------------------
#
# Reading a file of 100,000 bodies (tomllib is pure Python) and checking and indexing every
# name takes seconds, at every start and in every import's child process, although the file
# rarely changes. So the registry built from it is kept beside it as a snapshot in
# ``marshal`` format (built-in types only: loading it runs no code), under a digest of the
# shipped registry's bytes, the local file's bytes, the code that reads them and the
# snapshot's format. A snapshot whose digest differs — a file edited, /coquan adding a body,
# a new version of the code or of Python — is ignored and replaced; one that cannot be read
# or written changes nothing but the time taken. What finding names in notices needs is
# kept apart under the same digest (a start needs none of it; an import's child process
# needs all of it).

_CACHE_FORMAT = b"local-agencies-cache/1"


def cache_path(path: Path) -> Path:
    """Where the registry built from the local file ``path`` is kept."""
    return path.with_name(f".{path.name}.registry-cache")


def scanning_cache_path(path: Path) -> Path:
    """Where what finding names in notices needs is kept (see :func:`scanning_registry_for`)."""
    return path.with_name(f".{path.name}.scanning-cache")


def _digest(local: bytes) -> str:
    """What the registry is made from: both files, and the code that reads and indexes
    them (a new version of it may read the same files otherwise)."""
    digest = hashlib.sha256(_CACHE_FORMAT)
    digest.update(b"marshal %d python %d.%d " % (marshal.version, *sys.version_info[:2]))
    code = [
        Path(module.__file__ or "").read_bytes() for module in (agencies, sys.modules[__name__])
    ]
    for part in (*code, SHIPPED_REGISTRY.read_bytes(), local):
        digest.update(b"%d:" % len(part))
        digest.update(part)
    return digest.hexdigest()


def _cached_registry(path: Path) -> AgencyRegistry:
    try:
        content = path.read_bytes()
    except OSError as error:
        raise SeedError(str(path), f"cannot read: {error}") from error
    digest = _digest(content)
    registry = _registry_from(cache_path(path), digest)
    if registry is None:
        bodies = _parse_local_agencies(path, content)
        registry = extended_registry(AgencyRegistry.default(), bodies)
        _store(cache_path(path), digest, registry.snapshot())
    registry.source = digest
    return registry


def _registry_from(cache: Path, digest: str) -> AgencyRegistry | None:
    stored = _load(cache, digest)
    if stored is None:
        return None
    try:
        return AgencyRegistry.from_snapshot(stored)
    except (TypeError, ValueError, KeyError, IndexError):
        log.warning("agency registry cache %s is damaged; rebuilding it", cache)
        return None


def _load(cache: Path, digest: str) -> Any:
    """What :func:`_store` kept in ``cache`` under ``digest``; None for anything else."""
    try:
        data = cache.read_bytes()
    except OSError:
        return None
    # Hundreds of thousands of tuples at once: the collector would walk them again and
    # again while they are built (twice the time at 100,000 agencies).
    collecting = gc.isenabled()
    gc.disable()
    try:
        stored = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    finally:
        if collecting:
            gc.enable()
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == digest):
        return None
    return stored[1]


def _store(cache: Path, digest: str, value: RegistrySnapshot | ScanningSnapshot) -> None:
    data = marshal.dumps((digest, value))
    written: Path | None = None
    try:
        # A file of its own, then a rename: a reader never sees half of it, and two
        # processes writing at once each write a whole one.
        with tempfile.NamedTemporaryFile(dir=cache.parent, prefix=cache.name, delete=False) as f:
            written = Path(f.name)
            f.write(data)
        written.replace(cache)
    except OSError as error:
        log.info("not cached in %s: %s", cache.parent, error)
        if written is not None:
            written.unlink(missing_ok=True)
