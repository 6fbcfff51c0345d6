"""Press articles that quote a notice's items: the date an item heading (or a list's opening
paragraph) gives the bullets under it, a bullet whose quotation breaks off, a statement
among bullets, a second actor of the same group, and a completion after a dated start. Each
rule next to a look-alike that must not fire; the texts are written for the test in the
layout of the articles on real notices."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import ParsedNotice, import_notice
from storage.agency_files import shipped_registry

ISSUED = date(2025, 12, 11)

Row = tuple[str, str, tuple[str, ...], str | None]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def article(*paragraphs: str) -> str:
    head = (
        "Nhiệm vụ trọng tâm theo Thông báo của Văn phòng Chính phủ",
        "Ngày 11/12/2025, Văn phòng Chính phủ đã ban hành Thông báo kết luận của Thủ tướng.",
    )
    return "\n\n".join([*head, *paragraphs]) + "\n"


def rows(parsed: ParsedNotice) -> list[Row]:
    return [
        (t.ref, t.lead, t.members, t.deadline.due.isoformat() if t.deadline.due else None)
        for t in parsed.tasks
    ]


CASES = [
    pytest.param(
        [
            "(3) Công tác chuẩn bị lễ khởi công, khánh thành các công trình vào ngày 19 tháng 12 "
            "năm 2025",
            "- Bộ Xây dựng chủ trì, phối hợp với các bộ, ngành tổng hợp danh mục các công trình.",
            "- Đài Truyền hình Việt Nam xây dựng phim tư liệu trước ngày 15 tháng 12 năm 2025.",
        ],
        [
            ("P4", "Bộ Xây dựng", (), "2025-12-19"),
            ("P5", "Đài Truyền hình Việt Nam", (), "2025-12-15"),
        ],
        id="an item heading's date is its bullets' unless they set their own",
    ),
    pytest.param(
        [
            "Khởi công dự án đường sắt vào ngày 19 tháng 12 năm 2025",
            "Bộ Xây dựng chủ trì tổng hợp danh mục các công trình.",
        ],
        [("P4", "Bộ Xây dựng", (), None)],
        id="look-alike: an article's headline dates nothing",
    ),
    pytest.param(
        [
            "Phó Thủ tướng yêu cầu các địa phương giải quyết dứt điểm các tồn tại trước ngày 10 "
            "tháng 12 năm 2025, cụ thể:",
            "- Ủy ban nhân dân tỉnh Cao Bằng hoàn thành di dời 01 vị trí đường điện cao thế.",
            "- Ủy ban nhân dân tỉnh Lạng Sơn hoàn thành cấp bổ sung vị trí đổ thải.",
        ],
        [
            # The opening shares its work out among the bullets: no task of its own.
            ("P4", "UBND tỉnh Cao Bằng", (), "2025-12-10"),
            ("P5", "UBND tỉnh Lạng Sơn", (), "2025-12-10"),
        ],
        id="a list's date and work are shared by bullets that name their own addressee",
    ),
    pytest.param(
        [
            "Phó Thủ tướng yêu cầu Bộ Xây dựng rà soát các dự án trước ngày 10 tháng 12 năm "
            "2025, cụ thể:",
            "Bộ Tài chính bố trí đủ vốn cho các dự án.",
        ],
        [("P3", "Bộ Xây dựng", (), "2025-12-10"), ("P4", "Bộ Tài chính", (), None)],
        id="look-alike: a paragraph of its own after the opening shares nothing out",
    ),
    pytest.param(
        [
            "Các Chủ đầu tư/Ban Quản lý dự án, các nhà thầu tiếp tục rà soát tiến độ thi công.",
            "Phó Thủ tướng có yêu cầu cụ thể đối với các dự án như sau:",
            "Dự án cao tốc Tuyên Quang - Hà Giang: Lập lại tiến độ thi công chi tiết, hoàn thành "
            "vào dịp ngày 19/12/2025.",
            "Các dự án cao tốc Đồng Đăng - Trà Lĩnh và Hữu Nghị - Chi Lăng: Lập lại tiến độ, "
            "phấn đấu hoàn thành vào dịp ngày 19/12/2025.",
        ],
        [
            ("P3", "Các Chủ đầu tư/Ban Quản lý dự án", (), None),
            ("P5", "Các Chủ đầu tư/Ban Quản lý dự án", (), "2025-12-19"),
            ("P6", "Các Chủ đầu tư/Ban Quản lý dự án", (), "2025-12-19"),
        ],
        id="a project's heading is the work of the investors addressed before",
    ),
    pytest.param(
        [
            "Bộ Xây dựng đôn đốc các dự án.",
            "Phó Thủ tướng có yêu cầu cụ thể đối với các dự án như sau:",
            "Dự án cao tốc Tuyên Quang - Hà Giang: Lập lại tiến độ, hoàn thành vào dịp ngày "
            "19/12/2025.",
        ],
        [("P3", "Bộ Xây dựng", (), None)],
        id="look-alike: with no investors addressed before, a project's heading is no one's",
    ),
    pytest.param(
        [
            "Các Chủ đầu tư tiếp tục rà soát tiến độ thi công.",
            "Dự án cao tốc Tuyên Quang - Hà Giang còn chậm 4% so với kế hoạch.",
        ],
        [("P3", "Các Chủ đầu tư", (), None)],
        id="look-alike: a sentence about a project is no heading",
    ),
    pytest.param(
        [
            "Phó Thủ tướng yêu cầu Bộ Tài chính quán triệt chỉ đạo của Chính phủ. Bộ Xây dựng cần "
            "huy động các nhà thầu vào cuộc.",
            "Tập trung mọi nguồn lực cần thiết để khắc phục khó khăn.",
        ],
        [
            ("P3", "Bộ Tài chính", (), None),
            ("P3", "Bộ Xây dựng", (), None),
            ("P4", "Bộ Xây dựng", (), None),
        ],
        id="a directive paragraph goes on with the last actor of the one before",
    ),
    pytest.param(
        [
            "Phó Thủ tướng yêu cầu Bộ Xây dựng đôn đốc tiến độ. Các cơ quan liên quan phối hợp.",
            "Tập trung mọi nguồn lực cần thiết để khắc phục khó khăn.",
        ],
        [("P3", "Bộ Xây dựng", (), None), ("P4", "Bộ Xây dựng", (), None)],
        id="look-alike: a collective named loosely last is not the actor going on",
    ),
    pytest.param(
        [
            "Văn phòng Chính phủ vừa ban hành Thông báo kết luận về các dự án giao thông, gồm 02 "
            "dự án: Tuyên Quang - Hà Giang đoạn qua tỉnh Hà Giang, Đồng Đăng - Trà Lĩnh.",
        ],
        [],
        id="what something is made of after a colon is no addressee",
    ),
    pytest.param(
        ["Về hoàn thiện thể chế: Bộ Tư pháp khẩn trương rà soát các văn bản."],
        [("P3", "Bộ Tư pháp", (), None)],
        id="look-alike: the addressee after an inline heading's colon",
    ),
    pytest.param(
        [
            "Cùng tham dự cuộc họp có các đồng chí Ủy viên Trung ương Đảng: Phó Thủ tướng Trần "
            "Hồng Hà, Bộ trưởng Bộ Xây dựng Trần Hồng Minh.",
        ],
        [],
        id="those who attended are no addressees",
    ),
    pytest.param(
        ["- Các Ban Quản lý dự án, các nhà thầu phát huy tinh thần hỗ trợ lẫn nhau."],
        [("P3", "Các Ban Quản lý dự án, các nhà thầu", (), None)],
        id="the project boards and their contractors are one collective",
    ),
    pytest.param(
        [
            "Các cơ quan cũng đã trình Chính phủ dự thảo Nghị quyết về đường sắt đô thị.",
            "Cùng với đó, tổ chức thực hiện lập báo cáo nghiên cứu khả thi dự án.",
        ],
        [],
        id="what the bodies also did is a report, and so is what goes on from it",
    ),
    pytest.param(
        ["Các cơ quan cũng phải trình Chính phủ dự thảo Nghị quyết về đường sắt đô thị."],
        [("P3", "Các cơ quan", (), None)],
        id="look-alike: what the bodies also must do is a task",
    ),
    pytest.param(
        [
            "Đề nghị các cơ quan, tổ chức, cá nhân ngoài nhà nước không yêu cầu công dân xuất "
            "trình bản chính giấy tờ."
        ],
        [("P3", "Các cơ quan, tổ chức, cá nhân ngoài nhà nước", (), None)],
        id="bodies and persons outside the state are one collective",
    ),
    pytest.param(
        [
            "Phó Thủ tướng yêu cầu các bộ, ngành rà soát các dự án tồn đọng, tổng hợp gửi về Ban "
            "Chỉ đạo trước ngày 10 tháng 12 năm 2025, cụ thể:",
            "- Rà soát chỉ đề xuất các dự án có khó khăn sau khi có các kết luận thanh tra.",
        ],
        [("P3", "Các bộ, ngành", (), "2025-12-10"), ("P4", "Các bộ, ngành", (), None)],
        id="look-alike: a bullet without an addressee details the list's task",
    ),
    pytest.param(
        [
            "(2) Đối với dự án Cảng hàng không quốc tế Long Thành:",
            "- Tổng công ty Cảng hàng không Việt Nam cần tiếp tục hoàn thiện các hạng mục còn "
            "lại, bảo đảm đáp ứng đầy đủ tiêu chuẩn, điều kiện, quy trình theo quy định để tổ "
            "chức khai thác thương mại, phối hợp với Bộ Xây dựng tập trung dồn toàn lực cho",
            "- Các hạng mục còn lại",
        ],
        [("P4", "Tổng công ty Cảng hàng không Việt Nam", (), None)],
        id="a long bullet whose quotation breaks off is read; a short one is a heading",
    ),
    pytest.param(
        [
            "- Đài Truyền hình Việt Nam xây dựng phim tư liệu về các công trình.",
            "- Thống nhất với nội dung báo cáo, đề xuất của Bộ Xây dựng về việc tổ chức lễ "
            "khởi công tại ga Lào Cai.",
            "- Triển khai ngay các nhiệm vụ được giao tại Công điện.",
        ],
        [("P3", "Đài Truyền hình Việt Nam", (), None)],
        id="a statement among bullets goes on with no agency's work",
    ),
    pytest.param(
        [
            "- Các địa phương tiếp tục rà soát các dự án, đăng ký bổ sung các công trình. Thành "
            "phố Hà Nội, Thành phố Hồ Chí Minh rà soát lựa chọn công trình làm điểm cầu.",
        ],
        [
            ("P3", "Các địa phương", (), None),
            ("P3", "Các địa phương", ("UBND thành phố Hà Nội", "UBND thành phố Hồ Chí Minh"), None),
        ],
        id="the group's named provinces after the group are a second actor",
    ),
    pytest.param(
        [
            "- Các địa phương tiếp tục rà soát các dự án. Các địa phương chịu trách nhiệm về "
            "các thủ tục khởi công.",
        ],
        [("P3", "Các địa phương", (), None)],
        id="look-alike: the same group named again is no second actor",
    ),
    pytest.param(
        [
            "Thủ tướng chỉ đạo các địa phương tổ chức ra quân giải phóng mặt bằng vào dịp "
            "19/8/2025 để hoàn thành chậm nhất vào cuối năm 2026.",
        ],
        [("P3", "Các địa phương", (), "2025-08-19"), ("P3", "Các địa phương", (), "2026-12-31")],
        id="a completion after a dated start is a second deliverable",
    ),
    pytest.param(
        [
            "Thủ tướng chỉ đạo các địa phương tập trung nhân lực để hoàn thành giải phóng mặt "
            "bằng trước ngày 31/12/2025.",
        ],
        [("P3", "Các địa phương", (), "2025-12-31")],
        id="look-alike: one completion date is one deliverable",
    ),
    pytest.param(
        [
            "Ủy ban nhân dân cấp tỉnh tập trung lãnh đạo công tác phát triển nhà ở xã hội.",
            "Cụ thể, giao cho chủ đầu tư trực tiếp đầu tư xây dựng nhà ở xã hội.",
            "Chuẩn bị nguồn lực, nhân lực để triển khai có hiệu quả Nghị quyết.",
            "Thủ tướng yêu cầu, địa phương nào chưa thành lập Ban Chỉ đạo thì phải thành lập "
            "ngay, hoàn thành trong tháng 12/2025.",
            "Đôn đốc các chủ đầu tư thực hiện các thủ tục để khởi công ngay trong năm 2026.",
        ],
        [
            ("P3", "Các địa phương", (), None),
            ("P4", "Các địa phương", (), None),
            ("P5", "Các địa phương", (), None),
            ("P6", "Các địa phương", (), "2025-12-31"),
            ("P7", "Các địa phương", (), "2026-12-31"),
        ],
        id="paragraphs that go on with the agency: 'Cụ thể,', directive verbs, a request again",
    ),
    pytest.param(
        [
            "Ủy ban nhân dân cấp tỉnh tập trung lãnh đạo công tác phát triển nhà ở xã hội.",
            "Thủ tướng nhấn mạnh, đây là chương trình có ý nghĩa hết sức nhân văn.",
            "Tổ chức làm việc trực tiếp với các chủ đầu tư để rà soát tiến độ.",
        ],
        [("P3", "Các địa phương", (), None)],
        id="look-alike: after a remark no agency goes on",
    ),
    pytest.param(
        [
            "Thủ tướng nêu các nhiệm vụ trọng tâm.",
            "Thứ nhất, các địa phương lồng ghép các chương trình mục tiêu quốc gia.",
            "Thứ hai, các cơ quan rà soát lại các chính sách liên quan tiếp cận vốn.",
        ],
        [("P4", "Các địa phương", (), None), ("P5", "Các cơ quan", (), None)],
        id="the addressee after an ordinal",
    ),
    pytest.param(
        [
            "Bộ Tài chính bảo đảm nguồn ngân sách để triển khai các hoạt động chuyển đổi số.",
            "Thứ tư, về phát triển kinh tế số, Thủ tướng yêu cầu xây dựng Đề án ứng dụng "
            "internet vạn vật trong năm 2026.",
        ],
        [("P3", "Bộ Tài chính", (), None)],
        id="look-alike: an ordinal opens a point of its own, not the agency before it",
    ),
]


@pytest.mark.parametrize(("paragraphs", "expected"), CASES)
def test_press_items(registry: AgencyRegistry, paragraphs: list[str], expected: list[Row]) -> None:
    parsed = import_notice(article(*paragraphs), registry, issued=ISSUED)
    assert rows(parsed) == expected


def test_military_commands_are_bodies_outside_the_registry(registry: AgencyRegistry) -> None:
    parsed = import_notice(
        article(
            "- Tổng công ty Cảng hàng không Việt Nam phối hợp với Quân khu 7, Bộ Tư lệnh Công "
            "binh và Bộ Tư pháp thi công các hạng mục; chỉ đạo các quân khu hỗ trợ xe máy."
        ),
        registry,
        issued=ISSUED,
    )
    assert [t.co for t in parsed.tasks] == [("Quân khu 7", "Bộ Tư lệnh Công binh", "Bộ Tư pháp")]
    # The two commands are reported for the admin to map; the ministry is the registry's.
    assert set(parsed.unknown_agencies) == {"Quân khu 7", "Bộ Tư lệnh Công binh"}
