"""A deployment's own agencies read from and written to disk (``seeds/local_agencies.toml``
unless the ``LOCAL_AGENCIES_FILE`` setting names another), and the registry built from them
kept in a cache beside the file. The file's rules live in ``domain.local_agencies``; this
module only reads and writes."""

from __future__ import annotations

import gc
import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import domain.agencies
import domain.local_agencies
from domain.agencies import (
    Agency,
    AgencyRegistry,
    RegistrySnapshot,
    ScanningSnapshot,
    model,
    names,
    registry,
    scanning,
    tables,
    tree,
)
from domain.errors import SeedError
from domain.local_agencies import (
    LocalAgency,
    checked_new_agency,
    extended_registry,
    local_agencies_text,
    parse_local_agencies,
)
from storage.agency_files import SHIPPED_REGISTRY, shipped_registry

__all__ = [
    "DEFAULT_LOCAL_AGENCIES",
    "ENV_VARIABLE",
    "add_local_agency",
    "cache_path",
    "load_local_agencies",
    "registry_for",
    "scanning_cache_path",
    "scanning_registry_for",
    "write_local_agencies",
]

DEFAULT_LOCAL_AGENCIES = Path(__file__).resolve().parent.parent / "seeds" / "local_agencies.toml"
ENV_VARIABLE = "LOCAL_AGENCIES_FILE"

log = logging.getLogger(__name__)


def load_local_agencies(path: Path) -> tuple[LocalAgency, ...]:
    """The bodies of ``path`` (none when the file does not exist)."""
    if not path.exists():
        return ()
    try:
        content = path.read_bytes()
    except OSError as error:
        raise SeedError(str(path), f"cannot read: {error}") from error
    return parse_local_agencies(content, path)


def write_local_agencies(path: Path, agencies: Sequence[LocalAgency]) -> None:
    """Rewrite ``path`` with ``agencies`` (atomically: a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(local_agencies_text(agencies), encoding="utf-8")
    temporary.replace(path)


def add_local_agency(path: Path, registry: AgencyRegistry, new: LocalAgency) -> Agency:
    """Add ``new`` to the file and to ``registry`` (in place); returns its agency.

    :class:`SeedError`, and nothing written, when the name or an alias already names an
    agency, or the entry is too long.
    """
    agency = checked_new_agency(registry, new)
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
    base = base or shipped_registry()
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
    code = [Path(module.__file__ or "").read_bytes() for module in _READING_CODE()]
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
        bodies = parse_local_agencies(content, path)
        registry = extended_registry(shipped_registry(), bodies)
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


def _READING_CODE() -> tuple[ModuleType, ...]:
    """The modules that read and index the files: a new version of any of them may read the
    same files otherwise."""
    return (
        domain.agencies,
        model,
        names,
        tree,
        tables,
        scanning,
        registry,
        domain.local_agencies,
        sys.modules[__name__],
    )
