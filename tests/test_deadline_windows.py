"""A period a policy applies to is its scope, not a deadline; a budget "năm Y và các năm
tiếp theo" is a standing means (deadlines.md: ongoing). Each marker of the table reads its own
example, next to a look-alike that must keep its date."""

from __future__ import annotations

from datetime import date

import pytest

from notices.deadlines import normalise_text
from notices.deadlines.windows import POLICY_MARKERS, policy_window_marker
from notices.finder import find_deadlines

ISSUED = date(2025, 11, 25)

# (marker, a sentence whose window it makes a scope)
MARKER_EXAMPLES = [
    (
        "applies_to",
        "Việc giảm lãi suất cho vay áp dụng đối với các khoản vay có dư nợ tại Ngân hàng Chính "
        "sách xã hội từ ngày 01 tháng 10 năm 2025 đến hết ngày 31 tháng 12 năm 2025.",
    ),
    ("applies_to", "Mức hỗ trợ này được áp dụng từ tháng 12/2025 đến tháng 6/2026."),
    (
        "time_of_a_relief",
        "Thời gian thực hiện giảm lãi suất cho vay từ ngày 01/10/2025 đến hết ngày 31/12/2025.",
    ),
    ("time_of_a_relief", "thời gian hưởng hỗ trợ Quý IV/2025 – Quý II/2026"),
    ("in_force", "Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2026."),
    ("entitled", "Người lao động được hưởng trợ cấp từ tháng 1 đến tháng 6 năm 2026."),
]


def rows(text: str) -> list[tuple[str, str | None, str]]:
    return [
        (
            m.deadline.phrase,
            m.deadline.due.isoformat() if m.deadline.due else None,
            m.deadline.kind.value,
        )
        for m in find_deadlines(text, ISSUED)
    ]


@pytest.mark.parametrize(
    ("marker", "text"), [pytest.param(*row, id=f"{row[0]}: {row[1]}") for row in MARKER_EXAMPLES]
)
def test_each_marker_makes_the_window_after_it_a_scope(marker: str, text: str) -> None:
    norm = normalise_text(text)
    window = norm.index(" từ ") + 1 if " từ " in norm else norm.index("quý")

    assert policy_window_marker(norm, window) == marker
    assert rows(text) == []


def test_every_marker_has_an_example() -> None:
    assert {name for name, _ in POLICY_MARKERS} == {row[0] for row in MARKER_EXAMPLES}


def test_both_windows_of_a_relief_are_its_scope() -> None:
    text = (
        "Việc giảm lãi suất cho vay áp dụng đối với các khoản vay có dư nợ từ ngày 01 tháng 10 "
        "năm 2025 đến hết ngày 31 tháng 12 năm 2025 và thời gian thực hiện giảm lãi suất cho "
        "vay từ ngày 01 tháng 10 năm 2025 đến hết ngày 31 tháng 12 năm 2025."
    )
    assert rows(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Thời gian thực hiện: từ ngày 01/12/2025 đến ngày 31/12/2025.",
            [("từ ngày 01/12/2025 đến ngày 31/12/2025", "2025-12-31", "deadline")],
            id="a plan's label names no relief",
        ),
        pytest.param(
            "Bộ Tài chính hướng dẫn cơ chế áp dụng cho các dự án, thực hiện từ tháng 1 đến "
            "tháng 6/2026.",
            [("từ tháng 1 đến tháng 6/2026", "2026-06-30", "deadline")],
            id="the order after a comma keeps its range",
        ),
        pytest.param(
            "Bộ Y tế áp dụng thí điểm mô hình từ tháng 12/2025 đến tháng 3/2026.",
            [("từ tháng 12/2025 đến tháng 3/2026", "2026-03-31", "deadline")],
            id="applying something is a task of its own",
        ),
        pytest.param(
            "Ngân hàng Nhà nước hướng dẫn chính sách được áp dụng, hoàn thành trước ngày 15 "
            "tháng 12 năm 2025.",
            [("hoàn thành trước ngày 15 tháng 12 năm 2025", "2025-12-15", "deadline")],
            id="a day after a policy is no window",
        ),
        pytest.param(
            "Các địa phương tổ chức thực hiện từ ngày 01 tháng 12 năm 2025.",
            [("từ ngày 01 tháng 12 năm 2025", None, "ongoing")],
            id="a duty from a day on stays ongoing",
        ),
    ],
)
def test_look_alikes_keep_their_dates(
    text: str, expected: list[tuple[str, str | None, str]]
) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "chủ động sử dụng ngân sách địa phương năm 2026 và các năm tiếp theo (Kế hoạch đầu "
            "tư công trung hạn giai đoạn 2026 - 2030, dự toán chi còn lại của ngân sách địa "
            "phương hằng năm…) để thực hiện.",
            [("ngân sách địa phương năm 2026 và các năm tiếp theo", None, "ongoing")],
            id="a budget from a year on",
        ),
        pytest.param(
            "bố trí kinh phí năm 2026 và những năm tiếp theo để duy tu công trình",
            [("kinh phí năm 2026 và những năm tiếp theo", None, "ongoing")],
            id="funds from a year on",
        ),
        pytest.param(
            "sử dụng vốn đầu tư công năm 2025 cho các dự án khắc phục sạt lở",
            [],
            id="look-alike: a budget year alone is no date",
        ),
        pytest.param(
            "bố trí vốn trong năm 2026 cho các dự án",
            [("trong năm 2026", "2026-12-31", "deadline")],
            id="look-alike: a cued year after a budget is a deadline",
        ),
    ],
)
def test_a_budget_and_the_following_years(
    text: str, expected: list[tuple[str, str | None, str]]
) -> None:
    assert rows(text) == expected
