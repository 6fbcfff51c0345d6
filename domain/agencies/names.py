"""Agency names compared and found: normalising, folding, kind words and capitals."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterator

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


def short_spellings(short: str) -> tuple[str, ...]:
    """A short form and the other way the press writes it: the parts of "Bộ NN&PTNT" are
    joined with a dash as often as with "&" ("Bộ NN-PTNT", "Bộ TN-MT")."""
    if "&" not in short:
        return (short,)
    return (short, short.replace("&", "-"))


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
