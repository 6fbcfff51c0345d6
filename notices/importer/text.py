"""Text preparation shared by every reader: clean lines, flat text, clause boundaries."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

_SPACES = re.compile(r"\s+")
_FOOTNOTE_REF = re.compile(r"(?<=\S)\[\d{1,2}\]")
_TABLE_BAR_LINE = re.compile(r"^[ \t]*\|[ \t]*$", re.M)


_PEOPLES_COMMITTEE = re.compile(r"(?<!\w)([ỦUủu][ỷy] ban) Nhân [Dd]ân(?!\w)")
# A notice converted to Markdown: "### 4. Giao Ban Pháp chế" is the item "4. Giao Ban Pháp
# chế", "**2. Tham dự:**" the words without their emphasis, "* …" a bullet "- …".
_MARKDOWN_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_MARKDOWN_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_MARKDOWN_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MARKDOWN_BULLET = re.compile(r"^([ \t]*)\*[ \t]+", re.M)


def _undress_markdown(text: str) -> str:
    text = _MARKDOWN_HEADING.sub("", text)
    text = _MARKDOWN_STRONG.sub(r"\2", text)
    text = _MARKDOWN_BULLET.sub(r"\1- ", text)
    return _MARKDOWN_EMPHASIS.sub(r"\1", text)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def _prepare(text: str) -> str:
    """NFC, Unix line ends, no BOM, no invisible characters (zero-width spaces and joiners,
    soft hyphens: a web page's copy carries them inside words), no lines that are only a
    table-cell bar ("|"), no Markdown dress (headings' "#", emphasis, "*" bullets)."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    text = text.translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\xa0", " ").replace("\t", " ")
    # "Ủy ban Nhân dân" (a capital N, as some pages write it) is "Ủy ban nhân dân".
    text = _PEOPLES_COMMITTEE.sub(lambda m: m.group(1) + " nhân dân", text)
    return _TABLE_BAR_LINE.sub("", _undress_markdown(text))


def _flat(text: str) -> str:
    """Whitespace-joined text without footnote markers ("chưa kịp thời[1]")."""
    return _SPACES.sub(" ", _FOOTNOTE_REF.sub("", text)).strip()


_DELIMITER = re.compile(r"[;.!?…]\s+")
_SENTENCE_OPENERS = '“"('


def _clause_ends(flat: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """Clause delimiters between ``start`` and ``end``: "; " anywhere, and a full stop
    (or "!", "?", "…") when a capital, a digit or an opening quote follows."""
    for match in _DELIMITER.finditer(flat, start, len(flat) if end is None else end):
        if match.group(0)[0] == ";":
            yield match
            continue
        following = flat[match.end() : match.end() + 1]
        if following.isupper() or following.isdigit() or following in _SENTENCE_OPENERS:
            yield match
        elif match.group(0)[0] == "…" and flat.startswith("giao ", match.end()):
            yield match  # a quotation's cut: "… gói thầu số 7… giao cho Sở NNPTNT chủ trì …"


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TERMINAL = tuple(".;:!?…)\"”'")
