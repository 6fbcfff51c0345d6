"""A title before the body it heads is read the same written in lower case, as the press
writes it ("… yêu cầu giám đốc các sở, ban, ngành …", "yêu cầu bộ trưởng Bộ Y tế …"), next
to look-alikes in which a lower-case title names no addressee. The texts are written for the
test."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import import_notice
from storage.agency_files import shipped_registry

Row = tuple[str, str, str | None]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


CASES = [
    pytest.param(
        "Chủ tịch UBND tỉnh yêu cầu giám đốc các sở, ban, ngành và chủ tịch UBND các huyện, "
        "thị xã, thành phố khẩn trương rà soát các nhiệm vụ được giao, báo cáo kết quả về Chủ "
        "tịch UBND tỉnh trước ngày 20.7.2020.",
        [("P1", "Các sở, ban, ngành", "2020-07-20")],
        id="directors-of-the-departments",
    ),
    pytest.param(
        "Thủ tướng yêu cầu bộ trưởng Bộ Y tế khẩn trương hoàn thiện dự thảo Nghị định, báo cáo "
        "trước ngày 20/7/2020.",
        [("P1", "Bộ Y tế", "2020-07-20")],
        id="a-minister",
    ),
    pytest.param(
        "Phó Thủ tướng đề nghị thống đốc Ngân hàng Nhà nước Việt Nam chỉ đạo các ngân hàng "
        "thương mại giảm lãi suất cho vay trước ngày 31/7/2020.",
        [("P1", "Ngân hàng Nhà nước Việt Nam", "2020-07-31")],
        id="a-governor",
    ),
    # Look-alikes: the lower-case title is no addressee.
    pytest.param(
        "Bộ Y tế đã báo cáo chủ tịch UBND tỉnh về kết quả rà soát các cơ sở khám bệnh.",
        [],
        id="a-report-to-a-chairman",
    ),
    pytest.param(
        "Ông Nguyễn Văn A, giám đốc Sở Y tế, cho biết tỉnh đã rà soát xong các cơ sở.",
        [],
        id="a-director-quoted",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_title_in_lower_case_heads_its_body(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    parsed = import_notice(text + "\n", registry, issued=date(2020, 7, 8))
    found = [
        (t.ref, t.lead, t.deadline.due.isoformat() if t.deadline.due else None)
        for t in parsed.tasks
    ]
    assert found == expected
