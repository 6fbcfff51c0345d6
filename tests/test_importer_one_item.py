"""A notice of one numbered item whose bullets carry the work ("1. Giao Ban Pháp chế" and
one "- …", in plain text or in Markdown) is read in the formal layout: the item's body is
the bullets' lead and the item's number their reference, as in a notice of several items.
One numbered item without bullets stays a paragraph of prose, read as before. The texts are
written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import import_notice
from notices.importer.model import Layout
from storage.agency_files import shipped_registry

ISSUED = date(2026, 1, 12)


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


HEAD = "THÔNG BÁO\n\nKết luận của Chủ tịch tại cuộc họp giao ban\n\n"


@pytest.mark.parametrize(
    ("body", "lead"),
    [
        (
            "### 1. Giao Ban Pháp chế\n\n* Chủ trì chuẩn bị báo cáo thẩm tra dự thảo nghị "
            "quyết, hoàn thành trước ngày 20/01/2026.\n",
            "Ban Pháp chế",
        ),
        (
            "1. Giao Bộ Tư pháp:\n\n- Chủ trì chuẩn bị báo cáo thẩm tra dự thảo nghị quyết, "
            "hoàn thành trước ngày 20/01/2026.\n",
            "Bộ Tư pháp",
        ),
    ],
    ids=["markdown", "plain"],
)
def test_one_item_with_its_bullets_is_the_formal_layout(
    registry: AgencyRegistry, body: str, lead: str
) -> None:
    parsed = import_notice(HEAD + body, registry, issued=ISSUED)
    assert parsed.layout is Layout.FORMAL
    assert [(t.ref, t.lead, t.deadline.due) for t in parsed.tasks] == [
        ("1", lead, date(2026, 1, 20))
    ]


def test_one_item_without_bullets_stays_prose(registry: AgencyRegistry) -> None:
    body = (
        "1. Giao Bộ Xây dựng chủ trì, phối hợp với Bộ Tài chính hoàn thiện hồ sơ dự án, "
        "báo cáo Thủ tướng Chính phủ trước ngày 30/01/2026.\n"
    )
    parsed = import_notice(HEAD + body, registry, issued=ISSUED)
    assert parsed.layout is Layout.PROSE
    assert [(t.lead, t.co, t.deadline.due) for t in parsed.tasks] == [
        ("Bộ Xây dựng", ("Bộ Tài chính",), date(2026, 1, 30))
    ]
