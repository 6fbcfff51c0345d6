"""Rules for spellings of days and months met in real notices that the main table's points
do not cover; :mod:`notices.deadlines.rules` places them in its order.

- a day written with dots, "trước ngày 20.7.2020" (the year is required: "1.1", "6.7"
  without one are too close to numbers);
- a day and month with a dash and no year, "trước ngày 12-2", "chậm nhất ngày 14-9": only
  after a cue and "ngày", so "trong 1-2 tháng" or "từ 16-20/11" never read as a day;
- a day and month with a dot and no year, "báo cáo trước ngày 25.1": likewise only after a
  cue and "ngày", so "tăng 25.1%" or "ngày 16.3 nêu rõ" (no cue) never read as a day;
- months listed, "trong tháng 11, tháng 12 năm 2025", "tháng 11 và tháng 12/2025": the work
  runs over them, due at the end of the last one; so do a work programme's months ("trong
  Chương trình công tác tháng 11 và tháng 12/2025").
"""

from __future__ import annotations

from notices.deadlines.builders import _dated_day, _month_reading, _yearless_day
from notices.deadlines.model import Rule
from notices.deadlines.patterns import _DAY_CUE, _LEAD, _MONTH, _PERIOD_CUE, _rule

# A cue word, then "ngày": "trước ngày", "chậm nhất là ngày", "đến hết ngày", "vào ngày".
_CUE_AND_DAY = (
    r"(?P<cue>(?:(?:phấn đấu |phải |cần |sẽ )?(?:hoàn thành|hoàn tất|xong) )?"
    r"(?:(?:chậm nhất|muộn nhất)(?: là)?(?: (?:trước|vào|đến))?|trước|(?:từ nay )?đến(?: hết)?"
    r"|vào) ngày )"
)
_DAY_DOTTED = r"(?<![\d/.,-])(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>\d{4})(?![\d.]\d)"
_DAY_DASHED_NO_YEAR = (
    r"(?<![\d/.,-])(?P<d>\d{1,2})-(?P<mo>\d{1,2})"
    r"(?![\d/-]|,? năm \d| (?:ngày|tuần|tháng|năm|giờ|lần)\b| ?%)"
)

_DAY_DOTTED_NO_YEAR = (
    r"(?<![\d/.,-])(?P<d>\d{1,2})\.(?P<mo>\d{1,2})"
    r"(?!\d|\.\d|,? năm \d| (?:ngày|tuần|tháng|năm|giờ|lần)\b| ?%)"
)

DAY_SPELLINGS: tuple[Rule, ...] = (
    _rule("day_dotted", rf"(?:(?P<cue>{_LEAD}{_DAY_CUE})|ngày ){_DAY_DOTTED}", _dated_day),
    _rule("day_dashed_without_year", rf"{_CUE_AND_DAY}{_DAY_DASHED_NO_YEAR}", _yearless_day),
    _rule("day_dotted_without_year", rf"{_CUE_AND_DAY}{_DAY_DOTTED_NO_YEAR}", _yearless_day),
)

_LISTED = r"tháng \d{1,2}(?![\d/]|,? năm)(?:, tháng \d{1,2}(?![\d/]|,? năm))*(?:,| và| hoặc) "
# "… 234 đề án trong Chương trình công tác tháng 11 và tháng 12/2025": the items of a work
# programme are due in its months.
_WORK_PROGRAMME = r"(?P<cue>trong (?:các )?chương trình công tác(?: của(?: [^\W\d_]+){1,4}?)? )"

MONTH_LISTS: tuple[Rule, ...] = (
    _rule("work_programme_months", rf"{_WORK_PROGRAMME}(?:{_LISTED})?{_MONTH}", _month_reading),
    _rule(
        "months_listed",
        rf"(?P<cue>{_LEAD}(?:ngay )?{_PERIOD_CUE} )?{_LISTED}{_MONTH}",
        _month_reading,
    ),
)
