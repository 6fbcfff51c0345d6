"""Paragraphs that go on with the addressee before them after a stressed point ("Đặc biệt,
tổ chức …", "Theo yêu cầu của Thủ tướng, phải …"), a page cut off while asking, a reminder
("nhắc nhở"), some bodies not named ("một số bộ, ngành"), a conclusion or a request addressed with
"đối với" ("… đối với Bộ Y tế là cần …", "yêu cầu đối với Bộ Công Thương, cần …"), and a text
of two lines (a headline and its lead, two sentences, one wrapped sentence) — each next to
look-alikes that must not fire. The texts are written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import import_notice
from storage.agency_files import shipped_registry

Row = tuple[str, str, str | None]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


ASKED = "Thủ tướng yêu cầu Bộ Văn hóa, Thể thao và Du lịch chuẩn bị chu đáo các hoạt động kỷ niệm."
CASES = [
    pytest.param(
        f"{ASKED}\n\nĐặc biệt, tổ chức bắn pháo hoa tại các tỉnh, thành phố mừng Quốc khánh.",
        [
            ("P1", "Bộ Văn hóa, Thể thao và Du lịch", None),
            ("P2", "Bộ Văn hóa, Thể thao và Du lịch", None),
        ],
        id="a-stressed-point",
    ),
    pytest.param(
        f"{ASKED}\n\nTheo yêu cầu của Thủ tướng, phải hoàn thành kịch bản trước ngày 20/8/2026.",
        [
            ("P1", "Bộ Văn hóa, Thể thao và Du lịch", None),
            ("P2", "Bộ Văn hóa, Thể thao và Du lịch", "2026-08-20"),
        ],
        id="whose-request-it-is",
    ),
    # Look-alikes: what is stressed is no work; the paragraph before gave none.
    pytest.param(
        f"{ASKED}\n\nĐặc biệt, năm nay là dịp kỷ niệm 80 năm Quốc khánh.",
        [("P1", "Bộ Văn hóa, Thể thao và Du lịch", None)],
        id="a-stressed-fact",
    ),
    pytest.param(
        "Phiên họp diễn ra trong không khí khẩn trương.\n\nĐặc biệt, tổ chức bắn pháo hoa tại "
        "các tỉnh, thành phố mừng Quốc khánh.",
        [],
        id="no-work-before",
    ),
    pytest.param(
        "Kết luận của Phó Thủ tướng về nhiệm vụ thời gian tới đối với Bộ Y tế là cần tập trung "
        "chỉ đạo công tác phòng, chống dịch.",
        [("P1", "Bộ Y tế", None)],
        id="a-conclusion-for-a-body",
    ),
    pytest.param(
        "Phó Thủ tướng yêu cầu đối với Bộ Công Thương, cần bảo đảm cung ứng đủ xăng dầu trước "
        "ngày 15/2/2026.",
        [("P1", "Bộ Công Thương", "2026-02-15")],
        id="a-request-for-a-body",
    ),
    # Look-alikes: a body described; a conclusion and a request on a matter, not a body.
    pytest.param("Bộ Y tế là cơ quan thường trực của Ban Chỉ đạo.", [], id="a-body-described"),
    pytest.param(
        "Kết luận của Thủ tướng đối với các dự án chậm tiến độ là cần xử lý dứt điểm.",
        [],
        id="a-conclusion-on-a-matter",
    ),
    pytest.param(
        "Thủ tướng yêu cầu đối với các dự án chậm tiến độ, cần xử lý dứt điểm.",
        [],
        id="a-request-on-a-matter",
    ),
    # A page cut off inside its last paragraph, which asks someone; one that only reports.
    pytest.param(
        "Kết luận cuộc họp, Phó Thủ tướng ghi nhận các bộ đã hoàn thành khối lượng công việc "
        "lớn.\n\nVề quy chế hoạt động của Trung tâm, lãnh đạo Chính phủ đề nghị Bộ Tài chính "
        "phối hợp với Văn phòng Chính phủ chuẩn bị tổ chức m",
        [("P2", "Bộ Tài chính", None)],
        id="cut-off-while-asking",
    ),
    pytest.param(
        "Kết luận cuộc họp, Phó Thủ tướng ghi nhận các bộ đã hoàn thành khối lượng công việc "
        "lớn.\n\nVề quy chế hoạt động của Trung tâm, Bộ Tài chính cho biết đã phối hợp với Văn "
        "phòng Chính phủ chuẩn bị tổ chức m",
        [],
        id="cut-off-while-reporting",
    ),
    # A reminder is a request; "một số bộ, ngành" are some, for the admin to name.
    pytest.param(
        "Thủ tướng nhắc nhở Bộ Tài chính khẩn trương hoàn thành các nhiệm vụ còn lại.",
        [("P1", "Bộ Tài chính", None)],
        id="a-reminder",
    ),
    pytest.param(
        "Thủ tướng nhắc nhở một số bộ, ngành khẩn trương hoàn thành các nhiệm vụ còn lại.",
        [("P1", "Một số bộ, ngành", None)],
        id="some-ministries",
    ),
    pytest.param("Một số bộ, ngành đã hoàn thành các nhiệm vụ được giao.", [], id="some-reported"),
    # Two lines with no blank line between them.
    pytest.param(
        "Báo cáo Thủ tướng phương án mở rộng cao tốc trước 4/8\nPhó Thủ tướng giao Bộ Xây dựng "
        "báo cáo Thủ tướng Chính phủ trước ngày 4/8/2026 về phương án mở rộng cao tốc.",
        [("P2", "Bộ Xây dựng", "2026-08-04")],
        id="a-headline-and-its-lead",
    ),
    pytest.param(
        "Phó Thủ tướng chủ trì cuộc họp về tình hình sản xuất, kinh doanh năm 2026.\nKết luận "
        "của Phó Thủ tướng đối với Bộ Nông nghiệp và Môi trường là cần tập trung tháo gỡ khó "
        "khăn cho sản xuất.",
        [("P2", "Bộ Nông nghiệp và Môi trường", None)],
        id="two-sentences",
    ),
    pytest.param(
        "Phó Thủ tướng giao Bộ Xây dựng báo cáo Thủ tướng Chính phủ phương án mở rộng các\n"
        "đoạn cao tốc trước ngày 4/8/2026.",
        [("P1", "Bộ Xây dựng", "2026-08-04")],
        id="one-wrapped-sentence",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_the_work_and_its_addressee(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    parsed = import_notice(text, registry, issued=date(2026, 1, 16))
    rows = [
        (t.ref, t.lead, t.deadline.due.isoformat() if t.deadline.due else None)
        for t in parsed.tasks
    ]
    assert rows == expected
