"""The pieces the rule table's patterns are written with (cues, days, months, quarters, years).

Everything here is matched against :func:`~notices.deadlines.text.normalise_text` output:
lower case, single spaces.
"""

from __future__ import annotations

import re

from notices.deadlines.model import _NONE, Build, Role, Rule, _constant

_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _plain(fragment: str) -> str:
    """The fragment without its named groups, so it can be repeated inside one pattern."""
    return _NAMED_GROUP.sub("(?:", fragment)


_DASH = r" ?[-–—] ?"
_ROMAN_OR_DIGIT = r"(?P<q>iv|iii|ii|i|[1-4])"
# Optional words that lead into a cue: "hoàn thành trước…", "thực hiện xong trong…",
# "phấn đấu đến hết…", "hoàn thành ngay trong…".
_LEAD = (
    r"(?:(?:phấn đấu |phải |cần |sẽ )?(?:hoàn thành|thực hiện xong|hoàn tất|xong)(?: ngay)? "
    r"|phấn đấu |ngay )?"
)
# Cues before a month, quarter or half-year.
_PERIOD_CUE = r"(?:trong|vào|(?:từ nay )?(?:đến|tới) (?:hết|cuối)|hết|cuối|đến)"
# Cues before a year: as above but a bare "đến năm Y" is a horizon (its own rule).
_YEAR_CUE = r"(?:trong|vào|(?:từ nay )?(?:đến|tới) (?:hết|cuối)|hết|cuối)"
# Cues before a day, optionally followed by "ngày" and a named day ("ngày Quốc khánh").
_DAY_CUE = (
    r"(?:(?:chậm nhất|muộn nhất)(?: là)?(?: (?:trước|vào|đến|trong))? "
    r"|(?:trước|(?:từ nay )?(?:đến(?: hết)?|tới hết)|hết|vào(?: dịp)?|dịp|trong) "
    # "chuẩn bị cho ngày 19 tháng 12 năm 2025": the day prepared for, as "dịp D".
    r"|(?<=chuẩn bị )cho |(?<=chuẩn bị tốt )cho )"
    # An hour before the day: "trước 14h ngày 03/5/2021", "trước 14 giờ, ngày …".
    r"(?:\d{1,2} ?(?:h|giờ)(?: ?\d{2})?(?: phút)?(?: (?:sáng|trưa|chiều|tối))?,? (?=ngày ))?"
    r"(?:ngày (?:[^\W\d_]+ ){0,3}?)?"
)

_DAY_WORDS = r"(?P<d>\d{1,2}) tháng (?P<mo>\d{1,2}),? năm (?P<y>\d{4})"
_DAY_DIGITS = r"(?<![\d/.,-])(?P<d>\d{1,2})[/-](?P<mo>\d{1,2})[/-](?P<y>\d{4})(?![\d/])"
_DAY_ISO = r"(?<![\d/.,-])(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?![\d/-])"
_DAY_NO_YEAR = r"(?<![\d/.,-])(?P<d>\d{1,2})(?:/| tháng )(?P<mo>\d{1,2})(?![\d/]|,? năm \d|-\d)"
# The year of a month or quarter: a number, "năm nay" (this year), or none at all.
_YEAR_OF_PERIOD = (
    r"(?:(?:/|-| năm |, năm )(?P<y>\d{4})(?!\d)|,? năm (?P<nay>nay)"
    r"|(?![\d/]|-\d|,? năm (?:\d|nay)))"
)
_MONTH = rf"tháng (?P<mo>\d{{1,2}}){_YEAR_OF_PERIOD}"
_QUARTER = rf"qu[ýí] {_ROMAN_OR_DIGIT}(?!\w){_YEAR_OF_PERIOD}"
_YEAR = r"năm (?P<y>\d{4})(?![\d/]| ?[-–—] ?\d)"

# Any single point in time, for the two ends of a range.
_POINT = "|".join(
    _plain(fragment)
    for fragment in (_DAY_WORDS, _DAY_DIGITS, _DAY_ISO, _DAY_NO_YEAR, _MONTH, _QUARTER, _YEAR)
)
# A range may start on a bare day number: "từ ngày 08 đến ngày 09 tháng 11 năm 2025".
_RANGE_START = rf"(?:{_POINT}|\d{{1,2}})"


def _rule(name: str, pattern: str, build: Build, role: Role = Role.TIMING) -> Rule:
    # Every rule starts and ends on a word boundary so "41/53" never reads as "1/5".
    return Rule(name=name, pattern=re.compile(rf"\b(?:{pattern})(?!\w)"), build=build, role=role)


def _ignore(name: str, pattern: str) -> Rule:
    return _rule(name, pattern, _constant(_NONE), Role.IGNORE)


_CITED_DATE = rf"(?:{_plain(_DAY_WORDS)}|{_plain(_DAY_DIGITS)}|{_plain(_DAY_NO_YEAR)})"
