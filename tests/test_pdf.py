"""Text-layer PDFs are read in line order and imported like any notice; scans, damaged,
encrypted and oversized PDFs get a reason of their own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from notices.importer import import_notice
from notices.pdf import MAX_PAGES, read_pdf
from notices.sources import NoticeUnreadable, Unreadable, read_notice
from storage.agency_files import shipped_registry
from tests.pdf_maker import scanned_pdf, text_pdf

HEADER = [
    "VĂN PHÒNG CHÍNH PHỦ",
    "Số: 624/TB-VPCP",
    "Hà Nội, ngày 16 tháng 11 năm 2025",
    "THÔNG BÁO",
    "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG",
]
ITEMS = [
    "I. NHIỆM VỤ",
    "1. Bộ Y tế xây dựng Kế hoạch triển khai Sổ sức khỏe điện tử,",
    "hoàn thành trong tháng 12 năm 2025.",
    "2. Bộ Công an chủ trì, phối hợp với Bộ Tài chính hoàn thành trước",
    "ngày 10 tháng 12 năm 2025.",
]


def test_the_text_keeps_its_line_order_across_pages(tmp_path: Path) -> None:
    path = tmp_path / "624-TB-VPCP.pdf"
    path.write_bytes(text_pdf([HEADER, ITEMS]))

    text = read_notice(path).text

    lines = [line for line in text.split("\n") if line.strip()]
    assert lines == [*HEADER, *ITEMS]


def test_a_pdf_notice_imports_with_its_number_date_and_tasks(tmp_path: Path) -> None:
    path = tmp_path / "624-TB-VPCP.pdf"
    path.write_bytes(text_pdf([HEADER, ITEMS]))

    parsed = import_notice(read_notice(path).text, shipped_registry())

    assert (parsed.number, parsed.issued) == ("624/TB-VPCP", date(2025, 11, 16))
    assert [(t.ref, t.lead, t.co, t.deadline.due) for t in parsed.tasks] == [
        ("I.1", "Bộ Y tế", (), date(2025, 12, 31)),
        ("I.2", "Bộ Công an", ("Bộ Tài chính",), date(2025, 12, 10)),
    ]


def test_a_scanned_pdf_is_refused_as_scanned(tmp_path: Path) -> None:
    with pytest.raises(NoticeUnreadable) as refused:
        read_pdf(tmp_path / "scan.pdf", scanned_pdf())
    assert refused.value.reason is Unreadable.SCANNED


def test_a_pdf_with_too_many_pages_is_refused_before_reading_them(tmp_path: Path) -> None:
    many = text_pdf([["Trang thứ nhiều của văn bản rất dài."]] * (MAX_PAGES + 1))
    with pytest.raises(NoticeUnreadable) as refused:
        read_pdf(tmp_path / "long.pdf", many)
    assert refused.value.reason is Unreadable.TOO_LARGE


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"%PDF-1.7\n", id="header-only"),
        pytest.param(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF", id="no-pages"),
        pytest.param(b"not a pdf at all", id="not-a-pdf"),
    ],
)
def test_a_damaged_pdf_is_refused_as_damaged(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(NoticeUnreadable) as refused:
        read_pdf(tmp_path / "bad.pdf", data)
    assert refused.value.reason is Unreadable.DAMAGED
