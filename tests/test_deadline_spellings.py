"""Spellings of days and months met in notices the importer had not seen: a day with dots
("20.7.2020"), a day and month with a dash and no year ("12-2"), an hour before the day
("trước 14h ngày …"), the hour or part of a day an event is set for ("16 giờ ngày …",
"sáng ngày …"), one edition of what recurs named by its dated period ("định kỳ tháng
8/2026"), this week or the next ("chậm nhất cuối tuần này"), and months listed ("tháng 11, tháng 12 năm 2025") — with the
look-alikes that must not read as a deadline. The sentences are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from domain.deadline import DeadlineKind, Granularity
from notices.deadlines import parse_deadline

DAY, MONTH, QUARTER = Granularity.DAY, Granularity.MONTH, Granularity.QUARTER

# (issued, phrase, due, granularity)
READ = [
    ("2020-07-01", "các sở báo cáo bằng văn bản trước ngày 25.7.2020", "2020-07-25", DAY),
    ("2019-03-01", "hoàn thành chậm nhất ngày 5.4.2019", "2019-04-05", DAY),
    ("2016-12-01", "gửi Văn phòng Chính phủ trước ngày 5.01.2017", "2017-01-05", DAY),
    ("2024-02-01", "tổng hợp gửi về Bộ trước ngày 9-2", "2024-02-09", DAY),
    ("2025-11-20", "báo cáo chậm nhất là ngày 3-1", "2026-01-03", DAY),  # next year's
    ("2025-09-10", "đề xuất giải pháp trước ngày 20-9.", "2025-09-20", DAY),
    ("2021-04-20", "báo cáo nhanh trước 14h ngày 02/5/2021", "2021-05-02", DAY),
    ("2021-04-20", "gửi hỏa tốc trước 16 giờ 30 ngày 29/4/2021", "2021-04-29", DAY),
    ("2017-12-04", "gửi về Văn phòng trước 14 giờ, ngày 05/12/2017", "2017-12-05", DAY),
    ("2026-07-24", "làm việc theo lịch đã bố trí 16 giờ ngày 30/7/2026", "2026-07-30", DAY),
    ("2026-07-24", "tổ chức khảo sát trên địa bàn sáng ngày 31/7/2026", "2026-07-31", DAY),
    ("2026-07-24", "họp vào lúc 14h30 chiều ngày 29 tháng 7 năm 2026", "2026-07-29", DAY),
    ("2026-07-24", "tổ chức hội nghị buổi tối ngày 28/7/2026", "2026-07-28", DAY),
    ("2026-07-24", "tổ chức chương trình đối thoại định kỳ tháng 8/2026", "2026-08-31", MONTH),
    ("2026-07-24", "tổ chức hội nghị định kỳ tháng 9 năm nay", "2026-09-30", MONTH),
    ("2026-07-24", "tổ chức hội nghị giao ban định kỳ quý III/2026", "2026-09-30", QUARTER),
    # The week: its Sunday, the notice's week or the next (a Tuesday, a Sunday).
    ("2024-05-14", "yêu cầu NHNN chậm nhất cuối tuần này phải công bố", "2024-05-19", DAY),
    ("2024-05-14", "báo cáo Thủ tướng trong tuần tới", "2024-05-26", DAY),
    ("2024-05-19", "hoàn thành trước cuối tuần sau", "2024-05-26", DAY),
    ("2025-09-02", "hoàn thành trong tháng 9, tháng 10 năm 2025", "2025-10-31", MONTH),
    ("2026-01-05", "trình Chính phủ trong tháng 2 và tháng 3/2026", "2026-03-31", MONTH),
    ("2025-06-02", "trong tháng 6, tháng 7, tháng 8 năm 2025", "2025-08-31", MONTH),
]

# Look-alikes: (issued, phrase, due, kind) as they must still read.
NOT_A_NEW_DEADLINE = [
    # A span of past days with dots and no year, a count with dots.
    ("2020-07-08", "từ ngày 1.1 đến ngày 6.7, tỉnh đã giao 833 nhiệm vụ", None, "none"),
    ("2025-11-01", "xây mới 1.628 căn nhà", None, "none"),
    # A dash between two counts, or two days of a forecast.
    ("2025-01-01", "hoàn thành trong 1-2 tháng", None, "none"),
    ("2025-11-01", "trong 3-5 năm tới", None, "none"),
    ("2025-11-15", "dự báo từ ngày 16-20/11/2025 có mưa lớn", None, "none"),
    # A dashed day with no cue is the day something happened.
    ("2025-09-12", "ngày 8-9, Văn phòng Chính phủ đã có văn bản", None, "none"),
    # The hour or part of a day of a meeting already held, or held the day of the notice.
    ("2026-01-12", "Sáng ngày 10/01/2026, Phó Thủ tướng chủ trì cuộc họp", None, "none"),
    ("2026-01-12", "chiều ngày 12/01/2026, tại trụ sở Chính phủ", None, "none"),
    ("2026-01-12", "lúc 9 giờ ngày 5 tháng 1 năm 2026, đoàn đã kiểm tra", None, "none"),
    # A week reported on, not set.
    ("2024-05-14", "trong tuần này, Bộ đã tổ chức 3 đoàn kiểm tra", None, "none"),
    # A month without its year after "định kỳ" is when the duty recurs.
    ("2026-07-24", "tổ chức đối thoại định kỳ tháng 8 hằng năm", None, "recurring"),
    ("2026-07-24", "tổ chức đối thoại định kỳ tháng 8 với doanh nghiệp", None, "recurring"),
    # An hour every day is a daily duty.
    ("2021-04-23", "gửi hỏa tốc trước 14h hàng ngày", None, "recurring"),
]


@pytest.mark.parametrize(("issued", "phrase", "due", "granularity"), READ, ids=[r[1] for r in READ])
def test_it_reads_the_spelling(
    issued: str, phrase: str, due: str, granularity: Granularity
) -> None:
    read = parse_deadline(phrase, date.fromisoformat(issued))
    assert (read.due, read.granularity, read.kind) == (
        date.fromisoformat(due),
        granularity,
        DeadlineKind.DEADLINE,
    )


@pytest.mark.parametrize(
    ("issued", "phrase", "due", "kind"), NOT_A_NEW_DEADLINE, ids=[r[1] for r in NOT_A_NEW_DEADLINE]
)
def test_a_look_alike_does_not_read_as_a_deadline(
    issued: str, phrase: str, due: str | None, kind: str
) -> None:
    read = parse_deadline(phrase, date.fromisoformat(issued))
    assert read.due == (date.fromisoformat(due) if due else None)
    assert read.kind.value == kind
