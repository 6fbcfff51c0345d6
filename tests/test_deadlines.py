"""The Vietnamese deadline normaliser: the convention's rules, its worked examples, the rule
table one rule at a time, and the admin's ``/addtask`` input."""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import date

import pytest

from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.errors import DeadlineNotUnderstood
from notices.deadlines import (
    FIRST_WORDS,
    RULES,
    Role,
    day_in_digits,
    normalise_text,
    parse_admin_deadline,
    parse_deadline,
    read_expressions,
)

DAY, MONTH, QUARTER, HALF, YEAR = (
    Granularity.DAY,
    Granularity.MONTH,
    Granularity.QUARTER,
    Granularity.HALF,
    Granularity.YEAR,
)
WEEKLY, MONTHLY, QUARTERLY, YEARLY = (
    Granularity.WEEKLY,
    Granularity.MONTHLY,
    Granularity.QUARTERLY,
    Granularity.YEARLY,
)
DEADLINE, ONGOING, RECURRING, NONE = (
    DeadlineKind.DEADLINE,
    DeadlineKind.ONGOING,
    DeadlineKind.RECURRING,
    DeadlineKind.NONE,
)

RULES_BY_NAME = {rule.name: rule for rule in RULES}


def fields(deadline: Deadline) -> tuple[date | None, Granularity | None, DeadlineKind]:
    return deadline.due, deadline.granularity, deadline.kind


# ----------------------------------------------------------------------------- worked examples

# Every row of "Worked examples from the seeds" in the deadlines convention.
WORKED_EXAMPLES = [
    ("2025-02-23", "trong tháng 02 năm 2025", "2025-02-28", MONTH, DEADLINE),
    ("2025-02-23", "Hoàn thành trước ngày 28 tháng 02 năm 2025", "2025-02-28", DAY, DEADLINE),
    ("2025-02-23", "hoàn thành trong Quý III năm 2025", "2025-09-30", QUARTER, DEADLINE),
    ("2025-02-23", "tại Kỳ họp thứ 9 vào tháng 5 năm 2025", "2025-05-31", MONTH, DEADLINE),
    ("2025-02-23", "Trong 6 tháng đầu năm 2025", "2025-06-30", HALF, DEADLINE),
    ("2025-02-23", "trong năm 2025", "2025-12-31", YEAR, DEADLINE),
    ("2024-05-06", "hoàn thành trước tháng 12 năm 2024", "2024-11-30", MONTH, DEADLINE),
    (
        "2024-05-06",
        "trong nửa đầu năm 2024 (trước 30 tháng 6 năm 2024)",
        "2024-06-30",
        DAY,
        DEADLINE,
    ),
    ("2024-05-06", "tại kỳ họp thứ 7 Quốc hội khóa XV", None, None, NONE),
    ("2025-12-22", "trong tháng 01/2026", "2026-01-31", MONTH, DEADLINE),
    ("2025-12-22", "hoàn thành trong Quý I/2026", "2026-03-31", QUARTER, DEADLINE),
    ("2025-12-22", "hoàn thành trước ngày 1/3/2026", "2026-03-01", DAY, DEADLINE),
    ("2025-12-22", "nhiệm vụ thường xuyên", None, None, ONGOING),
    ("2025-12-22", "hằng tháng", None, MONTHLY, RECURRING),
    ("2025-02-06", "trước 15/2", "2025-02-15", DAY, DEADLINE),
]


@pytest.mark.parametrize(
    ("issued", "phrase", "due", "granularity", "kind"),
    [pytest.param(*row, id=row[1]) for row in WORKED_EXAMPLES],
)
def test_it_reads_every_worked_example_of_the_convention(
    issued: str,
    phrase: str,
    due: str | None,
    granularity: Granularity | None,
    kind: DeadlineKind,
) -> None:
    result = parse_deadline(phrase, date.fromisoformat(issued))

    assert result == Deadline(
        due=date.fromisoformat(due) if due else None,
        granularity=granularity,
        kind=kind,
        phrase=phrase,
    )


# ----------------------------------------------------------------------------- the rule table

# (rule that must read it, issued, phrase, due, granularity, kind)
RULE_EXAMPLES = [
    ("monthly_on_a_day", "2025-11-17", "trước ngày 20 hằng tháng", None, MONTHLY, RECURRING),
    ("monthly_on_a_day", "2025-11-17", "trước ngày 15 hằng tháng", None, MONTHLY, RECURRING),
    (
        "yearly_on_a_day",
        "2025-11-24",
        "định kỳ trước ngày 30 tháng 11 hàng năm",
        None,
        YEARLY,
        RECURRING,
    ),
    ("yearly_on_a_day", "2025-01-01", "vào ngày 29/2 hằng năm", None, YEARLY, RECURRING),
    ("once_per_period", "2025-06-05", "họp giao ban 1 tuần/lần", None, WEEKLY, RECURRING),
    ("once_per_period", "2025-06-05", "một lần/quý", None, QUARTERLY, RECURRING),
    ("every_period", "2025-12-22", "hằng tháng", None, MONTHLY, RECURRING),
    ("every_period", "2025-09-13", "công bố hàng tháng", None, MONTHLY, RECURRING),
    ("every_period", "2025-01-01", "hằng quý", None, QUARTERLY, RECURRING),
    ("every_period", "2025-01-01", "hàng quý", None, QUARTERLY, RECURRING),
    ("every_period", "2025-11-20", "Hằng năm", None, YEARLY, RECURRING),
    ("every_period", "2025-11-24", "Hàng năm", None, YEARLY, RECURRING),
    ("every_period", "2025-01-01", "định kỳ hằng năm", None, YEARLY, RECURRING),
    ("every_period", "2025-01-01", "hằng tuần", None, WEEKLY, RECURRING),
    (
        "and_the_following_years",
        "2025-11-20",
        "Giai đoạn 2026-2030 và những năm tiếp theo",
        None,
        None,
        ONGOING,
    ),
    (
        "budget_and_the_following_years",
        "2025-11-25",
        "sử dụng ngân sách địa phương năm 2026 và các năm tiếp theo",
        None,
        None,
        ONGOING,
    ),
    ("standing_duty", "2025-12-22", "nhiệm vụ thường xuyên", None, None, ONGOING),
    (
        "regularly_before_a_duty",
        "2025-06-05",
        "yêu cầu các Ban Quản lý dự án thường xuyên kiểm tra, đôn đốc",
        None,
        None,
        ONGOING,
    ),
    ("standing_duty", "2025-11-17", "Thực hiện thường xuyên", None, None, ONGOING),
    ("standing_duty", "2025-06-02", "được tiến hành thường xuyên", None, None, ONGOING),
    (
        "from_to",
        "2025-11-25",
        "từ ngày 01 tháng 10 năm 2025 đến hết ngày 31 tháng 12 năm 2025",
        "2025-12-31",
        DAY,
        DEADLINE,
    ),
    (
        "from_to",
        "2025-09-13",
        "Từ ngày 15 tháng 9 năm 2025 đến 30 tháng 11 năm 2025",
        "2025-11-30",
        DAY,
        DEADLINE,
    ),
    ("from_to", "2025-01-10", "từ tháng 3 đến tháng 5/2025", "2025-05-31", MONTH, DEADLINE),
    ("dash_range", "2025-11-24", "Quý IV/2025 – Quý II/2026", "2026-06-30", QUARTER, DEADLINE),
    ("dash_range", "2025-11-24", "Quý IV/2025- Quý II/2026", "2026-06-30", QUARTER, DEADLINE),
    ("from_a_day_on", "2025-11-20", "Từ 01/7/2025", None, None, ONGOING),
    ("from_a_day_on", "2025-09-13", "Từ ngày 01 tháng 12 năm 2025", None, None, ONGOING),
    (
        "session_in_month",
        "2025-02-23",
        "tại Kỳ họp thứ 9 vào tháng 5 năm 2025",
        "2025-05-31",
        MONTH,
        DEADLINE,
    ),
    (
        "session_in_month",
        "2025-02-23",
        "tại phiên họp tháng 3 năm 2025",
        "2025-03-31",
        MONTH,
        DEADLINE,
    ),
    (
        "session_in_month",
        "2019-10-25",
        "trình phiên họp Chính phủ tháng 11/2019",
        "2019-11-30",
        MONTH,
        DEADLINE,
    ),
    (
        "verb_day",
        "2025-12-11",
        "bảo đảm hoàn thành ngày 19 tháng 12 năm 2025",
        "2025-12-19",
        DAY,
        DEADLINE,
    ),
    (
        "verb_day_in_digits",
        "2025-12-11",
        "khánh thành ngày 19/12/2025",
        "2025-12-19",
        DAY,
        DEADLINE,
    ),
    (
        "day_at_an_hour",
        "2026-07-24",
        "sáng ngày 31 tháng 7 năm 2026",
        "2026-07-31",
        DAY,
        DEADLINE,
    ),
    (
        "day_at_an_hour_in_digits",
        "2026-07-24",
        "16 giờ ngày 30/7/2026",
        "2026-07-30",
        DAY,
        DEADLINE,
    ),
    ("day_in_words", "2025-02-23", "ngày 30 tháng 6 năm 2025", "2025-06-30", DAY, DEADLINE),
    (
        "day_in_words",
        "2025-02-23",
        "Đến ngày 30 tháng 6 năm 2025",
        "2025-06-30",
        DAY,
        DEADLINE,
    ),
    (
        "day_in_words",
        "2025-08-28",
        "trước ngày 29 tháng 8 năm 2025",
        "2025-08-29",
        DAY,
        DEADLINE,
    ),
    (
        "day_in_words",
        "2025-11-18",
        "vào ngày 19 tháng 12 năm 2025",
        "2025-12-19",
        DAY,
        DEADLINE,
    ),
    ("day_in_words", "2025-11-18", "dịp 19 tháng 12 năm 2025", "2025-12-19", DAY, DEADLINE),
    ("day_in_digits", "2025-02-23", "30/6/2025", "2025-06-30", DAY, DEADLINE),
    ("day_in_digits", "2025-02-23", "30-6-2025", "2025-06-30", DAY, DEADLINE),
    ("day_in_digits", "2025-02-23", "30/06/2025", "2025-06-30", DAY, DEADLINE),
    ("day_in_digits", "2025-12-22", "ngày 1/3/2026", "2026-03-01", DAY, DEADLINE),
    ("day_in_digits", "2025-12-22", "trước ngày 15/01/2026", "2026-01-15", DAY, DEADLINE),
    (
        "day_in_digits",
        "2025-11-30",
        "chậm nhất trước ngày 31/01/2026",
        "2026-01-31",
        DAY,
        DEADLINE,
    ),
    (
        "day_in_digits",
        "2025-11-30",
        "hoàn thành chậm nhất trước ngày 31/12/2025",
        "2025-12-31",
        DAY,
        DEADLINE,
    ),
    (
        "day_in_digits",
        "2025-08-28",
        "xong trước ngày Quốc khánh 02/9/2025",
        "2025-09-02",
        DAY,
        DEADLINE,
    ),
    (
        "day_in_digits",
        "2025-08-28",
        "trước ngày Quốc khánh 2/9/2025",
        "2025-09-02",
        DAY,
        DEADLINE,
    ),
    ("day_in_digits", "2025-06-05", "vào dịp ngày 19/12/2025", "2025-12-19", DAY, DEADLINE),
    ("day_iso", "2025-02-06", "2026-03-31", "2026-03-31", DAY, DEADLINE),
    ("day_iso", "2025-02-06", "trước 2026-03-31", "2026-03-31", DAY, DEADLINE),
    ("day_without_year", "2025-02-06", "trước 15/2", "2025-02-15", DAY, DEADLINE),
    ("day_without_year", "2025-02-25", "Đến ngày 30/6", "2025-06-30", DAY, DEADLINE),
    ("day_without_year", "2025-02-25", "trước ngày 15 tháng 11", "2025-11-15", DAY, DEADLINE),
    ("before_month", "2024-05-06", "trước tháng 12 năm 2024", "2024-11-30", MONTH, DEADLINE),
    ("before_month", "2025-02-06", "trước tháng 1 năm 2026", "2025-12-31", MONTH, DEADLINE),
    ("before_month", "2025-02-06", "trước tháng 7", "2025-06-30", MONTH, DEADLINE),
    ("month", "2024-05-06", "trong tháng 5 năm 2024", "2024-05-31", MONTH, DEADLINE),
    ("month", "2025-12-22", "trong tháng 01/2026", "2026-01-31", MONTH, DEADLINE),
    ("month", "2025-12-22", "tháng 9/2026", "2026-09-30", MONTH, DEADLINE),
    ("month", "2025-02-23", "vào tháng 5 năm 2025", "2025-05-31", MONTH, DEADLINE),
    ("month", "2025-02-23", "Hết tháng 6 năm 2025", "2025-06-30", MONTH, DEADLINE),
    ("month", "2025-02-06", "Đến tháng 6/2025", "2025-06-30", MONTH, DEADLINE),
    ("month", "2025-12-22", "hoàn thành ngay trong tháng 12/2025", "2025-12-31", MONTH, DEADLINE),
    ("month", "2025-11-20", "xong trong tháng 12/2025", "2025-12-31", MONTH, DEADLINE),
    ("month", "2025-06-02", "trong tháng 6", "2025-06-30", MONTH, DEADLINE),
    ("month", "2025-02-06", "cuối tháng 6/2025", "2025-06-30", MONTH, DEADLINE),
    ("month", "2025-08-01", "trong tháng 6 năm nay", "2025-06-30", MONTH, DEADLINE),
    ("before_quarter", "2025-01-06", "trước quý III/2025", "2025-06-30", QUARTER, DEADLINE),
    ("quarter", "2024-05-06", "trong Quý II năm 2024", "2024-06-30", QUARTER, DEADLINE),
    ("quarter", "2025-12-22", "Quý I/2026", "2026-03-31", QUARTER, DEADLINE),
    ("quarter", "2025-02-23", "quý IV năm 2025", "2025-12-31", QUARTER, DEADLINE),
    ("quarter", "2025-02-06", "quý IV/2025", "2025-12-31", QUARTER, DEADLINE),
    ("quarter", "2025-12-22", "Quý 1/2026", "2026-03-31", QUARTER, DEADLINE),
    ("quarter", "2025-11-24", "Quý III Năm 2026", "2026-09-30", QUARTER, DEADLINE),
    ("quarter", "2025-08-01", "trong quý III năm nay", "2025-09-30", QUARTER, DEADLINE),
    ("half_year", "2025-02-06", "6 tháng đầu năm 2025", "2025-06-30", HALF, DEADLINE),
    ("half_year", "2024-05-06", "nửa đầu năm 2024", "2024-06-30", HALF, DEADLINE),
    ("half_year", "2025-02-06", "6 tháng cuối năm 2025", "2025-12-31", HALF, DEADLINE),
    ("half_year", "2025-02-06", "nửa cuối năm", "2025-12-31", HALF, DEADLINE),
    ("half_year", "2025-02-06", "trong nửa đầu năm", "2025-06-30", HALF, DEADLINE),
    ("half_year", "2025-02-06", "6 tháng cuối năm", "2025-12-31", HALF, DEADLINE),
    ("period_of_years", "2025-02-06", "giai đoạn 2026–2030", "2030-12-31", YEAR, DEADLINE),
    ("period_of_years", "2025-02-06", "giai đoạn 2026-2030", "2030-12-31", YEAR, DEADLINE),
    ("period_of_years", "2025-11-20", "Trong giai đoạn 2026 - 2030", "2030-12-31", YEAR, DEADLINE),
    ("up_to_year", "2025-02-06", "đến năm 2030", "2030-12-31", YEAR, DEADLINE),
    ("up_to_year", "2025-02-06", "phấn đấu đến năm 2030", "2030-12-31", YEAR, DEADLINE),
    ("before_year", "2025-02-06", "trước năm 2027", "2026-12-31", YEAR, DEADLINE),
    ("year", "2025-02-23", "trong năm 2025", "2025-12-31", YEAR, DEADLINE),
    ("year", "2025-02-23", "đến hết năm 2025", "2025-12-31", YEAR, DEADLINE),
    ("year", "2025-02-23", "từ nay đến hết năm 2025", "2025-12-31", YEAR, DEADLINE),
    ("year", "2025-02-23", "Phấn đấu đến hết năm 2025", "2025-12-31", YEAR, DEADLINE),
    ("year", "2025-11-18", "vào năm 2030", "2030-12-31", YEAR, DEADLINE),
    ("year", "2025-02-06", "Đến cuối năm 2025", "2025-12-31", YEAR, DEADLINE),
    ("year", "2025-02-06", "năm 2026", "2026-12-31", YEAR, DEADLINE),
    ("this_year", "2025-02-06", "năm nay", "2025-12-31", YEAR, DEADLINE),
    ("this_year", "2025-02-06", "trong năm nay", "2025-12-31", YEAR, DEADLINE),
    ("end_of_year", "2025-02-06", "cuối năm", "2025-12-31", YEAR, DEADLINE),
    (
        "end_of_year",
        "2025-06-02",
        "trong thời gian từ nay đến cuối năm",
        "2025-12-31",
        YEAR,
        DEADLINE,
    ),
    ("within_the_year", "2025-04-01", "hoàn thành trong năm", "2025-12-31", YEAR, DEADLINE),
    ("continuously", "2025-11-25", "thường xuyên, liên tục", None, None, ONGOING),
    (
        "continuously",
        "2025-11-25",
        "liên tục ra quân, thường xuyên, không ngừng nghỉ",
        None,
        None,
        ONGOING,
    ),
    ("regularly", "2025-11-24", "Thường xuyên", None, None, ONGOING),
    ("regularly", "2025-11-20", "Thời gian thực hiện: Thường xuyên.", None, None, ONGOING),
    ("regularly", "2025-11-20", "- Thường xuyên rà soát, kiện toàn", None, None, ONGOING),
    ("event_relative", "2025-02-23", "ngay sau khi luật được ban hành", None, None, NONE),
    ("event_relative", "2025-02-23", "trước khi bàn giao sang Bộ Công an", None, None, NONE),
    ("session_without_month", "2024-05-06", "tại kỳ họp thứ 7", None, None, NONE),
    (
        "session_without_month",
        "2025-12-22",
        "tại kỳ họp thứ 9 và thứ 10 Quốc hội khóa XV",
        None,
        None,
        NONE,
    ),
    ("festival", "2025-11-18", "dịp Tết dương lịch 2026", None, None, NONE),
    ("festival", "2025-11-25", "dịp Tết Nguyên đán 2026", None, None, NONE),
    ("rainy_season", "2025-06-05", "trước mùa mưa lũ", None, None, NONE),
    ("duration_without_start", "2025-02-06", "trong thời gian 12 tháng", None, None, NONE),
    ("as_committed", "2025-02-06", "theo đúng cam kết", None, None, NONE),
    ("as_committed", "2025-12-22", "theo lộ trình", None, None, NONE),
    (
        "as_committed",
        "2025-12-22",
        "theo tiến độ được quy định tại Quyết định số 2352/QĐ-TTg ngày 24/10/2025",
        None,
        None,
        NONE,
    ),
    ("urgently", "2025-02-23", "khẩn trương", None, None, NONE),
    ("urgently", "2025-02-23", "sớm", None, None, NONE),
    ("urgently", "2025-02-23", "ngay", None, None, NONE),
    ("urgently", "2025-02-23", "kịp thời", None, None, NONE),
    ("urgently", "2025-08-28", "trong thời gian sớm nhất có thể", None, None, NONE),
    # "More wordings met in real notices" (deadlines.md)
    ("verb_year", "2025-11-20", "hoàn thành năm 2025", "2025-12-31", YEAR, DEADLINE),
    ("verb_year", "2025-11-20", "thông xe kỹ thuật năm 2025", "2025-12-31", YEAR, DEADLINE),
    ("verb_year", "2025-11-20", "đưa vào khai thác năm 2026", "2026-12-31", YEAR, DEADLINE),
    ("up_to_bare_year", "2025-11-20", "tới 2030", "2030-12-31", YEAR, DEADLINE),
    ("up_to_bare_year", "2025-11-20", "đến 2030", "2030-12-31", YEAR, DEADLINE),
    (
        "event_in_month",
        "2025-11-20",
        "vào kỳ chi trả tháng 12 năm 2025",
        "2025-12-31",
        MONTH,
        DEADLINE,
    ),
    ("every_period", "2025-11-20", "mỗi tuần", None, WEEKLY, RECURRING),
    ("every_period", "2025-11-20", "hằng tuần", None, WEEKLY, RECURRING),
    (
        "every_period",
        "2025-11-20",
        "bố trí kinh phí trong dự toán ngân sách nhà nước hàng năm",
        None,
        YEARLY,
        RECURRING,
    ),
    ("every_period", "2025-11-20", "đưa vào dự toán ngân sách hằng năm", None, YEARLY, RECURRING),
    ("every_day", "2025-11-20", "hằng ngày", None, None, RECURRING),
    ("every_day", "2025-11-20", "mỗi ngày", None, None, RECURRING),
    ("this_or_next_week", "2024-05-14", "chậm nhất cuối tuần này", "2024-05-19", DAY, DEADLINE),
    ("this_or_next_week", "2024-05-19", "trong tuần tới", "2024-05-26", DAY, DEADLINE),
    ("edition_of_a_month", "2026-07-24", "định kỳ tháng 8/2026", "2026-08-31", MONTH, DEADLINE),
    (
        "edition_of_a_quarter",
        "2026-07-24",
        "định kỳ quý III năm 2026",
        "2026-09-30",
        QUARTER,
        DEADLINE,
    ),
    ("periodically", "2025-11-20", "định kỳ theo quy định", None, None, RECURRING),
    ("periodically", "2025-11-20", "cập nhật định kỳ", None, None, RECURRING),
    ("open_window", "2025-11-20", "trong năm 2025 và chuyển sang năm 2026", None, None, NONE),
    (
        "open_window",
        "2025-11-20",
        "trong 02 tháng cuối năm 2025 và những tháng đầu năm 2026",
        None,
        None,
        NONE,
    ),
    ("vague_time", "2025-11-20", "trong thời gian tới", None, None, NONE),
    ("vague_time", "2025-11-20", "thời gian tới", None, None, NONE),
    ("event_without_date", "2025-11-20", "cùng dịp Lễ khánh thành", None, None, NONE),
    ("bare_year", "2025-11-20", "2025", "2025-12-31", YEAR, DEADLINE),
    ("quarter", "2025-11-20", "Quí IV-2025", "2025-12-31", QUARTER, DEADLINE),
    ("day_dotted", "2020-07-01", "gửi báo cáo trước ngày 25.7.2020", "2020-07-25", DAY, DEADLINE),
    ("day_dotted", "2019-03-01", "chậm nhất ngày 5.4.2019", "2019-04-05", DAY, DEADLINE),
    ("day_dashed_without_year", "2024-02-01", "trước ngày 9-2", "2024-02-09", DAY, DEADLINE),
    ("day_dashed_without_year", "2025-11-20", "chậm nhất là ngày 3-1", "2026-01-03", DAY, DEADLINE),
    (
        "day_dotted_without_year",
        "2017-01-06",
        "báo cáo trước ngày 25.1.",
        "2017-01-25",
        DAY,
        DEADLINE,
    ),
    ("day_dotted_without_year", "2025-11-20", "chậm nhất ngày 30.6", "2026-06-30", DAY, DEADLINE),
    (
        "months_listed",
        "2025-09-02",
        "trong tháng 9, tháng 10 năm 2025",
        "2025-10-31",
        MONTH,
        DEADLINE,
    ),
    ("months_listed", "2026-01-05", "tháng 2 và tháng 3/2026", "2026-03-31", MONTH, DEADLINE),
    ("verb_year", "2025-10-01", "các đề án phải trình năm 2025", "2025-12-31", YEAR, DEADLINE),
    (
        "work_programme_months",
        "2025-11-06",
        "các đề án trong Chương trình công tác tháng 11 và tháng 12/2025",
        "2025-12-31",
        MONTH,
        DEADLINE,
    ),
    (
        "work_programme_months",
        "2026-01-05",
        "trong chương trình công tác của Chính phủ tháng 3/2026",
        "2026-03-31",
        MONTH,
        DEADLINE,
    ),
]

# (rule that must swallow it, text): look-alikes the table consumes and ignores.
IGNORED_EXAMPLES = [
    ("cited_document_date", "Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024"),
    ("cited_document_date", "Thông báo số 156/TB-VPCP ngày 10 tháng 4 năm 2024"),
    ("cited_document_date", "Quyết định số 2352/QĐ-TTg ngày 24/10/2025"),
    ("cited_document_date", "Công văn số 73/BCA-C06 ngày 08 tháng 01 năm 2025"),
    ("cited_document_date", "Quyết định 1229/QĐ-UBND ngày 28/02/2025"),
    ("cited_document_date", "Nghị quyết số 155 ngày 1/6/2025"),
    ("cited_document_date", "Thông tư 21/2023/TT-BTTTT ngày 31 tháng 12 năm 2023"),
    ("recurrent_spending", "nguồn ngân sách Nhà nước chi thường xuyên"),
    ("recurrent_spending", "sử dụng kinh phí thường xuyên ngân sách nhà nước"),
    ("annual_budget", "từ nguồn ngân sách hằng năm"),
    ("annual_budget", "dự toán chi còn lại của ngân sách địa phương hằng năm"),
    ("annual_budget", "cân đối từ ngân sách nhà nước hàng năm"),
    ("annual_spending", "từ nguồn tăng thu, tiết kiệm chi hằng năm"),
    ("annual_spending", "tiết kiệm chi hàng năm"),
    ("reporting_period", "từ đầu năm đến tháng 4 năm 2024"),
    ("reporting_period", "Từ đầu năm 2024 đến nay"),
    ("reporting_period", "sĩ số học sinh từ đầu năm học đến ngày 15/10"),
    ("programme_horizon", "đến năm 2030, định hướng đến năm 2045"),
    ("programme_horizon", "tầm nhìn đến năm 2050"),
    ("assigned_year", "các nhiệm vụ được giao trong năm 2025"),
    ("assigned_span", "rà soát các nhiệm vụ được giao từ ngày 01/01/2024 đến ngày 15/11/2024"),
    ("assigned_year", "nguồn ngân sách đã được giao năm 2025"),
    ("today_in_a_parenthesis", "vào trưa nay (15/11)"),
    (
        "situation_of_a_period",
        "tình hình giá thịt lợn và công tác bình ổn giá những tháng cuối năm 2019",
    ),
    ("key_tasks_of_a_year", "xác định các nhiệm vụ, giải pháp trọng tâm trong năm 2019"),
    ("key_tasks_of_a_year", "những nhiệm vụ, giải pháp chủ yếu năm 2026"),
    ("budget_year", "vốn đầu tư công năm 2025"),
    ("tasks_of_a_period", "triển khai nhiệm vụ trọng tâm những tháng cuối năm 2025"),
    ("budget_year", "kế hoạch vốn ngân sách nhà nước năm 2026"),
]


@pytest.mark.parametrize(
    ("rule", "issued", "phrase", "due", "granularity", "kind"),
    [pytest.param(*row, id=f"{row[0]}: {row[2]}") for row in RULE_EXAMPLES],
)
def test_each_rule_of_the_table_reads_its_own_examples(
    rule: str,
    issued: str,
    phrase: str,
    due: str | None,
    granularity: Granularity | None,
    kind: DeadlineKind,
) -> None:
    day = date.fromisoformat(issued)
    expressions = read_expressions(normalise_text(phrase), day, running_text=False)

    assert rule in [expression.rule for expression in expressions]
    expected_due = date.fromisoformat(due) if due else None
    assert fields(parse_deadline(phrase, day)) == (expected_due, granularity, kind)


@pytest.mark.parametrize(
    ("rule", "text"),
    [pytest.param(*row, id=f"{row[0]}: {row[1]}") for row in IGNORED_EXAMPLES],
)
def test_each_ignoring_rule_swallows_its_look_alike(rule: str, text: str) -> None:
    match = RULES_BY_NAME[rule].pattern.search(normalise_text(text))

    assert match is not None
    assert read_expressions(normalise_text(text), date(2025, 6, 1), running_text=False) == []


def test_every_rule_of_the_table_has_examples() -> None:
    covered = {row[0] for row in RULE_EXAMPLES} | {row[0] for row in IGNORED_EXAMPLES}

    assert covered == set(RULES_BY_NAME)


def test_rule_names_are_unique_and_ignoring_rules_come_first() -> None:
    roles = [rule.role for rule in RULES]

    assert len(RULES_BY_NAME) == len(RULES)
    first_timing = next(index for index, role in enumerate(roles) if role is not Role.IGNORE)
    assert Role.IGNORE not in roles[first_timing:]


EXAMPLE_TEXTS = [
    *(row[1] for row in WORKED_EXAMPLES),
    *(row[2] for row in RULE_EXAMPLES),
    *(row[1] for row in IGNORED_EXAMPLES),
    "Khẩn trương kiện toàn Ban Chỉ đạo chuyển đổi số trước ngày 10 tháng 5 năm 2024, bảo đảm "
    "hoạt động mạnh mẽ, thực chất, hiệu quả; bảo đảm kết nối với Đề án 06 trong nửa đầu năm "
    "2024 (trước 30 tháng 6 năm 2024). Thời gian thực hiện: Từ 01/7/2025. Định kỳ báo cáo "
    "kết quả thực hiện Kế hoạch hằng năm (trước ngày 15 tháng 11) | Quý IV/2025- Quý II/2026",
]


@pytest.mark.parametrize("text", EXAMPLE_TEXTS)
def test_every_match_of_every_rule_starts_with_one_of_the_first_words(text: str) -> None:
    # The scanner only tries the table where one of FIRST_WORDS (or a digit) starts; a rule
    # that could start elsewhere would silently never fire.
    normalised = normalise_text(text)
    for position in (m.start() for m in re.finditer(r"\b\w", normalised)):
        for rule in RULES:
            if rule.pattern.match(normalised, position):
                word = re.match(r"\w+", normalised[position:])
                assert word is not None
                assert word.group().isdigit() or word.group() in FIRST_WORDS, rule.name


# ----------------------------------------------------------------------------- spelling


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param("hoàn thành trong Quý I/2026", id="as printed"),
        pytest.param("HOÀN THÀNH TRONG QUÝ I/2026", id="upper case"),
        pytest.param("hoàn thành trong quý i/2026", id="lower case"),
        pytest.param("hoàn   thành\ntrong\n  Quý\tI/2026", id="line breaks and runs of spaces"),
        pytest.param(unicodedata.normalize("NFD", "hoàn thành trong Quý I/2026"), id="NFD"),
        pytest.param("hoàn thành trong Quý 1/2026", id="Arabic quarter"),
        pytest.param("hoàn thành trong Quý I năm 2026", id="quarter with năm"),
        pytest.param("hoàn\u00a0thành trong Quý I/2026", id="non-breaking space"),
    ],
)
def test_it_reads_every_spelling_of_the_same_deadline_alike(variant: str) -> None:
    assert fields(parse_deadline(variant, date(2025, 12, 22))) == (
        date(2026, 3, 31),
        QUARTER,
        DEADLINE,
    )


@pytest.mark.parametrize(
    "variant",
    [
        "ngày 30 tháng 6 năm 2025",
        "30/6/2025",
        "30-6-2025",
        "30/06/2025",
        "ngày 30/06/2025",
        "2025-06-30",
        "trước ngày 30/6/2025",
        "đến ngày 30 tháng 6 năm 2025",
        "chậm nhất trước ngày 30/6/2025",
        "chậm nhất ngày 30/6/2025",
        "vào ngày 30/6/2025",
        "hoàn thành trước 30/6/2025",
        "Hoàn thành trước ngày 30\ntháng 6 năm 2025",
    ],
)
def test_it_reads_an_exact_day_in_every_spelling(variant: str) -> None:
    assert fields(parse_deadline(variant, date(2025, 2, 23))) == (date(2025, 6, 30), DAY, DEADLINE)


def test_the_phrase_is_kept_exactly_as_given() -> None:
    phrase = "  Hoàn thành trước ngày 28\ntháng 02 năm 2025. "

    assert parse_deadline(phrase, date(2025, 2, 23)).phrase == phrase


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        pytest.param("  Trong\n6 tháng\t ĐẦU năm  ", "trong 6 tháng đầu năm", id="whitespace"),
        pytest.param(unicodedata.normalize("NFD", "Quý"), "quý", id="NFD composes"),
        pytest.param("Hoàn\u00a0thành", "hoàn thành", id="non-breaking space"),
        pytest.param("", "", id="empty"),
    ],
)
def test_normalise_text_composes_lowers_and_collapses_whitespace(
    text: str, normalised: str
) -> None:
    assert normalise_text(text) == normalised


# ----------------------------------------------------------------------------- without a year


@pytest.mark.parametrize(
    ("issued", "phrase", "due", "granularity"),
    [
        pytest.param("2025-02-06", "trước 15/2", "2025-02-15", DAY, id="still ahead this year"),
        pytest.param("2025-02-15", "trước 15/2", "2025-02-15", DAY, id="on the issue day"),
        pytest.param("2025-02-16", "trước 15/2", "2026-02-15", DAY, id="passed: next year"),
        pytest.param("2025-03-01", "trước ngày 29/2", "2028-02-29", DAY, id="29 February"),
        pytest.param("2025-06-02", "trong tháng 6", "2025-06-30", MONTH, id="this month"),
        pytest.param("2025-07-01", "trong tháng 6", "2026-06-30", MONTH, id="month passed"),
        pytest.param("2025-05-02", "trong quý I", "2026-03-31", QUARTER, id="quarter passed"),
        pytest.param("2025-08-01", "6 tháng đầu năm", "2026-06-30", HALF, id="half passed"),
        pytest.param("2025-08-01", "cuối năm", "2025-12-31", YEAR, id="cuối năm"),
        pytest.param("2025-08-01", "trong năm nay", "2025-12-31", YEAR, id="năm nay"),
        pytest.param("2025-12-15", "trước tháng 1", "2025-12-31", MONTH, id="before January"),
    ],
)
def test_a_date_without_a_year_is_the_first_one_on_or_after_the_issue_date(
    issued: str, phrase: str, due: str, granularity: Granularity
) -> None:
    assert fields(parse_deadline(phrase, date.fromisoformat(issued))) == (
        date.fromisoformat(due),
        granularity,
        DEADLINE,
    )


def test_a_literal_date_before_the_issue_date_is_kept_as_written() -> None:
    assert fields(parse_deadline("trước ngày 15/01/2025", date(2025, 2, 23))) == (
        date(2025, 1, 15),
        DAY,
        DEADLINE,
    )


@pytest.mark.parametrize(
    "phrase",
    [
        "31/2/2025",
        "trước ngày 31 tháng 2 năm 2025",
        "trước ngày 30/2",
        "trong tháng 13/2025",
        "2025-02-30",
        "trước ngày 32/1/2025",
        "ngày 0/5/2025",
    ],
)
def test_an_impossible_date_is_not_a_date(phrase: str) -> None:
    assert parse_deadline(phrase, date(2025, 1, 1)).kind is not DEADLINE


# ----------------------------------------------------------------------------- clauses


@pytest.mark.parametrize(
    ("issued", "clause", "due", "granularity", "kind"),
    [
        pytest.param(
            "2025-12-22",
            "Bộ Công an xây dựng và trình Chính phủ ban hành Nghị định quy định về tổ chức và "
            "hoạt động của Trung tâm Dữ liệu quốc gia, hoàn thành trong Quý I/2026",
            "2026-03-31",
            QUARTER,
            DEADLINE,
            id="the deadline at the end of a clause",
        ),
        pytest.param(
            "2025-02-23",
            "Khẩn trương ban hành Kế hoạch thực hiện Chương trình hành động của Chính phủ thực "
            "hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị trong tháng 02 năm 2025",
            "2025-02-28",
            MONTH,
            DEADLINE,
            id="a deadline beats the none wording before it",
        ),
        pytest.param(
            "2025-12-22",
            "Bộ Khoa học và Công nghệ tập trung xây dựng Luật Bưu chính (sửa đổi) theo tiến độ "
            "được quy định tại Quyết định số 2352/QĐ-TTg ngày 24/10/2025 của Thủ tướng Chính phủ",
            None,
            None,
            NONE,
            id="a cited document's date is not the deadline",
        ),
        pytest.param(
            "2025-02-23",
            "Phấn đấu đến hết năm 2025, 100% thủ tục hành chính đủ điều kiện được cung cấp "
            "dưới hình thức dịch vụ công trực tuyến toàn trình. Hết tháng 6 năm 2025, 100% hồ "
            "sơ giải quyết thủ tục hành chính được gắn định danh cá nhân.",
            "2025-06-30",
            MONTH,
            DEADLINE,
            id="the last of several deadlines",
        ),
        pytest.param(
            "2024-05-06",
            "hoàn thành trước ngày 30/6/2024 (trong quý II năm 2024)",
            "2024-06-30",
            DAY,
            DEADLINE,
            id="a less precise parenthesis does not win",
        ),
        pytest.param(
            "2024-05-06",
            "trong nửa đầu năm 2024 (30/6/2024)",
            "2024-06-30",
            DAY,
            DEADLINE,
            id="a bare date in a parenthesis refines",
        ),
        pytest.param(
            "2025-12-22",
            "hằng tháng cung cấp số liệu về kết quả cắt giảm, đơn giản hóa TTHC để công bố, "
            "nhiệm vụ thường xuyên",
            None,
            MONTHLY,
            RECURRING,
            id="recurring beats ongoing",
        ),
        pytest.param(
            "2025-11-20",
            "Định kỳ báo cáo UBND tỉnh (qua Sở Tư pháp) kết quả thực hiện Kế hoạch hằng năm "
            "(trước ngày 15 tháng 11) hoặc theo đề nghị",
            None,
            YEARLY,
            RECURRING,
            id="the day within each year stays recurring",
        ),
        pytest.param(
            "2024-05-06",
            "Trong Quý I năm 2024, doanh thu công nghiệp công nghệ thông tin đạt gần 36,3 tỷ "
            "USD, tăng 17,7% so với cùng kỳ",
            None,
            None,
            NONE,
            id="a statistics period",
        ),
        pytest.param(
            "2025-02-06",
            "góp phần đạt tăng trưởng GDP đạt ít nhất 8% trong năm 2025",
            None,
            None,
            NONE,
            id="a growth target",
        ),
        pytest.param(
            "2025-02-23",
            "Bố trí nguồn ngân sách Nhà nước chi thường xuyên để triển khai các hoạt động "
            "chuyển đổi số quốc gia",
            None,
            None,
            NONE,
            id="chi thường xuyên is a budget term",
        ),
        pytest.param(
            "2025-02-23",
            "Tổ chức triển khai có hiệu quả Chương trình “Phát triển nguồn nhân lực ngành công "
            "nghiệp bán dẫn đến năm 2030, định hướng đến năm 2050”",
            None,
            None,
            NONE,
            id="a programme's horizon",
        ),
        pytest.param(
            "2024-05-06",
            "Sớm hoàn thiện và trình Thủ tướng Chính phủ ban hành trong tháng 5 năm 2024 về "
            "Chiến lược Phát triển ngành công nghiệp bán dẫn Việt Nam đến năm 2030",
            "2024-05-31",
            MONTH,
            DEADLINE,
            id="a horizon inside a strategy's name does not count",
        ),
        pytest.param(
            "2025-02-23",
            "Ngày 06 tháng 02 năm 2025, tại Trụ sở Chính phủ, Thủ tướng Chính phủ đã chủ trì "
            "Phiên họp",
            None,
            None,
            NONE,
            id="a meeting date",
        ),
    ],
)
def test_it_takes_the_deadline_expression_out_of_a_clause(
    issued: str,
    clause: str,
    due: str | None,
    granularity: Granularity | None,
    kind: DeadlineKind,
) -> None:
    expected_due = date.fromisoformat(due) if due else None
    assert fields(parse_deadline(clause, date.fromisoformat(issued))) == (
        expected_due,
        granularity,
        kind,
    )


FUZZ_TEXT = (
    "trước trong ngày tháng năm nay quý i ii iii iv 0 1 6 12 29 31 99 2025 2026 1899 9999 / - –"
    " ( ) , . ; : | hằng hàng tuần lần từ đến hết cuối đầu nửa giai đoạn và những tiếp theo"
    " thường xuyên chi số 57-nq/tw tại kỳ họp thứ vào dịp tết khẩn trương sớm ngay phấn đấu"
    " hoàn thành xong chậm nhất đạt đã % ٢٠٢٥ １２"
)
FUZZ_WORDS = FUZZ_TEXT.split()


@pytest.mark.parametrize(
    "issued",
    [date(2025, 2, 23), date.min, date.max, date(2199, 12, 31)],
    ids=["a notice", "the first day", "the last day", "the last year read"],
)
def test_it_never_raises_whatever_the_words(issued: date) -> None:
    rng = random.Random(f"deadlines {issued}")
    for _ in range(1500):
        words = [rng.choice(FUZZ_WORDS) for _ in range(rng.randint(1, 10))]
        text = rng.choice((" ", "", "\n")).join(words)

        assert parse_deadline(text, issued).phrase == text


@pytest.mark.parametrize(
    "phrase",
    ["", "   ", "xin chào", "Bộ Công an chủ trì", "năm 2024 đạt 28 tỷ USD", "đầu tháng 7/2025"],
)
def test_it_never_guesses_a_phrase_it_does_not_understand(phrase: str) -> None:
    assert parse_deadline(phrase, date(2025, 1, 1)) == Deadline(
        due=None, granularity=None, kind=NONE, phrase=phrase
    )


# ----------------------------------------------------------------------------- admin input


@pytest.mark.parametrize(
    ("text", "due", "granularity", "kind"),
    [
        pytest.param("2026-03-31", date(2026, 3, 31), DAY, DEADLINE, id="ISO date"),
        pytest.param("31/3/2026", date(2026, 3, 31), DAY, DEADLINE, id="day/month/year"),
        pytest.param("15/2", date(2026, 2, 15), DAY, DEADLINE, id="day without a year"),
        pytest.param("Quý I/2026", date(2026, 3, 31), QUARTER, DEADLINE, id="quarter"),
        pytest.param("tháng 9/2026", date(2026, 9, 30), MONTH, DEADLINE, id="month"),
        pytest.param("cuối năm", date(2025, 12, 31), YEAR, DEADLINE, id="end of the year"),
        pytest.param("thường xuyên", None, None, ONGOING, id="ongoing"),
        pytest.param("hằng tuần", None, WEEKLY, RECURRING, id="recurring"),
        pytest.param("khẩn trương", None, None, NONE, id="explicitly no date"),
        pytest.param("theo lộ trình", None, None, NONE, id="as scheduled"),
    ],
)
def test_an_admin_may_type_any_understood_wording(
    text: str, due: date | None, granularity: Granularity | None, kind: DeadlineKind
) -> None:
    result = parse_admin_deadline(text, date(2025, 12, 22))

    assert fields(result) == (due, granularity, kind)
    assert result.phrase == text


@pytest.mark.parametrize(
    "text",
    ["", "mai", "asap", "31/2/2026", "tháng 13/2026", "chi thường xuyên", "đầu tháng 7"],
)
def test_an_admin_is_told_when_a_deadline_is_not_understood(text: str) -> None:
    with pytest.raises(DeadlineNotUnderstood) as raised:
        parse_admin_deadline(text, date(2025, 12, 22))

    assert raised.value.phrase == text


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        pytest.param("15/01/2027", date(2027, 1, 15), id="slashes"),
        pytest.param("15-1-27", date(2027, 1, 15), id="dashes, two-digit year"),
        pytest.param("15.01.2027", date(2027, 1, 15), id="dots"),
        pytest.param("2027-01-15", date(2027, 1, 15), id="ISO"),
        pytest.param("29/2/2028", date(2028, 2, 29), id="a leap day"),
        pytest.param("31/02/2027", None, id="no such day"),
        pytest.param("29/2/2027", None, id="no leap day that year"),
        pytest.param("15/1", None, id="no year: not a whole day"),
        pytest.param("15/13/2027", None, id="no such month"),
        pytest.param("ngày 15/1/2027", None, id="words around it"),
        pytest.param("2027-01-15-1", None, id="one part too many"),
    ],
)
def test_a_day_in_digits_is_read_whole_or_not_at_all(token: str, expected: date | None) -> None:
    assert day_in_digits(token) == expected
