"""Collectives the text does not pin down, and the prose rules met in press articles.

A vague collective ("các cơ quan, tổ chức", "các địa phương có dự án đi qua") leads its task
as written, flagged ``lead_vague`` and listed in ``vague_groups``, never guessed as a whole
registry group and never dropped. Look-alikes: a plain registry group stays the group, a
collective among co-operating agencies is no co-operating agency.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import ParsedNotice, import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2025, 8, 6)


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def notice(items: str) -> str:
    return (
        "THÔNG BÁO\n\nKẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ\n\nNgày 1 tháng 8 năm 2025, Phó Thủ "
        f"tướng đã kết luận:\n\nI. NHIỆM VỤ, GIẢI PHÁP\n\n{items}\n"
    )


def leads(parsed: ParsedNotice) -> list[tuple[str, str, bool, str | None]]:
    return [
        (t.ref, t.lead, t.lead_vague, t.deadline.due.isoformat() if t.deadline.due else None)
        for t in parsed.tasks
    ]


GROUPS = [
    pytest.param(
        "1. Các địa phương có dự án đi qua khẩn trương hoàn thành công tác kiểm kê đất đai.",
        ("Các địa phương có dự án đi qua", True),
        id="a registry group narrowed by where the project passes",
    ),
    pytest.param(
        "1. Các bộ, ngành liên quan khẩn trương rà soát các quy định về đất đai.",
        ("Các bộ, ngành liên quan", True),
        id="a registry group narrowed by 'liên quan'",
    ),
    pytest.param(
        "1. Các cơ quan, tổ chức có trách nhiệm rà soát, báo cáo trước ngày 15/8/2025.",
        ("Các cơ quan, tổ chức", True),
        id="a collective the registry has no group for",
    ),
    pytest.param(
        "1. Giao các cơ quan, đơn vị liên quan rà soát các dự án tồn đọng.",
        ("Các cơ quan, đơn vị liên quan", True),
        id="a collective after 'Giao', with its narrowing",
    ),
    pytest.param(
        "1. Các địa phương khẩn trương hoàn thành công tác kiểm kê đất đai.",
        ("Các địa phương", False),
        id="look-alike: the plain group is every province",
    ),
    pytest.param(
        "1. Các bộ, ngành khẩn trương rà soát các quy định có liên quan đến đất đai.",
        ("Các bộ, ngành", False),
        id="look-alike: 'có liên quan' further on narrows nothing",
    ),
]


@pytest.mark.parametrize(("items", "expected"), GROUPS)
def test_a_collective_the_text_does_not_pin_down_is_reported_for_mapping(
    registry: AgencyRegistry, items: str, expected: tuple[str, bool]
) -> None:
    parsed = import_notice(notice(items), registry, issued=ISSUED)
    (task,) = parsed.tasks
    lead, vague = expected
    assert (task.lead, task.lead_vague) == (lead, vague)
    assert task.lead_known is not vague
    assert parsed.vague_groups == ((lead,) if vague else ())
    assert lead not in parsed.unknown_agencies


def test_a_collective_among_co_operating_agencies_is_not_one(registry: AgencyRegistry) -> None:
    parsed = import_notice(
        notice("1. Bộ Xây dựng chủ trì, phối hợp với các cơ quan liên quan rà soát quy hoạch."),
        registry,
        issued=ISSUED,
    )
    (task,) = parsed.tasks
    assert (task.lead, task.co, task.lead_vague) == ("Bộ Xây dựng", (), False)
    assert parsed.vague_groups == ()


def test_a_collective_named_again_later_in_an_item_is_no_second_actor(
    registry: AgencyRegistry,
) -> None:
    parsed = import_notice(
        notice(
            "1. Yêu cầu các bộ, ngành khẩn trương đẩy nhanh tiến độ. Các bộ, cơ quan liên "
            "quan chịu trách nhiệm về tiến độ của dự án."
        ),
        registry,
        issued=ISSUED,
    )
    assert [(t.lead, t.lead_vague) for t in parsed.tasks] == [("Các bộ, ngành", False)]


ARTICLE = (
    "Rà soát các dự án tồn đọng\n\n"
    "Phó Thủ tướng Thường trực Chính phủ Nguyễn Văn A - Trưởng ban Chỉ đạo về giải quyết các "
    "dự án tồn đọng (Ban chỉ đạo 751) yêu cầu các bộ, cơ quan trực thuộc Chính phủ, Ủy ban "
    "nhân dân các tỉnh, thành phố trực thuộc trung ương tiếp tục rà soát các dự án.\n\n"
    "- Đối chiếu các vấn đề của từng dự án để xác định chính xác tình huống pháp lý tương tự "
    "các dự án đã được tháo gỡ.\n\n"
    "Phó Thủ tướng yêu cầu đối với các dự án không áp dụng cơ chế đặc thù thì các cơ quan, tổ "
    "chức chịu trách nhiệm rà soát. Kết quả rà soát báo cáo về Ban chỉ đạo 751 trước ngày 15 "
    "tháng 8 năm 2025.\n\n"
    "- Đối chiếu các vấn đề của từng dự án để xác định chính xác tình huống pháp lý tương tự "
    "các dự án đã được tháo gỡ.\n\n"
    "Phó Thủ tướng ghi nhận đối với các dự án đã tháo gỡ thì các địa phương đã làm tốt.\n"
)


def test_an_article_reads_the_addressee_after_a_condition_and_a_role(
    registry: AgencyRegistry,
) -> None:
    parsed = import_notice(ARTICLE, registry, issued=ISSUED)
    # P2: the role after a dash before "yêu cầu"; P4: the addressee after "đối với … thì";
    # P5 repeats P3 word for word (a press page printing a passage twice) and is read once;
    # look-alike P6: an acknowledgement after "đối với … thì" assigns nothing.
    assert leads(parsed) == [
        ("P2", "Các bộ, cơ quan, địa phương", False, None),
        ("P3", "Các bộ, cơ quan, địa phương", False, None),
        ("P4", "Các cơ quan, tổ chức", True, "2025-08-15"),
    ]


PRESS = (
    "Kiên quyết xử lý các hành vi đầu cơ\n\n"
    "Thường trực Chính phủ yêu cầu Bộ Xây dựng rà soát các quy chuẩn không phù hợp.\n\n"
    "Tiếp tục rà soát các dự án tồn đọng có khó khăn, vướng mắc.\n\n"
    "Tập trung cắt giảm tối đa các thủ tục hành chính chồng chéo.\n\n"
    "Trong đó, nghiên cứu cắt giảm các thủ tục về chấp thuận chủ trương đầu tư.\n\n"
    "Công tác quy hoạch cần chú trọng bố trí các vị trí trung tâm.\n\n"
    "Trong đó, Phó Thủ tướng lưu ý:\n\n"
    "Thị trường bất động sản có đóng góp quan trọng cho nền kinh tế.\n\n"
    "Tập trung chỉ đạo các ngân hàng thương mại cho vay.\n"
)


def test_paragraphs_that_go_on_with_the_agency_before_them(registry: AgencyRegistry) -> None:
    parsed = import_notice(PRESS, registry, issued=ISSUED)
    # "Tiếp tục rà soát" (the verb in lower case), "Tập trung …", "Trong đó, …" and "Công
    # tác … cần …" go on; look-alikes: "Trong đó, … lưu ý:" opens remarks, and after a
    # background paragraph "Tập trung chỉ đạo …" has no agency to go on with.
    assert leads(parsed) == [
        ("P2", "Bộ Xây dựng", False, None),
        ("P3", "Bộ Xây dựng", False, None),
        ("P4", "Bộ Xây dựng", False, None),
        ("P5", "Bộ Xây dựng", False, None),
        ("P6", "Bộ Xây dựng", False, None),
    ]
