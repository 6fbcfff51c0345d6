"""A resolution that names its provinces once ("… (sau đây gọi tắt là các tỉnh, thành phố)")
and then addresses "Ủy ban nhân dân các tỉnh, thành phố"; collectives between named bodies; a
mass organisation's local branches; an encouragement. Each rule next to a look-alike that
must not fire; the texts are written for the test in the layout of a real resolution."""

from __future__ import annotations

from datetime import date

from domain.agencies import AgencyRegistry
from notices.importer import ParsedNotice, import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2025, 11, 25)
DEFINED = (
    "I. PHẠM VI HỖ TRỢ\n\n1. Phạm vi: các địa bàn bị ảnh hưởng bởi bão, bao gồm các tỉnh, "
    "thành phố trực thuộc Trung ương: Hà Tĩnh, Quảng Trị, Huế, Đắk Lắk và Lâm Đồng (sau đây "
    "gọi tắt là các tỉnh, thành phố).\n\n2. Thời gian hỗ trợ: đến hết năm 2025.\n\n"
)
TASKS = (
    "II. CÁC NHIỆM VỤ, GIẢI PHÁP\n\n1. Ủy ban nhân dân các tỉnh, thành phố tiếp tục rà soát, "
    "cứu trợ lương thực.\n\n2. Các tỉnh, thành phố:\n\na) Rà soát thiệt hại, gửi Bộ Tài chính "
    "trước ngày 08 tháng 12 năm 2025.\n\nb) Khuyến khích các địa phương hỗ trợ các tỉnh, thành "
    "phố bị thiệt hại.\n\n3. Liên minh Hợp tác xã Việt Nam và Liên minh Hợp tác xã cấp tỉnh "
    "rà soát phương án khoanh nợ.\n\n4. Chính phủ đề nghị Ủy ban Trung ương Mặt trận Tổ quốc "
    "Việt Nam và các tổ chức thành viên, các tổ chức chính trị xã hội, Hội Chữ thập đỏ Việt "
    "Nam chủ động vận động ủng hộ.\n"
)

Row = tuple[str, str, tuple[str, ...], tuple[str, ...]]


def resolution(body: str) -> str:
    return f"NGHỊ QUYẾT\n\nVỀ CÁC GIẢI PHÁP KHẮC PHỤC HẬU QUẢ THIÊN TAI\n\n{body}"


def rows(parsed: ParsedNotice) -> list[Row]:
    return [(t.ref, t.lead, t.members, t.co) for t in parsed.tasks]


def registry() -> AgencyRegistry:
    return shipped_registry()


FOUR = ("UBND tỉnh Hà Tĩnh", "UBND tỉnh Quảng Trị", "UBND thành phố Huế", "UBND tỉnh Đắk Lắk")


def test_the_provinces_a_resolution_defines_are_the_members() -> None:
    parsed = import_notice(resolution(DEFINED + TASKS), registry(), issued=ISSUED)
    members = (*FOUR, "UBND tỉnh Lâm Đồng")
    assert rows(parsed) == [
        ("II.1", "Các địa phương", members, ()),
        ("II.2.a", "Các địa phương", members, ()),
        # The other provinces, encouraged: the group as written, no members.
        ("II.2.b", "Các địa phương", (), ()),
        # The provincial alliances are a collective, no co-operating agency.
        ("II.3", "Liên minh Hợp tác xã Việt Nam", (), ()),
        # The list goes on after the collectives to the body named last.
        ("II.4", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", (), ("Hội Chữ thập đỏ Việt Nam",)),
    ]


def test_look_alike_without_the_definition_the_provinces_are_the_group() -> None:
    plain = DEFINED.replace(" (sau đây gọi tắt là các tỉnh, thành phố)", "")
    parsed = import_notice(resolution(plain + TASKS), registry(), issued=ISSUED)
    assert [t.members for t in parsed.tasks[:2]] == [(), ()]


def test_look_alike_a_definition_of_titles_names_no_provinces() -> None:
    text = DEFINED.replace(
        "Hà Tĩnh, Quảng Trị, Huế, Đắk Lắk và Lâm Đồng (sau đây gọi tắt là các tỉnh, thành phố)",
        "Chủ tịch Ủy ban nhân dân các tỉnh bị ảnh hưởng (sau đây gọi tắt là các tỉnh, thành phố)",
    )
    parsed = import_notice(resolution(text + TASKS), registry(), issued=ISSUED)
    assert [t.members for t in parsed.tasks[:2]] == [(), ()]
