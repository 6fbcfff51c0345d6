"""An article about a few named provinces that counts them ("Lãnh đạo 4 tỉnh …"): its "các
tỉnh", "Ủy ban nhân dân các tỉnh", "chính quyền địa phương" are those provinces, not every
province. Each wording next to look-alikes that must not fire; the texts are written for the
test in the layout of a press article on a conclusion notice."""

from __future__ import annotations

from datetime import date

import pytest

from notices.importer import import_notice
from notices.importer.definitions import counted_provinces
from storage.agency_files import shipped_registry

REGISTRY = shipped_registry()
ISSUED = date(2025, 6, 5)
FOUR = ("UBND tỉnh Tuyên Quang", "UBND tỉnh Hà Giang", "UBND tỉnh Cao Bằng", "UBND tỉnh Lạng Sơn")


def article(paragraph: str, count: str = "4 tỉnh") -> str:
    return (
        "Rà soát, tháo gỡ khó khăn các dự án giao thông trọng điểm\n\n"
        "Văn phòng Chính phủ vừa ban hành Thông báo kết luận của Phó Thủ tướng về các dự án "
        "qua tỉnh Tuyên Quang, tỉnh Hà Giang, tỉnh Cao Bằng và tỉnh Lạng Sơn.\n\n"
        f"Lãnh đạo {count} đều cam kết hoàn thành các dự án.\n\n"
        f"{paragraph}\n"
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        "Phó Thủ tướng yêu cầu các tỉnh, các Chủ đầu tư tập trung cao nhất để đẩy nhanh tiến độ "
        "thi công.",
        "Ủy ban nhân dân các tỉnh khẩn trương chỉ đạo rà soát phương án đầu tư trạm dừng nghỉ.",
        "Phó Thủ tướng yêu cầu các cấp ủy, chính quyền địa phương tổ chức họp giao ban 1 tuần/lần.",
        "Phó Thủ tướng yêu cầu chính quyền địa phương giải quyết dứt điểm các vướng mắc.",
        "Bộ Xây dựng đôn đốc tiến độ. Lãnh đạo 4 tỉnh huy động sự vào cuộc cả hệ thống chính trị.",
        # The count alone, and "lãnh đạo" in lower case, as the press writes them.
        "Phó Thủ tướng yêu cầu 4 tỉnh chấn chỉnh các biện pháp, chậm nhất là ngày 30/6.",
        "Phó Thủ tướng yêu cầu lãnh đạo 4 tỉnh chấn chỉnh các biện pháp, chậm nhất là ngày 30/6.",
    ],
)
def test_the_wordings_of_the_provinces_are_the_four(paragraph: str) -> None:
    parsed = import_notice(article(paragraph), REGISTRY, issued=ISSUED)
    last = parsed.tasks[-1]
    assert (last.lead, last.members) == ("Các địa phương", FOUR)


def test_the_count_must_match_the_provinces_named() -> None:
    assert counted_provinces(article(""), REGISTRY) == FOUR
    assert counted_provinces(article("", "bốn tỉnh"), REGISTRY) == FOUR
    assert counted_provinces(article("", "3 tỉnh"), REGISTRY) == ()
    assert counted_provinces(article("", "các tỉnh"), REGISTRY) == ()
    # "04 dự án": a count of other things; "63 địa phương": every province, not those named.
    assert counted_provinces(article("", "04 dự án"), REGISTRY) == ()
    assert counted_provinces(article("", "63 địa phương"), REGISTRY) == ()


@pytest.mark.parametrize(
    ("paragraph", "count"),
    [
        pytest.param(
            "Ủy ban nhân dân các tỉnh khẩn trương chỉ đạo rà soát phương án đầu tư.",
            "3 tỉnh",
            id="the count does not match: no provinces of its own",
        ),
        pytest.param(
            "Phó Thủ tướng yêu cầu chính quyền địa phương hai cấp vận hành thông suốt.",
            "4 tỉnh",
            id="the two-tier local government is no addressee of the four",
        ),
        pytest.param(
            "Bộ Xây dựng đôn đốc tiến độ. Lãnh đạo 3 tỉnh huy động cả hệ thống chính trị.",
            "4 tỉnh",
            id="three provinces of four are not the four",
        ),
    ],
)
def test_look_alikes_are_not_the_four(paragraph: str, count: str) -> None:
    parsed = import_notice(article(paragraph, count), REGISTRY, issued=ISSUED)
    assert all(t.members != FOUR for t in parsed.tasks if t.ref == "P4")


def test_look_alike_a_named_list_keeps_its_own_members() -> None:
    parsed = import_notice(
        article("Phó Thủ tướng yêu cầu các tỉnh Cao Bằng, Lạng Sơn hoàn thành di dời hạ tầng."),
        REGISTRY,
        issued=ISSUED,
    )
    assert (parsed.tasks[-1].lead, parsed.tasks[-1].members) == (
        "Các địa phương",
        ("UBND tỉnh Cao Bằng", "UBND tỉnh Lạng Sơn"),
    )


def test_the_provinces_of_a_notice_naming_none_are_for_the_admin() -> None:
    parsed = import_notice(
        "Đẩy nhanh tiến độ dự án đường sắt\n\nThủ tướng yêu cầu các tỉnh thực hiện ngay công "
        "tác bồi thường, hỗ trợ, tái định cư.\n",
        REGISTRY,
        issued=ISSUED,
    )
    assert [(t.lead, t.lead_known, t.lead_vague) for t in parsed.tasks] == [
        ("Các tỉnh", False, True)
    ]
    assert parsed.vague_groups == ("Các tỉnh",)
