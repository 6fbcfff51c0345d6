"""The agency registry read from disk: ``seeds/agencies.toml`` (or another registry file).
The rules live in ``domain.agencies``; this module only reads the file."""

from __future__ import annotations

import functools
from pathlib import Path

from domain.agencies import AgencyRegistry, parse_registry
from domain.errors import SeedError

__all__ = ["SHIPPED_REGISTRY", "load_registry", "shipped_registry"]

SHIPPED_REGISTRY = Path(__file__).resolve().parent.parent / "seeds" / "agencies.toml"
"""The registry shipped with the product."""


def load_registry(path: Path) -> AgencyRegistry:
    """Read and validate a registry file; :class:`SeedError` names the offending entry."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SeedError(str(path), f"cannot read: {error}") from error
    return parse_registry(text, path)


@functools.cache
def shipped_registry() -> AgencyRegistry:
    """The registry shipped in ``seeds/agencies.toml`` (read once per process, shared)."""
    return load_registry(SHIPPED_REGISTRY)
