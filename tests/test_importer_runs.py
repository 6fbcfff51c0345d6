"""Article paragraphs that go on with one item: a sentence continued over paragraphs ending
with ";", an item's closing time line, a date put before the sentence's addressee, and
collective addressees written loosely ("Bộ ngành", the provinces first). Each rule next to
a look-alike that must not fire; the texts are written for the test in the layout of
articles summarising real plans."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import ParsedNotice, import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2025, 4, 7)

Row = tuple[str, str, tuple[str, ...], str | None]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def article(*paragraphs: str) -> str:
    head = (
        "Kế hoạch sắp xếp đơn vị hành chính",
        "Ngày 07/4/2025, Chính phủ ban hành Kế hoạch thực hiện sắp xếp đơn vị hành chính.",
    )
    return "\n\n".join([*head, *paragraphs]) + "\n"


def rows(parsed: ParsedNotice) -> list[Row]:
    return [
        (t.ref, t.lead, t.co, t.deadline.due.isoformat() if t.deadline.due else None)
        for t in parsed.tasks
    ]


CASES = [
    pytest.param(
        [
            "Trước ngày 30/6/2025, Bộ Nội vụ chủ trì trình Chính phủ ban hành Nghị định thay "
            "thế Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ;",
            "Trình Chính phủ ban hành Nghị định quy định số lượng Phó Chủ tịch UBND;",
            "Ban hành Thông tư hướng dẫn về phụ cấp khu vực.",
        ],
        [
            ("P3", "Bộ Nội vụ", (), "2025-06-30"),
            ("P4", "Bộ Nội vụ", (), "2025-06-30"),
            ("P5", "Bộ Nội vụ", (), "2025-06-30"),
        ],
        id="paragraphs ending with ';' go on with the agency and its opening date",
    ),
    pytest.param(
        [
            "Bộ Nội vụ chủ trì, phối hợp với Bộ Tư pháp ban hành: Hướng dẫn việc sắp xếp tổ "
            "chức của HĐND và UBND phường, xã;",
            "Hướng dẫn việc quản lý công tác văn thư, lưu trữ trước ngày 10/4/2025.",
        ],
        [
            ("P3", "Bộ Nội vụ", ("Bộ Tư pháp",), "2025-04-10"),
            ("P4", "Bộ Nội vụ", (), "2025-04-10"),
        ],
        id="an enumeration closed by a date: every member's",
    ),
    pytest.param(
        [
            "Bộ Nội vụ chủ trì ban hành hướng dẫn việc sắp xếp tổ chức của HĐND và UBND phường.",
            "Trình Chính phủ ban hành Nghị định quy định số lượng Phó Chủ tịch UBND.",
        ],
        [("P3", "Bộ Nội vụ", (), None)],
        id="look-alike: after a full stop a paragraph without addressee goes on with nobody",
    ),
    pytest.param(
        [
            "Bộ Tài chính chủ trì ban hành văn bản hướng dẫn việc thực hiện nguồn vốn đầu tư công;",
            "Tham mưu cấp có thẩm quyền hỗ trợ kinh phí cho các địa phương.",
            "Thời gian hoàn thành trước ngày 10/4/2025.",
        ],
        [
            ("P3", "Bộ Tài chính", (), "2025-04-10"),
            ("P4", "Bộ Tài chính", (), "2025-04-10"),
        ],
        id="a time line of its own dates the item's paragraphs and is no task",
    ),
    pytest.param(
        [
            "Các Bộ, cơ quan ngang Bộ chủ trì, rà soát thủ tục hành chính của chính quyền cấp "
            "huyện.",
            "Trên cơ sở đó, chủ động ban hành theo thẩm quyền văn bản. Thời gian hoàn thành "
            "trước ngày 30/6/2025.",
        ],
        [
            ("P3", "Các bộ, ngành", (), "2025-06-30"),
            ("P4", "Các bộ, ngành", (), "2025-06-30"),
        ],
        id="an item's closing time sentence dates the paragraph it goes on from",
    ),
    pytest.param(
        [
            "Bộ Khoa học và Công nghệ ban hành hướng dẫn về chính quyền số.",
            "Bộ Y tế ban hành hướng dẫn về sắp xếp cơ sở y tế. Thời gian hoàn thành trước ngày "
            "10/4/2025.",
        ],
        [
            ("P3", "Bộ Khoa học và Công nghệ", (), None),
            ("P4", "Bộ Y tế", (), "2025-04-10"),
        ],
        id="look-alike: a time sentence after a new addressee dates only that item",
    ),
    pytest.param(
        [
            "Theo Kế hoạch, trước ngày 18/4/2025, Bộ Nội vụ chủ trì tổ chức Hội nghị toàn quốc.",
        ],
        [("P3", "Bộ Nội vụ", (), "2025-04-18")],
        id="a date before the addressee after an intro, in lower case",
    ),
    pytest.param(
        [
            "Trước ngày 10/4/2025, Bộ Dân tộc và Tôn giáo ban hành hướng dẫn; Bộ Văn hóa, Thể "
            "thao và Du lịch ban hành hướng dẫn rà soát di tích.",
        ],
        [
            ("P3", "Bộ Dân tộc và Tôn giáo", (), "2025-04-10"),
            ("P3", "Bộ Văn hóa, Thể thao và Du lịch", (), "2025-04-10"),
        ],
        id="a fronted date is the second actor's of the same sentence",
    ),
    pytest.param(
        [
            "Trước ngày 10/4/2025, Bộ Y tế ban hành hướng dẫn. Bộ Xây dựng ban hành hướng dẫn "
            "rà soát quy hoạch.",
        ],
        [("P3", "Bộ Y tế", (), "2025-04-10"), ("P3", "Bộ Xây dựng", (), None)],
        id="look-alike: a fronted date stops at the sentence's full stop",
    ),
    pytest.param(
        [
            "Căn cứ chức năng, nhiệm vụ, quyền hạn được giao, bộ, ngành trung ương chủ động đề "
            "xuất văn bản trước ngày 30/6/2025.",
            "Phó Thủ tướng đề nghị các địa phương, Bộ, ngành xác định nhiệm vụ trọng tâm.",
            "Phó Thủ tướng yêu cầu các Bộ ngành, địa phương quán triệt chỉ đạo.",
            "Phó Thủ tướng yêu cầu các Bộ ngành, địa phương liên quan quán triệt chỉ đạo.",
        ],
        [
            ("P3", "Các bộ, ngành", (), "2025-06-30"),
            ("P4", "Các bộ, cơ quan, địa phương", (), None),
            ("P5", "Các bộ, cơ quan, địa phương", (), None),
            # Look-alike: those concerned only, a vague group for the admin to map.
            ("P6", "Các Bộ ngành, địa phương liên quan", (), None),
        ],
        id="groups written without 'Các', without a comma, or the provinces first",
    ),
    pytest.param(
        [
            "(3) Đối với các bộ, ngành, Ủy ban nhân dân các tỉnh, thành phố:",
            "- Chủ trì rà soát quy trình, hoàn thành trong tháng 9 năm 2025.",
            "Giao Ủy ban nhân dân các tỉnh, thành phố Hà Tĩnh, Quảng Trị rà soát thiệt hại.",
        ],
        [
            ("P4", "Các bộ, cơ quan, địa phương", (), "2025-09-30"),
            # Look-alike: the same words opening a named list.
            ("P5", "Các địa phương", (), None),
        ],
        id="the ministries and the provinces written in full",
    ),
]


CASES += [
    pytest.param(
        [
            "Theo đó, Thủ tướng Chính phủ yêu cầu Chủ tịch Ủy ban nhân dân các tỉnh, thành phố "
            "trực thuộc Trung ương khẩn trương thực hiện các nội dung sau:",
            "- Tổ chức xây dựng kế hoạch cụ thể, phát động chiến dịch vào ngày 01/12/2025.",
            "- Báo cáo nhu cầu hỗ trợ, gửi Bộ Tài chính trước ngày 03/12/2025.",
        ],
        [
            ("P4", "Các địa phương", (), "2025-12-01"),
            ("P5", "Các địa phương", (), "2025-12-03"),
        ],
        id="a paragraph that only announces the bullets below is no task",
    ),
    pytest.param(
        [
            "Thủ tướng yêu cầu các bộ, ngành rà soát các dự án tồn đọng, gửi Bộ Tài chính trước "
            "ngày 10/12/2025, trong đó lưu ý:",
            "- Rà soát kỹ các dự án có vướng mắc về đất đai.",
        ],
        [("P3", "Các bộ, ngành", (), "2025-12-10"), ("P4", "Các bộ, ngành", (), None)],
        id="look-alike: a paragraph with work of its own before its colon stays a task",
    ),
]


@pytest.mark.parametrize(("paragraphs", "expected"), CASES)
def test_each_rule(registry: AgencyRegistry, paragraphs: list[str], expected: list[Row]) -> None:
    assert rows(import_notice(article(*paragraphs), registry, issued=ISSUED)) == expected


def test_the_named_list_keeps_its_members(registry: AgencyRegistry) -> None:
    parsed = import_notice(
        article("Giao Ủy ban nhân dân các tỉnh, thành phố Hà Tĩnh, Quảng Trị rà soát thiệt hại."),
        registry,
        issued=ISSUED,
    )
    assert [t.members for t in parsed.tasks] == [("UBND tỉnh Hà Tĩnh", "UBND tỉnh Quảng Trị")]
