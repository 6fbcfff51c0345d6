"""A leader the press names, then refers to by a pronoun when asking ("Thủ tướng … nhấn mạnh
…. Ông yêu cầu TP HCM, Đà Nẵng tiến hành …"): those asked do the work, next to look-alikes in
which "Ông" is someone quoted. The texts are written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import import_notice
from storage.agency_files import shipped_registry

Row = tuple[str, str, tuple[str, ...]]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


CASES = [
    pytest.param(
        "Tại phiên họp ngày 16/1, Thủ tướng Phạm Minh Chính nhấn mạnh trung tâm tài chính phải "
        "thành công. Ông yêu cầu TP HCM, Đà Nẵng tiến hành các công việc song song, vừa hoàn "
        "thiện thể chế, vừa tuyển nhân sự.",
        [("P1", "Các địa phương", ("UBND thành phố Hồ Chí Minh", "UBND thành phố Đà Nẵng"))],
        id="the-prime-minister-as-ong",
    ),
    pytest.param(
        "Tại cuộc họp, Phó Thủ tướng Trần Hồng Hà nhấn mạnh yêu cầu cải cách thủ tục. Bà cũng "
        "đề nghị Bộ Tài chính rà soát các thủ tục còn vướng mắc.",
        [("P1", "Bộ Tài chính", ())],
        id="a-deputy-prime-minister-as-ba",
    ),
    # Look-alikes: no leader named before the pronoun; a person quoted.
    pytest.param(
        "Phiên họp diễn ra trong không khí khẩn trương. Ông yêu cầu Bộ Tài chính rà soát các thủ "
        "tục còn vướng mắc.",
        [],
        id="no-leader-before",
    ),
    pytest.param(
        "Thủ tướng chủ trì phiên họp. Ông Nguyễn Văn A, Giám đốc Sở Y tế, cho biết tỉnh đã rà "
        "soát xong các cơ sở.",
        [],
        id="a-person-quoted",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_leader_named_by_pronoun_asks(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    parsed = import_notice(text, registry, issued=date(2026, 1, 16))
    assert [(t.ref, t.lead, t.members) for t in parsed.tasks] == expected
