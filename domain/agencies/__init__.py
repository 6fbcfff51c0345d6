"""The agency registry: who can be assigned a task, under which names, and who owns it today.

The registry is described by ``seeds/agencies.toml`` (see ``seeds/README.md`` for the
schema), read by ``storage.agency_files`` and checked here (:func:`parse_registry`).
Names are compared after :func:`normalise_name`: Unicode NFC, case-folded, whitespace
collapsed, dashes unified, old-style tone placement ("Uỷ", "Hoà") moved to the modern one
("Ủy", "Hòa"). Diacritics are kept: "Hà Nam" and "Hà Nậm" are different names.

Free text is scanned by :meth:`AgencyRegistry.mentions` with one compiled regular
expression: every normalised name, alias and group alias, merged into a prefix tree so that
a 30 KB notice is scanned in a few milliseconds, longest name first.

Pure: no file is read here. The package is split by concept: :mod:`~domain.agencies.model`
(the types), :mod:`~domain.agencies.names` (normalising and capitals),
:mod:`~domain.agencies.tree` (the prefix tree), :mod:`~domain.agencies.tables` (the file's
tables checked), :mod:`~domain.agencies.scanning` (names found in text) and
:mod:`~domain.agencies.registry` (:class:`AgencyRegistry`, its lookups and snapshots).
"""

from __future__ import annotations

from domain.agencies.model import Agency, AgencyGroup, AgencyKind, AgencyMention
from domain.agencies.names import fold_name, normalise_name
from domain.agencies.registry import AgencyRegistry, RegistrySnapshot
from domain.agencies.scanning import ScanningSnapshot
from domain.agencies.tables import parse_registry

__all__ = [
    "Agency",
    "AgencyGroup",
    "AgencyKind",
    "AgencyMention",
    "AgencyRegistry",
    "RegistrySnapshot",
    "ScanningSnapshot",
    "fold_name",
    "normalise_name",
    "parse_registry",
]
