"""Letters (công văn): the addressees' line, a list of addressees under "Kính gửi:", the
closing formula and the list of recipients are no tasks; an item naming no one in a letter
to one body is that body's; what was agreed gives no task; a paragraph that only names who
is given the bullets below is no task of its own; the title of a press article cited holds
no timing. Next to look-alikes that must still be read: an article that opens with the
Government Office's notice, an addressee's bullet that carries its own work, a letter to two
bodies, an agreement followed by the work it gives. The texts are written for the test in
the layout of real letters."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agencies import AgencyRegistry
from notices.importer import ParsedNotice, import_notice
from storage.agency_files import shipped_registry

Row = tuple[str, str, str | None, str]


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return shipped_registry()


def rows(parsed: ParsedNotice) -> list[Row]:
    return [
        (
            t.ref,
            t.lead,
            t.deadline.due.isoformat() if t.deadline.due else None,
            t.deadline.kind.value,
        )
        for t in parsed.tasks
    ]


HEAD = "VĂN PHÒNG CHÍNH PHỦ\n\nSố: 1234/VPCP-KTTH\n\nHà Nội, ngày 02 tháng 3 năm 2023\n\n"
ASKS = "Xét đề nghị của Bộ Y tế, Phó Thủ tướng Chính phủ có ý kiến như sau:\n\n"
WORK = "Bộ Y tế khẩn trương hoàn thiện dự thảo Thông tư, báo cáo Thủ tướng trước ngày 30/3/2023."
CLOSING = "Văn phòng Chính phủ thông báo để các cơ quan liên quan biết, thực hiện./."
RECIPIENTS = "Nơi nhận:\n- Như trên;\n- Thủ tướng, các PTTg;\n- Lưu: VT, KTTH."
DUE = [("P6", "Bộ Y tế", "2023-03-30", "deadline")]

CASES = [
    pytest.param(
        f"{HEAD}Kính gửi: Bộ Y tế.\n\n{ASKS}{WORK}\n\n{CLOSING}\n\n{RECIPIENTS}\n",
        DUE,
        id="addressee-line-and-closing",
    ),
    pytest.param(
        f"{HEAD}Kính gửi:\n- Bộ Y tế;\n- Bộ Tài chính.\n\n{ASKS}{WORK}\n\n{CLOSING}\n",
        [("P8", "Bộ Y tế", "2023-03-30", "deadline")],  # each bullet a paragraph
        id="addressees-listed-below",
    ),
    pytest.param(
        f"{HEAD}Kính gửi:\n\n- Bộ Y tế;\n\n- Ủy ban nhân dân tỉnh Khánh Hòa.\n\n{ASKS}{WORK}\n",
        [("P8", "Bộ Y tế", "2023-03-30", "deadline")],
        id="addressees-one-paragraph-each",
    ),
    pytest.param(
        f"{HEAD}Kính gửi: Bộ Y tế.\n\n{ASKS}{WORK}\n\n"
        "Văn phòng Chính phủ xin thông báo để Bộ Y tế và các cơ quan liên quan biết, thực "
        "hiện./.\n\nKT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\n",
        DUE,
        id="closing-naming-the-ministry",
    ),
    pytest.param(
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH\n\nSố: 1111/UBND-KT\n\nQuảng Bình, ngày 03 tháng 10 "
        "năm 2023\n\nKính gửi: Bộ Xây dựng.\n\nỦy ban nhân dân tỉnh có ý kiến như sau:\n\n"
        "Đề nghị Bộ Xây dựng hướng dẫn tỉnh thực hiện thủ tục điều chỉnh quy hoạch trước ngày "
        "20/10/2023.\n\nVăn phòng Ủy ban nhân dân tỉnh thông báo để Bộ Xây dựng biết./.\n",
        [("P6", "Bộ Xây dựng", "2023-10-20", "deadline")],
        id="a-province's-letter",
    ),
    pytest.param(
        "VĂN PHÒNG CHÍNH PHỦ |\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 2222/VPCP-KGVX |\n"
        "Hà Nội, ngày 10 tháng 4 năm 2019 |\nKính gửi: Bộ Giáo dục và Đào tạo.\n"
        "Xét đề nghị của Bộ Giáo dục và Đào tạo, Phó Thủ tướng có ý kiến như sau:\n"
        "Bộ Giáo dục và Đào tạo hoàn thiện dự thảo Đề án, trình Thủ tướng Chính phủ trước ngày "
        "30 tháng 5 năm 2019.\nVăn phòng Chính phủ thông báo để Bộ Giáo dục và Đào tạo và các "
        "cơ quan liên quan biết, thực hiện./\n|\nKT. BỘ TRƯỞNG, CHỦ NHIỆM |\n",
        [("P7", "Bộ Giáo dục và Đào tạo", "2019-05-30", "deadline")],
        id="a-letter-copied-from-a-page's-table",
    ),
    pytest.param(
        f"{HEAD}{ASKS}Phó Thủ tướng yêu cầu:\n- Bộ Y tế hoàn thiện dự thảo Thông tư trước ngày "
        "30/3/2023;\n- Bộ Tài chính bố trí kinh phí thực hiện\ntrước ngày 15/4/2023.\n",
        [
            ("P6", "Bộ Y tế", "2023-03-30", "deadline"),
            ("P7", "Bộ Tài chính", "2023-04-15", "deadline"),
        ],
        id="bullets-on-the-lines-of-one-paragraph",
    ),
    pytest.param(
        f"{HEAD}Kính gửi:\n\n- Các Bộ: Công an, Tư pháp, Nông nghiệp và Môi trường;\n\n"
        f"- Ủy ban nhân dân tỉnh Khánh Hòa.\n\n{ASKS}{WORK}\n",
        [("P8", "Bộ Y tế", "2023-03-30", "deadline")],
        id="addressees-a-named-list",
    ),
    pytest.param(
        f"{HEAD}Kính gửi: Bộ Y tế.\n\n{ASKS}{WORK}\n\nVăn phòng Chính phủ thông báo để các "
        "Bộ: Y tế, Tài chính và các cơ quan liên quan biết, thực hiện./.\n",
        DUE,
        id="closing-naming-ministries-in-a-list",
    ),
    pytest.param(
        f"{HEAD}Kính gửi: Bộ Nông nghiệp và Môi trường.\n\nBáo điện tử VTV ngày 10 tháng 4 năm "
        "2023 có bài “Giải pháp bớt tiêu tốn hàng trăm tỷ mỗi năm chống hạn cho lúa”. Về việc "
        "này, Thủ tướng Chính phủ giao Bộ Nông nghiệp và Môi trường:\n\n- Nghiên cứu, đánh giá "
        "đề xuất tại bài “Giải pháp bớt tiêu tốn hàng trăm tỷ mỗi năm chống hạn cho lúa” để có "
        "giải pháp phù hợp.\n\n- Báo cáo Thủ tướng Chính phủ trước ngày 30/3/2023.\n",
        [
            ("P6", "Bộ Nông nghiệp và Môi trường", None, "none"),
            ("P7", "Bộ Nông nghiệp và Môi trường", "2023-03-30", "deadline"),
        ],
        id="giving-the-bullets-after-what-the-press-reported",
    ),
    pytest.param(
        f"{HEAD}Kính gửi: Bộ Tư pháp.\n\n{ASKS}1. Tổ chức cuộc họp tổng kết trước ngày 10 "
        "tháng 4 năm 2023;\n\n2. Đồng ý về chủ trương sửa đổi Luật, thời gian thực hiện từ năm "
        "2023 đến hết năm 2025.\n\n3. Giao Bộ Tư pháp chủ trì chuẩn bị chu đáo cuộc họp.\n\n"
        f"{CLOSING}\n",
        [("1", "Bộ Tư pháp", "2023-04-10", "deadline"), ("3", "Bộ Tư pháp", None, "none")],
        id="a-letter-to-one-body-and-what-was-agreed",
    ),
    pytest.param(
        f"{HEAD}Kính gửi:\n\n- Bộ Tư pháp;\n\n- Bộ Tài chính.\n\n{ASKS}1. Tổ chức cuộc họp "
        "tổng kết trước ngày 10 tháng 4 năm 2023;\n\n2. Giao Bộ Tư pháp chủ trì chuẩn bị chu "
        "đáo cuộc họp.\n",
        [("1", "", "2023-04-10", "deadline"), ("2", "Bộ Tư pháp", None, "none")],
        id="look-alike: a letter to two bodies leaves the item naming no one to the admin",
    ),
    pytest.param(
        f"{HEAD}{ASKS}1. Đồng ý Ủy ban nhân dân tỉnh Khánh Hòa lập Đề án bảo vệ rừng trong "
        "tháng 6/2023.\n\n2. Biểu dương Bộ Y tế tích cực triển khai.\n\n3. Bộ Tài chính bố trí "
        "kinh phí.\n",
        [
            ("1", "UBND tỉnh Khánh Hòa", "2023-06-30", "deadline"),
            ("3", "Bộ Tài chính", None, "none"),
        ],
        id="a body's work agreed to is its task; praise is none",
    ),
    pytest.param(
        f"{HEAD}{ASKS}1. Đồng ý về chủ trương sửa đổi Luật; giao Bộ Tư pháp chủ trì xây dựng "
        "hồ sơ, trình trước ngày 30/6/2023.\n\n2. Bộ Tài chính bố trí kinh phí.\n",
        [("1", "Bộ Tư pháp", "2023-06-30", "deadline"), ("2", "Bộ Tài chính", None, "none")],
        id="look-alike: what was agreed and then given to a body",
    ),
    pytest.param(
        f"{HEAD}Kính gửi: Tổng Thanh tra Chính phủ.\n\nBáo Thanh niên số 282 có bài phản ánh "
        "về chất lượng Quốc lộ 1.\n\nYêu cầu Tổng Thanh tra Chính phủ chỉ đạo thành lập đoàn "
        "thanh tra, báo cáo Thủ tướng Chính phủ kết quả trong tháng 4 năm 2023.\n\n"
        f"{CLOSING}\n",
        [("P6", "Thanh tra Chính phủ", "2023-04-30", "deadline")],
        id="the head of a body, addressed and asked",
    ),
    pytest.param(
        "Kết luận của Bí thư Tỉnh ủy tại phiên tiếp dân được thể hiện tại Công văn số 168/CV-"
        "BNCTU do Ban Nội chính Tỉnh ủy ban hành. Cụ thể là: “Giao Bộ Tài chính rà soát hồ sơ, "
        "trả lời bằng văn bản cho các hộ dân. Hoàn thành trước ngày 20/3/2023”.\n",
        [("P1", "Bộ Tài chính", "2023-03-20", "deadline")],
        id="a conclusion quoted after the letter that conveys it",
    ),
    pytest.param(
        f"{HEAD}Kính gửi:\n\n- Các Bộ: Y tế, Tài chính, Lao động - Thương binh và Xã hội, Văn "
        "hóa, Thể thao và Du lịch;\n- Ủy ban nhân dân các tỉnh: Đắk Lắk, Gia Lai, Kon Tum.\n\n"
        f"{ASKS}{WORK}\n\nVăn phòng Chính phủ thông báo Bộ Y tế biết, thực hiện./.\n",
        [("P7", "Bộ Y tế", "2023-03-30", "deadline")],
        id="addressees-two-named-lists-and-a-closing-without-de",
    ),
    pytest.param(
        f"{HEAD}Kính gửi: Bộ Y tế.\n\n{ASKS}{WORK}\n\nVăn phòng Chính phủ xin thông báo "
        "đểcác Bộ, cơ quan liên quan biết, thực hiện./.\n",
        DUE,
        id="closing-glued-as-a-copy-glues-it",
    ),
    pytest.param(
        f"{HEAD}Kính gửi:\n\nBộ Y tế.\n\nThông tấn xã Việt Nam ngày 09 tháng 2 năm 2023, có bài "
        "phản ánh về giá thuốc.\n\n"
        f"{ASKS}{WORK}\n\nVăn phòng Chính phủ thông báo để Bộ Y tế thực hiện./.\n",
        [("P8", "Bộ Y tế", "2023-03-30", "deadline")],
        id="one-addressee-on-its-line-a-press-report-and-a-closing-without-biet",
    ),
    pytest.param(
        "Chủ tịch UBND tỉnh Phú Yên yêu cầu Chủ tịch UBND các huyện, thị xã, thành phố có đường "
        "QL1A đi qua khẩn trương bàn giao toàn bộ mặt bằng cho chủ đầu tư trước ngày 10/4/2023"
        "\n\nPV\n",
        [
            (
                "P1",
                "UBND các huyện, thị xã, thành phố có đường QL1A đi qua",
                "2023-04-10",
                "deadline",
            )
        ],
        id="a-page-of-one-paragraph-without-its-full-stop-and-the-districts",
    ),
    pytest.param(
        "Sau cuộc làm việc, cơ quan đại diện nhận được Thông báo số 81/TB-UBND về kết luận của "
        "Chủ tịch UBND tỉnh. Trong nội dung thông báo, đồng chí Chủ tịch chỉ đạo rõ: “Giao cho "
        "Sở Kế hoạch - Đầu tư phối hợp với UBND huyện Võ Nhai làm rõ… gói thầu số 7… giao cho "
        "Sở NNPTNT chủ trì làm rõ các nội dung theo báo nêu… báo cáo UBND tỉnh trước ngày "
        "30-3-2023…\n",
        [
            ("P1", "Sở Kế hoạch - Đầu tư", None, "none"),
            ("P1", "Sở NNPTNT", "2023-03-30", "deadline"),
        ],
        id="a-direction-quoted-after-a-colon-cut-by-ellipses",
    ),
    pytest.param(
        f"{HEAD}Kính gửi: Bộ Y tế.\n\nVăn phòng Chính phủ nhận được Báo cáo kết quả giám sát "
        "của Quốc hội về công tác y tế cơ sở (bản chụp gửi kèm).\n\n"
        f"{ASKS}{WORK}\n",
        [("P7", "Bộ Y tế", "2023-03-30", "deadline")],
        id="what-the-office-received",
    ),
    # Look-alikes that must still be read.
    pytest.param(
        f"{HEAD}{ASKS}Ủy ban nhân dân tỉnh Bà Rịa\n- Vũng Tàu hoàn thành giải phóng mặt bằng "
        "trước ngày 30/6/2023.\n",
        [("P5", "UBND tỉnh Bà Rịa - Vũng Tàu", "2023-06-30", "deadline")],
        id="a-name-wrapped-at-its-dash-is-no-bullet",
    ),
    pytest.param(
        "Văn phòng Chính phủ thông báo kết luận của Phó Thủ tướng Chính phủ tại cuộc họp về "
        "dự án. Theo đó, Bộ Y tế hoàn thiện dự thảo Thông tư trước ngày 30/3/2023.\n",
        [("P1", "Bộ Y tế", "2023-03-30", "deadline")],
        id="an-article-opening-with-the-office's-notice",
    ),
    pytest.param(
        "Văn phòng Chính phủ thông báo ý kiến của Phó Thủ tướng: Bộ Y tế hoàn thiện dự thảo "
        "Thông tư, để các địa phương biết cách áp dụng, trước ngày 30/3/2023.\n",
        [("P1", "Bộ Y tế", "2023-03-30", "deadline")],
        id="an-article-opening-with-the-office's-notice-of-an-opinion",
    ),
    pytest.param(
        f"{HEAD}Kính gửi:\n- Bộ Y tế: khẩn trương hoàn thiện dự thảo Thông tư, trình trước "
        "ngày 30/3/2023.\n",
        [("P4", "Bộ Y tế", "2023-03-30", "deadline")],
        id="an-addressee's-bullet-with-its-work",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_letter_gives_the_tasks_of_its_body_only(
    registry: AgencyRegistry, text: str, expected: list[Row]
) -> None:
    assert rows(import_notice(text, registry, issued=date(2023, 3, 2))) == expected
