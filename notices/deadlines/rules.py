"""The rule table: every wording of a deadline met in real notices, in the order it is tried."""

from __future__ import annotations

import re
from datetime import date, timedelta

from domain.deadline import Granularity
from notices.deadlines.builders import (
    _before_month_reading,
    _before_quarter_reading,
    _before_year_reading,
    _dated_day,
    _deadline,
    _every_period,
    _half_reading,
    _month_reading,
    _monthly_on_a_day,
    _once_per_period,
    _ongoing_from_a_day,
    _period_end,
    _quarter_reading,
    _this_year,
    _year_reading,
    _yearless_day,
    _yearly_on_a_day,
)
from notices.deadlines.look_alikes import LOOK_ALIKES
from notices.deadlines.model import (
    _NONE,
    _ONGOING,
    _RECURRING_UNPLANNED,
    Reading,
    Role,
    Rule,
    _constant,
)
from notices.deadlines.patterns import (
    _DASH,
    _DAY_CUE,
    _DAY_DIGITS,
    _DAY_ISO,
    _DAY_NO_YEAR,
    _DAY_WORDS,
    _LEAD,
    _MONTH,
    _PERIOD_CUE,
    _POINT,
    _QUARTER,
    _RANGE_START,
    _YEAR,
    _YEAR_CUE,
    _rule,
)
from notices.deadlines.spellings import DAY_SPELLINGS, MONTH_LISTS

_VERB_DAY = (
    r"(?<!đã )(?<!dự kiến )(?P<cue>(?:hoàn thành|hoàn tất|thông xe(?: kỹ thuật)?|khánh thành"
    r"|khởi công) )ngày "
)


_AN_HOUR = (
    r"(?:(?:lúc )?\d{1,2} ?(?:h|giờ)(?: ?\d{2})?(?: phút)?(?: (?:sáng|trưa|chiều|tối))?"
    r"|(?:buổi )?(?:sáng|trưa|chiều|tối))"
)


def _day_to_come(m: re.Match[str], issued: date) -> Reading | None:
    """A day an event is set for: a deadline only after the notice's own day."""
    reading = _dated_day(m, issued)
    return (
        reading
        if reading is not None and reading.due is not None and reading.due > issued
        else None
    )


_WITH_YEAR = r"(?=(?:tháng|qu[ýí]) \w+(?:/|-| năm |, năm )(?:\d{4}|nay)\b)"


def _week_end(m: re.Match[str], issued: date) -> Reading | None:
    """Sunday of the notice's week ("tuần này") or of the week after ("tuần tới", "tuần sau")."""
    days = 6 - issued.weekday() + (0 if m["which"] == "này" else 7)
    return _deadline(issued + timedelta(days=days), Granularity.DAY)


def _range_end(m: re.Match[str], issued: date) -> Reading | None:
    """A range is due at its end, with the end's granularity."""
    return _read_point(m["end"], issued)


RULES: tuple[Rule, ...] = (
    # ---- look-alikes that are not deadlines (they consume their text first)
    *LOOK_ALIKES,
    # ---- recurring
    _rule(
        "monthly_on_a_day",
        r"(?:định kỳ )?(?:(?:trước|vào|chậm nhất(?: trước)?) )?ngày (?P<d>\d{1,2}) "
        r"(?:hằng|hàng|mỗi|của mỗi) tháng",
        _monthly_on_a_day,
    ),
    _rule(
        "yearly_on_a_day",
        r"(?:định kỳ )?(?:(?:trước|vào|chậm nhất(?: trước)?) )?(?:ngày )?"
        r"(?P<d>\d{1,2})(?: tháng |/)(?P<mo>\d{1,2}) (?:hằng|hàng) năm",
        _yearly_on_a_day,
    ),
    _rule(
        "once_per_period",
        r"(?:định kỳ )?(?<!\d)(?:1|01|một) (?:(?P<p>tuần|tháng|quý|năm)/(?:(?:1|01|một) )?lần"
        r"|lần/(?P<p2>tuần|tháng|quý|năm))",
        _once_per_period,
    ),
    _rule(
        "every_period",
        r"(?:định kỳ )?(?:hằng|hàng|mỗi) (?P<p>tuần|tháng|quý|năm)",
        _every_period,
    ),
    _rule(
        # "hằng ngày", "mỗi ngày": recurring, but there is no daily period to plan.
        "every_day",
        r"(?:định kỳ )?(?:hằng|hàng|mỗi) ngày(?! \d)",
        _constant(_RECURRING_UNPLANNED),
    ),
    # "tổ chức chương trình … định kỳ tháng 8/2026", "hội nghị định kỳ quý III/2026": one
    # edition of what recurs, named by its dated period, is due at that period's end.
    # A month or quarter alone ("định kỳ tháng 8 hằng năm") is when it recurs.
    _rule("edition_of_a_month", rf"(?P<cue>định kỳ ){_WITH_YEAR}{_MONTH}", _month_reading),
    _rule("edition_of_a_quarter", rf"(?P<cue>định kỳ ){_WITH_YEAR}{_QUARTER}", _quarter_reading),
    _rule(
        # "định kỳ … theo quy định", "cập nhật định kỳ": recurring with no period named.
        "periodically",
        r"định kỳ(?! (?:\d|hằng|hàng|mỗi|một|sáu|hoặc)\b)(?:(?: [^\W\d_]+){0,6}? theo quy định)?",
        _constant(_RECURRING_UNPLANNED),
    ),
    # ---- ongoing
    _rule(
        "and_the_following_years",
        r"(?:(?:trong|từ) )?(?:giai đoạn \d{4} ?[-–—] ?\d{4}|năm \d{4}) "
        r"và (?:những|các) năm tiếp theo",
        _constant(_ONGOING),
        Role.HORIZON,
    ),
    _rule(
        # "sử dụng ngân sách địa phương năm 2026 và các năm tiếp theo": a budget from that
        # year on is a standing means, not a budget year (``budget_year`` leaves it).
        "budget_and_the_following_years",
        r"(?:vốn|ngân sách|dự toán|kinh phí)(?: [^\W\d_]+){0,4} năm \d{4} "
        r"và (?:những|các) năm tiếp theo",
        _constant(_ONGOING),
    ),
    _rule(
        "standing_duty",
        r"(?:(?:là )?(?:nhiệm vụ|công việc)|(?:được )?(?:thực hiện|tiến hành|triển khai|duy trì))"
        r" thường xuyên",
        _constant(_ONGOING),
    ),
    # ---- open-ended compound windows: no single due date
    _rule(
        "open_window",
        r"trong (?:(?:\d{1,2}|những|các) tháng (?:cuối|đầu) )?năm \d{4} và "
        r"(?:chuyển sang |sang |kéo dài sang |(?:\d{1,2} |những |các )?tháng đầu )?năm \d{4}",
        _constant(_NONE),
    ),
    # ---- ranges (due at the end)
    _rule(
        "from_to",
        rf"{_LEAD}từ (?:ngày )?{_RANGE_START} (?:đến|tới)(?: hết)?(?: ngày)? (?P<end>{_POINT})",
        _range_end,
    ),
    _rule(
        "dash_range",
        rf"(?P<cue>{_LEAD}{_PERIOD_CUE} )?(?:{_POINT}){_DASH}(?P<end>{_POINT})",
        _range_end,
    ),
    _rule(
        "from_a_day_on",
        r"(?:bắt đầu )?từ (?:ngày )?(?P<d>\d{1,2})(?:[/-]| tháng )(?P<mo>\d{1,2})"
        r"(?:(?:[/-]|,? năm )(?P<y>\d{4}))?(?![\d/])",
        _ongoing_from_a_day,
    ),
    # ---- a session in a given month, held at it or submitted to it ("trình phiên họp …")
    _rule(
        "session_in_month",
        r"(?:tại|trình) (?:các )?(?:kỳ|phiên) họp(?: [^,;.()]{1,40}?)? (?:vào |trong )?" + _MONTH,
        _month_reading,
    ),
    _rule(
        # "vào kỳ chi trả tháng 12 năm 2025", "trong đợt cao điểm tháng 6/2026".
        "event_in_month",
        r"(?:vào|trong|tại) (?:các )?(?:kỳ|đợt|dịp|phiên) (?:[^\W\d_]+ ){1,4}?(?:vào |trong )?"
        + _MONTH,
        _month_reading,
    ),
    # ---- days
    # "bảo đảm hoàn thành ngày 19 tháng 12 năm 2025": a day as the timing of the task's own
    # verb, as ``verb_year`` (not a report: "đã hoàn thành ngày …").
    _rule("verb_day", rf"{_VERB_DAY}{_DAY_WORDS}", _dated_day),
    _rule("verb_day_in_digits", rf"{_VERB_DAY}{_DAY_DIGITS}", _dated_day),
    # "theo lịch đã bố trí 16 giờ ngày 30/7/2026", "tổ chức khảo sát … sáng ngày 31/7/2026":
    # the hour or the part of a day an event is set for is its date (as "vào ngày D"), once
    # it is after the notice; "Sáng ngày 5/1/2026, Phó Thủ tướng chủ trì …" is the meeting's.
    _rule("day_at_an_hour", rf"(?P<cue>{_AN_HOUR},? )ngày {_DAY_WORDS}", _day_to_come),
    _rule("day_at_an_hour_in_digits", rf"(?P<cue>{_AN_HOUR},? )ngày {_DAY_DIGITS}", _day_to_come),
    _rule("day_in_words", rf"(?:(?P<cue>{_LEAD}{_DAY_CUE})|ngày )?{_DAY_WORDS}", _dated_day),
    _rule("day_in_digits", rf"(?:(?P<cue>{_LEAD}{_DAY_CUE})|ngày )?{_DAY_DIGITS}", _dated_day),
    _rule("day_iso", rf"(?:(?P<cue>{_LEAD}{_DAY_CUE})|ngày )?{_DAY_ISO}", _dated_day),
    _rule(
        "day_without_year",
        rf"(?:(?P<cue>{_LEAD}{_DAY_CUE})|ngày )?{_DAY_NO_YEAR}",
        _yearless_day,
    ),
    *DAY_SPELLINGS,
    # ---- months
    *MONTH_LISTS,
    _rule("before_month", rf"(?P<cue>{_LEAD}trước ){_MONTH}", _before_month_reading),
    _rule("month", rf"(?P<cue>{_LEAD}(?:ngay )?{_PERIOD_CUE} )?{_MONTH}", _month_reading),
    # ---- quarters
    _rule("before_quarter", rf"(?P<cue>{_LEAD}trước ){_QUARTER}", _before_quarter_reading),
    _rule("quarter", rf"(?P<cue>{_LEAD}(?:ngay )?{_PERIOD_CUE} )?{_QUARTER}", _quarter_reading),
    # ---- halves
    _rule(
        "half_year",
        rf"(?P<cue>{_LEAD}{_PERIOD_CUE} )?(?:(?<!\d)0?6 tháng|sáu tháng|n[ửữ]a) "
        r"(?P<w>đầu|cuối) năm(?: (?P<y>\d{4})(?![\d/]| ?[-–—] ?\d)| (?P<nay>nay))?",
        _half_reading,
    ),
    # ---- years
    _rule(
        "period_of_years",
        rf"(?P<cue>{_LEAD}(?:trong|(?:từ nay )?(?:đến|tới) hết|hết) )?"
        r"giai đoạn (?P<y1>\d{4}) ?[-–—] ?(?P<y2>\d{4})",
        _period_end,
        Role.HORIZON,
    ),
    _rule(
        "up_to_year",
        rf"(?P<cue>{_LEAD}(?:đến|tới) )năm (?P<y>\d{{4}})(?![\d/]| ?[-–—] ?\d)",
        _year_reading,
        Role.HORIZON,
    ),
    _rule(
        # "tới 2030", "đến 2030": a year written without "năm".
        "up_to_bare_year",
        r"(?P<cue>(?:đến|tới) )(?P<y>20\d{2})(?![\d/%]|[.,]\d| ?[-–—] ?\d)",
        _year_reading,
        Role.HORIZON,
    ),
    _rule(
        # A year as the timing of the task's own verb: "hoàn thành năm 2025", "thông xe kỹ
        # thuật năm 2025", "đưa vào khai thác năm 2026".
        "verb_year",
        r"(?<!dự kiến )(?<!dự định )(?<!kế hoạch )"
        r"(?P<cue>(?:hoàn thành|hoàn tất|thông xe(?: kỹ thuật| toàn tuyến)?|khánh thành|khởi công"
        # "các Đề án phải trình năm 2025": what must be submitted that year.
        r"|đưa vào (?:khai thác|sử dụng|vận hành)(?: [^\W\d_]+){0,2}?|phải trình) )" + _YEAR,
        _year_reading,
    ),
    _rule("before_year", rf"(?P<cue>{_LEAD}trước ){_YEAR}", _before_year_reading),
    _rule("year", rf"(?P<cue>{_LEAD}{_YEAR_CUE} )?{_YEAR}", _year_reading),
    _rule("this_year", rf"(?P<cue>{_LEAD}{_YEAR_CUE} )?năm nay", _this_year),
    _rule(
        "end_of_year",
        rf"(?P<cue>{_LEAD}(?:(?:từ nay )?(?:đến|tới)|vào|trước|trong) )?cuối năm(?! ?\d| nay)",
        _this_year,
    ),
    # "chậm nhất cuối tuần này phải công bố …", "trong tuần tới": the week's last day, the
    # week the notice was issued in or the next.
    _rule(
        "this_or_next_week",
        rf"(?P<cue>{_LEAD}(?:chậm nhất(?: là)? |trước |trong |vào |đến |hết )?)"
        r"(?:cuối |hết )?tuần (?P<which>này|tới|sau)(?! \d)",
        _week_end,
    ),
    _rule("within_the_year", rf"(?P<cue>{_LEAD}trong )năm(?= ?[,.;)|]|$)", _this_year),
    _rule(
        # "2025" alone in a table cell or after "Thời gian thực hiện:" (never cued).
        "bare_year",
        r"(?P<cue>(?!))?(?<![\d/.,-])(?P<y>20\d{2})(?![\d/%-]|[.,]\d)",
        _year_reading,
    ),
    # ---- "thường xuyên" as the timing of a duty: "thường xuyên, liên tục", "liên tục ra
    # quân, thường xuyên, không ngừng nghỉ", standing alone or opening a clause
    _rule(
        "continuously",
        r"thường xuyên(?:, liên tục\b|(?=,? (?:liên tục|không ngừng)\b))",
        _constant(_ONGOING),
    ),
    _rule(
        # "yêu cầu các Ban Quản lý dự án thường xuyên kiểm tra, đôn đốc …": the timing of a
        # duty, written before its verb after another word (not a report: "đã thường xuyên
        # kiểm tra"; at a clause's start it is ``regularly``).
        "regularly_before_a_duty",
        r"(?<=\w )(?<!đã )thường xuyên(?= (?:kiểm tra|đôn đốc|theo dõi|rà soát|cập nhật|giám sát"
        r"|thanh tra|kiểm soát)(?!\w))",
        _constant(_ONGOING),
    ),
    _rule(
        "regularly",
        r"(?P<cue>^|(?<=[-+;.] ))?thường xuyên",
        _constant(_ONGOING),
    ),
    # ---- explicit "no date" wordings
    _rule("event_relative", r"(?:ngay )?sau khi|trước khi", _constant(_NONE)),
    _rule(
        "session_without_month",
        r"tại (?:các )?(?:kỳ|phiên) họp(?: (?:lần )?thứ (?:\d+|[^\W\d_]+))?"
        r"(?:(?: và|,) (?:lần )?thứ \d+)?(?: (?:của )?quốc hội)?(?: kh(?:óa|oá) [xvi]+)?",
        _constant(_NONE),
    ),
    _rule(
        "festival",
        r"(?:(?:nhân|vào|trước) )?dịp tết(?: [^\W\d_]+){0,3}?(?: \d{4})?",
        _constant(_NONE),
    ),
    _rule(
        "vague_time",
        r"(?:trong )?thời gian tới",
        _constant(_NONE),
    ),
    _rule(
        "event_without_date",
        r"(?:cùng |nhân |vào |trước )?dịp (?:lễ|đại lễ)(?: [^\W\d_]+){1,5}",
        _constant(_NONE),
    ),
    _rule(
        "rainy_season",
        r"trước mùa (?:mưa lũ|mưa bão|mưa|lũ|bão)(?: năm \d{4})?",
        _constant(_NONE),
    ),
    _rule(
        "duration_without_start",
        r"trong (?:thời gian|thời hạn|vòng) \d+ (?:ngày|tuần|tháng|năm)",
        _constant(_NONE),
    ),
    _rule(
        "as_committed",
        r"theo (?:đúng )?(?:cam kết|lộ trình|tiến độ(?: (?:được )?quy định(?: tại)?)?)"
        r"|đúng tiến độ",
        _constant(_NONE),
    ),
    _rule(
        "urgently",
        r"khẩn trương|(?:càng )?sớm(?: nhất)?(?: có thể)?(?: càng tốt)?|ngay(?: lập tức)?"
        r"|kịp thời",
        _constant(_NONE),
    ),
)

# fmt: off
FIRST_WORDS: frozenset[str] = frozenset((
    "bắt", "chi", "chậm", "cuối", "càng", "công", "cần", "duy", "dịp", "dự", "giai", "hoàn",
    "hàng", "hằng", "hết", "khẩn", "kinh", "kịp", "là", "muộn", "một", "ngay", "nguồn", "ngày",
    "ngân", "nhiệm", "nhân", "năm", "nửa", "nữa", "phải", "phấn", "quý", "sau", "sáu", "sẽ",
    "số", "sớm", "theo", "tháng", "thường", "thực", "tiến", "triển", "trong", "trước", "tại",
    "tầm", "tới", "từ", "vào", "vốn", "xong", "đúng", "được", "đến", "định", "quí", "mỗi",
    "thông", "đưa", "khởi", "khánh", "thời", "cùng", "cho", "trình", "lúc", "buổi", "sáng",
    "trưa", "chiều", "tối", "giải", "tuần", "tình", "hôm",
))
# fmt: on
"""Every rule's match begins with a digit or one of these words.

The scanner only tries the table where such a word starts, which is what makes it fast; a
new rule that can begin with another word must add that word here (a test checks every
rule against the example texts)."""


_POINT_RULES = tuple(
    rule
    for rule in RULES
    if rule.name
    in {"day_in_words", "day_in_digits", "day_iso", "day_without_year", "month", "quarter", "year"}
)


def _read_point(text: str, issued: date) -> Reading | None:
    for rule in _POINT_RULES:
        m = rule.pattern.fullmatch(text)
        if m is not None:
            return rule.build(m, issued)
    return None
