"""A .docx is a zip, checked before anything decompresses it: a member inflating more than
the ratio allows, too many members, and a member whose headers understate its size are
each refused, quickly and without the inflated bytes ever being held in memory."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from notices.sources import (
    MAX_INFLATED_BYTES,
    MAX_RATIO,
    MAX_ZIP_MEMBERS,
    NoticeUnreadable,
    Unreadable,
    read_notice,
)

MB = 1024 * 1024
PARAGRAPH = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Bộ Công an chủ trì</w:t></w:r></w:p></w:body></w:document>"
)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def understated(data: bytes, member: str, declared: int) -> bytes:
    """``data`` (a zip) with ``member``'s uncompressed size rewritten to ``declared`` in its
    local header and in the central directory, as a forged file would say."""
    out = bytearray(data)
    name = member.encode()
    local = out.find(b"PK\x03\x04")
    while local != -1:
        length = struct.unpack_from("<H", out, local + 26)[0]
        if bytes(out[local + 30 : local + 30 + length]) == name:
            struct.pack_into("<I", out, local + 22, declared)
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack_from("<H", out, central + 28)[0]
        if bytes(out[central + 46 : central + 46 + length]) == name:
            struct.pack_into("<I", out, central + 24, declared)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def refused(tmp_path: Path, data: bytes) -> tuple[NoticeUnreadable, float, float]:
    """Read ``data`` as a .docx; the refusal, the seconds and the peak MB it took."""
    path = tmp_path / "tb.docx"
    path.write_bytes(data)
    tracemalloc.start()
    began = time.monotonic()
    try:
        with pytest.raises(NoticeUnreadable) as caught:
            read_notice(path)
    finally:
        took = time.monotonic() - began
        peak = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
    return caught.value, took, peak


def test_a_member_inflating_past_the_ratio_is_refused_below_the_total_bound(
    tmp_path: Path,
) -> None:
    inflated = 5 * MB  # far below the total bound: only the ratio refuses it
    assert inflated < MAX_INFLATED_BYTES
    data = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * inflated})
    assert inflated / len(data) > MAX_RATIO
    error, took, peak = refused(tmp_path, data)
    assert error.reason is Unreadable.INFLATES
    assert "times" in error.problem
    # (The file is read into a buffer of the file bound, 5 MB, whatever its size.)
    assert took < 2, took
    assert peak < 10, peak


def test_a_zip_of_too_many_members_is_refused(tmp_path: Path) -> None:
    data = zipped({f"word/part{n}.xml": b"x" for n in range(MAX_ZIP_MEMBERS + 1)})
    error, _, _ = refused(tmp_path, data)
    assert error.reason is Unreadable.INFLATES
    assert str(MAX_ZIP_MEMBERS) in error.problem


def test_a_member_whose_headers_understate_its_size_is_never_inflated(tmp_path: Path) -> None:
    honest = zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": PARAGRAPH.encode() + b" " * (200 * MB),
        }
    )
    # It says 3,000 bytes: the sizes pass every check, the stream holds 200 MB.
    forged = understated(honest, "word/document.xml", 3000)
    error, took, peak = refused(tmp_path, forged)
    assert error.reason in (Unreadable.DAMAGED, Unreadable.INFLATES), error
    assert took < 5, took
    assert peak < 50, peak
