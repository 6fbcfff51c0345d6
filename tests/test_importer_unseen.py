"""Rules met in notices of late 2025, one small text per rule next to a look-alike that must
not fire: statements among sub-items, a proposal's author, a condition before the
addressee, collectives and local bodies written as such, an item's deadline line, plans'
bodies listed under "Cơ quan thực hiện:", a report section, and task-table cells. The texts
are written for the test in the layout of real notices and plans."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import ParsedNotice, import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2025, 11, 20)

Row = tuple[str, str, bool, tuple[str, ...], str | None, str]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def notice(items: str) -> str:
    return (
        "THÔNG BÁO\n\nKẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ\n\nNgày 18 tháng 11 năm 2025, Phó "
        f"Thủ tướng đã kết luận:\n\n{items}\n"
    )


def rows(parsed: ParsedNotice) -> list[Row]:
    return [
        (
            t.ref,
            t.lead,
            t.lead_known,
            t.co,
            t.deadline.due.isoformat() if t.deadline.due else None,
            t.deadline.kind.value,
        )
        for t in parsed.tasks
    ]


CASES = [
    pytest.param(
        "1. Về nội dung còn ý kiến khác nhau: (1) Về phê duyệt: Các Bộ, cơ quan thống nhất chỉ "
        "có một cơ quan chủ trì; giao Bộ Nông nghiệp và Môi trường làm chủ Chương trình; (2) Về "
        "triển khai: Chính phủ sẽ phân công nhiệm vụ các bộ, cơ quan. Bộ Dân tộc và Tôn giáo "
        "chịu trách nhiệm hướng dẫn tổ chức thực hiện.\n\n2. Tổ chức thực hiện.",
        [
            ("1", "Bộ Nông nghiệp và Môi trường", True, (), None, "none"),
            ("1", "Bộ Dân tộc và Tôn giáo", True, (), None, "none"),
            ("2", "", False, (), None, "none"),
        ],
        id="what was agreed or will be done by the Government is no task; an order stays one",
    ),
    pytest.param(
        "1. Việc hợp nhất 03 Chương trình có ý nghĩa hết sức quan trọng, cần phải thống nhất "
        "về mặt nhận thức.\n\n2. Hoàn thiện hồ sơ Chương trình.",
        [("2", "", False, (), None, "none")],
        id="a matter assessed is no task; look-alike: an order without an addressee",
    ),
    pytest.param(
        "1. Về nguồn lực: Thống nhất với đề xuất, kiến nghị của Bộ Tài chính, bao gồm việc "
        "chuyển nguồn kinh phí. Trong quá trình thực hiện, tiếp tục rà soát, bố trí thêm.\n\n"
        "2. Về nguồn lực: Thống nhất với đề xuất của Bộ Tài chính. Bộ Xây dựng rà soát, báo "
        "cáo trước ngày 15/12/2025.",
        [
            ("1", "Bộ Tài chính", True, (), None, "none"),
            ("2", "Bộ Tài chính", True, (), None, "none"),
            ("2", "Bộ Xây dựng", True, (), "2025-12-15", "deadline"),
        ],
        id="the author of an agreed proposal carries it out; another body named after it acts",
    ),
    pytest.param(
        "Yêu cầu các bộ, ngành thực hiện:\n\n1. Sau khi được Quốc hội thông qua, các Bộ, cơ "
        "quan, địa phương tập trung tổ chức thực hiện Chương trình.\n\n2. Sau khi được Quốc "
        "hội thông qua, khẩn trương ban hành hướng dẫn.",
        [
            ("1", "Các bộ, cơ quan, địa phương", True, (), None, "none"),
            ("2", "Các bộ, ngành", True, (), None, "none"),
        ],
        id="the addressee after a condition; look-alike: no addressee after it",
    ),
    pytest.param(
        "1. Cơ quan thanh tra khẩn trương hoàn thành việc thanh tra trước ngày 26/11/2025.\n\n"
        "2. Các lực lượng chức năng phải liên tục ra quân, thường xuyên, không ngừng nghỉ.\n\n"
        "3. Thanh tra Chính phủ hướng dẫn các cơ quan thanh tra, hoàn thành trước ngày "
        "30/11/2025.",
        [
            ("1", "Cơ quan thanh tra", False, (), "2025-11-26", "deadline"),
            ("2", "Các lực lượng chức năng", False, (), None, "ongoing"),
            ("3", "Thanh tra Chính phủ", True, (), "2025-11-30", "deadline"),
        ],
        id="kinds of bodies are collectives to map; look-alike: the registry's own body",
    ),
    pytest.param(
        "1. Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang Bộ, Chủ tịch Ủy ban nhân dân các "
        "tỉnh, thành phố trực thuộc Trung ương khẩn trương cập nhật dữ liệu. UBND thành phố Đà "
        "Nẵng khẩn trương rà soát các dự án. Thời hạn hoàn thành: trước ngày 30/11/2025.\n\n"
        "2. Bộ Tài chính tổng hợp các đề xuất. Bộ Xây dựng báo cáo trước ngày 10/12/2025.",
        [
            ("1", "Các bộ, cơ quan, địa phương", True, (), "2025-11-30", "deadline"),
            ("1", "UBND thành phố Đà Nẵng", True, (), "2025-11-30", "deadline"),
            ("2", "Bộ Tài chính", True, (), None, "none"),
            ("2", "Bộ Xây dựng", True, (), "2025-12-10", "deadline"),
        ],
        id="an item's deadline line is every addressee's; look-alike: a date of one addressee",
    ),
    pytest.param(
        "1. Bộ Tài chính hoàn thiện Kế hoạch, báo cáo trước ngày 30 tháng 11 năm 2025; Trên cơ "
        "sở đó, Ban Chỉ đạo 389 các bộ, ngành, địa phương xây dựng kế hoạch triển khai.\n\n"
        "2. Các bộ, ngành, địa phương tuyên truyền về chống buôn lậu.",
        [
            ("1", "Bộ Tài chính", True, (), "2025-11-30", "deadline"),
            ("1", "Ban Chỉ đạo 389 các bộ, ngành, địa phương", False, (), None, "none"),
            ("2", "Các bộ, cơ quan, địa phương", True, (), None, "none"),
        ],
        id="the steering committees of a group are a body to map, not the group",
    ),
]


@pytest.mark.parametrize(("items", "expected"), CASES)
def test_each_rule(registry: AgencyRegistry, items: str, expected: list[Row]) -> None:
    assert rows(import_notice(notice(items), registry, issued=ISSUED)) == expected


def plan(body: str) -> str:
    return (
        "KẾ HOẠCH\n\nTRIỂN KHAI CÔNG TÁC BÌNH ĐẲNG GIỚI TRÊN ĐỊA BÀN THÀNH PHỐ HỒ CHÍ MINH\n\n"
        f"{body}\n"
    )


def test_bodies_listed_under_the_agency_field_each_get_the_activity(
    registry: AgencyRegistry,
) -> None:
    text = plan(
        "I. NỘI DUNG HOẠT ĐỘNG\n\n1. Nâng cao nhận thức\n\na) Hoạt động 1\n\n- Nội dung: "
        "Tuyên truyền về phòng ngừa bạo lực.\n\n- Cơ quan thực hiện:\n\n+ Sở Văn hóa và Thể "
        "thao chủ trì, phối hợp với Sở Tư pháp và các đơn vị có liên quan.\n\n+ Sở Xây dựng "
        "đăng tải thông điệp trên bảng quang báo.\n\nb) Hoạt động 2\n\n- Nội dung: Triển khai "
        "các mô hình.\n\n- Cơ quan thực hiện: Sở Giáo dục và Đào tạo và Sở Y tế chủ trì, phối "
        "hợp với các sở, ban, ngành.\n\n2. Duy trì các mô hình\n\n- Nội dung: Tổng kết mô "
        "hình.\n\n- Cơ quan thực hiện: Sở Y tế chủ trì.\n"
    )
    parsed = import_notice(text, registry, issued=ISSUED)

    assert [(t.ref, t.lead, t.co) for t in parsed.tasks] == [
        ("I.1.a", "Sở Văn hóa và Thể thao", ("Sở Tư pháp",)),
        ("I.1.a", "Sở Xây dựng", ()),
        # Look-alike: the bodies written on the field's own line, joint leads.
        ("I.1.b", "Sở Giáo dục và Đào tạo", ("Sở Y tế",)),
        ("I.2", "Sở Y tế", ()),
    ]
    assert parsed.tasks[1].title.startswith("Tuyên truyền")


def test_heads_of_departments_and_mass_organisations_are_the_bodies(
    registry: AgencyRegistry,
) -> None:
    text = plan(
        "I. TỔ CHỨC THỰC HIỆN\n\n1. Thủ trưởng các sở, ban, ngành, đoàn thể Thành phố\n\n- "
        "Chủ động phối hợp thực hiện các nhiệm vụ được giao.\n\n2. Đề nghị Ủy ban Mặt trận Tổ "
        "quốc Việt Nam Thành phố, Hội Liên hiệp Phụ nữ Thành phố và các tổ chức thành viên của "
        "Mặt trận\n\n- Tham gia phối hợp triển khai thực hiện Kế hoạch này.\n\n3. Ủy ban Trung "
        "ương Mặt trận Tổ quốc Việt Nam\n\n- Giám sát việc thực hiện.\n\n4. Hội nghị Trung "
        "ương\n\n- Tổng kết việc thực hiện.\n"
    )
    parsed = import_notice(text, registry, issued=ISSUED)

    assert [(t.ref, t.lead, t.lead_known, t.lead_vague, t.co) for t in parsed.tasks] == [
        ("I.1", "Các sở, ban, ngành, đoàn thể Thành phố", False, True, ()),
        (
            "I.2",
            "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố",
            False,
            False,
            ("Hội Liên hiệp Phụ nữ Thành phố",),
        ),
        # Look-alikes: the national committee itself, and a conference that is no body
        # (the item without an addressee is the city's, the plan being about one city).
        ("I.3", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", True, False, ()),
        ("I.4", "UBND thành phố Hồ Chí Minh", True, False, ()),
    ]


def test_a_report_section_of_one_paragraph_is_a_task(registry: AgencyRegistry) -> None:
    text = plan(
        "I. MỘT SỐ YÊU CẦU\n\nThứ nhất, các bộ, ngành phải quyết liệt hơn nữa.\n\nThứ hai, "
        "các địa phương chủ động tháo gỡ vướng mắc.\n\nII. CHẾ ĐỘ BÁO CÁO\n\nCác sở, ban, "
        "ngành, đoàn thể Thành phố gửi báo cáo công tác Bình đẳng giới năm 2025 về Sở Nội vụ "
        "trước ngày 16 tháng 12 năm 2025.\n"
    )
    parsed = import_notice(text, registry, issued=ISSUED)

    # Look-alike: a section of several paragraphs without items is commentary.
    assert rows(parsed) == [
        ("II", "Các sở, ban, ngành, đoàn thể Thành phố", False, (), "2025-12-16", "deadline")
    ]


def test_a_task_table_restating_the_body_with_lists_in_its_cells(
    registry: AgencyRegistry,
) -> None:
    text = (
        "KẾ HOẠCH\n\nCHUYỂN ĐỔI SỐ\n\nI. NHIỆM VỤ\n\n1. Triển khai đánh giá mức độ chuyển đổi "
        "số trong các doanh nghiệp trên địa bàn.\n\nPHỤ LỤC\n\n"
        "STT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n\n"
        "1 | Triển khai đánh giá mức độ chuyển đổi số trong các doanh nghiệp trên địa bàn. | "
        "Sở KH&CN | Các sở, ban, ngành tỉnh; UBND các xã, phường | Thường xuyên, hằng năm\n\n"
        "2 | Xây dựng kế hoạch hạ tầng 5G. | Sở KH&CN | Ban Quản lý Khu kinh tế, Sở Công "
        "Thương, các doanh nghiệp viễn thông | Quí IV-2025\n\n"
        "3 | Tuyên truyền. | Sở Văn hóa, Thể thao và Du lịch | Sở Văn hóa, Thể thao và Du "
        "lịch; Sở Tư pháp | 2025\n"
    )
    parsed = import_notice(text, registry, issued=ISSUED)
    table = [(t.ref, t.lead, t.co, t.deadline.kind.value) for t in parsed.tasks if "PL" in t.ref]

    assert table == [
        ("PL.1", "Sở KH&CN", (), "recurring"),
        ("PL.2", "Sở KH&CN", ("Ban Quản lý Khu kinh tế", "Sở Công Thương"), "deadline"),
        # Look-alike: a comma inside one body's name.
        ("PL.3", "Sở Văn hóa, Thể thao và Du lịch", ("Sở Tư pháp",), "deadline"),
    ]


def test_an_article_names_lists_and_second_deliverables(registry: AgencyRegistry) -> None:
    article = (
        "Kết luận về đường sắt đô thị\n\n"
        "Sau khi nghe báo cáo của Ủy ban nhân dân thành phố Hà Nội, Ủy ban nhân dân Thành phố "
        "Hồ Chí Minh và Bộ Xây dựng, Phó Thủ tướng đã kết luận như sau:\n\n"
        "(1) Đánh giá cao sự nỗ lực của Bộ Xây dựng.\n\n"
        "(2) Bộ Xây dựng chủ trì chuẩn bị hồ sơ (thành lập Tổ công tác, chia thành 02 nhóm, "
        "gồm:\n\n- Nhóm rà soát các cơ chế chính sách chung;\n\n- Nhóm rà soát chính sách "
        "riêng).\n\n"
        "(3) Các Bộ: Tài chính, Tư pháp, Ủy ban nhân dân thành phố Hà Nội và Ủy ban nhân dân "
        "Thành phố Hồ Chí Minh có trách nhiệm đánh giá tính khả thi của từng chính sách.\n\n"
        "Bộ Tư pháp hoàn thành công tác thẩm định trong ngày 24 tháng 01 năm 2025, trình Quốc "
        "hội xem xét (trước ngày 03 tháng 02 năm 2025).\n\n"
        "Bộ Tài chính tổng hợp trong ngày 24 tháng 01 năm 2025, báo cáo Thủ tướng Chính phủ "
        "kết quả (trước ngày 20 tháng 01 năm 2025).\n"
    )
    parsed = import_notice(article, registry, issued=date(2025, 1, 21))

    assert [(t.ref, t.lead, t.members, t.deadline.due) for t in parsed.tasks] == [
        # Look-alike: "Sau khi nghe báo cáo của …" names who reported, not who acts.
        ("P4", "Bộ Xây dựng", (), None),
        # The bullets list the working group's teams (after "gồm:"): no tasks.
        (
            "P7",
            "Các bộ, cơ quan, địa phương",
            ("Bộ Tài chính", "Bộ Tư pháp", "UBND thành phố Hà Nội", "UBND thành phố Hồ Chí Minh"),
            None,
        ),
        ("P8", "Bộ Tư pháp", (), date(2025, 1, 24)),
        ("P8", "Bộ Tư pháp", (), date(2025, 2, 3)),
        # Look-alike: a parenthesis before the clause's own date is no second deliverable.
        ("P9", "Bộ Tài chính", (), date(2025, 1, 24)),
    ]
