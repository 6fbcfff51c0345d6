"""The canonical form of a text every deadline pattern is written against."""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The canonical form every pattern is written against.

    Unicode NFC (so decomposed input reads the same as composed), lower case, every run of
    whitespace — line breaks and non-breaking spaces included — collapsed to one space, and
    no leading or trailing space.
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text).lower()).strip()
