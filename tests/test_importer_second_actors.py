"""Second actors given work in the same sentence or paragraph of an article: "…, còn các Bộ,
ngành, các địa phương … ban hành …", "…, trong đó giao Phó Thủ tướng … chỉ đạo …", "Riêng
thành phố Hà Nội, Thành phố Hồ Chí Minh triển khai …" — next to look-alikes where no body
follows ("…, còn nhiều khó khăn", "Riêng năm 2025, …"). The texts are written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2025, 7, 9)


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def article(paragraph: str) -> str:
    return (
        "Thủ tướng chủ trì phiên họp Ban Chỉ đạo các dự án đường sắt\n\n"
        "Ngày 9/7/2025, Thủ tướng chủ trì phiên họp thứ ba của Ban Chỉ đạo.\n\n"
        f"{paragraph}\n"
    )


CASES = [
    pytest.param(
        "Thủ tướng nhắc nhở, Ban Chỉ đạo thống nhất chủ trương, còn các Bộ, ngành, các địa "
        "phương ban hành văn bản để thực hiện.",
        [("P3", "Các bộ, cơ quan, địa phương", ())],
        id="the bodies set against the committee with 'còn'",
    ),
    pytest.param(
        "Thủ tướng giao các bộ, ngành chủ động phương án huy động vốn, trong đó giao Phó Thủ "
        "tướng Bùi Thanh Sơn chỉ đạo tháo gỡ vướng mắc về vốn ODA.",
        [("P3", "Các bộ, ngành", ()), ("P3", "Phó Thủ tướng Bùi Thanh Sơn", ())],
        id="a person given work inside the sentence",
    ),
    pytest.param(
        "Các địa phương khẩn trương giải phóng mặt bằng. Riêng thành phố Hà Nội, Thành phố Hồ "
        "Chí Minh triển khai các dự án theo cơ chế đặc thù.",
        [
            ("P3", "Các địa phương", ()),
            ("P3", "Các địa phương", ("UBND thành phố Hà Nội", "UBND thành phố Hồ Chí Minh")),
        ],
        id="the cities singled out with 'Riêng'",
    ),
    pytest.param(
        "Các địa phương chủ động giải phóng mặt bằng; các cơ quan sớm bàn giao hướng tuyến.",
        [("P3", "Các địa phương", ()), ("P3", "Các cơ quan", ())],
        id="a collective of another kind after the first addressee is another actor",
    ),
    pytest.param(
        "Các bộ, ngành công bố hàng tháng danh mục giấy tờ. Các Trung tâm Phục vụ hành chính "
        "công các cấp công khai thông tin cho công dân.",
        [("P3", "Các bộ, ngành", ()), ("P3", "Các Trung tâm Phục vụ hành chính công các cấp", ())],
        id="the centres at every level are a collective to map",
    ),
    pytest.param(
        "Các bộ, ngành rà soát thủ tục hành chính. Các bộ, cơ quan liên quan chịu trách nhiệm "
        "về kết quả rà soát.",
        [("P3", "Các bộ, ngành", ())],
        id="look-alike: the addressee named again loosely is no other actor",
    ),
    pytest.param(
        "Các địa phương khẩn trương giải phóng mặt bằng, còn nhiều khó khăn phải tháo gỡ. Riêng "
        "năm 2025, cần tập trung cao độ.",
        [("P3", "Các địa phương", ())],
        id="look-alike: no body after 'còn' or 'Riêng'",
    ),
]


@pytest.mark.parametrize(("paragraph", "expected"), CASES)
def test_second_actors(
    registry: AgencyRegistry, paragraph: str, expected: list[tuple[str, str, tuple[str, ...]]]
) -> None:
    tasks = import_notice(article(paragraph), registry, issued=ISSUED).tasks
    assert [(t.ref, t.lead, t.members) for t in tasks] == expected
