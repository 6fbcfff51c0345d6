"""Rules met in press items relaying a Government leader's conclusions that the importer had
never seen (2011-2024, stored as the search index returns them), one small text per rule next
to a look-alike that must not fire: a short form whose parts are joined with a dash ("Bộ
NN-PTNT"), a state group written with a dash in its name, the agencies written before the
ministries in a collective, and a day and month written with a dot and no year. The texts are
written for the test in the layout of real press items."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.deadlines import parse_deadline
from notices.importer import ParsedNotice, import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2025, 12, 10)

Row = tuple[str, str, tuple[str, ...], str | None]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def rows(parsed: ParsedNotice) -> list[Row]:
    return [
        (t.ref, t.lead, t.co, t.deadline.due.isoformat() if t.deadline.due else None)
        for t in parsed.tasks
    ]


def article(*paragraphs: str) -> str:
    return (
        "Phó Thủ tướng chỉ đạo đẩy nhanh chi trả tiền hỗ trợ\n\n" + "\n\n".join(paragraphs) + "\n"
    )


NAMES = [
    pytest.param(
        article(
            "Phó Thủ tướng yêu cầu Bộ NN-PTNT chủ trì kiểm tra việc chi trả tiền hỗ trợ cho "
            "người dân, báo cáo Thủ tướng trước ngày 20/12."
        ),
        [("P2", "Bộ Nông nghiệp và Phát triển nông thôn", (), "2025-12-20")],
        id="a short form joined with a dash is the one joined with '&'",
    ),
    pytest.param(
        article(
            "Về việc này, Phó Thủ tướng yêu cầu Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam "
            "rà soát hiệu quả dự án, giải trình, báo cáo Thủ tướng trước ngày 20/12."
        ),
        [("P2", "Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam", (), "2025-12-20")],
        id="the state coal and minerals group, its name written with a dash",
    ),
    pytest.param(
        article("Phó Thủ tướng yêu cầu TKV rà soát hiệu quả dự án, báo cáo trước ngày 20/12."),
        [("P2", "Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam", (), "2025-12-20")],
        id="the group by its short form",
    ),
    pytest.param(
        article(
            "Phó Thủ tướng đề nghị các cơ quan, bộ ngành, địa phương qua kiểm tra nếu phát hiện "
            "vi phạm thì chuyển ngay hồ sơ cho cơ quan điều tra."
        ),
        [("P2", "Các bộ, cơ quan, địa phương", (), None)],
        id="the agencies written before the ministries and provinces: the whole collective",
    ),
]


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_names_met_in_relayed_conclusions(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    assert rows(import_notice(text, registry, issued=ISSUED)) == expected


def test_look_alike_a_department_written_with_the_ministrys_letters(
    registry: AgencyRegistry,
) -> None:
    text = article(
        "Phó Thủ tướng yêu cầu Sở NN-PTNT tỉnh Nghệ An kiểm tra việc chi trả tiền hỗ trợ, báo "
        "cáo trước ngày 20/12."
    )
    leads = {t.lead for t in import_notice(text, registry, issued=ISSUED).tasks}
    assert "Bộ Nông nghiệp và Phát triển nông thôn" not in leads


DAYS = [
    pytest.param("báo cáo Thủ tướng kết quả thực hiện trước ngày 25.1.", "2026-01-25", id="dot"),
    pytest.param("chậm nhất ngày 30.6 phải hoàn thành", "2026-06-30", id="dot after 'chậm nhất'"),
    pytest.param("trước ngày 12.1.2026", "2026-01-12", id="with its year, as before"),
    pytest.param("chỉ đạo của Phó Thủ tướng ngày 16.3 nêu rõ", None, id="look-alike: no cue"),
    pytest.param("giá trị sản xuất tăng 25.1% so với cùng kỳ", None, id="look-alike: a number"),
    pytest.param("trước ngày 25.1 tháng sau", None, id="look-alike: a longer number"),
]


@pytest.mark.parametrize(("phrase", "due"), DAYS)
def test_a_day_and_month_written_with_a_dot(phrase: str, due: str | None) -> None:
    deadline = parse_deadline(phrase, ISSUED)
    assert (deadline.due.isoformat() if deadline.due else None) == due
