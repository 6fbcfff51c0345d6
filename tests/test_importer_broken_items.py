"""A plan's item whose sentence breaks off and goes on in the bullet below it ("… báo cáo kết
quả về Cục Cảnh sát … / - Cơ quan thường trực … trước ngày 20 hằng tháng …") is one
obligation of the item's addressee; an item that heads its bullets (short, or ending with a
colon) still gives each bullet its own. The texts are written for the test."""

from __future__ import annotations

from datetime import date

from domain.agencies import AgencyRegistry
from notices.importer import import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2025, 11, 17)


def plan(item: str) -> str:
    return (
        "KẾ HOẠCH\n\nTriển khai ứng dụng dữ liệu dân cư\n\nI. NHIỆM VỤ\n\n"
        "1. Bộ Công an rà soát dữ liệu dân cư.\n\n2. Bộ Y tế kết nối dữ liệu tiêm chủng.\n\n"
        f"II. TỔ CHỨC THỰC HIỆN\n\n{item}\n"
    )


def leads(registry: AgencyRegistry, text: str) -> list[tuple[str, str, str | None]]:
    return [
        (t.ref, t.lead, t.deadline.kind.value)
        for t in import_notice(text, registry, issued=ISSUED).tasks
        if t.ref.startswith("II.")
    ]


def test_an_item_broken_off_goes_on_in_its_bullet() -> None:
    registry = shipped_registry()
    text = plan(
        "1. Bộ Tư pháp theo dõi việc thực hiện Kế hoạch của các bộ, ngành và tổng hợp, báo "
        "cáo kết quả thực hiện về Văn phòng Chính phủ và\n\n"
        "- Cơ quan thường trực của Ban Chỉ đạo trước ngày 25 hằng tháng để tổng hợp, báo cáo "
        "Thủ tướng Chính phủ."
    )
    assert leads(registry, text) == [("II.1", "Bộ Tư pháp", "recurring")]


def test_look_alike_an_item_heading_its_bullets_gives_each_its_own() -> None:
    registry = shipped_registry()
    text = plan(
        "1. Các bộ, ngành thực hiện các nhiệm vụ sau đây\n\n"
        "- Bộ Tài chính bố trí kinh phí thực hiện hằng năm.\n\n"
        "- Bộ Nội vụ hướng dẫn việc sắp xếp tổ chức."
    )
    assert leads(registry, text) == [
        ("II.1", "Bộ Tài chính", "recurring"),
        ("II.1", "Bộ Nội vụ", "none"),
    ]


def test_a_province_s_office_and_centre_co_operate_as_written() -> None:
    registry = shipped_registry()
    text = plan(
        "1. Sở Tư pháp chủ trì tổng kết việc thực hiện Kế hoạch, phối hợp với Văn phòng UBND "
        "tỉnh, Trung tâm Thông tin tỉnh và Công an tỉnh, báo cáo hằng năm."
    )
    tasks = [t for t in import_notice(text, registry, issued=ISSUED).tasks if t.ref == "II.1"]
    assert [(t.lead, t.co) for t in tasks] == [
        ("Sở Tư pháp", ("Văn phòng UBND tỉnh", "Trung tâm Thông tin tỉnh", "Công an tỉnh"))
    ]


def test_look_alike_a_centre_of_a_named_province_is_that_province_s_name() -> None:
    registry = shipped_registry()
    text = plan(
        "1. Sở Tư pháp phối hợp với Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh rà soát "
        "thủ tục, báo cáo hằng năm."
    )
    tasks = [t for t in import_notice(text, registry, issued=ISSUED).tasks if t.ref == "II.1"]
    assert [t.lead for t in tasks] == ["Sở Tư pháp"]
    assert "Trung tâm Phục vụ hành chính công tỉnh" not in tasks[0].co
