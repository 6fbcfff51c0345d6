"""Reading a notice file into plain text for :func:`notices.importer.import_notice`.

Supported files:

* ``.txt`` — UTF-8, UTF-8 with a byte-order mark, or UTF-16 (with a BOM, or without one
  when the text is plainly two bytes a character). Anything else is refused rather than
  guessed: an old TCVN3/VNI file decoded as the wrong code page would import garbled names.
  A metadata header of ``key: value`` lines closed by a ``---`` line (as the reference
  corpus carries) is left out of the text; its ``date:`` is kept as a hint for the issue
  date, used only when the text itself gives none.
* ``.docx`` — paragraphs and table cells in document order (python-docx). Each paragraph is
  a blank-line-separated block; each table row is one line with its cells joined by
  `` | ``, merged cells written once. Word's automatic list numbering is not part of the
  paragraph text, so a notice whose items are numbered by Word (not typed) loses its "1.",
  "a)" labels: save it as .txt from Word ("Plain Text") to keep them.
* ``.pdf`` — a text-layer PDF, page by page with pypdf (:mod:`notices.pdf`); a scanned
  PDF (no text layer) is refused as :attr:`Unreadable.SCANNED`.
* anything else — :class:`UnsupportedFormat`, saying what to convert to.

Every file is bounded before it is trusted: at most :data:`MAX_FILE_BYTES` on disk; a
``.docx`` (a zip) is checked member by member before python-docx opens it — at most
:data:`MAX_ZIP_MEMBERS` members, :data:`MAX_INFLATED_BYTES` in all once decompressed, and
no member inflating more than :data:`MAX_RATIO` times (zip bombs). Python's zip reader never
produces more than a member's declared size, so checking the declared sizes is enough.
Each refusal carries an :class:`Unreadable` reason the chat turns into a Vietnamese answer.

A new format is one reader in :data:`READERS` (``suffix -> reader(path, data) -> text``),
added with :func:`register_reader`; the reader may raise :class:`NoticeUnreadable`.
"""

from __future__ import annotations

import enum
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from domain.errors import TrackerError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_INFLATED_BYTES",
    "MAX_RATIO",
    "MAX_ZIP_MEMBERS",
    "READERS",
    "SUPPORTED_SUFFIXES",
    "NoticeSource",
    "NoticeUnreadable",
    "Unreadable",
    "UnsupportedFormat",
    "check_zip",
    "decode_text",
    "read_notice",
    "register_reader",
    "split_header",
    "unsupported_advice",
]

#: A notice is tens of kilobytes; a scanned annex can make a .docx a few megabytes.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: What a .docx may hold once decompressed, all members together.
MAX_INFLATED_BYTES = 30 * 1024 * 1024
#: How many times larger than its compressed form one zip member may be (text XML
#: compresses some 10-20 times; a bomb, thousands).
MAX_RATIO = 100
MAX_ZIP_MEMBERS = 2000


class Unreadable(enum.Enum):
    """Why a file could not be read (each has its own answer in the chat)."""

    MISSING = "missing"
    IO = "io"
    TOO_LARGE = "too large"
    ENCODING = "encoding"
    DAMAGED = "damaged"
    INFLATES = "inflates"
    SCANNED = "scanned"


class UnsupportedFormat(TrackerError):
    """A file type the importer cannot read; the message says what to convert it to."""

    def __init__(self, path: Path, advice: str) -> None:
        self.path = path
        self.advice = advice
        super().__init__(f"{path.name}: {advice}")


class NoticeUnreadable(TrackerError):
    """A file that cannot be read or decoded (missing, not text, a damaged .docx, too
    large, a zip bomb); ``reason`` says which."""

    def __init__(self, path: Path, problem: str, reason: Unreadable = Unreadable.DAMAGED) -> None:
        self.path = path
        self.problem = problem
        self.reason = reason
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True, kw_only=True, slots=True)
class NoticeSource:
    """A notice file read as text. ``header`` holds a corpus file's metadata lines (empty
    for ordinary files); ``issued_hint`` is its ``date:``, when that is a date."""

    path: Path
    text: str
    header: dict[str, str] = field(default_factory=dict)
    issued_hint: date | None = None


# --------------------------------------------------------------------------- plain text

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_text(data: bytes) -> str:
    """The text of a file's bytes: UTF-8 (BOM or not) or UTF-16 (BOM, or two bytes a
    character without one). Raises :class:`UnicodeDecodeError` for anything else."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        wide = _utf16_without_bom(data)
        if wide is None:
            raise
        return data.decode(wide)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly Latin letters has a zero byte in every other position."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


_HEADER_LINE = re.compile(r"^([a-z][a-z_]*):[ \t]?(.*)$")
_HEADER_LIMIT = 20


def split_header(text: str) -> tuple[str, dict[str, str]]:
    """A corpus file's ``key: value`` lines up to a ``---`` line, and the text after it.

    Text without such a header is returned whole with an empty header: the first line must
    be a ``key: value`` line and the ``---`` must come within the first few lines.
    """
    lines = text.split("\n")
    header: dict[str, str] = {}
    for index, line in enumerate(lines[:_HEADER_LIMIT]):
        stripped = line.rstrip("\r")
        if stripped.strip() == "---":
            if not header:
                break
            return "\n".join(lines[index + 1 :]), header
        match = _HEADER_LINE.match(stripped)
        if match is None:
            break
        header.setdefault(match.group(1), match.group(2).strip())
    return text, {}


def _hint(header: dict[str, str]) -> date | None:
    try:
        return date.fromisoformat(header.get("date", "").strip())
    except ValueError:
        return None


def _read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing (without reading it all) one larger than ``limit``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise NoticeUnreadable(path, "no such file", Unreadable.MISSING) from None
    except IsADirectoryError:
        raise NoticeUnreadable(path, "is a folder, not a file", Unreadable.MISSING) from None
    except OSError as error:
        raise NoticeUnreadable(
            path, f"cannot be read ({error.strerror or error})", Unreadable.IO
        ) from None
    if len(data) > limit:
        raise NoticeUnreadable(
            path, f"is larger than {limit // (1024 * 1024)} MB", Unreadable.TOO_LARGE
        )
    return data


def _read_txt(path: Path, data: bytes) -> str:
    try:
        return decode_text(data)
    except UnicodeDecodeError:
        raise NoticeUnreadable(
            path,
            "is not UTF-8 or UTF-16 text (perhaps Windows-1258, TCVN3 or VNI); "
            "save it as UTF-8 (Unicode) and try again",
            Unreadable.ENCODING,
        ) from None


# --------------------------------------------------------------------------- Word


def check_zip(path: Path, data: bytes) -> None:
    """Refuse a zip (a .docx) that is damaged, has too many members, or inflates past the
    bounds, before anything decompresses it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise NoticeUnreadable(
            path, f"is not a readable .docx file ({error})", Unreadable.DAMAGED
        ) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise NoticeUnreadable(
            path, f"holds {len(members)} parts (more than {MAX_ZIP_MEMBERS})", Unreadable.INFLATES
        )
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_RATIO and member.file_size > 1024 * 1024:
            raise NoticeUnreadable(
                path,
                f"part {member.filename[:60]} inflates {ratio:.0f} times (a zip bomb?)",
                Unreadable.INFLATES,
            )
    if total > MAX_INFLATED_BYTES:
        raise NoticeUnreadable(
            path,
            f"inflates to {total // (1024 * 1024)} MB "
            f"(more than {MAX_INFLATED_BYTES // (1024 * 1024)} MB)",
            Unreadable.INFLATES,
        )


def _docx_blocks(data: bytes) -> Iterator[str]:
    # Imported here: python-docx (and lxml) load slowly and only .docx files need them.
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    # A merged cell is returned once per grid column it spans.
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(p.text.strip() for p in cell.paragraphs).strip())
                if any(cells):
                    yield " | ".join(cells)


def _read_docx(path: Path, data: bytes) -> str:
    check_zip(path, data)
    try:
        blocks = [block.strip() for block in _docx_blocks(data)]
    except Exception as error:  # python-docx raises several unrelated types for a bad file
        raise NoticeUnreadable(
            path, f"is not a readable .docx file ({error})", Unreadable.DAMAGED
        ) from None
    return "\n\n".join(block for block in blocks if block)


Reader = Callable[[Path, bytes], str]
"""Turns a file's bytes (already bounded by :data:`MAX_FILE_BYTES`) into plain text."""


def _read_pdf(path: Path, data: bytes) -> str:
    from notices.pdf import read_pdf  # pypdf loads only for PDF files

    return read_pdf(path, data)


READERS: dict[str, Reader] = {".txt": _read_txt, ".docx": _read_docx, ".pdf": _read_pdf}
"""The reader of each supported suffix (lower case, with the dot)."""

SUPPORTED_SUFFIXES = tuple(READERS)
"""The file types :func:`read_notice` reads."""


def register_reader(suffix: str, reader: Reader) -> None:
    """Read files ending in ``suffix`` with ``reader`` from now on."""
    global SUPPORTED_SUFFIXES
    READERS[suffix.lower()] = reader
    _ADVICE.pop(suffix.lower(), None)
    SUPPORTED_SUFFIXES = tuple(READERS)


# --------------------------------------------------------------------------- entry point

_ADVICE = {
    ".doc": "the old Word format is not supported: save it as .docx (Word 2007 or later)",
}


def unsupported_advice(suffix: str) -> str | None:
    """What to convert a file ending in ``suffix`` to; None when it is read."""
    suffix = suffix.lower()
    if suffix in READERS:
        return None
    supported = ", ".join(READERS)
    return _ADVICE.get(suffix, f"'{suffix or '?'}' files are not supported; use one of {supported}")


def read_notice(path: Path) -> NoticeSource:
    """Read a notice file (see the module docstring for the formats).

    Raises :class:`UnsupportedFormat` for a file type it does not read and
    :class:`NoticeUnreadable` for a file that cannot be read or decoded.
    """
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is not None:
        text = reader(path, _read_bytes(path))
    else:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        advice = _ADVICE.get(
            suffix, f"'{suffix or path.name}' files are not supported; use one of {supported}"
        )
        raise UnsupportedFormat(path, advice)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    body, header = split_header(text)
    return NoticeSource(path=path, text=body, header=header, issued_hint=_hint(header))
