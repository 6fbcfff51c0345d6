"""A speech reported in an article: "Thủ tướng nhấn mạnh 6 nhóm nhiệm vụ … với các bộ ngành,
cơ quan, địa phương." announces points "Thứ nhất, …", "Thứ hai, …" that are those bodies'
work unless a point names its own addressee; a report that a resolution "có 4 nhóm nhiệm vụ
… đối với các bộ, ngành" announces nothing; "… đề nghị các bộ, ngành tiếp tục lãnh đạo, chỉ
đạo một số nhiệm vụ." announces the tasks below it. The texts are written for the test."""

from __future__ import annotations

from datetime import date

from domain.agencies import AgencyRegistry
from notices.importer import import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2025, 6, 2)


def article(*paragraphs: str) -> str:
    head = (
        "Thủ tướng chủ trì hội nghị về nhà ở xã hội",
        "Ngày 2/6/2025, Thủ tướng chủ trì hội nghị trực tuyến toàn quốc về nhà ở xã hội.",
    )
    return "\n\n".join([*head, *paragraphs]) + "\n"


def rows(registry: AgencyRegistry, text: str) -> list[tuple[str, str]]:
    return [(t.ref, t.lead) for t in import_notice(text, registry, issued=ISSUED).tasks]


def test_announced_task_groups_are_the_points_of_the_bodies_named() -> None:
    registry = shipped_registry()
    text = article(
        "Để đạt mục tiêu này, Thủ tướng nhấn mạnh 3 nhóm nhiệm vụ trọng tâm với các bộ ngành, "
        "cơ quan, địa phương.",
        "Thứ nhất, người đứng đầu phải trực tiếp chỉ đạo, kiểm tra việc thực hiện.",
        "Thứ hai, các chủ thể có liên quan phải nắm chắc chính sách.",
        "Thứ ba, vướng mắc ở cấp nào thì cấp đó giải quyết.",
        "Biểu dương nhiều địa phương đã có nhiều nỗ lực.",
        "Thứ tư, kiểm tra việc thực hiện.",
    )
    assert rows(registry, text) == [
        ("P4", "Các bộ, cơ quan, địa phương"),
        ("P5", "Các chủ thể có liên quan"),
        ("P6", "Các bộ, cơ quan, địa phương"),
    ]


def test_look_alike_a_resolution_reported_to_hold_task_groups_announces_nothing() -> None:
    registry = shipped_registry()
    text = article(
        "Chính phủ đã ban hành Nghị quyết, trong đó có 4 nhóm nhiệm vụ chung đối với các bộ, "
        "ngành để triển khai đồng bộ.",
        "Thứ nhất, người đứng đầu phải trực tiếp chỉ đạo, kiểm tra việc thực hiện.",
    )
    assert rows(registry, text) == []


def test_a_request_to_lead_a_number_of_tasks_announces_them() -> None:
    registry = shipped_registry()
    text = article(
        "Thủ tướng đề nghị các bộ, ngành, địa phương tiếp tục lãnh đạo, chỉ đạo một số nhiệm vụ.",
        "Bộ Xây dựng chủ trì hoàn thiện hồ sơ thành lập Quỹ nhà ở quốc gia.",
    )
    assert rows(registry, text) == [("P4", "Bộ Xây dựng")]
