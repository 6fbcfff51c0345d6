"""The curated task list read from disk: ``seeds/tasks.toml`` and the notices' text files
it names. The rules live in ``domain.seedfile``; this module only reads the files.
"""

from __future__ import annotations

from pathlib import Path

from domain.agencies import AgencyRegistry
from domain.errors import SeedError
from domain.seedfile import SeedFile, parse_seed_file
from storage.agency_files import shipped_registry

#: The shipped task list.
SHIPPED = Path(__file__).resolve().parent.parent / "seeds" / "tasks.toml"


def load_seed_file(path: Path, registry: AgencyRegistry) -> SeedFile:
    """Read and validate a task list; ``source`` paths are relative to ``path``'s parent's parent.

    (``seeds/tasks.toml`` names ``seeds/…`` files, relative to the repository root.)
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SeedError(str(path), f"cannot read: {error}") from error
    root = path.resolve().parent.parent
    return parse_seed_file(
        text,
        registry,
        path=path,
        read_source=lambda source: (root / source).read_text(encoding="utf-8"),
    )


def default_seed_file(registry: AgencyRegistry | None = None) -> SeedFile:
    """The task list shipped in ``seeds/tasks.toml``, checked against ``registry``."""
    return load_seed_file(SHIPPED, registry or shipped_registry())


__all__ = ["SHIPPED", "default_seed_file", "load_seed_file"]
