"""Rules met in press items the importer had never seen (page openings stored up to some
length, 2021-2026), one small text per rule next to a look-alike that must not fire: a last
paragraph cut off mid-sentence, a direction naming no one after a topic, photo captions, a
press agency's credit, a person who signed, a body "được yêu cầu", the provinces' committees
named without provinces, a list of companies without a colon, two deliverables joined by
"và", slogans in quotation marks, a report paragraph, and a later sentence opening with its
own time. The texts are written for the test in the layout of real press items."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from domain.deadline import DeadlineKind
from notices.importer import ParsedNotice, import_notice
from notices.importer.prose import _CREDIT
from storage.agency_files import shipped_registry

ISSUED = date(2025, 12, 10)

Row = tuple[str, str, tuple[str, ...], str | None]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def rows(parsed: ParsedNotice) -> list[Row]:
    return [
        (t.ref, t.lead, t.members, t.deadline.due.isoformat() if t.deadline.due else None)
        for t in parsed.tasks
    ]


def article(*paragraphs: str) -> str:
    return "Thủ tướng chỉ đạo khắc phục hậu quả mưa lũ\n\n" + "\n\n".join(paragraphs) + "\n"


MEETING = "Ngày 9/12, Thủ tướng chủ trì cuộc họp về khắc phục hậu quả mưa lũ."
ROADS = "Thủ tướng yêu cầu Bộ Xây dựng hoàn thành sửa chữa các tuyến quốc lộ trước ngày 31/12."
FLOODS = "Thủ tướng yêu cầu các bộ, ngành, địa phương khẩn trương khắc phục hậu quả mưa lũ."
ASSESSED = "Thời gian qua, các địa phương đã khắc phục cơ bản hậu quả mưa lũ."

CASES = [
    pytest.param(
        article(
            MEETING,
            ROADS,
            "Rà soát, bổ sung phương án bảo đảm giao thông thông suốt trên các tuyến cao tốc, "
            "quốc lộ đi qua vùng lũ, nhất là",
        ),
        [("P3", "Bộ Xây dựng", (), "2025-12-31"), ("P4", "Bộ Xây dựng", (), None)],
        id="a last paragraph cut off mid-sentence is read, not skipped as a headline",
    ),
    pytest.param(
        article(MEETING, ROADS, "Bộ Xây dựng đề xuất mở rộng cao tốc Bắc Nam đoạn qua miền Trung"),
        [("P3", "Bộ Xây dựng", (), "2025-12-31")],
        id="look-alike: a short last line without a comma is a headline",
    ),
    pytest.param(
        article(
            FLOODS,
            "Về nhiệm vụ cấp bách, Thủ tướng chỉ đạo tập trung sửa chữa nhà ở bị hư hỏng, "
            "hoàn thành trước ngày 31/12.",
        ),
        [
            ("P2", "Các bộ, cơ quan, địa phương", (), None),
            ("P3", "Các bộ, cơ quan, địa phương", (), "2025-12-31"),
        ],
        id="a direction naming no one after a topic goes on with the addressee before",
    ),
    pytest.param(
        article(
            ASSESSED,
            "Về nhiệm vụ cấp bách, Thủ tướng chỉ đạo tập trung sửa chữa nhà ở bị hư hỏng, "
            "hoàn thành trước ngày 31/12.",
        ),
        [],
        id="look-alike: after a report the same direction is no one's task",
    ),
    pytest.param(
        article(
            "Thủ tướng yêu cầu Bộ Xây dựng quản lý chặt chẽ hoạt động vận tải dịp cuối năm.",
            "Thủ tướng yêu cầu đẩy nhanh tiến độ các dự án đường sắt, hoàn thành báo cáo nghiên "
            "cứu khả thi trong tháng 3 năm 2026.",
        ),
        [("P2", "Bộ Xây dựng", (), None), ("P3", "Bộ Xây dựng", (), "2026-03-31")],
        id="a request that opens with 'đẩy nhanh' goes on with the agency before",
    ),
    pytest.param(
        article(
            FLOODS,
            "Đẩy mạnh dọn dẹp vệ sinh môi trường sau lũ. Ảnh tư liệu.",
            "Đồng thời, các địa phương hoàn thành sửa chữa trường học trước ngày 31/12.",
        ),
        [
            ("P2", "Các bộ, cơ quan, địa phương", (), None),
            ("P4", "Các địa phương", (), "2025-12-31"),
        ],
        id="a caption that only says it is an archive photo is no task",
    ),
    pytest.param(
        article(
            "Thủ tướng yêu cầu Bộ Văn hóa, Thể thao và Du lịch số hóa hình ảnh tư liệu về công "
            "tác phòng chống lũ trước ngày 31/12."
        ),
        [("P2", "Bộ Văn hóa, Thể thao và Du lịch", (), "2025-12-31")],
        id="look-alike: archive photos as the work itself",
    ),
    pytest.param(
        article(
            "(Dân trí) – UBND các tỉnh bàn giao toàn bộ mặt bằng chậm nhất ngày 20/12. Các Tập "
            "đoàn EVN, VNPT, Viettel phối hợp di dời công trình điện, viễn thông."
        ),
        [
            ("P2", "Các địa phương", (), "2025-12-20"),
            (
                "P2",
                "Tập đoàn Điện lực Việt Nam",
                (
                    "Tập đoàn Điện lực Việt Nam",
                    "Tập đoàn Bưu chính Viễn thông Việt Nam",
                    "Tập đoàn Công nghiệp - Viễn thông Quân đội",
                ),
                None,
            ),
        ],
        id="a press credit, the provinces' committees and 'Các Tập đoàn' named without a colon",
    ),
    pytest.param(
        article(
            "Thủ tướng yêu cầu UBND các tỉnh Nghệ An, Hà Tĩnh bàn giao toàn bộ mặt bằng chậm "
            "nhất ngày 20/12."
        ),
        [("P2", "Các địa phương", ("UBND tỉnh Nghệ An", "UBND tỉnh Hà Tĩnh"), "2025-12-20")],
        id="look-alike: the committees of provinces named are those provinces",
    ),
    pytest.param(
        article(
            "Tập đoàn Điện lực Việt Nam, Tập đoàn Bưu chính Viễn thông Việt Nam di dời công "
            "trình điện, viễn thông trước ngày 20/12."
        ),
        [("P2", "Tập đoàn Điện lực Việt Nam", (), "2025-12-20")],
        id="look-alike: companies named one by one are joint leads, the first leading",
    ),
    pytest.param(
        article(
            "Phó Thủ tướng Chính phủ Trần Hồng Hà ký Quyết định số 100/QĐ-TTg ban hành Kế hoạch "
            "khắc phục hậu quả mưa lũ.",
            "Bộ Xây dựng hoàn thành sửa chữa các tuyến quốc lộ trước ngày 31/12.",
        ),
        [("P3", "Bộ Xây dựng", (), "2025-12-31")],
        id="a Deputy Prime Minister who signed is reported, not given a task",
    ),
    pytest.param(
        article(
            "Thủ tướng giao Phó Thủ tướng Chính phủ Trần Hồng Hà ký ban hành Kế hoạch khắc phục "
            "hậu quả mưa lũ trước ngày 20/12."
        ),
        [("P2", "Phó Thủ tướng Chính phủ Trần Hồng Hà", (), "2025-12-20")],
        id="look-alike: signing given to the person is the person's task",
    ),
    pytest.param(
        article(
            ROADS,
            "Bộ Ngoại giao được yêu cầu chủ trì vận động viện trợ quốc tế, báo cáo trước ngày "
            "20/12.",
        ),
        [("P2", "Bộ Xây dựng", (), "2025-12-31"), ("P3", "Bộ Ngoại giao", (), "2025-12-20")],
        id="a body 'được yêu cầu' is the one asked",
    ),
    pytest.param(
        article(ROADS, "Bộ Ngoại giao được giao vốn viện trợ quốc tế năm 2025 là 500 tỷ đồng."),
        [("P2", "Bộ Xây dựng", (), "2025-12-31")],
        id="look-alike: a body 'được giao vốn' is a report",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_press_items_stored_as_page_openings(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    assert rows(import_notice(text, registry, issued=ISSUED)) == expected


@pytest.mark.parametrize(
    ("opening", "credit"),
    [
        pytest.param("(Dân trí) – UBND các tỉnh …", "(Dân trí) – ", id="a paper's name"),
        pytest.param("(TBTCO) - Thủ tướng …", "(TBTCO) - ", id="an agency's initials"),
        pytest.param("(Chinhphu.vn) - Thủ tướng …", "(Chinhphu.vn) - ", id="a site's address"),
        pytest.param("VOV.VN - Vào trưa nay (15/11), …", "VOV.VN - ", id="a site's name bare"),
        pytest.param("Chinhphu.vn – Thủ tướng …", "Chinhphu.vn – ", id="a site's address bare"),
        pytest.param("(ii) – Bộ Tài chính …", None, id="look-alike: a roman sub-item"),
        pytest.param("Bộ Y tế - Bộ Tài chính …", None, id="look-alike: a body before a dash"),
        pytest.param("(1) - Bộ Tài chính …", None, id="look-alike: a numbered sub-item"),
    ],
)
def test_a_press_credit_before_the_first_words(opening: str, credit: str | None) -> None:
    found = _CREDIT.match(opening)
    assert (found.group(0) if found else None) == credit


TIMED = [
    pytest.param(
        article(
            "Thủ tướng yêu cầu các địa phương đến 31-12-2025 phải xong việc sửa chữa nhà ở và "
            "đến 31-1-2026 phải xong nhà xây mới."
        ),
        [
            ("P2", "Các địa phương", "2025-12-31", DeadlineKind.DEADLINE),
            ("P2", "Các địa phương", "2026-01-31", DeadlineKind.DEADLINE),
        ],
        id="two deliverables joined by 'và', each with its own later date",
    ),
    pytest.param(
        article(
            "Thủ tướng yêu cầu các địa phương hoàn thành sửa chữa nhà ở trong tháng 12 năm 2025 "
            "và báo cáo kết quả về Bộ Xây dựng trước ngày 15/1/2026 để tổng hợp, báo cáo Thủ "
            "tướng."
        ),
        [("P2", "Các địa phương", "2025-12-31", DeadlineKind.DEADLINE)],
        id="look-alike: a report after 'và' far from its date stays with the work",
    ),
    pytest.param(
        article(
            FLOODS,
            "Đồng thời, phát huy tinh thần “mỗi tuần một công trình”, “mỗi ngày thêm một mái "
            "nhà”, đẩy mạnh sản xuất, kinh doanh.",
        ),
        [
            ("P2", "Các bộ, cơ quan, địa phương", None, DeadlineKind.NONE),
            ("P3", "Các bộ, cơ quan, địa phương", None, DeadlineKind.NONE),
        ],
        id="a slogan in quotation marks says no period",
    ),
    pytest.param(
        article(
            "Thủ tướng yêu cầu các địa phương cập nhật số liệu thiệt hại hằng ngày, báo cáo Bộ "
            "Nông nghiệp và Môi trường."
        ),
        [("P2", "Các địa phương", None, DeadlineKind.RECURRING)],
        id="look-alike: a period written as the duty's timing",
    ),
    pytest.param(
        article(
            "Thủ tướng yêu cầu các địa phương thực hiện đúng yêu cầu “hoàn thành trước ngày "
            "31/12/2025” đối với nhà ở bị hư hỏng."
        ),
        [("P2", "Các địa phương", "2025-12-31", DeadlineKind.DEADLINE)],
        id="look-alike: a date in quotation marks is still the deadline",
    ),
    pytest.param(
        article(
            "Thủ tướng giao Bộ Xây dựng chủ trì hướng dẫn các địa phương sửa chữa nhà ở bị hư "
            "hỏng.",
            "Kết quả thực hiện, báo cáo Thủ tướng Chính phủ theo quy định.",
        ),
        [
            ("P2", "Bộ Xây dựng", None, DeadlineKind.NONE),
            ("P3", "Bộ Xây dựng", None, DeadlineKind.NONE),
        ],
        id="the report of a task's results goes on with its agency",
    ),
    pytest.param(
        article(
            "Thủ tướng giao Bộ Xây dựng chủ trì hướng dẫn các địa phương sửa chữa nhà ở bị hư "
            "hỏng.",
            "Kết quả thực hiện cho thấy nhiều địa phương đã hoàn thành sửa chữa nhà ở.",
        ),
        [("P2", "Bộ Xây dựng", None, DeadlineKind.NONE)],
        id="look-alike: results reported are no task",
    ),
    pytest.param(
        article(
            "Thủ tướng yêu cầu Ngân hàng Nhà nước điều hành lãi suất, tỷ giá linh hoạt, hỗ trợ "
            "doanh nghiệp. Trong tháng 1, khẩn trương đưa vào vận hành sàn giao dịch vàng."
        ),
        [
            ("P2", "Ngân hàng Nhà nước Việt Nam", None, DeadlineKind.NONE),
            ("P2", "Ngân hàng Nhà nước Việt Nam", "2026-01-31", DeadlineKind.DEADLINE),
        ],
        id="a later sentence opening with its own time is a deliverable of its own",
    ),
    pytest.param(
        article(
            "Thủ tướng yêu cầu Ngân hàng Nhà nước điều hành lãi suất, tỷ giá linh hoạt, hỗ trợ "
            "doanh nghiệp trong tháng 1."
        ),
        [("P2", "Ngân hàng Nhà nước Việt Nam", "2026-01-31", DeadlineKind.DEADLINE)],
        id="look-alike: the time at the sentence's end dates all of it",
    ),
    pytest.param(
        article(
            "Trong tháng 1, Thủ tướng yêu cầu Ngân hàng Nhà nước đưa vào vận hành sàn giao dịch "
            "vàng. Đồng thời, điều hành lãi suất, tỷ giá linh hoạt."
        ),
        [("P2", "Ngân hàng Nhà nước Việt Nam", "2026-01-31", DeadlineKind.DEADLINE)],
        id="look-alike: a time opening the paragraph dates all of it",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TIMED)
def test_deliverables_and_their_times(
    registry: AgencyRegistry,
    text: str,
    expected: list[tuple[str, str, str | None, DeadlineKind]],
) -> None:
    parsed = import_notice(text, registry, issued=ISSUED)
    assert [
        (
            t.ref,
            t.lead,
            t.deadline.due.isoformat() if t.deadline.due else None,
            t.deadline.kind,
        )
        for t in parsed.tasks
    ] == expected


ISSUER = (
    "UBND tỉnh Đồng Nai vừa ban hành Kế hoạch số 90 về giải phóng mặt bằng các dự án trên địa "
    "bàn tỉnh. Đối với dự án đường vành đai, tỉnh Đồng Nai đề nghị các đơn vị, địa phương phải "
    "hoàn thành giải phóng mặt bằng trong năm 2025 là 60% và 100% trong quý I/2026."
)

ISSUERS = [
    pytest.param(
        article(ISSUER),
        [
            ("P2", "Các đơn vị, địa phương", (), "2025-12-31"),
            ("P2", "Các đơn vị, địa phương", (), "2026-03-31"),
        ],
        id="the body reported to have issued a plan asks later; a share completed by a quarter",
    ),
    pytest.param(
        article(ISSUER.replace("tỉnh Đồng Nai đề nghị", "tỉnh Bình Dương đề nghị")),
        [],
        id="look-alike: another body's request in the sentence after is not the plan's",
    ),
    pytest.param(
        article(
            "Thủ tướng yêu cầu Bộ Xây dựng đẩy nhanh các dự án cao tốc. Bộ Xây dựng cho biết đã "
            "hoàn thành 95% khối lượng trong quý IV/2025."
        ),
        [("P2", "Bộ Xây dựng", (), None)],
        id="look-alike: a share reported completed dates nothing",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ISSUERS)
def test_plans_reported_by_the_press(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    assert rows(import_notice(text, registry, issued=ISSUED)) == expected


MONEY = "Thủ tướng yêu cầu Ngân hàng Nhà nước điều hành chính sách tiền tệ chủ động, linh hoạt."
RATES = "Lãi suất, tỷ giá cần được điều hành phù hợp với diễn biến kinh tế vĩ mô."

DUTIES = [
    pytest.param(
        article(MONEY, RATES),
        [
            ("P2", "Ngân hàng Nhà nước Việt Nam", (), None),
            ("P3", "Ngân hàng Nhà nước Việt Nam", (), None),
        ],
        id="a duty whose topic names two things goes on with the agency before",
    ),
    pytest.param(
        article(ASSESSED, RATES),
        [],
        id="look-alike: after a report it is no one's task",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DUTIES)
def test_duties_written_with_their_topic_first(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    assert rows(import_notice(text, registry, issued=ISSUED)) == expected


PARTS = [
    pytest.param(
        article(
            "Thủ tướng yêu cầu Bộ Xây dựng đẩy nhanh tiến độ các dự án trọng điểm như: Dự án "
            "cao tốc Bắc - Nam phía Tây (Dự án thành phần 1 - hoàn thành lập báo cáo nghiên cứu "
            "khả thi trong tháng 4 năm 2026), Dự án Cảng hàng không Gia Bình."
        ),
        [("P2", "Bộ Xây dựng", (), None), ("P2", "Bộ Xây dựng", (), "2026-04-30")],
        id="a parenthesis naming a part and its own dated deliverable is an obligation of its own",
    ),
    pytest.param(
        article(
            "Thủ tướng yêu cầu Bộ Xây dựng lập báo cáo nghiên cứu khả thi Dự án cao tốc Bắc - Nam "
            "phía Tây (hoàn thành trong tháng 4 năm 2026)."
        ),
        [("P2", "Bộ Xây dựng", (), "2026-04-30")],
        id="look-alike: a parenthesis that only dates the item is its deadline",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PARTS)
def test_parts_with_a_deliverable_of_their_own(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    assert rows(import_notice(text, registry, issued=ISSUED)) == expected


CEREMONY = (
    "Thời gian chuẩn bị cho ngày 19 tháng 12 năm 2025 không còn nhiều, vì vậy đề nghị các bộ, "
    "ngành, cơ quan chủ quản, nhất là {who} sớm hoàn tất các hạng mục."
)

SINGLED = [
    pytest.param(
        article(CEREMONY.format(who="ACV")),
        [("P2", "Tổng công ty Cảng hàng không Việt Nam", (), "2025-12-19")],
        id="the body singled out of a collective leads; the day prepared for is the deadline",
    ),
    pytest.param(
        article(CEREMONY.format(who="các địa phương có dự án")),
        [("P2", "Các bộ, ngành", (), "2025-12-19")],
        id="look-alike: a collective singled out leaves the collective before",
    ),
    pytest.param(
        article(
            "Thủ tướng yêu cầu Bộ Xây dựng tổng hợp danh mục công trình. Công tác chuẩn bị cho "
            "ngày 19/12/2025 đã hoàn tất."
        ),
        [("P2", "Bộ Xây dựng", (), None)],
        id="look-alike: preparations reported done date nothing",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SINGLED)
def test_a_body_singled_out_and_the_day_prepared_for(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    assert rows(import_notice(text, registry, issued=ISSUED)) == expected
