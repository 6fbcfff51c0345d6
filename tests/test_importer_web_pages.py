"""Press items copied from web pages, as the importer met them on documents it had never
seen: a page with no blank line between its paragraphs (one paragraph a line), next to a
wrapped text whose lines break inside sentences (still one paragraph). The texts are written
for the test."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import ParsedNotice, import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2025, 9, 12)

Row = tuple[str, str, str | None]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def rows(parsed: ParsedNotice) -> list[Row]:
    return [
        (t.ref, t.lead, t.deadline.due.isoformat() if t.deadline.due else None)
        for t in parsed.tasks
    ]


LINES = (
    "Ngày 11-9, Phó Thủ tướng đã ký Công điện về thị trường vàng.\n"
    "Cụ thể, Phó Thủ tướng yêu cầu Bộ Công Thương rà soát nguồn cung, báo cáo trước ngày "
    "20-9.\n"
    "Trên cơ sở đó, Phó Thủ tướng sẽ họp với các bộ, cơ quan liên quan.\n"
    "Đồng thời, Phó Thủ tướng yêu cầu Bộ Tài chính đề xuất giải pháp trước ngày 25-9.\n"
)


def test_a_page_without_blank_lines_writes_one_paragraph_a_line(
    registry: AgencyRegistry,
) -> None:
    parsed = import_notice(LINES, registry, issued=ISSUED)
    assert rows(parsed) == [
        ("P2", "Bộ Công Thương", "2025-09-20"),
        ("P4", "Bộ Tài chính", "2025-09-25"),
    ]


def test_a_wrapped_text_stays_one_paragraph(registry: AgencyRegistry) -> None:
    # The same kind of text broken inside its sentences: its lines are not paragraphs.
    wrapped = (
        "Phó Thủ tướng yêu cầu Bộ Công Thương rà soát nguồn cung\n"
        "xăng dầu trên địa bàn các tỉnh phía Nam, báo cáo Thủ tướng\n"
        "Chính phủ trước ngày 20-9 để tổng hợp và chỉ đạo các bộ,\n"
        "cơ quan liên quan.\n"
    )
    parsed = import_notice(wrapped, registry, issued=ISSUED)
    assert rows(parsed) == [("P1", "Bộ Công Thương", "2025-09-20")]


def test_two_lines_that_end_as_sentences_are_two_paragraphs(registry: AgencyRegistry) -> None:
    two = (
        "Phó Thủ tướng yêu cầu Bộ Công Thương rà soát nguồn cung.\n"
        "Bộ Tài chính đề xuất giải pháp trước ngày 25-9.\n"
    )
    assert rows(import_notice(two, registry, issued=ISSUED)) == [
        ("P1", "Bộ Công Thương", None),
        ("P2", "Bộ Tài chính", "2025-09-25"),
    ]


def test_two_lines_of_one_wrapped_sentence_are_one_paragraph(registry: AgencyRegistry) -> None:
    two = (
        "Phó Thủ tướng yêu cầu Bộ Công Thương rà soát nguồn cung xăng dầu, Bộ Tài chính đề\n"
        "xuất giải pháp trước ngày 25-9.\n"
    )
    assert {row[0] for row in rows(import_notice(two, registry, issued=ISSUED))} == {"P1"}


ASKED = [
    pytest.param(
        "Phó Thủ tướng Lê Văn Hùng yêu cầu Bộ Y tế rà soát danh mục thuốc, báo cáo trước ngày "
        "30 tháng 9 năm 2025.",
        [("P1", "Bộ Y tế", "2025-09-30")],
        id="a Deputy Prime Minister named asks; the ministry after the verb does the work",
    ),
    pytest.param(
        "Bộ trưởng Bộ Công Thương yêu cầu các chủ đầu tư hoàn thành đường dây trước ngày 15 "
        "tháng 10 năm 2025.",
        [("P1", "Các chủ đầu tư", "2025-10-15")],
        id="a minister asks the investors",
    ),
    pytest.param(
        "Bộ trưởng Bộ Xây dựng yêu cầu các chủ đầu tư, Ban Quản lý dự án đẩy nhanh tiến độ "
        "trước ngày 15 tháng 10 năm 2025.",
        [("P1", "Các chủ đầu tư, Ban Quản lý dự án", "2025-10-15")],
        id="the investors and their project boards are one collective",
    ),
    pytest.param(
        "Bộ trưởng Bộ Xây dựng yêu cầu các chủ đầu tư, Bộ Tài chính bố trí vốn trước ngày 15 "
        "tháng 10 năm 2025.",
        [("P1", "Các chủ đầu tư", "2025-10-15")],
        id="look-alike: a ministry after the investors is not one of them",
    ),
    pytest.param(
        "Văn phòng Chính phủ đề nghị Bộ Tài chính tổng hợp ý kiến trước ngày 20 tháng 9 năm 2025.",
        [("P1", "Bộ Tài chính", "2025-09-20")],
        id="the Government Office asks a ministry",
    ),
    pytest.param(
        "Ủy ban nhân dân tỉnh Lạng Sơn yêu cầu các Ban Quản lý dự án kiểm tra chất lượng trước "
        "ngày 30 tháng 9 năm 2025.",
        [("P1", "UBND tỉnh Lạng Sơn", "2025-09-30")],
        id="look-alike: a body asked by the notice that asks others keeps the work",
    ),
    pytest.param(
        "Bộ trưởng Bộ Nội vụ chỉ đạo chủ trì, phối hợp với Bộ Tài chính hướng dẫn các địa "
        "phương trước ngày 30 tháng 9 năm 2025.",
        [("P1", "Bộ Nội vụ", "2025-09-30")],
        id="look-alike: a minister who directs keeps the work",
    ),
]


@pytest.mark.parametrize(("paragraph", "expected"), ASKED)
def test_the_one_who_asks_is_not_the_one_asked(
    registry: AgencyRegistry, paragraph: str, expected: list[Row]
) -> None:
    parsed = import_notice(paragraph + "\n", registry, issued=ISSUED)
    assert rows(parsed) == expected


def article(paragraph: str) -> str:
    return (
        "Thủ tướng chỉ đạo về thị trường tài chính\n\n"
        "Ngày 11/9/2025, Phó Thủ tướng đã ký Công điện của Thủ tướng Chính phủ.\n\n"
        f"{paragraph}\n"
    )


NAMED = [
    pytest.param(
        "Đồng thời, Phó thủ tướng yêu cầu Bộ trưởng Tài chính đề xuất giải pháp trước ngày 20/9.",
        [("P3", "Bộ Tài chính", "2025-09-20")],
        id="a minister named by the ministry's bare name, after a lower-case 'thủ tướng'",
    ),
    pytest.param(
        "Phó Thủ tướng yêu cầu Bộ trưởng Công Thương bảo đảm nguồn cung trước ngày 30/9.",
        [("P3", "Bộ Công Thương", "2025-09-30")],
        id="another ministry's bare name",
    ),
    pytest.param(
        "Phó Thủ tướng yêu cầu Bộ trưởng Bộ Y tế rà soát danh mục trước ngày 30/9.",
        [("P3", "Bộ Y tế", "2025-09-30")],
        id="look-alike: the title with the ministry's full name reads as before",
    ),
    pytest.param(
        "Chính phủ yêu cầu 12 Bộ, cơ quan hoàn thiện các đề án phải trình năm 2025.",
        [("P3", "12 Bộ, cơ quan", "2025-12-31")],
        id="a counted collective is that many, written as it stands, not the whole group",
    ),
    pytest.param(
        "Bộ Tài chính tổng hợp số liệu (mới có 16/52 bộ, cơ quan trung ương gửi), báo cáo "
        "Thủ tướng trước ngày 30/9.",
        [("P3", "Bộ Tài chính", "2025-09-30")],
        id="look-alike: a share of bodies in a report is no collective",
    ),
]


@pytest.mark.parametrize(("paragraph", "expected"), NAMED)
def test_addressees_written_by_title_or_count(
    registry: AgencyRegistry, paragraph: str, expected: list[Row]
) -> None:
    assert rows(import_notice(article(paragraph), registry, issued=ISSUED)) == expected


def test_a_request_naming_no_one_goes_on_with_the_agency_before(
    registry: AgencyRegistry,
) -> None:
    text = article(
        "Phó Thủ tướng yêu cầu Bộ Xây dựng hoàn thiện hồ sơ dự án đúng tiến độ.\n\n"
        "Phó Thủ tướng yêu cầu báo cáo Thủ tướng Chính phủ trước ngày 30/9."
    )
    assert rows(import_notice(text, registry, issued=ISSUED)) == [
        ("P3", "Bộ Xây dựng", None),
        ("P4", "Bộ Xây dựng", "2025-09-30"),
    ]


def test_look_alike_a_request_after_a_report_is_no_one_s_task(registry: AgencyRegistry) -> None:
    text = article(
        "Thời gian qua, các dự án đã được triển khai đúng tiến độ.\n\n"
        "Phó Thủ tướng yêu cầu báo cáo Thủ tướng Chính phủ trước ngày 30/9."
    )
    assert rows(import_notice(text, registry, issued=ISSUED)) == []


PROVINCES = [
    pytest.param(
        "Thủ tướng yêu cầu Chủ tịch Ủy ban Nhân dân các địa phương Hà Tĩnh, Quảng Trị, Quảng "
        "Ngãi khắc phục hậu quả mưa lũ trước ngày 30/9.",
        [
            (
                "P3",
                "Các địa phương",
                ("UBND tỉnh Hà Tĩnh", "UBND tỉnh Quảng Trị", "UBND tỉnh Quảng Ngãi"),
                "2025-09-30",
            )
        ],
        id="'Ủy ban Nhân dân' with a capital N, 'các địa phương' before the names",
    ),
    pytest.param(
        "Thủ tướng yêu cầu các địa phương chủ động khắc phục hậu quả mưa lũ trước ngày 30/9.",
        [("P3", "Các địa phương", (), "2025-09-30")],
        id="look-alike: 'các địa phương' naming none is the group",
    ),
]


@pytest.mark.parametrize(("paragraph", "expected"), PROVINCES)
def test_provinces_named_after_their_group(
    registry: AgencyRegistry, paragraph: str, expected: list[tuple[str, str, tuple[str, ...], str]]
) -> None:
    parsed = import_notice(article(paragraph), registry, issued=ISSUED)
    assert [
        (t.ref, t.lead, t.members, t.deadline.due.isoformat() if t.deadline.due else None)
        for t in parsed.tasks
    ] == expected


OPENINGS = [
    pytest.param(
        "Theo chỉ đạo của Bộ Công an, 4 thành phố trực thuộc Trung ương phải hoàn thành việc "
        "cấp thẻ trước ngày 30/9.",
        [("P3", "4 thành phố trực thuộc Trung ương", "2025-09-30")],
        id="whose instruction it is comes before the addressee",
    ),
    pytest.param(
        "Theo yêu cầu của Bộ Y tế, các bệnh viện đã hoàn thành việc tiêm chủng trước ngày 30/8.",
        [],
        id="look-alike: what was done at someone's request is no task",
    ),
    pytest.param(
        "Văn phòng Chính phủ đề nghị các bộ, ngành rà soát các nhiệm vụ được giao từ ngày "
        "01/01/2025 đến ngày 31/8/2025.",
        [("P3", "Các bộ, ngành", None)],
        id="the span the tasks were given in is no deadline",
    ),
]


@pytest.mark.parametrize(("paragraph", "expected"), OPENINGS)
def test_openings_and_spans_of_a_request(
    registry: AgencyRegistry, paragraph: str, expected: list[Row]
) -> None:
    assert rows(import_notice(article(paragraph), registry, issued=ISSUED)) == expected


def test_the_report_s_time_in_a_paragraph_of_its_own_dates_the_task_before(
    registry: AgencyRegistry,
) -> None:
    text = article(
        "Phó Thủ tướng yêu cầu Bộ Công Thương báo cáo tình hình cung ứng xăng dầu.\n\n"
        "Thực hiện việc báo cáo Thủ tướng Chính phủ trước ngày 20/9. Trên cơ sở đó, Phó Thủ "
        "tướng sẽ họp với các bộ, cơ quan liên quan."
    )
    assert rows(import_notice(text, registry, issued=ISSUED)) == [
        ("P3", "Bộ Công Thương", "2025-09-20")
    ]


def test_look_alike_a_paragraph_with_its_own_agency_is_its_own_task(
    registry: AgencyRegistry,
) -> None:
    text = article(
        "Phó Thủ tướng yêu cầu Bộ Công Thương báo cáo tình hình cung ứng xăng dầu.\n\n"
        "Bộ Tài chính thực hiện việc báo cáo Thủ tướng Chính phủ trước ngày 20/9."
    )
    assert rows(import_notice(text, registry, issued=ISSUED)) == [
        ("P3", "Bộ Công Thương", None),
        ("P4", "Bộ Tài chính", "2025-09-20"),
    ]


LATER = [
    pytest.param(
        "Trong công điện chiều 10/10, Thứ trưởng cho biết mực nước sông đang lên. Lãnh đạo Bộ "
        "yêu cầu Chủ tịch UBND TP Hà Nội và Bắc Ninh kiểm tra các tuyến đê trước ngày 30/9.",
        [("P3", "Các địa phương", "2025-09-30")],
        id="a ministry's leaders ask in a later sentence",
    ),
    pytest.param(
        "Văn bản yêu cầu Giám đốc Sở GD&ĐT tổ chức thanh tra kỳ thi trước ngày 30/9.",
        [("P3", "Sở GD&ĐT", "2025-09-30")],
        id="an abbreviation joined by '&' is one word of the name",
    ),
    pytest.param(
        "Ủy ban An toàn Giao thông Quốc gia tổng hợp tình hình, báo cáo trước ngày 30/9.",
        [("P3", "Ủy ban An toàn Giao thông Quốc gia", "2025-09-30")],
        id="'Quốc gia' ends a body's name",
    ),
    pytest.param(
        "Trong công điện chiều 10/10, Thứ trưởng cho biết mực nước sông đang lên. Lãnh đạo Bộ "
        "đã kiểm tra các tuyến đê.",
        [],
        id="look-alike: the leaders reported at work ask no one",
    ),
]


@pytest.mark.parametrize(("paragraph", "expected"), LATER)
def test_later_askers_and_abbreviated_names(
    registry: AgencyRegistry, paragraph: str, expected: list[Row]
) -> None:
    assert rows(import_notice(article(paragraph), registry, issued=ISSUED)) == expected


def test_a_paragraph_announcing_what_follows_with_its_time_is_no_task(
    registry: AgencyRegistry,
) -> None:
    text = article(
        "Chính phủ yêu cầu các bộ, ngành tập trung triển khai nhiệm vụ trọng tâm từ nay đến "
        "cuối năm 2025, như sau:\n\n"
        "Bộ Xây dựng hoàn thành hồ sơ dự án trước ngày 30/11."
    )
    assert rows(import_notice(text, registry, issued=ISSUED)) == [
        ("P4", "Bộ Xây dựng", "2025-11-30")
    ]


def test_look_alike_the_same_work_ending_its_sentence_is_a_task(
    registry: AgencyRegistry,
) -> None:
    text = article(
        "Chính phủ yêu cầu các bộ, ngành tập trung triển khai nhiệm vụ trọng tâm từ nay đến "
        "cuối năm 2025."
    )
    assert rows(import_notice(text, registry, issued=ISSUED)) == [
        ("P3", "Các bộ, ngành", "2025-12-31")
    ]


def test_a_paragraph_cut_off_after_its_sentences_is_no_headline(
    registry: AgencyRegistry,
) -> None:
    text = article(
        "Phó Thủ tướng yêu cầu Bộ Tài chính báo cáo tình hình thị trường chứng khoán trước ngày "
        "15/9. Trên cơ sở đó, Phó Thủ tướng sẽ họp với Bộ trưởng Tài chính, Thứ trưởng phụ "
        "trách và các bộ, cơ quan li"
    )
    assert rows(import_notice(text, registry, issued=ISSUED)) == [
        ("P3", "Bộ Tài chính", "2025-09-15")
    ]


def test_look_alike_a_long_headline_of_one_sentence_stays_a_headline(
    registry: AgencyRegistry,
) -> None:
    text = article(
        "Thủ tướng yêu cầu Bộ Tài chính báo cáo tình hình thị trường vàng và chứng khoán trước "
        "ngày 15/9 để kịp thời có giải pháp quản lý, điều hành phù hợp với tình hình"
    )
    assert rows(import_notice(text, registry, issued=ISSUED)) == []


LEDE = (
    "Phó Thủ tướng yêu cầu UBND tỉnh Quảng Ninh kiên quyết xử lý tình trạng khai thác than "
    "trái phép trên địa bàn."
)
BODY = (
    "Phó Thủ tướng yêu cầu UBND tỉnh Quảng Ninh chỉ đạo kiên quyết xử lý tình trạng khai thác "
    "than trái phép, báo cáo Thủ tướng Chính phủ trước ngày 30/9/2025."
)


def test_an_articles_lede_announcing_the_work_below_is_no_task_of_its_own(
    registry: AgencyRegistry,
) -> None:
    text = f"Xử lý khai thác than trái phép\n\n{LEDE}\n\nTheo phản ánh của báo chí.\n\n{BODY}\n"
    assert rows(import_notice(text, registry, issued=ISSUED)) == [
        ("P4", "UBND tỉnh Quảng Ninh", "2025-09-30")
    ]


def test_look_alike_an_opening_task_of_its_own_stays(registry: AgencyRegistry) -> None:
    opening = "Phó Thủ tướng yêu cầu UBND tỉnh Quảng Ninh rà soát quy hoạch các cảng biển."
    text = f"Xử lý khai thác than trái phép\n\n{opening}\n\n{BODY}\n"
    assert rows(import_notice(text, registry, issued=ISSUED)) == [
        ("P2", "UBND tỉnh Quảng Ninh", None),
        ("P3", "UBND tỉnh Quảng Ninh", "2025-09-30"),
    ]
