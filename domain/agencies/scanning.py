"""Finding the registry's names in free text: one scan of a notice, longest name first."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

from domain.agencies.model import Agency, AgencyGroup, AgencyMention
from domain.agencies.names import (
    _CODE_WORD_AFTER,
    _CODE_WORD_BEFORE,
    _DASHES,
    _NAMING_BEFORE,
    _STOP_BEFORE_BARE,
    _WORD_BEFORE,
    _Casing,
    _casing,
    _is_code,
    _keeps_capitals,
    _normalise_with_map,
    _normalised,
    normalise_name,
    short_spellings,
)
from domain.agencies.tree import _EDGES, _WORD_AT, _WORD_RUN, _StoredTargets, _Target, _tree_pattern

ScanningSnapshot = tuple[
    dict[str, tuple[str | None, str | None, tuple[tuple[str, int], ...]]],
    str,
]
"""What :meth:`AgencyRegistry.scanning_snapshot` gives: each name's target and written
forms, and the pattern's source."""


class NameScanning:
    """The part of :class:`~domain.agencies.registry.AgencyRegistry` that finds its names in
    free text (:meth:`mentions`), with what that needs built at the first scan and kept in a
    snapshot between processes."""

    _agencies: dict[str, Agency]
    _groups: dict[str, AgencyGroup]
    _agency_keys: dict[str, str]
    _group_keys: dict[str, str]
    _target_index: Mapping[str, _Target] | None
    _tree: str | None
    _pattern: re.Pattern[str] | None
    _words: dict[str, int] | None

    def _targets(self) -> Mapping[str, _Target]:
        """Every name people write in notices (not the ids), by key, with how it is
        written and capitalised in the registry."""
        if self._target_index is None:
            written: dict[str, list[tuple[str, _Casing]]] = {}

            def search(name: str, *, group: bool) -> None:
                key = normalise_name(name)
                form = _normalised(name, fold_case=False)
                written.setdefault(key, []).append((form, _casing(name, key, group=group)))

            for agency in self._agencies.values():
                for name in (agency.name, *short_spellings(agency.short), *agency.aliases):
                    search(name, group=False)
            for group in self._groups.values():
                for name in (group.name, *group.aliases):
                    search(name, group=True)
            self._target_index = {
                key: _Target(
                    agency_id=self._agency_keys.get(key),
                    group_id=self._group_keys.get(key),
                    forms=tuple(forms),
                )
                for key, forms in written.items()
            }
        return self._target_index

    def _scanner(self) -> re.Pattern[str]:
        """The one pattern of every name, compiled at the first scan: a start, a lookup or
        a reminder never scans, and with 100,000 agencies the compilation takes seconds.
        Only names that do not start with a letter or digit need it (see :meth:`_index`)."""
        if self._pattern is None:
            if self._tree is None:
                self._tree = _tree_pattern(self._targets())
            self._pattern = re.compile(r"(?<!\w)(?:" + self._tree + r")(?!\w)")
        return self._pattern

    def _index(self) -> dict[str, int] | None:
        """Every first word of a name searched in text, with the most words such a name
        has, built once at the first scan (100,000 names in a fraction of a second, where
        compiling their one pattern takes seconds). None when some name does not start and
        end with a word (the pattern then finds them all)."""
        if self._words is None:
            words: dict[str, int] = {}
            for key in self._targets():
                runs = _WORD_RUN.findall(key)
                if not runs or not _EDGES.fullmatch(key[:1] + key[-1:]):
                    return None
                if len(runs) > words.get(runs[0], 0):
                    words[runs[0]] = len(runs)
            self._words = words
        return self._words

    def _next_name(self, normalised: str, position: int) -> tuple[int, int, str] | None:
        """The first name at or after ``position`` (start, end, key): at the first word
        start where one is written, the longest one, which ends where a word ends — what
        the one pattern of every name finds, found by looking up the text's next words."""
        index = self._index()
        if index is None:
            match = self._scanner().search(normalised, position)
            return (match.start(), match.end(), match.group(0)) if match else None
        targets = self._targets()
        for word in _WORD_AT.finditer(normalised, position):
            most = index.get(word.group(0))
            if most is None:
                continue
            start = word.start()
            ends = [word.end()]
            if most > 1:
                for run in _WORD_RUN.finditer(normalised, word.end()):
                    ends.append(run.end())
                    if len(ends) == most:
                        break
            for end in reversed(ends):
                key = normalised[start:end]
                if key in targets:
                    return start, end, key
        return None

    def scanning_snapshot(self) -> ScanningSnapshot:
        """What finding names in notices needs besides the registry — every name as the
        registry writes it, and the source of the one pattern of them all — in built-in
        types. With 100,000 agencies they take seconds to build, as its compilation does."""
        # Names are found through the index of first words (``_index``); the pattern's
        # source is only needed, and kept, when some name does not start with a word.
        if self._tree is None and self._index() is None:
            self._tree = _tree_pattern(self._targets())
        targets = {
            key: (
                target.agency_id,
                target.group_id,
                tuple((form, casing.value) for form, casing in target.forms),
            )
            for key, target in self._targets().items()
        }
        return targets, self._tree or ""

    def use_scanning_snapshot(self, snapshot: ScanningSnapshot) -> None:
        """Take what :meth:`scanning_snapshot` gave for this very registry (the caller
        knows it is the same: ``storage.local_agency_files`` keeps them under one digest)."""
        targets, tree = snapshot
        if not isinstance(tree, str) or not isinstance(targets, dict):
            raise TypeError("not a scanning snapshot")
        index = _StoredTargets(targets)
        for key in itertools.islice(targets, 3):
            index[key]  # a damaged snapshot fails here, not in the middle of a notice
        self._target_index, self._tree, self._pattern, self._words = (
            index,
            tree or None,
            None,
            None,
        )

    # --- free text ---

    def mentions(self, text: str) -> list[AgencyMention]:
        """Every agency and group named in ``text``, in order, longest name first.

        Mentions do not overlap. A match must stand alone as words; it is ignored when glued
        to a document code ("TT-BTTTT", "73/BCA-C06"). Capitals matter where they tell a
        name from ordinary words: a capitalised name must start with a capital ("Bộ Y tế",
        not "cán bộ y tế"); bare names ("An Giang", "Thông tin và Truyền thông") keep the
        capitals of every word and are ignored after a local unit, title, road or personal
        name ("Sở Khoa học và Công nghệ", "Nguyễn Hòa Bình"); acronyms keep every capital.
        """
        normalised, starts, ends = _normalise_with_map(text, fold_case=True)
        found: list[AgencyMention] = []
        position = 0
        targets = self._targets()
        while (match := self._next_name(normalised, position)) is not None:
            first, last, key = match
            start, end = starts[first], ends[last - 1]
            target = targets[key]
            acronym = all(casing is _Casing.LETTERS for _, casing in target.forms)
            if self._stands_alone(
                text, start, end, acronym=acronym
            ) and self._written_as_registered(target, normalised, first, text[start:end]):
                found.append(
                    AgencyMention(
                        agency_id=target.agency_id,
                        group_id=target.group_id,
                        text=text[start:end],
                        start=start,
                        end=end,
                    )
                )
                position = last
            else:
                position = first + 1
        return found

    @staticmethod
    def _stands_alone(text: str, start: int, end: int, *, acronym: bool) -> bool:
        """False inside a document code ("21/2023/TT-BTTTT", "844/TTr-BTC", "VPCP-KSTT").

        That is: glued by "/" to anything, or by a dash to an acronym or a code word.
        """
        if (start > 0 and text[start - 1] == "/") or text[end : end + 1] == "/":
            return False
        if start > 0 and text[start - 1] in _DASHES:
            word = _CODE_WORD_BEFORE.search(text, 0, start - 1)
            if word is not None and (acronym or _is_code(word.group(0))):
                return False
        if text[end : end + 1] and text[end] in _DASHES:
            word = _CODE_WORD_AFTER.match(text, end + 1)
            if word is not None and (acronym or _is_code(word.group(0))):
                return False
        return True

    @staticmethod
    def _written_as_registered(target: _Target, normalised: str, first: int, written: str) -> bool:
        as_written = _normalised(written, fold_case=False)
        before = _WORD_BEFORE.search(normalised, max(0, first - 30), first)
        part_of_another = before is not None and before.group(1) in _STOP_BEFORE_BARE
        named = _NAMING_BEFORE.search(normalised, max(0, first - 30), first) is not None
        return any(
            _keeps_capitals(as_written, form, casing, named=named)
            and not (casing is _Casing.WORDS and part_of_another)
            for form, casing in target.forms
        )
