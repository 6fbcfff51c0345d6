"""Finding deadline phrases in the paragraphs of real notices (sentences quoted from the seed
notices and the corpus), and staying quiet on their look-alikes."""

from __future__ import annotations

import unicodedata
from datetime import date
from itertools import pairwise

import pytest

from domain.deadline import DeadlineKind, Granularity
from notices.deadlines import normalise_text
from notices.finder import _normalise_with_offsets, find_deadlines

DAY, MONTH, QUARTER, HALF, YEAR = (
    Granularity.DAY,
    Granularity.MONTH,
    Granularity.QUARTER,
    Granularity.HALF,
    Granularity.YEAR,
)
DEADLINE, ONGOING, RECURRING = DeadlineKind.DEADLINE, DeadlineKind.ONGOING, DeadlineKind.RECURRING

Found = tuple[str, date | None, Granularity | None, DeadlineKind]


def found(text: str, issued: date) -> list[Found]:
    return [
        (m.deadline.phrase, m.deadline.due, m.deadline.granularity, m.deadline.kind)
        for m in find_deadlines(text, issued)
    ]


# Thông báo 203/TB-VPCP, issued 6 May 2024.
TB203 = date(2024, 5, 6)
# Thông báo 56/TB-VPCP, issued 23 February 2025.
TB56 = date(2025, 2, 23)
# The press summary of the December 2025 conclusion notice.
DEC2025 = date(2025, 12, 22)


@pytest.mark.parametrize(
    ("issued", "text", "expected"),
    [
        pytest.param(
            TB203,
            "Yêu cầu 07 Ủy ban nhân dân các tỉnh, thành phố An Giang, Cần Thơ, Đắk Nông, Kiên "
            "Giang, Sóc Trăng, Tây Ninh và Thành phố Hồ Chí Minh khẩn trương trình Hội đồng nhân "
            "dân cùng cấp ban hành nghị quyết về miễn, giảm phí, lệ phí trong sử dụng dịch vụ "
            "công trực tuyến. Hoàn thành trong tháng 5 năm 2024.",
            [("Hoàn thành trong tháng 5 năm 2024", date(2024, 5, 31), MONTH, DEADLINE)],
            id="203 B.II.1.d: a month",
        ),
        pytest.param(
            date(2025, 11, 3),
            "Các bộ, ngành, địa phương tiếp tục rà soát quy hoạch; ưu tiên các dự án cao tốc "
            "trong danh mục hoàn thành 5.000 km vào năm 2030; kiên quyết không bố trí vốn.",
            [],
            id="a list's horizon: the projects of a list to finish by 2030",
        ),
        pytest.param(
            date(2025, 11, 21),
            "Thống nhất với đề xuất của Bộ Tài chính, bao gồm việc báo cáo Quốc hội cho phép "
            "chuyển nguồn kinh phí chưa sử dụng hết của giai đoạn 2021 - 2025 sang thực hiện "
            "trong giai đoạn 2026 - 2030.",
            [],
            id="a budget's period: funds carried into 2026-2030",
        ),
        pytest.param(
            date(2025, 11, 3),
            "Bộ Xây dựng hoàn thành Đề án vào năm 2030.",
            [("vào năm 2030", date(2030, 12, 31), YEAR, DEADLINE)],
            id="look-alike: a far year as the task's own timing",
        ),
        pytest.param(
            date(2025, 11, 3),
            "Bộ Xây dựng rà soát danh mục dự án, hoàn thành trong năm 2026.",
            [("hoàn thành trong năm 2026", date(2026, 12, 31), YEAR, DEADLINE)],
            id="look-alike: a near year after a list",
        ),
        pytest.param(
            TB203,
            "a)\nKhẩn trương hoàn thiện, trình Chính phủ ban hành Nghị định quy định việc lập dự\n"
            "toán, quản lý, sử dụng kinh phí thường xuyên ngân sách nhà nước để thực hiện\n"
            "các dự án đầu tư xây dựng, cải tạo, nâng cấp, mở rộng dự án, mua sắm tài sản, sửa\n"
            "chữa, nâng cấp trang thiết bị, hoàn thành trước ngày 30 tháng 5 năm 2024 theo\n"
            "đúng chỉ đạo của Thủ tướng Chính phủ tại Thông báo số 156/TB-VPCP ngày 10 tháng\n"
            "4 năm 2024 và Phó Thủ tướng Lê Minh Khái tại Thông báo số 181/TB-VPCP ngày 25\n"
            "tháng 4 năm 2024 của Văn phòng Chính phủ.",
            [
                (
                    "hoàn thành trước ngày 30 tháng 5 năm 2024",
                    date(2024, 5, 30),
                    DAY,
                    DEADLINE,
                )
            ],
            id="203 B.II.6.a: a day among cited notices and kinh phí thường xuyên",
        ),
        pytest.param(
            TB203,
            "Nghiên cứu kinh nghiệm của Bộ Công an về triển khai Đề án 06, xây dựng đề án\n"
            "chuyển đổi số của bộ, ngành, địa phương, bảo đảm kết nối với Đề án 06 trong nửa\n"
            "đầu năm 2024 (trước 30 tháng 6 năm 2024).",
            [
                (
                    "trong nửa\nđầu năm 2024 (trước 30 tháng 6 năm 2024)",
                    date(2024, 6, 30),
                    DAY,
                    DEADLINE,
                )
            ],
            id="203 B.II.1.c: the precise parenthesis wins",
        ),
        pytest.param(
            TB203,
            "Các địa phương phối hợp chặt chẽ với các doanh nghiệp viễn thông, điện lực xóa\n"
            "bỏ các vùng lõm sóng di động tại các thôn, bản đã có điện lưới quốc gia, hoàn\n"
            "thành trước tháng 12 năm 2024; tiếp tục nâng cao chất lượng mạng băng rộng di động.",
            [("hoàn\nthành trước tháng 12 năm 2024", date(2024, 11, 30), MONTH, DEADLINE)],
            id="203 B.II.1.g: before a month",
        ),
        pytest.param(
            TB56,
            "Khẩn trương ban hành Kế hoạch thực hiện Chương\n"
            "trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị\n"
            "trong tháng 02 năm 2025, đảm bảo “rõ người, rõ việc, rõ thời gian, rõ kết quả,\n"
            "rõ trách nhiệm” để đánh giá, đo lường, kiểm tra, giám sát",
            [("trong tháng 02 năm 2025", date(2025, 2, 28), MONTH, DEADLINE)],
            id="56 IV.1.b: a month after a cited resolution",
        ),
        pytest.param(
            TB56,
            "Phấn đấu\nđến hết năm 2025, 100% thủ tục hành chính đủ điều kiện theo quy định của "
            "pháp\nluật được cung cấp dưới hình thức dịch vụ công trực tuyến toàn trình, 80% hồ "
            "sơ\nthủ tục hành chính được xử lý trực tuyến, 40% dân số trưởng thành sử dụng "
            "dịch\nvụ công trực tuyến. Hết tháng 6 năm 2025, 100% hồ sơ giải quyết thủ tục "
            "hành\nchính được gắn định danh cá nhân.",
            [
                ("Phấn đấu\nđến hết năm 2025", date(2025, 12, 31), YEAR, DEADLINE),
                ("Hết tháng 6 năm 2025", date(2025, 6, 30), MONTH, DEADLINE),
            ],
            id="56 IV.1.c: a target year and a month",
        ),
        pytest.param(
            TB56,
            "Phối hợp với Bộ Tư pháp, Bộ\nCông an số hóa dữ liệu hộ tịch và đồng bộ với Cơ sở "
            "dữ liệu quốc gia về dân cư\nđể làm sạch, phục vụ cắt giảm, đơn giản hóa thủ tục "
            "hành chính, hoàn thành trước\nngày 31 tháng 3 năm 2025; Phối hợp với Bộ Tài nguyên "
            "và Môi trường số hóa dữ liệu\nđất đai trên địa bàn, hoàn thành trước ngày 30 tháng "
            "6 năm 2025.",
            [
                (
                    "hoàn thành trước\nngày 31 tháng 3 năm 2025",
                    date(2025, 3, 31),
                    DAY,
                    DEADLINE,
                ),
                (
                    "hoàn thành trước ngày 30 tháng 6 năm 2025",
                    date(2025, 6, 30),
                    DAY,
                    DEADLINE,
                ),
            ],
            id="56 IV.1.đ: one item, two deadlines",
        ),
        pytest.param(
            TB56,
            "Chủ trì, phối hợp với các cơ quan liên quan khẩn\ntrương hoàn thiện Luật Công "
            "nghiệp công nghệ số để trình Quốc hội tại Kỳ họp thứ\n9 vào tháng 5 năm 2025; kịp "
            "thời trình Chính phủ ban hành các nghị định hướng dẫn\nsau khi luật được ban hành.",
            [("tại Kỳ họp thứ\n9 vào tháng 5 năm 2025", date(2025, 5, 31), MONTH, DEADLINE)],
            id="56 IV.3.a: a session in May",
        ),
        pytest.param(
            TB56,
            "Xây dựng, trình cấp có thẩm quyền ban hành\nChương trình phát triển Chính phủ số và "
            "Chương trình phát triển kinh tế số, xã\nhội số giai đoạn 2026-2030, hoàn thành "
            "trong Quý III năm 2025.",
            [("hoàn thành trong Quý III năm 2025", date(2025, 9, 30), QUARTER, DEADLINE)],
            id="56 IV.3.b: a quarter after a programme's period",
        ),
        pytest.param(
            TB56,
            "a) Trong 6 tháng đầu năm 2025, tập trung triển khai\ncông tác quản lý thu thuế "
            "khoán đối với hộ kinh doanh, cá nhân kinh doanh",
            [("Trong 6 tháng đầu năm 2025", date(2025, 6, 30), HALF, DEADLINE)],
            id="56 IV.7.a: the first half",
        ),
        pytest.param(
            TB56,
            "tổng hợp, đề\nxuất cấp có thẩm quyền khen thưởng các tập thể, cá nhân có thành tích "
            "trong\ncông tác triển khai chuyển đổi số quốc gia và Đề án 06 năm 2024 tại phiên "
            "họp\ntháng 3 năm 2025, đồng thời tổ chức khen thưởng theo thẩm quyền được giao",
            [("tại phiên họp\ntháng 3 năm 2025", date(2025, 3, 31), MONTH, DEADLINE)],
            id="56 IV.10: a meeting in March",
        ),
        pytest.param(
            DEC2025,
            "Các cơ quan chủ quản CSDL đã có dữ liệu bảo đảm đủ điều kiện khai thác, sử dụng "
            "trên thực tế có trách nhiệm cập nhật kịp thời, đầy đủ thông tin, hoàn thành ngay "
            "trong tháng 12/2025; tiếp tục thực hiện công bố phạm vi thông tin được khai thác",
            [("hoàn thành ngay trong tháng 12/2025", date(2025, 12, 31), MONTH, DEADLINE)],
            id="December 2025: right within December",
        ),
        pytest.param(
            DEC2025,
            "Bộ Khoa học và Công nghệ tập trung xây dựng, trình Chính phủ để trình Quốc hội ban "
            "hành: Luật Bưu chính (sửa đổi) theo tiến độ được quy định tại Quyết định số "
            "2352/QĐ-TTg ngày 24/10/2025 của Thủ tướng Chính phủ; khẩn trương trình Thủ tướng "
            "Chính phủ Kế hoạch hoạt động năm 2026 của Ban Chỉ đạo của Chính phủ, hoàn thành "
            "trước ngày 15/01/2026.",
            [("hoàn thành trước ngày 15/01/2026", date(2026, 1, 15), DAY, DEADLINE)],
            id="December 2025: a cited decision's date is skipped",
        ),
        pytest.param(
            DEC2025,
            "Bộ Nội vụ chủ trì, phối hợp với Bộ Tư pháp, Bộ Công an, Văn phòng Chính phủ và các "
            "bộ, ngành có liên quan hằng tháng cung cấp số liệu về kết quả cắt giảm, đơn giản "
            "hóa TTHC của các bộ, ngành, địa phương cho các cơ quan truyền thông để công bố, "
            "công khai trên các phương tiện truyền thông, nhiệm vụ thường xuyên.",
            [
                ("hằng tháng", None, Granularity.MONTHLY, RECURRING),
                ("nhiệm vụ thường xuyên", None, None, ONGOING),
            ],
            id="December 2025: monthly, a standing duty",
        ),
        pytest.param(
            DEC2025,
            "Đồng thời, khẩn trương chủ trì, phối hợp với các bộ, ngành liên quan tham mưu ban "
            "hành Nghị quyết quy phạm của Chính phủ về phát triển công dân số, hoàn thành trong "
            "Quý I/2026; phối hợp Văn phòng Chính phủ và các bộ, ngành liên quan xây dựng Chương "
            "trình triển khai Đề án 06 giai đoạn 2026 - 2030, trình Thủ tướng Chính phủ ban hành "
            "trong tháng 01/2026.",
            [
                ("hoàn thành trong Quý I/2026", date(2026, 3, 31), QUARTER, DEADLINE),
                ("trong tháng 01/2026", date(2026, 1, 31), MONTH, DEADLINE),
            ],
            id="December 2025: a quarter and a month, not the programme's period",
        ),
        pytest.param(
            date(2025, 2, 6),
            "Kế hoạch thực hiện phải hoàn thành trước 15/2, bảo đảm thực chất, không hình thức",
            [("phải hoàn thành trước 15/2", date(2025, 2, 15), DAY, DEADLINE)],
            id="press, February 2025: a day without a year",
        ),
        pytest.param(
            date(2025, 11, 17),
            "Cập nhật kết quả thực hiện cải cách thủ tục hành chính, chuyển đổi số gắn với Đề "
            "án 06 trước ngày 20 hằng tháng lên phần mềm theo dõi, giám sát Đề án 06",
            [("trước ngày 20 hằng tháng", None, Granularity.MONTHLY, RECURRING)],
            id="Hà Nội KH 308: before the 20th of every month",
        ),
        pytest.param(
            date(2025, 11, 20),
            "Thời gian thực hiện: Thường xuyên.",
            [("Thường xuyên", None, None, ONGOING)],
            id="Bắc Ninh KH 141: a standing duty after the label",
        ),
        pytest.param(
            date(2025, 11, 20),
            "Thời gian thực hiện: Tháng 12/2025.",
            [("Tháng 12/2025", date(2025, 12, 31), MONTH, DEADLINE)],
            id="Bắc Ninh KH 141: a bare month after the label",
        ),
        pytest.param(
            date(2025, 11, 20),
            "Thời gian thực hiện: Giai đoạn 2026-2030 và những năm tiếp theo.",
            [("Giai đoạn 2026-2030 và những năm tiếp theo", None, None, ONGOING)],
            id="Bắc Ninh KH 141: a period and the following years",
        ),
        pytest.param(
            date(2025, 11, 24),
            "2 | Khảo sát, đánh giá thực trạng hạ tầng viễn thông | Ban Quản lý các khu công "
            "nghệ cao và khu công nghiệp | Sở Khoa học và Công nghệ | Quý IV/2025- Quý II/2026",
            [("Quý IV/2025- Quý II/2026", date(2026, 6, 30), QUARTER, DEADLINE)],
            id="Hà Nội KH 310: a range of quarters in a table cell",
        ),
        pytest.param(
            date(2025, 8, 28),
            "Hoàn thành việc tặng quà cho người dân (bằng hình thức chuyển khoản hoặc trực "
            "tiếp) trong thời gian sớm nhất có thể, xong trước ngày Quốc khánh 02/9/2025.",
            [("xong trước ngày Quốc khánh 02/9/2025", date(2025, 9, 2), DAY, DEADLINE)],
            id="Công điện 149: before a named day",
        ),
        pytest.param(
            date(2025, 6, 5),
            "Yêu cầu các cấp ủy, chính quyền địa phương tổ chức họp giao ban 1 tuần/lần giữa Ủy "
            "ban nhân dân tỉnh với các cơ quan liên quan và các nhà thầu",
            [("1 tuần/lần", None, Granularity.WEEKLY, RECURRING)],
            id="Thông báo 285: once a week",
        ),
        pytest.param(
            date(2025, 11, 25),
            "Thực hiện giảm lãi suất cho vay từ ngày 01 tháng 10 năm 2025 đến hết ngày 31 "
            "tháng 12 năm 2025 và bảo đảm trong phạm vi kế hoạch vốn cấp bù",
            [
                (
                    "từ ngày 01 tháng 10 năm 2025 đến hết ngày 31 tháng 12 năm 2025",
                    date(2025, 12, 31),
                    DAY,
                    DEADLINE,
                )
            ],
            id="Nghị quyết 380: a range of days",
        ),
    ],
)
def test_it_finds_the_deadline_phrases_of_real_sentences(
    issued: date, text: str, expected: list[Found]
) -> None:
    assert found(text, issued) == expected


@pytest.mark.parametrize(
    ("issued", "text"),
    [
        pytest.param(
            TB56,
            "Bám sát Nghị quyết số 57-NQ/TW ngày 22 tháng 12\nnăm 2024 của Bộ Chính trị và các "
            "nhiệm vụ, giải pháp trọng tâm",
            id="a cited resolution's date",
        ),
        pytest.param(
            TB56,
            "Khẩn trương tham gia ý kiến theo đề nghị của Bộ\nCông an tại Công văn số "
            "73/BCA-C06 ngày 08 tháng 01 năm 2025 phục vụ triển khai\nĐề án Trung tâm dữ liệu "
            "quốc gia.",
            id="a cited official letter's date",
        ),
        pytest.param(
            TB56,
            "Bộ Y tế cùng với Bộ Công an và\ncác đơn vị liên quan triển khai thí điểm Hệ thống "
            "điều phối dữ liệu y tế theo\nchỉ đạo của Thủ tướng Chính phủ tại Văn bản số "
            "450/VPCP-KSTT ngày 16 tháng 01\nnăm 2025",
            id="a letter cited with tại Văn bản số",
        ),
        pytest.param(
            TB203,
            "Ngày 24 tháng 4 năm 2024, tại\ntrụ sở Chính phủ, Thủ tướng Chính phủ Phạm Minh "
            "Chính, Chủ tịch Ủy ban Quốc gia\nvề chuyển đổi số đã chủ trì Phiên họp lần thứ 8",
            id="the meeting's date",
        ),
        pytest.param(
            date(2025, 2, 6),
            "Chiều 6/2, tại Trụ sở Chính phủ, Thủ tướng Phạm Minh Chính, Chủ tịch Ủy ban Quốc "
            "gia về chuyển đổi số chủ trì Phiên họp lần thứ 10",
            id="an afternoon's meeting",
        ),
        pytest.param(
            date(2025, 11, 22),
            "Từ ngày 08 đến ngày 09 tháng 11 năm 2025 tại Thanh Hóa, Thủ tướng Chính phủ Phạm "
            "Minh Chính đã đến thăm Trạm Y tế và Công an xã Yên Khương",
            id="the days of a working visit",
        ),
        pytest.param(
            TB203,
            "Trong\nQuý I năm 2024, doanh thu công nghiệp công nghệ thông tin đạt gần 36,3 tỷ "
            "USD, tăng 17,7% so với cùng kỳ",
            id="a quarter's revenue",
        ),
        pytest.param(
            TB203,
            "Quý I năm 2024 đã ghi nhận gần 2,4 nghìn cuộc tấn\ncông mạng.",
            id="a quarter's attacks",
        ),
        pytest.param(
            TB203,
            "Sau khi nghe Bộ Thông tin và\nTruyền thông báo cáo tóm tắt kết quả triển khai "
            "chuyển đổi số quốc gia từ đầu\nnăm đến tháng 4 năm 2024, nhiệm vụ trọng tâm chuyển "
            "đổi số và phát triển kinh tế\nsố năm 2024",
            id="from the start of the year to April",
        ),
        pytest.param(
            date(2025, 2, 25),
            "Trong năm 2024, công tác chuyển đổi số quốc gia và Đề án 06 đã đạt được một số kết "
            "quả tích cực",
            id="last year's results",
        ),
        pytest.param(
            date(2025, 2, 6),
            "Thương mại điện tử tiếp tục phát triển mạnh mẽ (năm 2024 đạt 28 tỷ USD, tăng 36%).",
            id="a year's turnover",
        ),
        pytest.param(
            date(2025, 12, 22),
            "thanh toán không dùng tiền mặt đến tháng 10/2025 đạt 20,2 tỷ giao dịch/năm",
            id="payments up to October",
        ),
        pytest.param(
            date(2025, 6, 1),
            "Kết quả 5 tháng đầu năm 2025 và 9 tháng năm 2024, 10 tháng năm 2025 cho thấy",
            id="reporting periods in months",
        ),
        pytest.param(
            TB56,
            "góp phần thúc đẩy\ntăng trưởng kinh tế trên 8% năm 2025 và ở mức hai con số trong "
            "những năm tiếp\ntheo.",
            id="a growth target",
        ),
        pytest.param(
            date(2025, 2, 6),
            "góp phần đạt tăng trưởng GDP đạt ít nhất 8% trong năm 2025.",
            id="a growth target with trong năm",
        ),
        pytest.param(
            TB56,
            "Tổ chức triển khai có hiệu quả Chương trình “Phát triển\nnguồn nhân lực ngành "
            "công nghiệp bán dẫn đến năm 2030, định hướng đến năm 2050”",
            id="a programme's title with its horizon",
        ),
        pytest.param(
            date(2025, 11, 20),
            "kế hoạch vốn đầu tư công trung hạn giai đoạn 2026 - 2030 từ số vốn không giải ngân "
            "hết phải hoàn trả ngân sách trung ương",
            id="a programme's period",
        ),
        pytest.param(
            TB56,
            "Bố trí nguồn\nngân sách Nhà nước chi thường xuyên để triển khai các hoạt động "
            "chuyển đổi số\nquốc gia và Đề án 06",
            id="chi thường xuyên",
        ),
        pytest.param(
            date(2025, 11, 20),
            "Trong quá trình thực hiện, tiếp tục rà soát, cân đối, bố trí thêm từ nguồn tăng "
            "thu, tiết kiệm chi hằng năm đối với các nội dung giải ngân tốt",
            id="chi hằng năm",
        ),
        pytest.param(
            TB56,
            "Chủ trì, phối hợp với Bộ Công an và Văn phòng Chính phủ xây dựng dự thảo Chỉ thị "
            "của Thủ tướng Chính phủ về đẩy\nmạnh thực hiện Đề án 06 trong năm 2025 và những "
            "năm tiếp theo",
            id="a directive's title",
        ),
        pytest.param(
            TB203,
            "Trong đó, khẩn trương xử lý các nhiệm vụ quá hạn, tồn đọng trong giai đoạn\n"
            "2022-2023.",
            id="a period already over",
        ),
        pytest.param(
            TB203,
            "Bộ Nội vụ phối hợp với các cơ quan của Quốc hội để chỉnh\nlý, trình Quốc hội thông "
            "qua Luật Lưu trữ (sửa đổi) tại kỳ họp thứ 7 Quốc hội\nkhóa XV",
            id="a session without a month",
        ),
        pytest.param(
            date(2025, 11, 18),
            "bảo đảm chất lượng, an toàn phục vụ nhu cầu đi lại của nhân dân dịp Tết dương lịch "
            "2026 và Tết Bính Ngọ",
            id="a festival",
        ),
        pytest.param(
            TB56,
            "Sớm\nhoàn thiện dự thảo, trình Chính phủ ban hành các nghị định hướng dẫn thi hành\n"
            "Luật Dữ liệu.",
            id="sớm only",
        ),
        pytest.param(
            date(2025, 11, 18),
            "Từ nay đến hết năm 2025 chỉ còn gần 2 tháng, một số dự án hiện còn khối lượng công "
            "việc lớn",
            id="a remark about the time left",
        ),
        pytest.param(
            TB203,
            "Tính riêng 25 dịch vụ công thiết yếu\ntại Đề án 06 hằng năm, đã tiết kiệm cho nhà "
            "nước, xã hội gần 3,5 nghìn tỷ đồng.",
            id="a yearly saving",
        ),
        pytest.param(
            date(2025, 11, 16),
            "bảo đảm triển khai hiệu quả, hoàn thành toàn bộ các nhiệm vụ được giao trong năm "
            "2025, nhất là tại Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024",
            id="the year tasks were assigned",
        ),
        pytest.param(
            date(2025, 11, 18),
            "phấn đấu giải ngân đạt tối thiểu 95% kế hoạch vốn đầu tư công năm 2025",
            id="a budget year",
        ),
        pytest.param(
            date(2025, 11, 20),
            "tiếp tục thực hiện các nhiệm vụ trong năm 2025 và chuyển sang năm 2026",
            id="an open window",
        ),
        pytest.param(
            date(2025, 11, 20),
            "triển khai theo tiến độ tại Nghị quyết số 12/NQ-CP ngày 12 tháng 3 năm 2025",
            id="a cited schedule",
        ),
        pytest.param(
            date(2025, 11, 20),
            "Dự án thành phần 2 có tổng mức đầu tư 2025 tỷ đồng, chiều dài 20,25 km",
            id="a number that looks like a year",
        ),
        pytest.param(
            date(2025, 11, 20),
            "tổ chức lễ khánh thành cùng dịp Lễ khánh thành các công trình trọng điểm",
            id="an event without its date",
        ),
        pytest.param(
            date(2025, 7, 3),
            "cần báo cáo rõ thời điểm và các hạng mục dự kiến khởi công năm 2025",
            id="a planned year, not the task's own",
        ),
    ],
)
def test_it_does_not_fire_on_look_alikes(issued: date, text: str) -> None:
    assert found(text, issued) == []


def test_each_phrase_is_the_original_slice_of_the_text() -> None:
    text = (
        "Bộ Công an đầu tư, xây dựng và đưa vào vận hành Hệ thống điều phối giải quyết thủ "
        "tục hành chính, hoàn thành trước ngày 1/3/2026; khẩn  trương triển khai ứng dụng "
        "VNeID, hoàn thành\ntrong năm 2026."
    )

    matches = find_deadlines(text, DEC2025)

    assert [text[m.start : m.end] for m in matches] == [
        "hoàn thành trước ngày 1/3/2026",
        "hoàn thành\ntrong năm 2026",
    ]
    assert [m.deadline.phrase for m in matches] == [text[m.start : m.end] for m in matches]


def test_spans_point_into_decomposed_text_as_given() -> None:
    text = unicodedata.normalize("NFD", "Hệ thống điều phối, hoàn thành trong Quý I/2026.")

    (match,) = find_deadlines(text, DEC2025)

    assert match.deadline.phrase == text[match.start : match.end]
    assert unicodedata.normalize("NFC", match.deadline.phrase) == "hoàn thành trong Quý I/2026"
    assert match.deadline.due == date(2026, 3, 31)


def test_matches_do_not_overlap_and_come_in_text_order() -> None:
    text = (
        "Từ ngày 15 tháng 9 năm 2025 đến 30 tháng 11 năm 2025, phối hợp với các hãng hàng "
        "không; hoàn thành trong tháng 12 năm 2025; định kỳ trước ngày 30 tháng 11 hàng năm "
        "báo cáo."
    )

    matches = find_deadlines(text, date(2025, 9, 13))

    assert [m.deadline.phrase for m in matches] == [
        "Từ ngày 15 tháng 9 năm 2025 đến 30 tháng 11 năm 2025",
        "hoàn thành trong tháng 12 năm 2025",
        "định kỳ trước ngày 30 tháng 11 hàng năm",
    ]
    assert all(a.end <= b.start for a, b in pairwise(matches))


def test_an_empty_paragraph_has_no_deadlines() -> None:
    assert find_deadlines("", TB56) == []
    assert find_deadlines(" \n\t ", TB56) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("  Hoàn\nthành   trước\tngày 28 tháng 02 năm 2025 ", id="whitespace"),
        pytest.param(unicodedata.normalize("NFD", "Quý IV/2025 – Quý II/2026"), id="NFD"),
        pytest.param("ĐẾN NĂM 2030\n\nKẾ HOẠCH", id="upper case"),
        pytest.param("", id="empty"),
    ],
)
def test_offsets_follow_the_same_normalisation_as_the_normaliser(text: str) -> None:
    normalised, starts, ends = _normalise_with_offsets(text)

    assert normalised == normalise_text(text)
    assert len(starts) == len(ends) == len(normalised)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Bộ Xây dựng bảo đảm thông xe kỹ thuật năm 2025; hoàn thành toàn tuyến tới 2030.",
            [
                ("thông xe kỹ thuật năm 2025", "2025-12-31", "deadline"),
                ("tới 2030", "2030-12-31", "deadline"),
            ],
            id="a bare year at the end of a sentence",
        ),
        pytest.param(
            "Bộ Tài chính chi trả vào kỳ chi trả tháng 12 năm 2025 và các năm tiếp theo.",
            [("vào kỳ chi trả tháng 12 năm 2025 và các năm tiếp theo", None, "ongoing")],
            id="a period and the following years",
        ),
        pytest.param(
            "Mục tiêu hoàn thành, bảo đảm đạt 3.000 km đường cao tốc trong năm 2025 là không "
            "thay đổi. Lãnh đạo 4 tỉnh đều cam kết hoàn thành các dự án trong năm 2025.",
            [],
            id="a target stated and a commitment reported",
        ),
        pytest.param(
            "Bộ Y tế trình Kế hoạch, trong đó xác định rõ: mục tiêu, lộ trình, hoàn thành trong "
            "tháng 12 năm 2025. Các địa phương phấn đấu hoàn thành mục tiêu trong năm 2025.",
            [
                ("hoàn thành trong tháng 12 năm 2025", "2025-12-31", "deadline"),
                ("trong năm 2025", "2025-12-31", "deadline"),
            ],
            id="look-alike: targets listed after a colon, or striven for, keep their dates",
        ),
        pytest.param(
            "Các chủ đầu tư cập nhật lại tiến độ thi công theo mục tiêu hoàn thành thông tuyến "
            "trên lớp bê tông nhựa trong năm 2025.",
            [],
            id="a schedule made to fit a target: the date is the target's",
        ),
        pytest.param(
            "Ủy ban nhân dân các tỉnh yêu cầu các Ban Quản lý dự án thường xuyên kiểm tra, đôn "
            "đốc các nhà thầu.",
            [("thường xuyên", None, "ongoing")],
            id="a duty's timing before its verb",
        ),
        pytest.param(
            "Bộ Xây dựng đã thường xuyên kiểm tra các công trường; chỉ đạo thường xuyên, phối "
            "hợp chặt chẽ, thường xuyên với các địa phương.",
            [],
            id="look-alike: a duty reported, or a manner, is no standing duty",
        ),
        pytest.param(
            "Bộ Xây dựng hàng tháng kiểm đếm kết quả đạt được của các địa phương, tổng hợp báo "
            "cáo Thủ tướng Chính phủ.",
            [("hàng tháng", None, "recurring")],
            id="the results achieved are a noun, not a report",
        ),
        pytest.param(
            "Năm 2025, các địa phương hằng tháng đạt 3.000 căn hộ.",
            [],
            id="look-alike: achieving every month is a report",
        ),
        pytest.param(
            "Tổng công ty cần huy động lực lượng bảo đảm hoàn thành ngày 19 tháng 12 năm 2025.",
            [("hoàn thành ngày 19 tháng 12 năm 2025", "2025-12-19", "deadline")],
            id="a day as the timing of the task's own verb",
        ),
        pytest.param(
            "Dự án đã hoàn thành ngày 15/11/2025. Ngày 19/12/2025, Thủ tướng dự lễ khánh thành.",
            [],
            id="look-alike: a day something was done, or an event's date, is no deadline",
        ),
        pytest.param(
            "Các chủ đầu tư lập lại tiến độ theo mục tiêu đề ra, hoàn thành trong năm 2025. Lập "
            "lại tiến độ đảm bảo mục tiêu hoàn thành giai đoạn 1 vào dịp ngày 19/12/2025.",
            [
                ("hoàn thành trong năm 2025", "2025-12-31", "deadline"),
                ("vào dịp ngày 19/12/2025", "2025-12-19", "deadline"),
            ],
            id="look-alike: a date after the target's clause, or a target ensured, is the task's",
        ),
    ],
)
def test_late_2025_wordings_in_sentences(
    text: str, expected: list[tuple[str, str | None, str]]
) -> None:
    matches = find_deadlines(text, date(2025, 11, 20))
    assert [
        (
            m.deadline.phrase,
            m.deadline.due.isoformat() if m.deadline.due else None,
            m.deadline.kind.value,
        )
        for m in matches
    ] == expected


def test_an_annual_expenditure_is_no_yearly_duty_but_a_yearly_payment_is() -> None:
    issued = date(2025, 11, 20)
    assert find_deadlines("tiết kiệm chi hằng năm đối với các nội dung giải ngân tốt", issued) == []
    (payment,) = find_deadlines("chi trả trợ cấp hằng năm cho người có công", issued)
    assert (payment.deadline.kind, payment.deadline.granularity) == (
        DeadlineKind.RECURRING,
        Granularity.YEARLY,
    )
