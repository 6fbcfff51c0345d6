"""The importer's addressee and sub-item rules, one small text per rule, each next to a
look-alike that must not fire. The texts are written for the test in the layout of real
conclusion notices (a task section with numbered items)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import ParsedNotice, import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2025, 11, 20)


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def notice(items: str, title: str = "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ") -> str:
    return (
        f"THÔNG BÁO\n\n{title}\n\nNgày 10 tháng 11 năm 2025, Phó Thủ tướng đã kết luận:\n\n"
        f"I. NHIỆM VỤ, GIẢI PHÁP\n\n{items}\n"
    )


def rows(parsed: ParsedNotice) -> list[tuple[str, str, tuple[str, ...], str | None]]:
    return [
        (t.ref, t.lead, t.members, t.deadline.due.isoformat() if t.deadline.due else None)
        for t in parsed.tasks
    ]


CASES = [
    pytest.param(
        "1. Về dữ liệu: (1) Thanh tra Chính phủ ban hành chiến lược trước ngày 25 tháng 11 "
        "năm 2025; (2) Bộ Công an chủ trì ban hành hướng dẫn, hoàn thành trước ngày 30 tháng "
        "11 năm 2025; (3) rà soát các cơ sở dữ liệu.",
        [
            ("I.1", "Thanh tra Chính phủ", (), "2025-11-25"),
            ("I.1", "Bộ Công an", (), "2025-11-30"),
            ("I.1", "", (), None),
        ],
        id="sub-items (1) (2) (3) with their own addressees and dates",
    ),
    pytest.param(
        "1. Bộ Y tế: (1) trình Đề án trong tháng 12 năm 2025; (2) khẩn trương ban hành hướng dẫn.",
        [("I.1", "Bộ Y tế", (), "2025-12-31"), ("I.1", "Bộ Y tế", (), None)],
        id="sub-items inherit the item's addressee",
    ),
    pytest.param(
        "1. Bộ Công an phát triển nền tảng với 03 chức năng: (i) lưu trữ dữ liệu; (ii) định "
        "danh điện tử; (iii) thanh toán, hoàn thành trong Quý I/2026.",
        [("I.1", "Bộ Công an", (), "2026-03-31")],
        id="look-alike: (i) (ii) (iii) that are parts of one task",
    ),
    pytest.param(
        "1. Bộ Xây dựng: (i) đối với dự án Đồng Đăng, hoàn thành di dời trong tháng 12 năm "
        "2025; (ii) đối với dự án Chi Lăng, khẩn trương bàn giao mặt bằng.",
        [("I.1", "Bộ Xây dựng", (), "2025-12-31"), ("I.1", "Bộ Xây dựng", (), None)],
        id="(i) (ii) after nothing but the addressee and a colon are its sub-items",
    ),
    pytest.param(
        "1. Bộ Xây dựng chỉ đạo các chủ đầu tư: (i) Đối với dự án Đồng Đăng, hoàn thành di dời "
        "trong tháng 12 năm 2025; (ii) Đối với dự án Chi Lăng, khẩn trương bàn giao mặt bằng.",
        [("I.1", "Bộ Xây dựng", (), "2025-12-31"), ("I.1", "Bộ Xây dựng", (), None)],
        id="(i) (ii) each about a matter of its own are sub-items",
    ),
    pytest.param(
        "1. Bộ Xây dựng hoàn thành các nhiệm vụ tại 03 Chiến lược: (i) Về phát triển Chính phủ "
        "số; (ii) Về phát triển kinh tế số, hoàn thành trong tháng 12 năm 2025.",
        [("I.1", "Bộ Xây dựng", (), "2025-12-31")],
        id="look-alike: (i) Về …; (ii) Về … naming strategies are parts of one task",
    ),
    pytest.param(
        "1. Bộ Xây dựng chỉ đạo các chủ đầu tư: (i) Đối với dự án Đồng Đăng, hoàn thành di dời; "
        "(ii) bàn giao mặt bằng, hoàn thành trong tháng 12 năm 2025.",
        [("I.1", "Bộ Xây dựng", (), "2025-12-31")],
        id="look-alike: a matter in one sub-item only makes no sub-items",
    ),
    pytest.param(
        "1. Bộ Xây dựng: (i) đối với dự án Đồng Đăng, hoàn thành di dời trong tháng 12 năm 2025.",
        [("I.1", "Bộ Xây dựng", (), "2025-12-31")],
        id="look-alike: a lone (i) is no list",
    ),
    pytest.param(
        "1. Bộ Xây dựng lập lại tiến độ bảo đảm hoàn thành giai đoạn 1 vào ngày 19/12/2025, tăng "
        "cường thi công tại các điểm găng, tập trung thông toàn bộ nền đường trong tháng 01 "
        "năm 2026.",
        [("I.1", "Bộ Xây dựng", (), "2025-12-19"), ("I.1", "Bộ Xây dựng", (), "2026-01-31")],
        id="a second deliverable after a comma, with its own verb and date",
    ),
    pytest.param(
        "1. Bộ Xây dựng sớm bàn giao trong năm 2025 dự án nạo vét luồng cho tỉnh, báo cáo Thủ "
        "tướng Chính phủ kết quả thực hiện trước ngày 31 tháng 12 năm 2025.",
        [("I.1", "Bộ Xây dựng", (), "2025-12-31")],
        id="look-alike: a report of the work done is part of the task",
    ),
    pytest.param(
        "1. Bộ Tư pháp hoàn thiện hồ sơ dự án Luật, trình Quốc hội tại Kỳ họp thứ 10 (tháng 12 "
        "năm 2025); đồng thời rà soát các văn bản quy định chi tiết thi hành Luật.",
        [("I.1", "Bộ Tư pháp", (), "2025-12-31"), ("I.1", "Bộ Tư pháp", (), None)],
        id="a further duty after a clause its date closes has no date",
    ),
    pytest.param(
        "1. Bộ Công an từ ngày 01 tháng 12 năm 2025 đến 31 tháng 12 năm 2025 phối hợp với các "
        "hãng hàng không triển khai ưu đãi; đồng thời tổ chức chiến dịch truyền thông.",
        [("I.1", "Bộ Công an", (), "2025-12-31")],
        id="look-alike: a date put first covers the further duty",
    ),
    pytest.param(
        "1. Bộ trưởng các bộ, ngành, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc "
        "Trung ương rà soát các vướng mắc, gửi về Bộ Tư pháp trước ngày 20 tháng 12 năm 2025.",
        [("I.1", "Các bộ, cơ quan, địa phương", (), "2025-12-20")],
        id="the ministers and the chairs of the provinces are the ministries and provinces",
    ),
    pytest.param(
        "1. Bộ trưởng các bộ, ngành rà soát các vướng mắc, gửi về Bộ Tư pháp trước ngày 20 "
        "tháng 12 năm 2025.",
        [("I.1", "Các bộ, ngành", (), "2025-12-20")],
        id="the ministers alone are the ministries",
    ),
    pytest.param(
        "1. Các bộ, cơ quan ngang bộ và Ủy ban nhân dân cấp tỉnh có trách nhiệm triển khai ngay "
        "các cơ chế đặc thù, hoàn thành trong tháng 12 năm 2025.",
        [("I.1", "Các bộ, cơ quan, địa phương", (), "2025-12-31")],
        id="two groups written together are the group holding both",
    ),
    pytest.param(
        "1. Các bộ, cơ quan ngang bộ và Bộ Tài chính triển khai ngay các cơ chế đặc thù, hoàn "
        "thành trong tháng 12 năm 2025.",
        [("I.1", "Các bộ, ngành", (), "2025-12-31")],
        id="look-alike: a group and one of its agencies are the group",
    ),
    pytest.param(
        "1. Bộ Xây dựng rà soát quy hoạch (1) và báo cáo Thủ tướng Chính phủ trong tháng 12 "
        "năm 2025.",
        [("I.1", "Bộ Xây dựng", (), "2025-12-31")],
        id="look-alike: a lone (1) is no list",
    ),
    pytest.param(
        "1. Các Bộ, cơ quan: Tài chính, Công Thương, Y tế rà soát, báo cáo trước ngày 15 "
        "tháng 12 năm 2025.",
        [
            (
                "I.1",
                "Các bộ, ngành",
                ("Bộ Tài chính", "Bộ Công Thương", "Bộ Y tế"),
                "2025-12-15",
            )
        ],
        id="a named list of ministries",
    ),
    pytest.param(
        "1. Ủy ban nhân dân các thành phố: Hà Nội, Cần Thơ gửi ý kiến trong ngày 20 tháng 11 "
        "năm 2025.",
        [
            (
                "I.1",
                "Các địa phương",
                ("UBND thành phố Hà Nội", "UBND thành phố Cần Thơ"),
                "2025-11-20",
            )
        ],
        id="a named list of cities",
    ),
    pytest.param(
        "1. Các bộ, ngành rà soát, báo cáo trước ngày 15 tháng 12 năm 2025.",
        [("I.1", "Các bộ, ngành", (), "2025-12-15")],
        id="look-alike: the whole group, not a list",
    ),
    pytest.param(
        "1. Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ, Chủ "
        "tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương trực tiếp chỉ đạo, "
        "hoàn thành các nhiệm vụ được giao trong năm 2025; gửi văn bản cam kết trước ngày 25 "
        "tháng 11 năm 2025.",
        [("I.1", "Các bộ, cơ quan, địa phương", (), "2025-11-25")],
        id="titles of the heads are the bodies; the year tasks were given is no deadline",
    ),
    pytest.param(
        "1. Bộ trưởng Bộ Y tế chỉ đạo hoàn thành Kế hoạch trong tháng 12 năm 2025.",
        [("I.1", "Bộ Y tế", (), "2025-12-31")],
        id="a minister's title is the ministry",
    ),
    pytest.param(
        "1. Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trực tiếp chỉ đạo công tác chuẩn bị, "
        "kiểm tra đôn đốc.",
        [("I.1", "Phó Thủ tướng Chính phủ Trần Hồng Hà", (), None)],
        id="a person is reported as written",
    ),
    pytest.param(
        "1. Phó Thủ tướng Chính phủ Trần Hồng Hà kết luận chủ trương chung là phải bố trí vốn "
        "hoàn trả theo kế hoạch. Giao Bộ Tài chính cân đối vốn trong tháng 12 năm 2025.",
        [("I.1", "Bộ Tài chính", (), "2025-12-31")],
        id="look-alike: a person who concludes is no lead",
    ),
    pytest.param(
        "1. Phó Thủ tướng Vương Đình Huệ, Tổ trưởng Tổ công tác Chính phủ yêu cầu Bộ trưởng Bộ "
        "Tài chính tổ chức kiểm điểm trách nhiệm, báo cáo Thủ tướng trong tháng 12 năm 2025.",
        [("I.1", "Bộ Tài chính", (), "2025-12-31")],
        id="a person with a role after a comma asks",
    ),
    pytest.param(
        "1. Theo đó, Phó Thủ tướng Mai Văn Chính có ý kiến chỉ đạo Bộ Văn hóa, Thể thao và Du "
        "lịch khẩn trương thực hiện các nhiệm vụ được giao trong tháng 12 năm 2025.",
        [("I.1", "Bộ Văn hóa, Thể thao và Du lịch", (), "2025-12-31")],
        id="a person who gives a direction asks",
    ),
    pytest.param(
        "1. Về các nội dung trên, Phó Thủ tướng Thường trực Chính phủ Trương Hòa Bình yêu cầu "
        "các Bộ: Giao thông Vận tải, Xây dựng, Nội vụ, Tài chính kiểm tra các nội dung liên "
        "quan, báo cáo Thủ tướng Chính phủ trong tháng 12 năm 2025.",
        [
            (
                "I.1",
                "Các bộ, ngành",
                ("Bộ Giao thông vận tải", "Bộ Xây dựng", "Bộ Nội vụ", "Bộ Tài chính"),
                "2025-12-31",
            )
        ],
        id="a person asks a named list far into the sentence",
    ),
    pytest.param(
        "1. Thủ tướng phân công Phó Thủ tướng Lê Thành Long trực tiếp chỉ đạo việc hoàn thiện "
        "dự thảo Nghị định.",
        [("I.1", "Phó Thủ tướng Lê Thành Long", (), None)],
        id="a person the Prime Minister assigns leads",
    ),
    pytest.param(
        "1. Yêu cầu Giám đốc Sở Công Thương và Thủ trưởng các đơn vị liên quan tổ chức đánh giá "
        "trong tháng 12 năm 2025.",
        [("I.1", "Sở Công Thương", (), "2025-12-31")],
        id="a title after 'và' ends the body's name",
    ),
    pytest.param(
        # As the press writes the title: "Phó thủ tướng thường trực".
        "1. Thủ tướng giao Phó thủ tướng thường trực Nguyễn Hòa Bình chỉ đạo sắp xếp Bộ Kế "
        "hoạch và Đầu tư, Bộ Tài chính.",
        [("I.1", "Phó thủ tướng thường trực Nguyễn Hòa Bình", (), None)],
        id="a person with the title in lower case",
    ),
    pytest.param(
        "1. Phó thủ tướng Trần Hồng Hà phụ trách sáp nhập Bộ Giao thông vận tải và Bộ Xây dựng; "
        "Bộ Nông nghiệp và Phát triển nông thôn, Bộ Tài nguyên và Môi trường.",
        [("I.1", "Phó thủ tướng Trần Hồng Hà", (), None)],
        id="look-alike: bodies ending a clause after a semicolon are what it lists",
    ),
    pytest.param(
        "1. Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trực tiếp chỉ đạo Bộ Nội vụ khẩn trương "
        "ban hành văn bản trong tháng 12 năm 2025.",
        [("I.1", "Bộ Nội vụ", (), "2025-12-31")],
        id="look-alike: a person directing a body",
    ),
    pytest.param(
        "1. Các bộ, ngành đăng ký nhu cầu kinh phí qua Bộ Khoa học và Công nghệ trước ngày 10 "
        "tháng 12 năm 2025, trên cơ sở đề xuất của Bộ Khoa học và Công nghệ, Bộ Tài chính tổng "
        "hợp, báo cáo Thủ tướng Chính phủ trước ngày 20 tháng 12 năm 2025.",
        [
            ("I.1", "Các bộ, ngành", (), "2025-12-10"),
            ("I.1", "Bộ Tài chính", (), "2025-12-20"),
        ],
        id="a second actor inside the item",
    ),
    pytest.param(
        "1. Bộ Khoa học và Công nghệ hướng dẫn các bộ rà soát, trên cơ sở đó tổng hợp, gửi Bộ "
        "Tài chính trước ngày 10 tháng 12 năm 2025.",
        [("I.1", "Bộ Khoa học và Công nghệ", (), "2025-12-10")],
        id="look-alike: the same actor goes on",
    ),
    pytest.param(
        "1. Về điều chuyển số vốn không có khả năng giải ngân trong năm 2025: Bộ Tài chính "
        "rà soát, báo cáo Thủ tướng Chính phủ trong Quý I năm 2026.",
        [("I.1", "Bộ Tài chính", (), "2026-03-31")],
        id="a date in the item's topic is not its deadline",
    ),
    pytest.param(
        "1. Về vốn đầu tư công: Bộ Tài chính rà soát, hoàn thành trong năm 2025.",
        [("I.1", "Bộ Tài chính", (), "2025-12-31")],
        id="look-alike: a date after the topic's colon is the deadline",
    ),
    pytest.param(
        "1. Về phủ sóng các thôn, bản vùng lõm sóng: đề nghị các Tập đoàn: Bưu chính Viễn "
        "thông Việt Nam, Công nghiệp - Viễn thông Quân đội triển khai, hoàn thành trong tháng "
        "12 năm 2025.",
        [
            (
                "I.1",
                "Tập đoàn Bưu chính Viễn thông Việt Nam",
                (
                    "Tập đoàn Bưu chính Viễn thông Việt Nam",
                    "Tập đoàn Công nghiệp - Viễn thông Quân đội",
                ),
                "2025-12-31",
            )
        ],
        id="a named list of companies: each is obliged",
    ),
    pytest.param(
        "1. Tập đoàn Bưu chính Viễn thông Việt Nam, Tập đoàn Công nghiệp - Viễn thông Quân đội "
        "triển khai, hoàn thành trong tháng 12 năm 2025.",
        [("I.1", "Tập đoàn Bưu chính Viễn thông Việt Nam", (), "2025-12-31")],
        id="look-alike: names without the list's colon: the first leads",
    ),
    pytest.param(
        "1. Yêu cầu Nhà đầu tư (Tập đoàn Đèo Cả) rà soát, điều chỉnh kế hoạch thi công, hoàn "
        "thành trước ngày 30 tháng 12 năm 2025.",
        [("I.1", "Tập đoàn Đèo Cả", (), "2025-12-30")],
        id="an investor named in a parenthesis is the addressee",
    ),
    pytest.param(
        "1. Bộ Xây dựng làm việc với nhà đầu tư (Tập đoàn Đèo Cả), hoàn thành trước ngày 30 "
        "tháng 12 năm 2025.",
        [("I.1", "Bộ Xây dựng", (), "2025-12-30")],
        id="look-alike: an investor the addressee works with",
    ),
    pytest.param(
        "1. Về thi đua khen thưởng: Kết quả đạt được thời gian qua là nhờ sự nỗ lực của các "
        "thành viên Ban Chỉ đạo. Bộ Xây dựng với vai trò là cơ quan thường trực, chủ động báo "
        "cáo Thủ tướng Chính phủ trước ngày 15 tháng 12 năm 2025.",
        [("I.1", "Bộ Xây dựng", (), "2025-12-15")],
        id="a sentence reporting results before the addressee is no task",
    ),
    pytest.param(
        "1. Về thi đua khen thưởng: Khẩn trương hoàn thiện hồ sơ khen thưởng. Bộ Xây dựng báo "
        "cáo Thủ tướng Chính phủ trước ngày 15 tháng 12 năm 2025.",
        [("I.1", "", (), None), ("I.1", "Bộ Xây dựng", (), "2025-12-15")],
        id="look-alike: an order before the addressee stays a task",
    ),
]


CASES += [
    pytest.param(
        "1. Thời gian qua, Chính phủ, Thủ tướng Chính phủ đã rất quyết liệt chỉ đạo các bộ, "
        "ngành, địa phương thực hiện các giải pháp xử lý dứt điểm các dự án tồn đọng.\n\n"
        "2. Thủ tướng Chính phủ đã có ý kiến chỉ đạo, yêu cầu Bộ Xây dựng rà soát các dự án "
        "trong tháng 12 năm 2025.",
        [("I.1", "", (), None), ("I.2", "Bộ Xây dựng", (), "2025-12-31")],
        id="an assignment reported as done before is no addressee",
    ),
    pytest.param(
        "1. Thủ tướng Chính phủ đã giao Bộ Công an chủ trì xây dựng Đề án trong tháng 12 năm 2025.",
        [("I.1", "Bộ Công an", (), "2025-12-31")],
        id="look-alike: a past assignment without report words still names the addressee",
    ),
    pytest.param(
        "1. Phó Thủ tướng yêu cầu Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương thành "
        "lập Tổ công tác trong tháng 12 năm 2025.",
        [("I.1", "Các địa phương", (), "2025-12-31")],
        id="the provinces without 'các'",
    ),
]


@pytest.mark.parametrize(("items", "expected"), CASES)
def test_each_addressee_rule(
    registry: AgencyRegistry,
    items: str,
    expected: list[tuple[str, str, tuple[str, ...], str | None]],
) -> None:
    assert rows(import_notice(notice(items), registry, issued=ISSUED)) == expected


def test_a_steering_committee_office_is_a_body_to_map(registry: AgencyRegistry) -> None:
    items = (
        "1. Văn phòng Thường trực Ban Chỉ đạo 389 quốc gia tăng cường kiểm tra, đôn đốc, báo cáo "
        "trước ngày 15 tháng 12 năm 2025.\n\n2. Bộ Công an hoàn thành các nhiệm vụ đã được Ban "
        "Chỉ đạo Trung ương giao trước ngày 20 tháng 12 năm 2025."
    )
    parsed = import_notice(notice(items), registry, issued=ISSUED)

    assert rows(parsed) == [
        ("I.1", "Văn phòng Thường trực Ban Chỉ đạo 389 quốc gia", (), "2025-12-15"),
        ("I.2", "Bộ Công an", (), "2025-12-20"),
    ]
    assert not parsed.tasks[0].lead_known
    # The committee that assigns is not a body of the notice's own.
    assert parsed.unknown_agencies == ("Văn phòng Thường trực Ban Chỉ đạo 389 quốc gia",)


def test_a_list_with_a_comma_left_out_before_the_provinces(registry: AgencyRegistry) -> None:
    items = (
        "1. Bộ Xây dựng, Bộ Quốc phòng các tỉnh Ninh Bình, Hưng Yên đôn đốc chủ đầu tư, nhà thầu "
        "triển khai các dự án, hoàn thành trong tháng 12 năm 2025."
    )
    (task,) = import_notice(notice(items), registry, issued=ISSUED).tasks
    assert (task.lead, task.co) == (
        "Bộ Xây dựng",
        ("Bộ Quốc phòng", "UBND tỉnh Ninh Bình", "UBND tỉnh Hưng Yên"),
    )
    assert task.title.startswith("Đôn đốc chủ đầu tư")


def test_titles_skip_the_addressee_written_with_a_title_or_a_role(
    registry: AgencyRegistry,
) -> None:
    items = (
        "1. Giao đồng chí Bộ trưởng Bộ Xây dựng trực tiếp chỉ đạo kiểm tra các dự án, hoàn thành "
        "trong tháng 12 năm 2025.\n\n2. Bộ Xây dựng với vai trò là cơ quan thường trực Ban chỉ "
        "đạo, chủ động, phối hợp Bộ Nội vụ có báo cáo tổng kết trước ngày 15 tháng 12 năm 2025."
    )
    tasks = import_notice(notice(items), registry, issued=ISSUED).tasks
    assert [t.title for t in tasks] == [
        "Trực tiếp chỉ đạo kiểm tra các dự án",
        "Có báo cáo tổng kết",
    ]
    assert tasks[1].co == ("Bộ Nội vụ",)


def test_the_title_starts_after_a_named_list_of_companies(registry: AgencyRegistry) -> None:
    items = (
        "1. Về phủ sóng các thôn, bản vùng lõm sóng: đề nghị các Tập đoàn: Bưu chính Viễn thông "
        "Việt Nam, Công nghiệp - Viễn thông Quân đội tổ chức triển khai thực hiện, hoàn thành "
        "trong tháng 12 năm 2025."
    )
    (task,) = import_notice(notice(items), registry, issued=ISSUED).tasks
    assert task.title == "Tổ chức triển khai thực hiện"


TITLES_AFTER_THE_ADDRESSEE = [
    pytest.param(
        "1. Yêu cầu Nhà đầu tư (Tập đoàn Đèo Cả) rà soát phương án tài chính, hoàn thành trong "
        "tháng 12 năm 2025.",
        ("Tập đoàn Đèo Cả", "Rà soát phương án tài chính"),
        id="an investor in a parenthesis",
    ),
    pytest.param(
        "1. Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trực tiếp kiểm tra, đôn đốc các bộ, hoàn "
        "thành trong tháng 12 năm 2025.",
        ("Phó Thủ tướng Chính phủ Trần Hồng Hà", "Trực tiếp kiểm tra, đôn đốc các bộ"),
        id="a person",
    ),
    pytest.param(
        "1. Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng khẩn trương hoàn thiện Báo cáo nghiên cứu "
        "tiền khả thi trong tháng 12 năm 2025.",
        ("Các địa phương", "Hoàn thiện Báo cáo nghiên cứu tiền khả thi"),
        id="a named list of provinces",
    ),
    pytest.param(
        "1. Về đề nghị bố trí vốn Dự án đường ven biển trong kế hoạch trung hạn: giao Bộ Tài "
        "chính chủ trì phối hợp với Bộ Xây dựng xem xét, xử lý theo đúng quy định trong tháng 12 "
        "năm 2025.",
        ("Bộ Tài chính", "Xem xét, xử lý theo đúng quy định"),
        id="the addressee after a topic's colon, not the topic's words",
    ),
    pytest.param(
        "1. Các Bộ, cơ quan liên quan và các Tập đoàn: Công nghiệp - Năng lượng Quốc gia Việt "
        "Nam, Bưu chính viễn thông Việt Nam, Công nghiệp - Viễn thông Quân đội theo chức năng, "
        "khẩn trương xử lý các kiến nghị của tỉnh trong tháng 12 năm 2025.",
        # Only the ministries concerned: a vague group for the admin to map.
        ("Các Bộ, cơ quan liên quan", "Theo chức năng, khẩn trương xử lý các kiến nghị của tỉnh"),
        id="a company written with a small inner word",
    ),
    pytest.param(
        "1. Các địa phương có dự án đi qua khẩn trương hoàn thành công tác kiểm kê đất đai trong "
        "tháng 12 năm 2025.",
        # Not every province: the ones the project passes, which the text does not name.
        ("Các địa phương có dự án đi qua", "Hoàn thành công tác kiểm kê đất đai"),
        id="a group narrowed by where the project passes",
    ),
]


@pytest.mark.parametrize(("items", "expected"), TITLES_AFTER_THE_ADDRESSEE)
def test_the_title_starts_where_the_addressee_ends(
    registry: AgencyRegistry, items: str, expected: tuple[str, str]
) -> None:
    (task,) = import_notice(notice(items), registry, issued=ISSUED).tasks
    assert (task.lead, task.title) == expected


def test_province_alone_means_the_province_the_notice_is_about(registry: AgencyRegistry) -> None:
    items = (
        "1. Tỉnh cần tập trung đẩy mạnh giải ngân, hoàn thành trong tháng 12 năm 2025.\n\n"
        "2. Rà soát, điều chỉnh quy hoạch của Tỉnh trong Quý I/2026."
    )
    about = notice(items, "KẾT LUẬN TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH SƠN LA")
    parsed = import_notice(about, registry, issued=ISSUED)

    assert rows(parsed) == [
        ("I.1", "UBND tỉnh Sơn La", (), "2025-12-31"),
        ("I.2", "UBND tỉnh Sơn La", (), "2026-03-31"),
    ]


def test_province_alone_names_no_one_when_the_notice_is_about_several(
    registry: AgencyRegistry,
) -> None:
    items = "1. Tỉnh cần tập trung đẩy mạnh giải ngân, hoàn thành trong tháng 12 năm 2025."
    about = notice(items, "KẾT LUẬN VỀ VÙNG ĐÔNG NAM BỘ")
    parsed = import_notice(about, registry, issued=ISSUED)

    assert rows(parsed) == [("I.1", "", (), "2025-12-31")]


def test_a_plan_item_with_content_and_agency_fields(registry: AgencyRegistry) -> None:
    text = (
        "KẾ HOẠCH\n\nTRIỂN KHAI CÔNG TÁC BÌNH ĐẲNG GIỚI\n\nI. NỘI DUNG HOẠT ĐỘNG\n\n"
        "1. Nâng cao nhận thức\n\na) Hoạt động 1\n\n- Nội dung: Tổ chức Tháng hành động, "
        "hoàn thành trước ngày 15/12/2025.\n\n- Cơ quan thực hiện: Bộ Nội vụ chủ trì, phối hợp "
        "với Bộ Y tế và các đơn vị có liên quan.\n\nb) Hoạt động 2\n\n- Nội dung: Tập huấn cán "
        "bộ.\n\n- Cơ quan thực hiện: Bộ Y tế.\n\n- Thời gian thực hiện: Quý I/2026.\n\n"
        "2. Duy trì các mô hình\n\n- Nội dung: Tổng kết mô hình.\n\n- Cơ quan thực hiện: "
        "Bộ Tư pháp chủ trì.\n"
    )
    parsed = import_notice(text, registry, issued=ISSUED)

    assert [(t.ref, t.lead, t.co, t.deadline.due) for t in parsed.tasks] == [
        ("I.1.a", "Bộ Nội vụ", ("Bộ Y tế",), date(2025, 12, 15)),
        ("I.1.b", "Bộ Y tế", (), date(2026, 3, 31)),
        ("I.2", "Bộ Tư pháp", (), None),
    ]


def test_a_task_table_with_sections_and_bare_years(registry: AgencyRegistry) -> None:
    text = (
        "KẾ HOẠCH\n\nTHỰC HIỆN NGHỊ ĐỊNH\n\nPHỤ LỤC\n\n"
        "TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n\n"
        "I | KIỆN TOÀN BỘ MÁY\n\n"
        "1 | Tổ chức lại Ban Chỉ huy | Bộ Quốc phòng; Bộ Công an | Bộ Nội vụ và cơ quan liên "
        "quan | Trước ngày 30/11/2025\n\n"
        "II. VĂN BẢN\n\n"
        "1 | Ban hành quy chế | Bộ Tài chính | Cơ quan, địa phương liên quan | 2025\n\n"
        "2 | Duy trì tổng đài | Bộ Y tế | Bộ Tài chính | Tháng 12 hằng năm\n"
    )
    parsed = import_notice(text, registry, issued=ISSUED)

    assert [(t.ref, t.lead, t.co, t.deadline.due, t.deadline.kind.value) for t in parsed.tasks] == [
        ("PL.I.1", "Bộ Quốc phòng", ("Bộ Công an", "Bộ Nội vụ"), date(2025, 11, 30), "deadline"),
        ("PL.II.1", "Bộ Tài chính", (), date(2025, 12, 31), "deadline"),
        ("PL.II.2", "Bộ Y tế", ("Bộ Tài chính",), None, "recurring"),
    ]


def test_an_article_names_its_addressees_after_the_prime_minister_points_them_out(
    registry: AgencyRegistry,
) -> None:
    article = (
        "Thủ tướng chủ trì phiên họp Ban Chỉ đạo\n\n"
        "Sáng 9/7, Thủ tướng chủ trì phiên họp thứ ba của Ban Chỉ đạo.\n\n"
        "Trong đó, Thủ tướng Chính phủ chỉ rõ, Bộ Xây dựng chủ trì xây dựng các tiêu chuẩn "
        "trước ngày 20/7/2025; Bộ Khoa học và Công nghệ hoàn thành việc thẩm định trước ngày "
        "10/8/2025.\n\n"
        "Phó Thủ tướng khẳng định đây là dự án quan trọng. Phó Thủ tướng yêu cầu từng Bộ, "
        "ngành, địa phương tổ chức lễ khởi động trong năm 2025.\n\n"
        "Thủ tướng khẳng định đây là dự án quan trọng, đã hoàn thành trong năm 2024.\n"
    )
    parsed = import_notice(article, registry, issued=date(2025, 7, 9))

    assert rows(parsed) == [
        ("P3", "Bộ Xây dựng", (), "2025-07-20"),
        ("P3", "Bộ Khoa học và Công nghệ", (), "2025-08-10"),
        ("P4", "Các bộ, cơ quan, địa phương", (), "2025-12-31"),
    ]


EXCERPT = (
    "Ngày 12/8/2025, Văn phòng Chính phủ đã ra Thông báo 416/TB-VPCP năm 2025.\n\n"
    "Căn cứ vào Mục II Thông báo 416/TB-VPCP năm 2025 về một số giải pháp cụ thể có nội dung "
    "như sau:\n\nII. Các giải pháp cụ thể\n\n"
    "5. Bộ Xây dựng triển khai ngay các đường giao thông kết nối, hoàn thành vào ngày 19 tháng "
    "12 năm 2025.\n\n"
    "6. Giao Ủy ban nhân dân Thành phố Hồ Chí Minh phối hợp với Ủy ban nhân dân tỉnh Đồng Nai "
    "nghiên cứu ngay đường tàu điện đi ngầm kết nối Cảng hàng không quốc tế Tân Sơn Nhất và "
    "Cảng hàng không quốc tế Long Thành. Báo cáo Thủ tướng Chính phủ xin chủ trương trong "
    "tháng 8 năm 2025.\n\n"
    "7. Để đẩy nhanh tiến độ triển khai, đưa vào vận hành, khai thác các công trình, dự án, các "
    "bộ, ngành, chủ đầu tư nghiên cứu áp dụng quy định lựa chọn nhà thầu.\n\n"
    "Cụ thể, giao Ủy ban nhân dân Thành phố Hồ Chí Minh phối hợp với Ủy ban nhân dân tỉnh Đồng "
    "Nai nghiên cứu ngay đường tàu điện đi ngầm kết nối Cảng hàng không quốc tế Tân Sơn Nhất "
    "và Cảng hàng không quốc tế Long Thành.\n\n"
    "Báo cáo Thủ tướng Chính phủ xin chủ trương trong tháng 8/2025.\n"
)


def test_a_quoted_excerpt_keeps_its_item_numbers_and_drops_its_recap(
    registry: AgencyRegistry,
) -> None:
    parsed = import_notice(EXCERPT, registry, issued=date(2025, 8, 12))
    assert rows(parsed) == [
        ("II.5", "Bộ Xây dựng", (), "2025-12-19"),
        ("II.6", "UBND thành phố Hồ Chí Minh", (), "2025-08-31"),
        # "Để …, …, các bộ, ngành …": the addressee after the purpose's commas.
        ("II.7", "Các bộ, ngành", (), None),
    ]


def test_look_alike_a_numbered_line_alone_is_no_excerpt(registry: AgencyRegistry) -> None:
    text = EXCERPT.replace("6. Giao", "Giao").replace("7. Để", "Để")
    refs = {t.ref for t in import_notice(text, registry, issued=date(2025, 8, 12)).tasks}
    assert not any(ref.startswith("II.") for ref in refs)


def test_look_alike_the_same_words_as_an_item_of_its_own_are_kept(
    registry: AgencyRegistry,
) -> None:
    items = (
        "1. Bộ Tài chính phối hợp với các hãng hàng không triển khai chính sách ưu đãi trong "
        "tháng 12 năm 2025.\n\n2. Bộ Tài chính phối hợp với các hãng hàng không khác triển khai "
        "chính sách ưu đãi trong tháng 12 năm 2025."
    )
    assert rows(import_notice(notice(items), registry, issued=ISSUED)) == [
        ("I.1", "Bộ Tài chính", (), "2025-12-31"),
        ("I.2", "Bộ Tài chính", (), "2025-12-31"),
    ]


def test_a_target_with_its_own_date_is_a_second_obligation(registry: AgencyRegistry) -> None:
    items = (
        "1. Giao Bộ Xây dựng chủ trì hoàn thiện hồ sơ trình Quốc hội tại kỳ họp thứ 9 Quốc hội "
        "khóa XV (đợt 2 vào tháng 6 năm 2025), phấn đấu khởi công một số dự án thành phần trong "
        "tháng 12 năm 2025.\n\n2. Bộ Công an hoàn thiện hồ sơ trong tháng 12 năm 2025, phấn đấu "
        "hoàn thành sớm."
    )
    assert rows(import_notice(notice(items), registry, issued=date(2025, 5, 14))) == [
        ("I.1", "Bộ Xây dựng", (), "2025-06-30"),
        ("I.1", "Bộ Xây dựng", (), "2025-12-31"),
        ("I.2", "Bộ Công an", (), "2025-12-31"),
    ]


ARTICLE = (
    "Khẩn trương rà soát các luật về nhà ở\n\n"
    "Văn phòng Chính phủ vừa có Thông báo số 294/TB-VPCP ngày 9/6/2025 kết luận của Thường "
    "trực Chính phủ.\n\n"
    "Thường trực Chính phủ giao Bộ Xây dựng chủ trì rà soát tổng thể các Nghị định về nhà ở, "
    "báo cáo Chính phủ trong tháng 6 năm 2025.\n\n"
    "Chỉ đạo, kiểm tra, giám sát các địa phương đẩy nhanh công tác quy hoạch, tạo quỹ đất để "
    "phát triển các dự án nhà ở.\n\n"
    "Nghiên cứu, xây dựng mô hình Trung tâm giao dịch bất động sản\n\n"
    "Khẩn trương nghiên cứu, xây dựng mô hình Trung tâm giao dịch bất động sản, báo cáo Thủ "
    "tướng Chính phủ trong tháng 6 năm 2025.\n\n"
    "Thị trường bất động sản có đóng góp quan trọng cho nền kinh tế.\n\n"
    "Chỉ đạo các ngân hàng thương mại rà soát kỹ lưỡng các khoản cho vay.\n"
)


def test_a_paragraph_opening_with_a_directive_verb_goes_on_with_the_agency(
    registry: AgencyRegistry,
) -> None:
    parsed = import_notice(ARTICLE, registry, issued=date(2025, 6, 9))
    # Look-alike (P8): after a background paragraph a directive verb has no agency to go on
    # with.
    assert rows(parsed) == [
        ("P3", "Bộ Xây dựng", (), "2025-06-30"),
        ("P4", "Bộ Xây dựng", (), None),
        ("P6", "Bộ Xây dựng", (), "2025-06-30"),
    ]
