"""A stretch of the coast as addressee: "các tỉnh, thành phố ven biển từ Quảng Ninh đến Khánh
Hòa" is the coast's provinces between the two, ends included, on today's coast or the coast
before the merger of July 2025; each rule beside look-alikes that must not fire. The texts
are written for the test in the layout of a directive (công điện)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyKind
from domain.agencies.coast import COAST_BEFORE_2025, coast_between, coast_today
from notices.importer import import_notice
from notices.importer.definitions import coast_stretch
from storage.agency_files import shipped_registry

REGISTRY = shipped_registry()
ISSUED = date(2025, 11, 30)


def directive(addressee: str) -> str:
    return (
        "CÔNG ĐIỆN\n\nVề việc tập trung khắc phục hậu quả mưa lũ\n\n"
        f"Thủ tướng Chính phủ yêu cầu Chủ tịch Ủy ban nhân dân {addressee} khẩn trương thực "
        "hiện các nội dung sau:\n\n"
        "- Hoàn thành sửa chữa nhà ở cho người dân trước ngày 31/12/2025.\n\n"
        "- Báo cáo Thủ tướng Chính phủ kết quả thực hiện trước ngày 15/01/2026.\n"
    )


def names(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(REGISTRY.get(i).name for i in ids)


# The 21 coastal provinces since 1 July 2025, north to south then round to the Gulf.
COAST = (
    "ubnd-quang-ninh",
    "ubnd-hai-phong",
    "ubnd-hung-yen",
    "ubnd-ninh-binh",
    "ubnd-thanh-hoa",
    "ubnd-nghe-an",
    "ubnd-ha-tinh",
    "ubnd-quang-tri",
    "ubnd-hue",
    "ubnd-da-nang",
    "ubnd-quang-ngai",
    "ubnd-gia-lai",
    "ubnd-dak-lak",
    "ubnd-khanh-hoa",
    "ubnd-lam-dong",
    "ubnd-ho-chi-minh",
    "ubnd-dong-thap",
    "ubnd-vinh-long",
    "ubnd-can-tho",
    "ubnd-ca-mau",
    "ubnd-an-giang",
)


def test_both_coasts_are_provinces_and_the_old_one_is_owned_by_the_new() -> None:
    assert coast_today(REGISTRY) == COAST  # the same coast, in the same order
    for coast in (COAST, COAST_BEFORE_2025):
        assert len(set(coast)) == len(coast)
        assert all(REGISTRY.get(i).kind is AgencyKind.PROVINCE for i in coast)
    assert (len(COAST), len(COAST_BEFORE_2025)) == (21, 28)


@pytest.mark.parametrize(
    ("addressee", "first", "last"),
    [
        ("các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng, trong đó trọng tâm là Đắk Lắk", 6, 14),
        ("các tỉnh, thành phố ven biển từ Quảng Ninh đến Khánh Hòa", 0, 13),
        ("các tỉnh, thành phố từ Thanh Hóa tới Huế", 4, 8),
        ("các tỉnh, thành phố ven biển từ Cà Mau đến Thành phố Hồ Chí Minh", 15, 19),
    ],
)
def test_a_stretch_of_todays_coast_is_its_provinces_in_every_task(
    addressee: str, first: int, last: int
) -> None:
    parsed = import_notice(directive(addressee), REGISTRY, issued=ISSUED)
    expected = names(COAST[first : last + 1])
    assert [t.deadline.due for t in parsed.tasks] == [date(2025, 12, 31), date(2026, 1, 15)]
    assert [t.lead for t in parsed.tasks] == ["Các địa phương"] * 2
    assert [t.members for t in parsed.tasks] == [expected, expected]


def test_a_stretch_of_the_coast_before_the_merger_is_the_old_provinces() -> None:
    stretch = coast_stretch(
        "yêu cầu các tỉnh, thành phố ven biển từ Quảng Bình đến Bình Thuận khẩn trương", REGISTRY
    )
    assert stretch == names(COAST_BEFORE_2025[8:19])
    assert "UBND tỉnh Phú Yên" in stretch
    assert coast_stretch("các tỉnh từ Nghệ An tới tỉnh Quảng Trị, …", REGISTRY) == names(COAST[5:8])


@pytest.mark.parametrize(
    "addressee",
    [
        # Not a stretch of coast: a flood's dates, an inland province, one province, no "từ".
        "các tỉnh, thành phố bị ảnh hưởng bởi mưa lũ từ ngày 16 đến 22/11/2025",
        "các tỉnh, thành phố từ Hà Tĩnh đến Lào Cai",
        "các tỉnh từ Hà Tĩnh đến Hà Tĩnh",
        "các tỉnh, thành phố Hà Tĩnh, Quảng Trị",
    ],
)
def test_look_alikes_name_no_stretch(addressee: str) -> None:
    assert coast_stretch(directive(addressee), REGISTRY) == ()


def test_look_alike_an_inland_range_is_the_group_without_members() -> None:
    parsed = import_notice(
        directive("các tỉnh, thành phố từ Lai Châu đến Lạng Sơn"), REGISTRY, issued=ISSUED
    )
    assert [t.members for t in parsed.tasks] == [(), ()]


def test_the_ends_may_come_in_either_order() -> None:
    north, south = "ubnd-nghe-an", "ubnd-quang-tri"
    assert coast_between(REGISTRY, north, south) == coast_between(REGISTRY, south, north)
    assert [a.id for a in coast_between(REGISTRY, north, south)] == [
        "ubnd-nghe-an",
        "ubnd-ha-tinh",
        "ubnd-quang-tri",
    ]


# ------------------------------------------------- the provinces' group named by its level


def directive_with_bullet(addressee: str, bullet_lead: str) -> str:
    return directive(addressee) + (
        f"\n- {bullet_lead} chịu trách nhiệm toàn diện trước Thủ tướng Chính phủ về tính trung "
        "thực của số liệu báo cáo.\n"
    )


@pytest.mark.parametrize(
    "bullet_lead",
    [
        "Chủ tịch Ủy ban nhân dân cấp tỉnh",
        "Chủ tịch UBND cấp tỉnh",
        "Ủy ban nhân dân cấp tỉnh",
        "UBND cấp tỉnh",
    ],
)
def test_the_provinces_level_is_the_stretch_the_directive_addresses(bullet_lead: str) -> None:
    parsed = import_notice(
        directive_with_bullet("các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng", bullet_lead),
        REGISTRY,
        issued=ISSUED,
    )
    stretch = names(COAST[6:15])
    assert [(t.lead, t.members) for t in parsed.tasks] == [("Các địa phương", stretch)] * 3


@pytest.mark.parametrize(
    ("addressee", "bullet_lead", "lead"),
    [
        pytest.param(
            "các tỉnh, thành phố trực thuộc Trung ương",
            "Chủ tịch Ủy ban nhân dân cấp tỉnh",
            "Các địa phương",
            id="no stretch nor definition: the whole group",
        ),
        pytest.param(
            "các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng",
            "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
            "Các địa phương",
            id="every province written out: the whole group",
        ),
        pytest.param(
            "các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng",
            "Liên minh Hợp tác xã Việt Nam và Liên minh Hợp tác xã cấp tỉnh",
            "Liên minh Hợp tác xã Việt Nam",
            id="another body's provincial level is no province",
        ),
    ],
)
def test_look_alikes_of_the_provinces_level_keep_no_members(
    addressee: str, bullet_lead: str, lead: str
) -> None:
    parsed = import_notice(directive_with_bullet(addressee, bullet_lead), REGISTRY, issued=ISSUED)
    assert (parsed.tasks[-1].lead, parsed.tasks[-1].members) == (lead, ())


@pytest.mark.parametrize(
    ("text", "lead", "vague"),
    [
        # The coast without a stretch: the coast's provinces, written for the admin to map,
        # never every province.
        (
            "Ủy ban nhân dân các tỉnh, thành phố ven biển, có tàu cá chủ động nắm chắc tình hình, "
            "chỉ đạo quyết liệt các biện pháp chống khai thác IUU trên địa bàn.",
            "Ủy ban nhân dân các tỉnh, thành phố ven biển, có tàu cá",
            True,
        ),
        (
            "Ủy ban nhân dân các tỉnh, thành phố ven biển rà soát các cảng cá.",
            "Ủy ban nhân dân các tỉnh, thành phố ven biển",
            True,
        ),
        # Look-alike: every province, as before.
        (
            "Ủy ban nhân dân các tỉnh, thành phố rà soát các cảng cá.",
            "Các địa phương",
            False,
        ),
    ],
)
def test_the_coast_without_a_stretch_is_no_whole_group(text: str, lead: str, vague: bool) -> None:
    [task] = import_notice(text, REGISTRY, issued=ISSUED).tasks
    assert (task.lead, task.lead_vague, task.members) == (lead, vague, ())
