"""The prefix tree of every name, as one regular expression, and the names' targets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from domain.agencies.names import _Casing


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    end: bool = False


def _tree_pattern(keys: Iterable[str]) -> str:
    """One regular expression matching any of ``keys``, longest alternative first."""
    root = _Node()
    for key in keys:
        node = root
        for char in key:
            node = node.children.setdefault(char, _Node())
        node.end = True

    def emit(node: _Node) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.children.items())]
        if not branches:
            return ""
        if len(branches) == 1 and not node.end:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if node.end else body  # greedy: the longer name is tried first

    return emit(root)


class _StoredTargets(Mapping[str, "_Target"]):
    """The targets of a scanning snapshot, each turned into a :class:`_Target` when first
    looked up: a notice names a few dozen of 100,000 names, and building them all would
    take longer than reading the notice."""

    _CASINGS: ClassVar[dict[object, _Casing]] = {}

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw
        self._built: dict[str, _Target] = {}
        if not self._CASINGS:
            self._CASINGS.update({casing.value: casing for casing in _Casing})

    def __getitem__(self, key: str) -> _Target:
        target = self._built.get(key)
        if target is None:
            agency_id, group_id, forms = self._raw[key]
            target = _Target(
                agency_id=agency_id,
                group_id=group_id,
                forms=tuple((form, self._CASINGS[casing]) for form, casing in forms),
            )
            self._built[key] = target
        return target

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


# A word of normalised text where it starts, any run of word characters, and the first
# and last characters of a name (both word characters).
_WORD_AT = re.compile(r"(?<!\w)\w+")
_WORD_RUN = re.compile(r"\w+")
_EDGES = re.compile(r"\w\w")


@dataclass(frozen=True, slots=True)
class _Target:
    agency_id: str | None
    group_id: str | None
    forms: tuple[tuple[str, _Casing], ...]  # each name with this key, normalised, case kept
