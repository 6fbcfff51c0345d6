"""The agency registry: who can be assigned a task, under which names, and who owns it today.

The registry is read from ``seeds/agencies.toml`` (see ``seeds/README.md`` for the schema).
Names are compared after :func:`normalise_name`: Unicode NFC, case-folded, whitespace
collapsed, dashes unified, old-style tone placement ("Uỷ", "Hoà") moved to the modern one
("Ủy", "Hòa"). Diacritics are kept: "Hà Nam" and "Hà Nậm" are different names.

Free text is scanned by :meth:`AgencyRegistry.mentions` with one compiled regular
expression: every normalised name, alias and group alias, merged into a prefix tree so that
a 30 KB notice is scanned in a few milliseconds, longest name first.
"""

from __future__ import annotations

import enum
import functools
import itertools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

from domain.errors import SeedError, UnknownAgency


class AgencyKind(enum.StrEnum):
    """What sort of body an agency is; groups select their members by kind."""

    MINISTRY = "ministry"
    """A ministry of the Government ("Bộ Công an")."""
    MINISTRY_LEVEL = "ministry_level"
    """A ministry-level agency ("Văn phòng Chính phủ", "Ngân hàng Nhà nước Việt Nam")."""
    GOVERNMENT_AGENCY = "government_agency"
    """An agency under the Government ("Đài Truyền hình Việt Nam", the national universities)."""
    PROVINCE = "province"
    """The People's Committee of a province or centrally-run city ("UBND tỉnh An Giang")."""
    OTHER = "other"
    """Any other assignee: steering committees, state groups, banks, hospitals, NA bodies."""


_KIND_ORDER = {kind: index for index, kind in enumerate(AgencyKind)}


@dataclass(frozen=True, kw_only=True, slots=True)
class Agency:
    """One body of the registry. ``successor`` is set once it has been merged into another."""

    id: str
    name: str
    short: str
    kind: AgencyKind
    aliases: tuple[str, ...]
    successor: str | None
    reorganised: date | None

    @property
    def active(self) -> bool:
        """Whether the body still exists under this name (it has no successor)."""
        return self.successor is None


@dataclass(frozen=True, kw_only=True, slots=True)
class AgencyGroup:
    """A collective addressee ("Các bộ, cơ quan, địa phương"): every active agency of ``kinds``."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kinds: tuple[AgencyKind, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class AgencyMention:
    """A name found in free text: exactly one of ``agency_id`` and ``group_id`` is set.

    ``start``/``end`` index the text as given; ``text`` is that slice.
    """

    agency_id: str | None
    group_id: str | None
    text: str
    start: int
    end: int


# --- normalisation --------------------------------------------------------------------------

_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# "hoà" -> "hòa", "uỷ" -> "ủy", "khoẻ" -> "khỏe": the tone of an open syllable ending in
# oa/oe/uy sits on the first vowel in the modern spelling. "quý" is left alone (qu is a
# consonant), and so is any syllable that goes on ("hoàng", "khuỷu").
_OLD_TONE = re.compile(
    r"(?<![qQ])([oOuU])([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ])(?!\w)",
)


# Words of agency names too common to suggest a candidate on their own (folded).
_GENERIC_WORDS = frozenset(
    {"bo", "so", "tinh", "thanh", "pho", "uy", "ban", "nhan", "dan", "ubnd", "cac", "va"}
)


#: Kind words an agency's name may start with, folded; longest first.
_KIND_PREFIXES = (
    "uy ban nhan dan thanh pho ",
    "uy ban nhan dan tinh ",
    "ubnd thanh pho ",
    "ubnd tinh ",
    "ubnd tp ",
    "ubnd ",
    "thanh pho ",
    "tinh ",
    "tp ",
    "bo ",
    "so ",
)


def _without_kind(folded: str) -> str:
    for prefix in _KIND_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


class _WithoutMarks(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks, filled as characters come."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def fold_name(text: str) -> str:
    """:func:`normalise_name` without diacritics ("Sở Tư pháp" → "so tu phap")."""
    return _fold_normalised(normalise_name(text))


def _fold_normalised(key: str) -> str:
    """:func:`fold_name` of a name already normalised (normalising is idempotent)."""
    decomposed = unicodedata.normalize("NFD", key)
    return decomposed.translate(_WITHOUT_MARKS).replace("đ", "d").replace("Đ", "d")


def _move_tone(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    decomposed = unicodedata.normalize("NFD", second)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or any(mark not in _TONES for mark in marks):
        return match.group(0)
    return unicodedata.normalize("NFC", first + marks) + base


def _units(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, NFC text) for each base character with its combining marks."""
    if unicodedata.is_normalized("NFC", text):
        for index, char in enumerate(text):
            yield index, index + 1, char
        return
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield start, index, unicodedata.normalize("NFC", text[start:index])
            start = index


def _normalise_with_map(text: str, *, fold_case: bool) -> tuple[str, list[int], list[int]]:
    """The normalised text, and for each of its characters the span it came from."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pending_space: int | None = None
    glue = True  # no space is kept at the start, or after "-" and "."
    for start, end, unit in _units(text):
        for char in unit:
            if char.isspace():
                if not glue and pending_space is None:
                    pending_space = start
                continue
            if char in _DASHES:
                char, pending_space = "-", None
            elif char in "\u00d0\u00f0":  # Icelandic eth, a common stand-in for "Đ"/"đ"
                char = "\u0110" if char == "\u00d0" else "\u0111"
            if pending_space is not None:
                out.append(" ")
                starts.append(pending_space)
                ends.append(pending_space + 1)
                pending_space = None
            if fold_case:
                lowered = char.lower()
                char = lowered if len(lowered) == 1 else char
            out.append(char)
            starts.append(start)
            ends.append(end)
            glue = char in "-."
    normalised = _OLD_TONE.sub(_move_tone, "".join(out))
    return normalised, starts, ends


# What _normalise_with_map does to single characters, for :func:`_normalised`.
_UNIFIED = {ord(dash): "-" for dash in _DASHES} | {0xD0: "\u0110", 0xF0: "\u0111"}
_UNUSUAL = re.compile("[" + "".join(sorted(chr(code) for code in _UNIFIED if code != 0x2D)) + "]")
# A space after "-" or "." and before "-" is dropped ("TP. HCM", "Bà Rịa - Vũng Tàu").
_GLUED_SPACE = re.compile(r"(?<=[-.]) | (?=-)")


def _normalised(text: str, *, fold_case: bool) -> str:
    """``_normalise_with_map(text, fold_case=…)[0]`` in whole-string operations: a registry
    of 100,000 agencies normalises half a million names, and the loop over characters that
    keeps the map would take half a minute. Text that is not NFC, or holds "İ" (whose
    lowercase is two characters), takes the loop."""
    if "\u0130" in text or not unicodedata.is_normalized("NFC", text):
        return _normalise_with_map(text, fold_case=fold_case)[0]
    if _UNUSUAL.search(text):
        text = text.translate(_UNIFIED)
    joined = " ".join(text.split())
    if fold_case:
        joined = joined.lower()
    if "-" in joined or "." in joined:
        joined = _GLUED_SPACE.sub("", joined)
    return _OLD_TONE.sub(_move_tone, joined)


def normalise_name(name: str) -> str:
    """The form in which names are compared (see the module docstring)."""
    return _normalised(name, fold_case=True)


def _is_acronym(alias: str) -> bool:
    return not any(char.islower() for char in alias)


# Names that begin with one of these say what sort of body they are; any other name is
# "bare" ("An Giang", "Thông tin và Truyền thông", "Viettel") and, in free text, is only
# taken as a mention when capitalised as in the registry and not part of another body's
# name ("Sở Khoa học và Công nghệ", "Chủ tịch Hồ Chí Minh").
_DESIGNATOR_WORDS = (
    "Bộ",
    "Ủy ban",
    "UBND",
    "Ban",
    "Văn phòng",
    "Thanh tra",
    "Ngân hàng",
    "Tập đoàn",
    "Tổng công ty",
    "Công ty",
    "Đài",
    "Thông tấn xã",
    "Bảo hiểm",
    "Đại học",
    "Học viện",
    "Viện",
    "Bệnh viện",
    "Kiểm toán",
    "Tòa án",
    "tỉnh",
    "thành phố",
    "TP",
    "Hội",
    "Hội đồng",
    "Liên minh",
    "Cổng",
    "Tổng Liên đoàn",
    "Tổ công tác",
    "Trung ương",
    "các",
    "người",
    "Chủ tịch",
)
_DESIGNATORS = (*(normalise_name(word) + " " for word in _DESIGNATOR_WORDS), "tp.")
# A bare name right after one of these words is part of something else: a local unit
# ("Sở Khoa học và Công nghệ"), a title or road ("Chủ tịch Hồ Chí Minh", "đường Hồ Chí
# Minh") or a person ("Phó Thủ tướng Nguyễn Hòa Bình").
_STOP_BEFORE_BARE = frozenset(
    normalise_name(word)
    for word in (
        *("sở", "phòng", "luật", "trường", "trạm", "viện", "cục", "vụ", "chi", "báo", "đài"),
        *("tịch", "tưởng", "bác", "lăng", "đường", "lộ"),
        *("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"),
        *("Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Vương", "Trịnh", "Trương", "Đinh"),
        *("Lương", "Văn", "Thị", "Hữu", "Đức", "Ngọc", "Xuân"),
    )
)
_WORD_BEFORE = re.compile(r"(\w+) \Z")
# Where a name is expected, so that one led by its kind may be written small ("phối hợp với
# bộ tài chính", "giao bộ y tế"); never after a word it would make a common noun with
# ("cán bộ y tế", "toàn bộ", "nội bộ").
_NAMING_BEFORE = re.compile(r"(?:\A|[,;:(]|\b(?:giao|với|và|cùng|của|cho|nghị|cầu|trì))\s*\Z")


_CODE_WORD_BEFORE = re.compile(r"\w+\Z")
_CODE_WORD_AFTER = re.compile(r"\w+")


def _is_code(word: str) -> bool:
    """A word of a document code ("TT", "KSTT", "C06"): no lowercase letter."""
    return not any(char.islower() for char in word)


class _Casing(enum.Enum):
    """How closely a name found in free text must keep the capitals it has in the registry."""

    ANY = enum.auto()
    """Group phrases ("các bộ, ngành") and lowercase-led names ("tỉnh An Giang")."""
    INITIAL = enum.auto()
    """A capital first letter: "Bộ Y tế", but not "cán bộ y tế"."""
    WORDS = enum.auto()
    """Every capitalised word of a bare name: "Hòa Bình", but not "hòa bình" (peace)."""
    LETTERS = enum.auto()
    """Every capital of an acronym: "BCA", "TP.HCM"."""


def _casing(name: str, key: str, *, group: bool) -> _Casing:
    """``key`` is ``normalise_name(name)``, computed once by the caller."""
    if group:
        return _Casing.ANY
    if _is_acronym(name):
        return _Casing.LETTERS
    if not key.startswith(_DESIGNATORS):  # a bare name: no designator in front
        return _Casing.WORDS
    return _Casing.INITIAL if name[:1].isupper() else _Casing.ANY


def _keeps_capitals(written: str, form: str, casing: _Casing, *, named: bool = False) -> bool:
    """Whether ``written`` keeps the capitals of ``form`` (both normalised, case kept).

    ``named``: the words before make a name expected there (see :data:`_NAMING_BEFORE`), so
    a name led by its kind may be written small ("giao bộ tài chính chủ trì"). A bare
    name may write its inner words small ("Bưu chính viễn thông Việt Nam") as long as its
    first and last capitals are kept: "Thông tin và truyền thông" stays ordinary words."""
    if casing is _Casing.ANY:
        return True
    if casing is _Casing.INITIAL or len(written) != len(form):
        small = named and casing is _Casing.INITIAL
        return written[:1].isupper() or not form[:1].isupper() or small
    if casing is _Casing.LETTERS:
        kept = [index for index, char in enumerate(form) if char.isupper()]
    else:
        initials = [
            index
            for index, char in enumerate(form)
            if char.isupper() and (index == 0 or not form[index - 1].isalnum())
        ]
        kept = [initials[0], initials[-1]] if initials else []
    return all(written[index].isupper() for index in kept)


# --- the prefix-tree pattern ----------------------------------------------------------------


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


# --- loading ----------------------------------------------------------------------------------

SHIPPED_REGISTRY = Path(__file__).resolve().parent.parent / "seeds" / "agencies.toml"
"""The registry shipped with the product."""

_AgencyRow = tuple[str, str, str, str, tuple[str, ...], str | None, str | None]
_GroupRow = tuple[str, str, tuple[str, ...], tuple[str, ...]]
RegistrySnapshot = tuple[
    tuple[_AgencyRow, ...],
    tuple[_GroupRow, ...],
    dict[str, str],
    dict[str, str],
    dict[str, tuple[str, ...]],
]
"""What :meth:`AgencyRegistry.snapshot` gives: agencies, groups, the names of each, and
the names without diacritics."""
ScanningSnapshot = tuple[
    dict[str, tuple[str | None, str | None, tuple[tuple[str, int], ...]]],
    str,
]
"""What :meth:`AgencyRegistry.scanning_snapshot` gives: each name's target and written
forms, and the pattern's source."""

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


def _collation_key(text: str) -> tuple[str, str]:
    """Vietnamese-friendly ordering: letters first, diacritics only to break ties."""
    plain = "".join(
        char
        for char in unicodedata.normalize("NFD", text.casefold().replace("đ", "d\uffff"))
        if not unicodedata.combining(char)
    )
    return plain, text


class AgencyRegistry:
    """All agencies and groups, looked up by any of their names. Immutable once loaded."""

    def __init__(self, agencies: Iterable[Agency], groups: Iterable[AgencyGroup]) -> None:
        self._agencies: dict[str, Agency] = {}
        self._groups: dict[str, AgencyGroup] = {}
        self._agency_keys: dict[str, str] = {}
        self._group_keys: dict[str, str] = {}

        def claim(owner: str, is_group: bool, name: str, where: str) -> None:
            key = normalise_name(name)
            holder = self._agency_keys.get(key) or self._group_keys.get(key)
            if holder is not None and holder != owner:
                raise SeedError(where, f"name {name!r} already belongs to {holder!r}")
            (self._group_keys if is_group else self._agency_keys)[key] = owner

        for agency in agencies:
            where = f"agency {agency.id!r}"
            if agency.id in self._agencies:
                raise SeedError(where, "id: duplicate")
            self._agencies[agency.id] = agency
            for name in (agency.id, agency.name, agency.short, *agency.aliases):
                claim(agency.id, False, name, where)
        for group in groups:
            where = f"group {group.id!r}"
            if group.id in self._groups or group.id in self._agencies:
                raise SeedError(where, "id: duplicate")
            self._groups[group.id] = group
            for name in (group.id, group.name, *group.aliases):
                claim(group.id, True, name, where)
        self._check_successors()
        self.source: str | None = None
        """A digest of the files this registry was read from, set by whoever read them
        (``domain.local_agencies``); None for one built in code or grown in place. The same
        source stands for the same registry, so its database mirror can be known up to
        date without listing every agency (``storage.agency_mirror``)."""
        # Built at their first use (a start needs neither; at 100,000 agencies they take
        # seconds): names without diacritics, the names searched in text, their pattern.
        self._folded_index: dict[str, tuple[str, ...]] | None = None
        self._target_index: Mapping[str, _Target] | None = None
        self._tree: str | None = None
        self._pattern: re.Pattern[str] | None = None
        self._words: dict[str, int] | None = None

    def _folded(self) -> dict[str, tuple[str, ...]]:
        """Names without diacritics ("So Tu phap") and their agencies (each once), for
        lookups typed by people."""
        if self._folded_index is None:
            folded: dict[str, dict[str, None]] = {}
            for key, agency_id in self._agency_keys.items():
                if agency_id != key:  # not the id itself
                    folded.setdefault(_fold_normalised(key), {})[agency_id] = None
            self._folded_index = {key: tuple(ids) for key, ids in folded.items()}
        return self._folded_index

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
                for name in (agency.name, agency.short, *agency.aliases):
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

    def _check_successors(self) -> None:
        for agency in self._agencies.values():
            seen = [agency.id]
            current = agency
            while current.successor is not None:
                where = f"agency {current.id!r}"
                following = self._agencies.get(current.successor)
                if following is None:
                    raise SeedError(where, f"successor: unknown agency {current.successor!r}")
                if following.id in seen:
                    chain = " -> ".join([*seen, following.id])
                    raise SeedError(where, f"successor: cycle {chain}")
                seen.append(following.id)
                current = following

    # --- construction ---

    @classmethod
    def load(cls, path: Path) -> AgencyRegistry:
        """Read and validate a registry file; :class:`SeedError` names the offending entry."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise SeedError(str(path), f"cannot read: {error}") from error
        unknown = set(data) - {"agency", "group"}
        if unknown:
            raise SeedError(path.name, f"unknown table(s): {', '.join(sorted(unknown))}")
        agencies = data.get("agency", [])
        groups = data.get("group", [])
        if not isinstance(agencies, list) or not isinstance(groups, list):
            raise SeedError(path.name, "agency and group must be arrays of tables ([[agency]])")
        try:
            return cls(
                (_parse_agency(t, f"agency #{n}") for n, t in enumerate(agencies, 1)),
                (_parse_group(t, f"group #{n}") for n, t in enumerate(groups, 1)),
            )
        except SeedError as error:
            raise SeedError(f"{path.name}: {error.where}", error.problem) from None

    @classmethod
    def default(cls) -> AgencyRegistry:
        """The registry shipped in ``seeds/agencies.toml`` (loaded once per process)."""
        return _default_registry()

    def snapshot(self) -> RegistrySnapshot:
        """Everything the registry holds, its index of names without diacritics included, in
        built-in types only (what ``marshal`` stores): rebuilding it with
        :meth:`from_snapshot` costs a fraction of reading and checking the files again."""
        return (
            tuple(
                (
                    a.id,
                    a.name,
                    a.short,
                    a.kind.value,
                    a.aliases,
                    a.successor,
                    a.reorganised.isoformat() if a.reorganised is not None else None,
                )
                for a in self._agencies.values()
            ),
            tuple(
                (g.id, g.name, g.aliases, tuple(kind.value for kind in g.kinds))
                for g in self._groups.values()
            ),
            dict(self._agency_keys),
            dict(self._group_keys),
            dict(self._folded()),
        )

    @classmethod
    def from_snapshot(cls, snapshot: RegistrySnapshot) -> AgencyRegistry:
        """The registry a :meth:`snapshot` was taken of. Nothing is checked again: a
        snapshot is only ever taken of a registry that was (``TypeError``, ``ValueError``
        or ``KeyError`` when it is not a snapshot)."""
        agencies, groups, agency_keys, group_keys, folded = snapshot
        kinds = {kind.value: kind for kind in AgencyKind}
        registry = cls.__new__(cls)
        registry._agencies = {
            row[0]: Agency(
                id=row[0],
                name=row[1],
                short=row[2],
                kind=kinds[row[3]],
                aliases=row[4],
                successor=row[5],
                reorganised=date.fromisoformat(row[6]) if row[6] is not None else None,
            )
            for row in agencies
        }
        registry._groups = {
            row[0]: AgencyGroup(
                id=row[0],
                name=row[1],
                aliases=row[2],
                kinds=tuple(kinds[kind] for kind in row[3]),
            )
            for row in groups
        }
        registry._agency_keys = agency_keys
        registry._group_keys = group_keys
        registry._folded_index = folded
        registry._target_index = None
        registry._tree = None
        registry._pattern = None
        registry._words = None
        registry.source = None
        return registry

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
        knows it is the same: ``domain.local_agencies`` keeps them under one digest)."""
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

    # --- lookups ---

    def get(self, agency_id: str) -> Agency:
        """The agency with this id; :class:`UnknownAgency` otherwise."""
        try:
            return self._agencies[agency_id]
        except KeyError:
            raise UnknownAgency(agency_id) from None

    def find(self, name: str) -> Agency | None:
        """The agency known by this id, name, short form or alias (normalised), if any; a
        name written without diacritics ("so tu phap") counts when it fits one agency only."""
        agency_id = self._agency_keys.get(normalise_name(name))
        if agency_id is None:
            folded = self._folded().get(fold_name(name), ())
            agency_id = folded[0] if len(folded) == 1 else None
        return self._agencies[agency_id] if agency_id is not None else None

    def find_loose(self, name: str) -> Agency | None:
        """:meth:`find`, else the one agency whose name reads the same once the kind word
        in front is dropped on both sides, without diacritics: "Tài chính" and "bo tai
        chinh" are Bộ Tài chính, "an giang" is UBND tỉnh An Giang. None when no agency or
        several fit (then :meth:`candidates` suggests)."""
        found = self.find(name)
        if found is not None:
            return found
        wanted = _without_kind(fold_name(name))
        if not wanted:
            return None
        ids = {
            agency_id
            for key, group in self._folded().items()
            if _without_kind(key) == wanted
            for agency_id in group
        }
        active = {i for i in ids if self._agencies[i].active}
        chosen = active or ids
        return self._agencies[next(iter(chosen))] if len(chosen) == 1 else None

    def candidates(self, name: str, limit: int = 5) -> list[Agency]:
        """Agencies a name that :meth:`find` cannot settle may mean: every one whose name
        reads the same without diacritics, else those whose names contain it (folded)."""
        wanted = fold_name(name)
        if not wanted:
            return []
        ids = set(self._folded().get(wanted, ()))
        if not ids:
            words = set(wanted.split()) - _GENERIC_WORDS
            ids = {
                agency_id
                for key, group in self._folded().items()
                if (words <= set(key.split()) if words else wanted in key)
                for agency_id in group
            }
        found = sorted((self._agencies[i] for i in ids), key=lambda a: _collation_key(a.name))
        return found[:limit]

    def with_agencies(self, extra: Iterable[Agency]) -> AgencyRegistry:
        """A registry with these agencies added (a deployment's own bodies)."""
        return AgencyRegistry([*self._agencies.values(), *extra], self._groups.values())

    def add(self, extra: Iterable[Agency]) -> None:
        """Add agencies in place, so that every holder of this registry knows them at once
        (:class:`SeedError`, and nothing changed, when a name is already taken). Never call
        it on :meth:`default`, which the whole process shares."""
        grown = self.with_agencies(extra)
        for attribute, value in vars(grown).items():
            setattr(self, attribute, value)

    def resolve(self, name: str) -> Agency:
        """Like :meth:`find`, but :class:`UnknownAgency` when nothing matches."""
        agency = self.find(name)
        if agency is None:
            raise UnknownAgency(name)
        return agency

    def get_group(self, group_id: str) -> AgencyGroup:
        """The group with this id; :class:`UnknownAgency` otherwise."""
        try:
            return self._groups[group_id]
        except KeyError:
            raise UnknownAgency(group_id) from None

    def resolve_group(self, name: str) -> AgencyGroup | None:
        """The group known by this id, name or alias (normalised), if any."""
        group_id = self._group_keys.get(normalise_name(name))
        return self._groups[group_id] if group_id is not None else None

    def owner_today(self, agency_id: str) -> Agency:
        """The active agency that now answers for ``agency_id`` (itself when still active)."""
        agency = self.get(agency_id)
        while agency.successor is not None:
            agency = self._agencies[agency.successor]
        return agency

    def members(self, group_id: str) -> list[Agency]:
        """The active agencies of the group's kinds, by kind (enum order) then name."""
        group = self.get_group(group_id)
        chosen = [a for a in self._agencies.values() if a.active and a.kind in group.kinds]
        return sorted(chosen, key=lambda a: (_KIND_ORDER[a.kind], _collation_key(a.name)))

    def all(self) -> list[Agency]:
        """Every agency, in file order."""
        return list(self._agencies.values())

    def active(self) -> list[Agency]:
        """The agencies that still exist, in file order."""
        return [agency for agency in self._agencies.values() if agency.active]

    def groups(self) -> list[AgencyGroup]:
        """Every group, in file order."""
        return list(self._groups.values())

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


@functools.cache
def _default_registry() -> AgencyRegistry:
    return AgencyRegistry.load(SHIPPED_REGISTRY)
