"""An item of a formal notice that gives its own dated task, then announces its parts
("… trình Thủ tướng Chính phủ trước ngày 20 tháng 10 năm 2024. Trong đó chú ý một số nội dung
sau:"), and ministries named by their short names after "các Bộ" without a colon ("phối hợp
với các Bộ Tài nguyên và Môi trường, Nông nghiệp và Phát triển nông thôn, Tư pháp"), next to
look-alikes that must read as before. The texts are written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import import_notice
from storage.agency_files import shipped_registry

Row = tuple[str, str, tuple[str, ...], tuple[str, ...], str | None]
"""ref, lead, members, co, due (ISO)."""

ISSUED = date(2024, 10, 14)
OPENING = "Phó Thủ tướng kết luận như sau:\n\n"
CLOSING = "\n\n2. Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện.\n"
"""A last item, so that the text reads as a notice of numbered items; its row is left out."""


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def rows(text: str, registry: AgencyRegistry) -> list[Row]:
    parsed = import_notice(OPENING + text + CLOSING, registry, issued=ISSUED)
    return [
        (
            t.ref,
            t.lead,
            t.members,
            t.co,
            t.deadline.due.isoformat() if t.deadline.due else None,
        )
        for t in parsed.tasks
        if t.ref != "2"
    ]


PARTS = (
    "1. Bộ Công Thương chủ trì, phối hợp với Bộ Tư pháp hoàn thiện dự thảo Nghị định về cơ chế "
    "mua bán điện trực tiếp, trình Chính phủ trước ngày 15 tháng 11 năm 2024. Trong đó lưu ý "
    "một số nội dung sau:\n"
    "- Về đối tượng áp dụng:\n"
    "Bộ Công Thương rà soát, làm rõ tiêu chí khách hàng sử dụng điện lớn.\n"
    "- Về giá truyền tải:\n"
    "Bộ Công Thương tính toán phương án giá truyền tải, báo cáo Phó Thủ tướng trong tháng 10 "
    "năm 2024.\n"
    "Bộ Tài chính khẩn trương có ý kiến về cơ chế thuế đối với hợp đồng mua bán điện.\n"
)

OPENING_CASES = [
    pytest.param(
        PARTS,
        [
            # The item's own task, with its date and its co-operating ministry.
            ("1", "Bộ Công Thương", (), ("Bộ Tư pháp",), "2024-11-15"),
            # A part the lead does with no date of its own: the opening's date.
            ("1", "Bộ Công Thương", (), (), "2024-11-15"),
            # A part with its own date keeps it.
            ("1", "Bộ Công Thương", (), (), "2024-10-31"),
            # Another ministry's part, with its own timing ("khẩn trương"), keeps it.
            ("1", "Bộ Tài chính", (), (), None),
        ],
        id="an-opening-task-and-its-parts",
    ),
    # Look-alike: an item whose words before the bullets announce them, with no task of
    # their own before the announcing sentence: the bullets only, undated.
    pytest.param(
        "1. Bộ Xây dựng chủ trì tổng hợp ý kiến của các bộ, ngành về quy hoạch, báo cáo Thủ "
        "tướng Chính phủ như sau:\n"
        "- Bộ Xây dựng rà soát các đồ án quy hoạch chung đô thị.\n"
        "- Bộ Xây dựng đề xuất danh mục đồ án cần điều chỉnh.\n",
        [
            ("1", "Bộ Xây dựng", (), (), None),
            ("1", "Bộ Xây dựng", (), (), None),
        ],
        id="an-announcing-item-without-a-task-of-its-own",
    ),
    # Look-alike: a short sentence before "Cụ thể:" is the item's heading, not a task.
    pytest.param(
        "1. Về thể chế. Cụ thể như sau:\n"
        "- Bộ Tư pháp rà soát các văn bản quy phạm pháp luật, hoàn thành trong tháng 12 năm "
        "2024.\n",
        [("1", "Bộ Tư pháp", (), (), "2024-12-31")],
        id="a-heading-before-its-parts",
    ),
]


@pytest.mark.parametrize(("text", "expected"), OPENING_CASES)
def test_an_items_opening_task_is_read_and_dates_its_parts(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    assert rows(text, registry) == expected


SHORT_NAMES_CASES = [
    pytest.param(
        "1. Bộ Tài chính chủ trì, phối hợp chặt chẽ với các Bộ Tài nguyên và Môi trường, Nông "
        "nghiệp và Phát triển nông thôn, Tư pháp để hoàn thiện dự thảo Đề án, trình Thủ tướng "
        "Chính phủ trước ngày 20 tháng 10 năm 2024.",
        [
            (
                "1",
                "Bộ Tài chính",
                (),
                (
                    "Bộ Tài nguyên và Môi trường",
                    "Bộ Nông nghiệp và Phát triển nông thôn",
                    "Bộ Tư pháp",
                ),
                "2024-10-20",
            )
        ],
        id="co-operating-ministries-by-short-name",
    ),
    pytest.param(
        "1. Bộ Tài chính chủ trì, phối hợp với các bộ: Tài nguyên và Môi trường, Tư pháp hoàn "
        "thiện dự thảo Nghị định, trình Chính phủ trước ngày 30 tháng 10 năm 2024.",
        [
            (
                "1",
                "Bộ Tài chính",
                (),
                ("Bộ Tài nguyên và Môi trường", "Bộ Tư pháp"),
                "2024-10-30",
            )
        ],
        id="co-operating-ministries-after-a-colon",
    ),
    pytest.param(
        "1. Các Bộ Tài chính, Công Thương rà soát, báo cáo Thủ tướng Chính phủ trước ngày 20 "
        "tháng 11 năm 2024.",
        [("1", "Các bộ, ngành", ("Bộ Tài chính", "Bộ Công Thương"), (), "2024-11-20")],
        id="leading-ministries-by-short-name",
    ),
    # Look-alikes: "các Bộ, ngành" and "Các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ" are the
    # ministries as a whole, no list.
    pytest.param(
        "1. Các Bộ, ngành liên quan phối hợp với các Bộ Tài chính, Tư pháp hoàn thiện hồ sơ "
        "trong quý I năm 2025.",
        [
            (
                "1",
                "Các Bộ, ngành liên quan",
                (),
                ("Bộ Tài chính", "Bộ Tư pháp"),
                "2025-03-31",
            )
        ],
        id="a-collective-leads-named-ministries-co-operate",
    ),
    pytest.param(
        "1. Các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ tổ chức thực hiện trong năm 2025.",
        [("1", "Các bộ, ngành", (), (), "2025-12-31")],
        id="the-ministers-as-a-whole",
    ),
    pytest.param(
        "1. Bộ Y tế chủ trì, phối hợp với các Bộ, ngành liên quan xây dựng kế hoạch, hoàn thành "
        "trong tháng 12 năm 2024.",
        [("1", "Bộ Y tế", (), (), "2024-12-31")],
        id="the-ministries-as-a-whole-co-operate",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SHORT_NAMES_CASES)
def test_ministries_named_by_short_name_after_cac_bo(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    assert rows(text, registry) == expected


ASSESSMENT_CASES = [
    pytest.param(
        "1. Thị trường các-bon được coi là công cụ kinh tế để góp phần thực hiện các cam kết "
        "giảm phát thải khí nhà kính. Luật Bảo vệ môi trường năm 2020 giao Bộ Tài chính chủ trì "
        "thành lập thị trường các-bon trong nước. Thời gian qua, Bộ Tài chính đã nghiêm túc "
        "thực hiện ý kiến chỉ đạo của Lãnh đạo Chính phủ.",
        [],
        id="what-something-is-and-what-a-law-assigned",
    ),
    pytest.param(
        "1. Đánh giá cao sự chủ động của Bộ Tài chính trong việc xây dựng Đề án.",
        [],
        id="an-appraisal",
    ),
    # Look-alikes: the Government's own assignment, and an order naming no one, are tasks.
    pytest.param(
        "1. Thủ tướng Chính phủ giao Bộ Tài chính chủ trì xây dựng Đề án thành lập thị trường "
        "các-bon, trình trước ngày 30 tháng 11 năm 2024.",
        [("1", "Bộ Tài chính", (), (), "2024-11-30")],
        id="the-prime-minister-assigns",
    ),
    pytest.param(
        "1. Khẩn trương rà soát, hoàn thiện hồ sơ Đề án.",
        [("1", "", (), (), None)],
        id="an-order-naming-no-one",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ASSESSMENT_CASES)
def test_an_assessment_item_gives_no_task(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    assert rows(text, registry) == expected


TOPIC_CASES = [
    pytest.param(
        "1. Bộ Tài chính khẩn trương tiếp thu đầy đủ các ý kiến xác đáng của các Bộ, cơ quan "
        "để hoàn thiện dự thảo Đề án, trình Thủ tướng Chính phủ xem xét, quyết định trước ngày "
        "20 tháng 10 năm 2024. Trong đó chú ý một số nội dung sau:\n"
        "- Về phân công nhiệm vụ:\n"
        "Bộ Tài chính rà soát chức năng, nhiệm vụ của các cơ quan; phân định rõ trách nhiệm "
        "của các tổ chức tham gia thị trường.\n"
        "Bộ Tài chính làm việc cụ thể, thống nhất với Bộ Tài nguyên và Môi trường về nội dung "
        "phân công tại Đề án theo hướng: Bộ Tài nguyên và Môi trường quản lý hạn ngạch phát "
        "thải; Bộ Tài chính quản lý hoạt động giao dịch.\n",
        [
            ("1", "Bộ Tài chính", (), (), "2024-10-20"),
            # Each paragraph under the topic is an obligation of its own; the clause after
            # ";" goes on with the ministry, not with the body a later sentence names.
            ("1", "Bộ Tài chính", (), (), "2024-10-20"),
            # "thống nhất với" names the partner; what the direction says each body will do
            # ("theo hướng: …") is no one's task.
            ("1", "Bộ Tài chính", (), ("Bộ Tài nguyên và Môi trường",), "2024-10-20"),
        ],
        id="a-topics-paragraphs",
    ),
    # Look-alike: a bullet of one paragraph under its topic is one obligation, and a topic
    # with its colon in the opening sentence still heads the addressee after it.
    pytest.param(
        "1. Về thể chế: Bộ Tư pháp rà soát các văn bản quy phạm pháp luật, hoàn thành trong "
        "tháng 12 năm 2024.",
        [("1", "Bộ Tư pháp", (), (), "2024-12-31")],
        id="a-topic-heading-its-addressee",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TOPIC_CASES)
def test_a_topics_paragraphs_are_obligations_of_their_own(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    assert rows(text, registry) == expected
