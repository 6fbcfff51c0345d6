"""A province's letter whose items are headed by the body that does them, named as the
letter names it ("Thanh tra tỉnh", "Thuế tỉnh") or through whose duties they are ("1.
Trách nhiệm chung của các cơ quan, đơn vị"), and partners listed after "phối hợp giữa các cơ
quan:" — next to look-alikes (an item headed by a topic). The texts are written for the
test, in the layout of such letters."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import import_notice
from storage.agency_files import shipped_registry

Row = tuple[str, str, bool, tuple[str, ...]]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def letter(heading: str, *bullets: str) -> str:
    return (
        "Để tăng cường quản lý khoáng sản trên địa bàn, Chủ tịch Ủy ban nhân dân tỉnh yêu "
        f"cầu:\n1. {heading}\n"
        + "".join(f"- {bullet}\n" for bullet in bullets)
        + "2. Sở Tài chính\n- Bố trí kinh phí thực hiện.\n"
    )


CASES = [
    pytest.param(
        letter(
            "Thanh tra tỉnh",
            "Chủ trì xây dựng kế hoạch thanh tra hằng năm.",
            "Theo dõi, đôn đốc việc thực hiện các kết luận thanh tra.",
        ),
        [("1", "Thanh tra tỉnh", False, ()), ("1", "Thanh tra tỉnh", False, ())],
        id="the-province-inspectorate",
    ),
    pytest.param(
        letter("Thuế tỉnh", "Phối hợp kiểm tra việc kê khai thuế của các doanh nghiệp."),
        [("1", "Thuế tỉnh", False, ())],
        id="the-province-tax-office",
    ),
    pytest.param(
        letter(
            "Trách nhiệm chung của các cơ quan, đơn vị",
            "Tăng cường phối hợp giữa các cơ quan: Sở Công Thương, Sở Xây dựng và chính quyền "
            "địa phương trong công tác kiểm tra.",
        ),
        [("1", "Các cơ quan, đơn vị", False, ("Sở Công Thương", "Sở Xây dựng"))],
        id="duties-of-bodies-with-partners",
    ),
    # Look-alikes: a topic named like a tax or an inspection heads no body's work.
    pytest.param(
        letter("Thuế thu nhập doanh nghiệp", "Rà soát các khoản ưu đãi thuế."),
        [("1", "", False, ())],
        id="a-tax-as-topic",
    ),
    pytest.param(
        letter("Thanh tra chuyên ngành", "Rà soát kế hoạch thanh tra chuyên ngành."),
        [("1", "", False, ())],
        id="an-inspection-as-topic",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_the_heading_body_does_the_bullets(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    parsed = import_notice(text, registry, issued=date(2026, 6, 11))
    assert [(t.ref, t.lead, t.lead_known, t.co) for t in parsed.tasks] == [
        *expected,
        ("2", "Sở Tài chính", False, ()),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Thủ tướng yêu cầu Bộ Xây dựng phối hợp Sở Quy hoạch - Kiến trúc và các đơn vị liên quan đẩy nhanh tiến độ.",
            [("P1", "Bộ Xây dựng", ("Sở Quy hoạch - Kiến trúc",))],
            id="a-name-in-two-halves",
        ),
        # Look-alike: a person's role after the dash.
        pytest.param(
            "Phó Thủ tướng Trần Hồng Hà - Trưởng ban Chỉ đạo yêu cầu Bộ Y tế rà soát danh mục.",
            [("P1", "Bộ Y tế", ())],
            id="a-role-after-a-dash",
        ),
    ],
)
def test_a_name_joined_by_a_dash(
    registry: AgencyRegistry, text: str, expected: list[tuple[str, str, tuple[str, ...]]]
) -> None:
    parsed = import_notice(text, registry, issued=date(2026, 6, 11))
    assert [(t.ref, t.lead, t.co) for t in parsed.tasks] == expected


def test_the_lead_asks_the_units_it_oversees(registry: AgencyRegistry) -> None:
    text = (
        "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:\n1. Sở Xây dựng\n- Chủ trì rà soát các phương "
        "tiện khai thác cát; đối với các dự án đã được phê duyệt, chủ động hướng dẫn, đôn đốc, "
        "yêu cầu các đơn vị điều chỉnh thiết kế, thời gian thực hiện xong trong tháng 6/2026.\n"
        # Look-alike: a request of its own, after "đồng thời,".
        "2. Sở Tài chính\n- Bố trí kinh phí; đồng thời, yêu cầu các đơn vị báo cáo trước ngày "
        "30/6/2026.\n"
    )
    parsed = import_notice(text, registry, issued=date(2026, 6, 11))
    rows = [(t.ref, t.lead, t.deadline.due) for t in parsed.tasks]
    assert rows == [
        ("1", "Sở Xây dựng", date(2026, 6, 30)),
        ("2", "Sở Tài chính", None),
        ("2", "Các đơn vị", date(2026, 6, 30)),
    ]
