"""Small PDFs for tests: a text layer in any script (a Type0 font with a ToUnicode map, as
PDF exports of Vietnamese documents carry), or pages with no text at all (a scan)."""

from __future__ import annotations

from collections.abc import Sequence


def _objects_to_pdf(objects: Sequence[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def text_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """A PDF whose pages hold these lines, top to bottom."""
    chars = sorted({c for page in pages for line in page for c in line})
    code = {c: index + 1 for index, c in enumerate(chars)}
    cmap_lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CMapName /Test def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(chars), 100):
        chunk = chars[start : start + 100]
        cmap_lines.append(f"{len(chunk)} beginbfchar")
        cmap_lines += [f"<{code[c]:04X}> <{ord(c):04X}>" for c in chunk]
        cmap_lines.append("endbfchar")
    cmap_lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    cmap = "\n".join(cmap_lines).encode()
    page_count = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 descendant, 5 cmap, then (page, content) pairs.
    kids = " ".join(f"{6 + 2 * i} 0 R" for i in range(page_count))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {page_count} >>".encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /TestSans /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSans /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        _stream(cmap),
    ]
    for index, lines in enumerate(pages):
        content = ["BT", "/F1 11 Tf", "14 TL", "50 800 Td"]
        for line in lines:
            hexed = "".join(f"{code[c]:04X}" for c in line)
            content.append(f"<{hexed}> Tj T*")
        content.append("ET")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {7 + 2 * index} 0 R >>".encode()
        )
        objects.append(_stream("\n".join(content).encode()))
    return _objects_to_pdf(objects)


def scanned_pdf(page_count: int = 2) -> bytes:
    """Pages with nothing but a drawing: no text layer."""
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(page_count))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {page_count} >>".encode(),
    ]
    for index in range(page_count):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Contents {4 + 2 * index} 0 R >>".encode()
        )
        objects.append(_stream(b"0 0 0 rg 50 50 400 700 re f"))
    return _objects_to_pdf(objects)
