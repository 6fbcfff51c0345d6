"""A province's bodies named in a list after their kind ("các Sở: Kế hoạch và Đầu tư, Xây
dựng", "UBND các huyện: Đakrông, Hải Lăng"): given the work, each is a member (the list read
across ";" from one kind to the next); after "phối hợp", each co-operates, the list read on
across ";" to a body alone ("…; Ban Quản lý khu kinh tế tỉnh; …"). A province's leaders may
give the work in a later sentence ("…. Lãnh đạo thành phố giao các Sở: …"). Next to
look-alikes: a second actor after ";" still is one; "UBND các thành phố: …" names provinces,
not districts. The sentences are written for the test, in the words of provincial notices."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import ParsedTask, import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2026, 6, 1)
HEAD = "THÔNG BÁO\n\nKết luận của Chủ tịch UBND tỉnh\n\nChủ tịch UBND tỉnh kết luận như sau:\n\n"
OTHER = "Giao Sở Tư pháp rà soát các văn bản, hoàn thành trong tháng 8/2026."


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def read(registry: AgencyRegistry, paragraph: str) -> list[ParsedTask]:
    text = f"{HEAD}{paragraph}\n\n{OTHER}\n"
    return list(import_notice(text, registry, issued=ISSUED).tasks)[:-1]


MEMBERS = (
    "Sở Giao thông vận tải",
    "Sở Kế hoạch và Đầu tư",
    "Sở Quy hoạch – Kiến trúc",
    "UBND huyện Thanh Trì",
    "UBND huyện Gia Lâm",
)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Giao các Sở: Giao thông vận tải, Kế hoạch và Đầu tư, Quy hoạch – Kiến trúc; UBND các "
        "huyện: Thanh Trì, Gia Lâm khẩn trương triển khai thực hiện, báo cáo trong tháng 7/2026.",
        "Dự án được thống nhất về chủ trương đầu tư bằng nguồn vốn đầu tư công. Lãnh đạo thành "
        "phố giao các Sở: Giao thông vận tải, Kế hoạch và Đầu tư, Quy hoạch – Kiến trúc; UBND "
        "các huyện: Thanh Trì, Gia Lâm khẩn trương triển khai thực hiện, báo cáo trong tháng "
        "7/2026.",
    ],
    ids=["given", "given-in-a-later-sentence"],
)
def test_a_named_list_of_a_provinces_bodies_obliges_each(
    registry: AgencyRegistry, paragraph: str
) -> None:
    tasks = read(registry, paragraph)
    assert [(t.lead, t.members, t.co, t.deadline.due) for t in tasks] == [
        ("Các sở, ban, ngành", MEMBERS, (), date(2026, 7, 31))
    ]
    assert not tasks[0].lead_known


def test_a_named_list_of_partners_reads_on_across_semicolons(registry: AgencyRegistry) -> None:
    tasks = read(
        registry,
        "Giao Sở Giao thông vận tải chủ trì, phối hợp các Sở: Kế hoạch và Đầu tư, Tài nguyên "
        "và Môi trường, Xây dựng; Ban Quản lý khu kinh tế tỉnh; UBND các huyện: Đakrông, Hải "
        "Lăng và các đơn vị liên quan nghiên cứu đề xuất, báo cáo UBND tỉnh trước ngày "
        "10/7/2026.",
    )
    assert [(t.lead, t.co, t.deadline.due) for t in tasks] == [
        (
            "Sở Giao thông vận tải",
            (
                "Sở Kế hoạch và Đầu tư",
                "Sở Tài nguyên và Môi trường",
                "Sở Xây dựng",
                "Ban Quản lý khu kinh tế tỉnh",
                "UBND huyện Đakrông",
                "UBND huyện Hải Lăng",
            ),
            date(2026, 7, 10),
        )
    ]


def test_look_alike_a_second_actor_after_a_semicolon(registry: AgencyRegistry) -> None:
    tasks = read(
        registry,
        "Sở Xây dựng chủ trì, phối hợp các Sở: Tài chính, Công Thương rà soát quy hoạch; Sở "
        "Nội vụ kiện toàn tổ chức bộ máy trong tháng 9/2026.",
    )
    assert [(t.lead, t.co) for t in tasks] == [
        ("Sở Xây dựng", ("Sở Tài chính", "Sở Công Thương")),
        ("Sở Nội vụ", ()),
    ]


def test_look_alike_the_committees_of_cities_are_provinces(registry: AgencyRegistry) -> None:
    tasks = read(
        registry,
        "UBND các thành phố: Hà Nội, Cần Thơ rà soát, báo cáo trước ngày 20/6/2026.",
    )
    assert [(t.lead, t.members) for t in tasks] == [
        ("Các địa phương", ("UBND thành phố Hà Nội", "UBND thành phố Cần Thơ"))
    ]


def test_the_colon_of_a_named_list_heads_no_topic(registry: AgencyRegistry) -> None:
    tasks = read(
        registry,
        "Giao UBND huyện Hướng Hóa rà soát hiện trạng sử dụng đất; chủ trì, phối hợp các Sở: "
        "Tài nguyên và Môi trường, Tư pháp họp bàn phương án; hoàn thành trước ngày 10/7/2026.",
    )
    assert [(t.lead, t.co, t.deadline.due) for t in tasks] == [
        ("UBND huyện Hướng Hóa", ("Sở Tài nguyên và Môi trường", "Sở Tư pháp"), date(2026, 7, 10))
    ]


@pytest.mark.parametrize(
    ("title", "lead"),
    [
        ("THÔNG BÁO KẾT LUẬN CỦA PHÓ CHỦ TỊCH UBND TỈNH NGHỆ AN", "Sở Xây dựng"),
        # Look-alike: in a notice of the Government, a province that asks its own bodies keeps
        # the work it was given.
        ("THÔNG BÁO KẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ", "UBND tỉnh Nghệ An"),
        ("KẾT LUẬN CỦA PHÓ THỦ TƯỚNG VỚI LÃNH ĐẠO TỈNH NGHỆ AN", "UBND tỉnh Nghệ An"),
    ],
)
def test_the_province_of_the_notice_asks_as_the_notice(
    registry: AgencyRegistry, title: str, lead: str
) -> None:
    text = (
        f"{title}\n\nKết luận như sau:\n\nUBND tỉnh Nghệ An yêu cầu Sở Xây dựng khẩn trương rà "
        f"soát hồ sơ, hoàn thành trước ngày 20/6/2026.\n\n{OTHER}\n"
    )
    tasks = import_notice(text, registry, issued=ISSUED).tasks
    assert (tasks[0].lead, tasks[0].deadline.due) == (lead, date(2026, 6, 20))
