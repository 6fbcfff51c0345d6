"""Plans whose activities are "- " bullets each followed by its own "Đơn vị chủ trì … / Đơn
vị phối hợp … / Thời gian thực hiện …" block, their collectives, a task table's cell listing
two departments without a comma, a permission among obligations, and a second deliverable
keeping its co-operating agencies. Each rule next to a look-alike that must not fire; the
texts are written for the test in the layout of real provincial plans."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.finder import find_deadlines
from notices.importer import ParsedNotice, import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2025, 11, 20)

Row = tuple[str, str, tuple[str, ...], str]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def rows(parsed: ParsedNotice) -> list[Row]:
    return [(t.ref, t.lead, t.co, t.deadline.kind.value) for t in parsed.tasks]


def plan(body: str) -> str:
    return (
        "KẾ HOẠCH\n\nNÂNG CAO NĂNG LỰC XÂY DỰNG PHÁP LUẬT TRÊN ĐỊA BÀN TỈNH\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n- Triển khai kịp thời, hiệu quả.\n\n"
        "2. Yêu cầu\n\n- Bảo đảm đồng bộ.\n\n"
        f"II. NHIỆM VỤ, GIẢI PHÁP\n\n{body}\n"
    )


def test_bullets_sharing_one_block_are_one_activity_and_the_field_leads(
    registry: AgencyRegistry,
) -> None:
    text = plan(
        "1. Nâng cao phẩm chất, năng lực cho đội ngũ cán bộ, công chức xây dựng chính sách, "
        "pháp luật trên địa bàn tỉnh trong giai đoạn mới.\n\n"
        "- Các cơ quan, đơn vị, địa phương tăng cường công tác giáo dục chính trị.\n\n"
        "- Nâng cao nhận thức, ý thức trách nhiệm của đội ngũ cán bộ.\n\n"
        "Đơn vị thực hiện: Các Sở, ngành, đơn vị, UBND cấp xã.\n\n"
        "Đơn vị phối hợp: Sở Tư pháp; các cơ quan, đơn vị, địa phương liên quan.\n\n"
        "Thời gian thực hiện: Thường xuyên.\n\n"
        "- Tổ chức tập huấn kiến thức, kỹ năng xây dựng pháp luật.\n\n"
        "Đơn vị chủ trì: Sở Tư pháp.\n\n"
        "Đơn vị phối hợp: Sở Nội vụ; các cơ quan, đơn vị liên quan.\n\n"
        "Thời gian thực hiện: Hằng năm.\n"
    )
    assert rows(import_notice(text, registry, issued=ISSUED)) == [
        # The field's body leads, not the collective the first bullet opens with; the item's
        # long heading is no task; collectives are no co-operating agencies.
        ("II.1", "Các Sở, ngành, đơn vị, UBND cấp xã", ("Sở Tư pháp",), "ongoing"),
        ("II.1", "Sở Tư pháp", ("Sở Nội vụ",), "recurring"),
    ]


def test_look_alike_bullets_without_blocks_stay_tasks_of_their_own(
    registry: AgencyRegistry,
) -> None:
    text = plan(
        "1. Sở Tư pháp:\n\n- Tổ chức tập huấn kiến thức pháp luật.\n\n"
        "- Rà soát văn bản quy phạm pháp luật, hoàn thành trong tháng 12/2025.\n"
    )
    assert rows(import_notice(text, registry, issued=ISSUED)) == [
        ("II.1", "Sở Tư pháp", (), "none"),
        ("II.1", "Sở Tư pháp", (), "deadline"),
    ]


def test_collectives_of_a_province_are_written_as_such(registry: AgencyRegistry) -> None:
    text = plan(
        "1. Các Sở, ngành, đơn vị liên quan kiện toàn đội ngũ công chức làm công tác pháp "
        "chế.\n\n2. UBND các xã, phường tăng cường công tác lãnh đạo xây dựng pháp luật.\n\n"
        "3. Sở Nội vụ chủ trì, phối hợp với UBND các xã, phường bồi dưỡng cán bộ.\n"
    )
    parsed = import_notice(text, registry, issued=ISSUED)
    assert [(t.lead, t.lead_vague, t.co) for t in parsed.tasks] == [
        ("Các Sở, ngành, đơn vị liên quan", True, ()),
        ("UBND các xã, phường", True, ()),
        # Look-alike: the communes as partners are no co-operating agency.
        ("Sở Nội vụ", False, ()),
    ]


def test_a_permission_is_no_obligation(registry: AgencyRegistry) -> None:
    text = plan(
        "1. Các bộ, cơ quan trung ương, địa phương:\n\na) Khẩn trương triển khai các giải "
        "pháp nâng cao năng lực ứng phó.\n\nb) Được phép thực hiện các giải pháp cắt giảm thủ "
        "tục hành chính.\n\nc) Đề xuất cơ chế để các hợp tác xã được phép vay vốn.\n"
    )
    assert [t.ref for t in import_notice(text, registry, issued=ISSUED).tasks] == [
        "II.1.a",
        # Look-alike: "được phép" inside what is ordered.
        "II.1.c",
    ]


def test_a_table_cell_with_two_departments_without_a_comma(registry: AgencyRegistry) -> None:
    text = (
        "KẾ HOẠCH\n\nPHÁT TRIỂN HẠ TẦNG 5G\n\nPHỤ LỤC\n\n"
        "TT | Nội dung/nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện\n\n"
        "1 | Điều chỉnh quy hoạch hạ tầng viễn thông | Ban Quản lý các khu công nghệ cao và khu "
        "công nghiệp | Sở Khoa học và Công nghệ Sở Công Thương; UBND các phường, xã | Quý III "
        "Năm 2026\n\n"
        "2 | Khảo sát hiện trạng | Sở Công Thương | Văn phòng Sở Y tế | Quý IV/2025\n"
    )
    parsed = import_notice(text, registry, issued=ISSUED)
    assert [t.co for t in parsed.tasks] == [
        ("Sở Khoa học và Công nghệ", "Sở Công Thương"),
        # Look-alike: a department inside another body's name.
        ("Văn phòng Sở Y tế",),
    ]


def test_a_second_deliverable_keeps_its_co_operating_agencies(registry: AgencyRegistry) -> None:
    article = (
        "Yêu cầu đối với ứng dụng sinh trắc học\n\n(1) Bộ Công an:\n\n- Chủ trì, phối hợp với "
        "Bộ Xây dựng, Bộ Tài chính triển khai sinh trắc học tại các cảng hàng không, hoàn "
        "thành trong tháng 10 năm 2025; tại các nhà ga đường sắt đô thị, hoàn thành trong năm "
        "2025.\n\n- Chủ trì, phối hợp với Bộ Xây dựng xây dựng tiện ích giao thông, hoàn thành "
        "trong tháng 10 năm 2025; Bộ Tài chính hướng dẫn các đơn vị trực thuộc, hoàn thành "
        "trong tháng 11 năm 2025.\n"
    )
    parsed = import_notice(article, registry, issued=date(2025, 9, 13))
    assert [(t.lead, t.co, t.deadline.due) for t in parsed.tasks] == [
        ("Bộ Công an", ("Bộ Xây dựng", "Bộ Tài chính"), date(2025, 10, 31)),
        ("Bộ Công an", ("Bộ Xây dựng", "Bộ Tài chính"), date(2025, 12, 31)),
        ("Bộ Công an", ("Bộ Xây dựng",), date(2025, 10, 31)),
        # Look-alike: a second actor does not take the first one's partners.
        ("Bộ Tài chính", (), date(2025, 11, 30)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Các bộ, ngành công bố hàng tháng danh mục các giấy tờ đã tích hợp trên VNeID.",
            [("hàng tháng", "recurring")],
            id="a duty every month, of documents already integrated",
        ),
        pytest.param(
            "Đẩy nhanh tiến độ thi công (phấn đấu sản lượng mỗi tháng đạt tối thiểu 20%).",
            [],
            id="look-alike: a rate per month is a target",
        ),
    ],
)
def test_a_repeating_period_and_a_clause_that_reports(
    text: str, expected: list[tuple[str, str]]
) -> None:
    found = find_deadlines(text, ISSUED)
    assert [(m.deadline.phrase, m.deadline.kind.value) for m in found] == expected
