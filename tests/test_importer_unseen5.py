"""Rules met in press items relaying a Government leader's conclusions that the importer had
never seen (2011-2024, stored as the search index returns them), one small text per rule next
to a look-alike that must not fire: a short form whose parts are joined with a dash ("Bộ
NN-PTNT"), a state group written with a dash in its name, the agencies written before the
ministries in a collective, a day and month written with a dot and no year, what the work
comes with written before its body ("Cùng với chỉ đạo nêu trên, …"), drafts submitted to a
month's Government session, two Deputy Prime Ministers given work together, the one who asks
after "Theo đó,", and a standing duty after "; " following a one-off one. The texts are written for the test in the layout of real press
items."""

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


MORE = [
    pytest.param(
        article(
            "Chỉ đạo của Phó Thủ tướng ngày 5.12 nêu rõ.",
            "Cùng với chỉ đạo nêu trên, Bộ Xây dựng cũng có nhiệm vụ hoàn chỉnh Đề án phát "
            "triển nhà ở trong tháng 12 này, báo cáo Thủ tướng; nghiên cứu, xây dựng Đề án quỹ "
            "nhà ở quốc gia, trình Thủ tướng trong quý I/2026.",
        ),
        [("P3", "Bộ Xây dựng", (), "2025-12-31"), ("P3", "Bộ Xây dựng", (), "2026-03-31")],
        id="what the work comes with, before the body that has it",
    ),
    pytest.param(
        article("Cùng với sự phát triển của đô thị, nhu cầu nhà ở tăng nhanh trong tháng 12 này."),
        [],
        id="look-alike: what comes with a trend, before no body",
    ),
    pytest.param(
        article(
            "Cụ thể, Thủ tướng giao Bộ Tài chính chủ trì, phối hợp với các bộ, ngành khẩn trương "
            "chuẩn bị các dự thảo: Dự thảo Nghị quyết về dự toán ngân sách năm 2026, trình phiên "
            "họp Chính phủ tháng 12/2025; Dự thảo Chỉ thị về điều hành ngân sách năm 2026, trình "
            "Thủ tướng ban hành trong tháng 1/2026."
        ),
        [("P2", "Bộ Tài chính", (), "2025-12-31"), ("P2", "Bộ Tài chính", (), "2026-01-31")],
        id="two drafts, one submitted to a month's Government session",
    ),
    pytest.param(
        article(
            "Thủ tướng phân công Phó Thủ tướng Hồ Đức Phớc và Phó Thủ tướng Nguyễn Chí Dũng trực "
            "tiếp chỉ đạo tiến độ, nội dung hai dự thảo trên."
        ),
        [("P2", "Phó Thủ tướng Hồ Đức Phớc", ("Phó Thủ tướng Nguyễn Chí Dũng",), None)],
        id="two Deputy Prime Ministers given work together, the first leads",
    ),
    pytest.param(
        article("Giao Phó Thủ tướng Hồ Đức Phớc trực tiếp chỉ đạo tiến độ hai dự thảo trên."),
        [("P2", "Phó Thủ tướng Hồ Đức Phớc", (), None)],
        id="look-alike: one Deputy Prime Minister",
    ),
    pytest.param(
        article(
            "Sáng 9/12, Phó Thủ tướng họp với Ngân hàng Nhà nước về thị trường vàng. Theo đó, "
            "Phó Thủ tướng đề nghị Bộ Công an, Thanh tra Chính phủ cử cán bộ tham gia đoàn "
            "thanh tra liên ngành."
        ),
        [("P2", "Bộ Công an", ("Thanh tra Chính phủ",), None)],
        id="the one who asks after 'Theo đó,' in a later sentence",
    ),
    pytest.param(
        article(
            "Sáng 9/12, Phó Thủ tướng họp với Ngân hàng Nhà nước về thị trường vàng. Theo đó, "
            "Phó Thủ tướng nhấn mạnh vai trò của thị trường vàng minh bạch."
        ),
        [],
        id="look-alike: after 'Theo đó,' the one who speaks asks no one",
    ),
]


STANDING = [
    pytest.param(
        article(
            "Bộ Nông nghiệp và Môi trường đánh giá cụ thể tác động của hạn hán, xâm nhập mặn đến "
            "sản xuất lúa gạo; thường xuyên rà soát, cập nhật nguồn cung lúa gạo hàng hóa để "
            "phối hợp chặt chẽ với Bộ Công Thương trong điều hành xuất khẩu."
        ),
        [
            ("P2", "Bộ Nông nghiệp và Môi trường", (), "none"),
            ("P2", "Bộ Nông nghiệp và Môi trường", ("Bộ Công Thương",), "ongoing"),
        ],
        id="a standing duty after a one-off one and '; ' is a duty of its own",
    ),
    pytest.param(
        article(
            "Các bộ, ngành, địa phương đẩy mạnh đào tạo kỹ năng số cho cán bộ, công chức; tiếp "
            "tục mở rộng đào tạo trực tuyến; nhiệm vụ thường xuyên."
        ),
        [("P2", "Các bộ, cơ quan, địa phương", (), "ongoing")],
        id="look-alike: 'nhiệm vụ thường xuyên' closing the item is the timing of the whole",
    ),
]


@pytest.mark.parametrize(("text", "expected"), STANDING)
def test_a_standing_duty_after_a_one_off_one(
    registry: AgencyRegistry, text: str, expected: list[tuple[str, str, tuple[str, ...], str]]
) -> None:
    parsed = import_notice(text, registry, issued=ISSUED)
    assert [(t.ref, t.lead, t.co, t.deadline.kind.value) for t in parsed.tasks] == expected


@pytest.mark.parametrize(("text", "expected"), MORE)
def test_openings_and_askers_met_in_relayed_conclusions(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    assert rows(import_notice(text, registry, issued=ISSUED)) == expected


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
    pytest.param("trình phiên họp Chính phủ tháng 12/2025", "2025-12-31", id="to a session"),
    pytest.param("trình Chính phủ xem xét, quyết định", None, id="look-alike: no session"),
]


@pytest.mark.parametrize(("phrase", "due"), DAYS)
def test_a_day_and_month_written_with_a_dot(phrase: str, due: str | None) -> None:
    deadline = parse_deadline(phrase, ISSUED)
    assert (deadline.due.isoformat() if deadline.due else None) == due
