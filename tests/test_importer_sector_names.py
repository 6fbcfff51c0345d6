"""A department named after its sector is read whole even where the sector's name has
several lowercase words, a comma or a dash ("Sở Giao thông vận tải", "Sở Nông nghiệp và
Phát triển nông thôn", "Sở Văn hóa, Thể thao và Du lịch", "Sở Quy hoạch – Kiến trúc"); and a
body "được giao nhiệm vụ" or "được phân công" is the one asked. Next to look-alikes: a name
the word rule already read, a list of departments after "các Sở:", a body "được giao vốn"
(a report). The sentences are written for the test, in the words of provincial notices."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2026, 6, 1)
HEAD = "THÔNG BÁO\n\nKết luận của Chủ tịch UBND tỉnh\n\nChủ tịch UBND tỉnh kết luận như sau:\n\n"


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def leads(registry: AgencyRegistry, *paragraphs: str) -> list[tuple[str, tuple[str, ...]]]:
    text = HEAD + "\n\n".join(paragraphs) + "\n"
    return [(t.lead, t.co) for t in import_notice(text, registry, issued=ISSUED).tasks]


@pytest.mark.parametrize(
    "name",
    [
        "Sở Giao thông vận tải",
        "Sở Giao thông Vận tải",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Văn hoá - Thể thao và Du lịch",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Quy hoạch – Kiến trúc",
        "Sở Quy hoạch - Kiến trúc Hà Nội",
        # Names the word rule alone reads, unchanged.
        "Sở Tài chính",
        "Sở Kế hoạch và Đầu tư",
        "Sở Công Thương",
    ],
)
def test_a_sector_name_is_read_whole(registry: AgencyRegistry, name: str) -> None:
    sentence = f"1. Giao {name} chủ trì nghiên cứu đề xuất, báo cáo UBND tỉnh trước ngày 10/7/2026."
    other = "2. Sở Xây dựng rà soát quy hoạch, hoàn thành trong tháng 8/2026."
    assert leads(registry, sentence, other) == [(name, ()), ("Sở Xây dựng", ())]


def test_a_sector_name_among_partners(registry: AgencyRegistry) -> None:
    found = leads(
        registry,
        "1. Sở Giao thông vận tải chủ trì, phối hợp Sở Nông nghiệp và Phát triển nông thôn, "
        "Sở Văn hóa, Thể thao và Du lịch lập báo cáo, trình UBND tỉnh trong tháng 7/2026.",
        "2. Sở Xây dựng rà soát quy hoạch, hoàn thành trong tháng 8/2026.",
    )
    assert found[0] == (
        "Sở Giao thông vận tải",
        ("Sở Nông nghiệp và Phát triển nông thôn", "Sở Văn hóa, Thể thao và Du lịch"),
    )


@pytest.mark.parametrize(
    "asked",
    [
        "Sở Giao thông vận tải được giao nhiệm vụ khẩn trương tổ chức lập báo cáo",
        "Sở Giao thông vận tải được phân công làm việc với nhà đầu tư để thống nhất phương án",
        "Sở Giao thông vận tải được giao chủ trì lập báo cáo",
    ],
)
def test_a_body_given_the_task_is_asked(registry: AgencyRegistry, asked: str) -> None:
    found = leads(
        registry,
        f"1. {asked}, báo cáo UBND tỉnh trong tháng 7/2026.",
        "2. Sở Xây dựng rà soát quy hoạch, hoàn thành trong tháng 8/2026.",
    )
    assert found[0] == ("Sở Giao thông vận tải", ())


def test_a_body_given_funds_reports(registry: AgencyRegistry) -> None:
    found = leads(
        registry,
        "1. Sở Giao thông vận tải được giao vốn năm 2026 để thực hiện dự án; giao Sở Tài "
        "chính bố trí kinh phí đối ứng trong tháng 7/2026.",
        "2. Sở Xây dựng rà soát quy hoạch, hoàn thành trong tháng 8/2026.",
    )
    assert [lead for lead, _ in found] == ["Sở Tài chính", "Sở Xây dựng"]


@pytest.mark.parametrize(
    "written",
    ["các sở, ngành tỉnh", "các sở, ban ngành cấp tỉnh", "các sở, ngành", "các sở, ban, ngành"],
)
def test_a_provinces_departments_as_a_group(registry: AgencyRegistry, written: str) -> None:
    found = leads(
        registry,
        f"1. Giao {written} báo cáo tình hình giải ngân, gửi Sở Tài chính trước ngày 23/6/2026.",
        "2. Sở Xây dựng rà soát quy hoạch, hoàn thành trong tháng 8/2026.",
    )
    assert found[0] == (written[0].upper() + written[1:], ())


def test_a_department_named_with_its_province(registry: AgencyRegistry) -> None:
    found = leads(
        registry,
        "1. Sở Nông nghiệp và Môi trường tỉnh Nghệ An chủ trì hoàn thành trích lục, trích đo "
        "trước ngày 20/7/2026.",
        "2. Giao Sở Xây dựng phối hợp với tỉnh Hà Tĩnh rà soát quy hoạch trong tháng 8/2026.",
    )
    assert found == [
        ("Sở Nông nghiệp và Môi trường tỉnh Nghệ An", ()),
        ("Sở Xây dựng", ("UBND tỉnh Hà Tĩnh",)),
    ]


@pytest.mark.parametrize(
    ("sentence", "lead"),
    [
        ("1. Sở Xây dựng được giao chỉ đạo các đơn vị lập hồ sơ", "Sở Xây dựng"),
        # A report of what was given: the task is the next body's.
        (
            "1. Sở Xây dựng được giao tại Nghị quyết số 12/NQ-HĐND; Sở Tài chính lập hồ sơ",
            "Sở Tài chính",
        ),
    ],
)
def test_given_work_or_given_before(registry: AgencyRegistry, sentence: str, lead: str) -> None:
    found = leads(
        registry,
        f"{sentence}, báo cáo UBND tỉnh trong tháng 7/2026.",
        "2. Sở Tư pháp rà soát văn bản, hoàn thành trong tháng 8/2026.",
    )
    assert found[0][0] == lead


@pytest.mark.parametrize("written", ["UBND TP. Vinh", "UBND TP.Vinh", "UBND thành phố Vinh"])
def test_a_city_abbreviated(registry: AgencyRegistry, written: str) -> None:
    found = leads(
        registry,
        f"1. Giao {written} thành lập Tổ công tác rà soát hồ sơ đất đai. Hoàn thành trước ngày "
        "20/7/2026.",
        "2. Sở Xây dựng rà soát quy hoạch, hoàn thành trong tháng 8/2026.",
    )
    assert found == [("UBND thành phố Vinh", ()), ("Sở Xây dựng", ())]
