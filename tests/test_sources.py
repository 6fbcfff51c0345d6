"""Reading notice files to text: encodings, Word documents, refused formats, corpus headers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document

from notices.importer import import_notice
from notices.sources import (
    NoticeUnreadable,
    Unreadable,
    UnsupportedFormat,
    decode_text,
    read_notice,
    split_header,
)
from storage.agency_files import shipped_registry

NOTICE = "Số: 12/TB-VPCP\nHà Nội, ngày 06 tháng 5 năm 2024\n1. Bộ Y tế trình Đề án.\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(NOTICE.encode("utf-8"), id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + NOTICE.encode("utf-8"), id="utf-8-with-bom"),
        pytest.param(NOTICE.encode("utf-16"), id="utf-16-with-bom"),
        pytest.param(NOTICE.encode("utf-16-le"), id="utf-16-le-without-bom"),
        pytest.param(NOTICE.encode("utf-16-be"), id="utf-16-be-without-bom"),
    ],
)
def test_it_reads_text_in_every_unicode_encoding_word_saves(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(data)

    source = read_notice(path)

    assert source.text == NOTICE
    assert (source.header, source.issued_hint) == ({}, None)


def test_it_refuses_text_that_is_not_unicode_rather_than_guess(tmp_path: Path) -> None:
    path = tmp_path / "tcvn3.txt"
    path.write_bytes("Bé Y tÕ".encode("cp1252") + b"\x81\x8d")

    with pytest.raises(NoticeUnreadable, match="UTF-8"):
        read_notice(path)


def test_windows_line_ends_become_unix_ones(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE.replace("\n", "\r\n").encode("utf-8"))

    assert read_notice(path).text == NOTICE


def test_decode_text_passes_utf8_through() -> None:
    assert decode_text("Bộ Y tế".encode()) == "Bộ Y tế"


# --------------------------------------------------------------------------- corpus header

CORPUS_FILE = """\
source: tnt305/tai_lieu_noi_bo/x.md (commit 94c5)
date: 2025-11-22
title: Thông báo 634/TB-VPCP
type: formal (TB-VPCP, numbered)
---
VĂN PHÒNG CHÍNH PHỦ

Số: 634/TB-VPCP | Hà Nội, ngày 22 tháng 11 năm 2025
"""


def test_a_corpus_header_is_skipped_and_its_date_kept_as_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "01_tb634.txt"
    path.write_text(CORPUS_FILE, encoding="utf-8")

    source = read_notice(path)

    assert source.text.startswith("VĂN PHÒNG CHÍNH PHỦ")
    assert "source:" not in source.text
    assert source.issued_hint == date(2025, 11, 22)
    assert source.header["type"] == "formal (TB-VPCP, numbered)"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Số: 1/TB\n---\nrest", id="first-line-not-a-key"),
        pytest.param("date: 2025-01-01\nno dashes follow\n", id="no-closing-dashes"),
        pytest.param("---\ntext", id="dashes-without-keys"),
    ],
)
def test_text_without_a_complete_header_is_kept_whole(text: str) -> None:
    assert split_header(text) == (text, {})


def test_a_header_date_that_is_not_a_date_gives_no_hint(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("date: 2025-02\n---\nBody\n", encoding="utf-8")

    source = read_notice(path)

    assert (source.text, source.issued_hint) == ("Body\n", None)


# --------------------------------------------------------------------------- Word


def write_docx(path: Path) -> None:
    document = Document()
    document.add_paragraph("Số: 310/KH-UBND")
    document.add_paragraph("Hà Nội, ngày 24 tháng 11 năm 2025")
    document.add_paragraph("I. NHIỆM VỤ")
    document.add_paragraph("1. Bộ Y tế trình Đề án trong tháng 12 năm 2025.")
    table = document.add_table(rows=3, cols=5)
    header = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian")
    rows = (
        header,
        ("1", "Khảo sát hạ tầng", "Bộ Khoa học và Công nghệ", "Bộ Công an", "Quý II/2026"),
        ("2", "Công bố kết quả", "Sở Tài chính", "", "Hằng năm"),
    )
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Nơi nhận: Bộ Y tế.")
    document.save(str(path))


def test_a_docx_gives_paragraphs_and_table_rows_in_document_order(tmp_path: Path) -> None:
    path = tmp_path / "kh310.docx"
    write_docx(path)

    text = read_notice(path).text

    assert text.split("\n\n") == [
        "Số: 310/KH-UBND",
        "Hà Nội, ngày 24 tháng 11 năm 2025",
        "I. NHIỆM VỤ",
        "1. Bộ Y tế trình Đề án trong tháng 12 năm 2025.",
        "TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian",
        "1 | Khảo sát hạ tầng | Bộ Khoa học và Công nghệ | Bộ Công an | Quý II/2026",
        "2 | Công bố kết quả | Sở Tài chính |  | Hằng năm",
        "Nơi nhận: Bộ Y tế.",
    ]


def test_a_merged_docx_cell_is_written_once(tmp_path: Path) -> None:
    path = tmp_path / "merged.docx"
    document = Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Bộ Công an"
    table.cell(0, 2).text = "Quý I/2026"
    document.save(str(path))

    assert read_notice(path).text == "Bộ Công an | Quý I/2026"


def test_a_docx_notice_imports_its_items_and_table_rows(tmp_path: Path) -> None:
    path = tmp_path / "kh310.docx"
    write_docx(path)

    parsed = import_notice(read_notice(path).text, shipped_registry())

    assert parsed.number == "310/KH-UBND"
    assert [(t.ref, t.lead, t.deadline.due) for t in parsed.tasks] == [
        ("I.1", "Bộ Y tế", date(2025, 12, 31)),
        ("PL.1", "Bộ Khoa học và Công nghệ", date(2026, 6, 30)),
        ("PL.2", "Sở Tài chính", None),
    ]


def test_a_damaged_docx_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")

    with pytest.raises(NoticeUnreadable, match=r"not a readable \.docx"):
        read_notice(path)


# --------------------------------------------------------------------------- refused


def test_a_damaged_pdf_is_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "203-TB-VPCP.pdf"
    path.write_bytes(b"%PDF-1.7\n")

    with pytest.raises(NoticeUnreadable) as refused:
        read_notice(path)

    assert refused.value.reason is Unreadable.DAMAGED
    assert "203-TB-VPCP.pdf" in str(refused.value)


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        pytest.param("notice.doc", "save it as .docx", id="old-word"),
        pytest.param("notice.rtf", "use one of .txt, .docx, .pdf", id="unknown-extension"),
        pytest.param("NOTICE", "use one of .txt, .docx, .pdf", id="no-extension"),
    ],
)
def test_other_formats_are_refused_saying_what_is_supported(
    tmp_path: Path, name: str, advice: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"x")

    with pytest.raises(UnsupportedFormat, match=advice):
        read_notice(path)


def test_upper_case_extensions_are_read(tmp_path: Path) -> None:
    path = tmp_path / "NOTICE.TXT"
    path.write_text(NOTICE, encoding="utf-8")

    assert read_notice(path).text == NOTICE


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        pytest.param("missing.txt", "no such file", id="missing"),
        pytest.param("", "folder", id="dir"),
    ],
)
def test_a_file_that_cannot_be_opened_is_unreadable(
    tmp_path: Path, name: str, problem: str
) -> None:
    path = tmp_path / name if name else tmp_path / "folder.txt"
    if not name:
        path.mkdir()

    with pytest.raises(NoticeUnreadable, match=problem):
        read_notice(path)
