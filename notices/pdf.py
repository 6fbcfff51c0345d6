"""Reading a text-layer PDF (what the document exchange system delivers) into plain text.

The text comes from pypdf, page by page in reading order; each line of a page stays a line,
and a run of short lines that belong together is left for the importer to join (it reads
paragraphs, not layout). The header fields ("Số: …", "Hà Nội, ngày … tháng … năm …") are
then found exactly as for a ``.docx``.

Bounded in the spirit of the ``.docx`` reader: the file is already at most
:data:`notices.sources.MAX_FILE_BYTES`; a PDF may have at most :data:`MAX_PAGES` pages and
give at most :data:`MAX_TEXT_CHARS` characters of text, and an encrypted PDF is refused.
A PDF whose pages carry no text layer (a scan) is refused with :attr:`Unreadable.SCANNED`:
the admin is told to run it through OCR or import the .docx the notice was written in.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from pathlib import Path

from notices.sources import NoticeUnreadable, Unreadable

__all__ = ["MAX_PAGES", "MAX_TEXT_CHARS", "read_pdf"]

MAX_PAGES = 100
"""A conclusion notice has a handful of pages; a plan with its annex, a few dozen."""
MAX_TEXT_CHARS = 2_000_000
#: Fewer letters than this per page, on average, is a scan (or a blank document).
_MIN_LETTERS_PER_PAGE = 20
_TRAILING_SPACES = re.compile(r"[ \t]+\n")
_MANY_BLANKS = re.compile(r"\n{3,}")


def read_pdf(path: Path, data: bytes) -> str:
    """The text of a PDF's bytes; :class:`NoticeUnreadable` when it cannot be read."""
    # Imported here: only PDF files need pypdf.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged page warns, loudly
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise NoticeUnreadable(path, "is an encrypted PDF", Unreadable.DAMAGED)
        pages = len(reader.pages)
        if pages > MAX_PAGES:
            raise NoticeUnreadable(
                path, f"has {pages} pages (more than {MAX_PAGES})", Unreadable.TOO_LARGE
            )
        texts: list[str] = []
        total = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_TEXT_CHARS:
                raise NoticeUnreadable(
                    path,
                    f"holds more than {MAX_TEXT_CHARS} characters of text",
                    Unreadable.TOO_LARGE,
                )
            texts.append(text)
    except NoticeUnreadable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise NoticeUnreadable(
            path, f"is not a readable PDF file ({error})", Unreadable.DAMAGED
        ) from None
    text = unicodedata.normalize("NFC", "\n\n".join(t.strip() for t in texts if t.strip()))
    letters = sum(1 for char in text if char.isalpha())
    if letters < _MIN_LETTERS_PER_PAGE * max(1, pages):
        raise NoticeUnreadable(path, "has no text layer (a scanned PDF)", Unreadable.SCANNED)
    text = _TRAILING_SPACES.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _MANY_BLANKS.sub("\n\n", text).strip()
