"""Vietnamese deadline phrases → :class:`~domain.deadline.Deadline`.

The convention is the product's "How a Vietnamese deadline phrase becomes a deadline" page:
``due`` is the inclusive last day, ``granularity`` says how precise the wording was, and
every phrase is read relative to the document's issue date (``issued``).

How a phrase is read
--------------------
1. :func:`normalise_text` makes one canonical string: NFC, lower case, every run of
   whitespace (line breaks included) turned into one space.
2. :data:`RULES` is an ordered table of small named patterns, each with a ``build`` that turns
   its match into a :class:`Reading`. The table is scanned left to right over the text like a
   tokenizer: at each position the first rule (in table order) that matches wins and consumes
   its text, so a longer or more specific rule is listed before a shorter one that starts at
   the same place. Rules with the ``IGNORE`` role (cited documents' dates, budget terms,
   statistics periods, programme names) consume text and yield nothing, which is how "Quyết
   định số 2352/QĐ-TTg ngày 24/10/2025" never becomes a deadline.
3. A date or period only counts when it is *cued* ("trước", "trong", "đến hết", "hoàn
   thành …", "chậm nhất", "vào", "dịp", "tại kỳ họp … vào", "phấn đấu đến" …) or when it
   *stands alone*: the whole phrase, a table cell, or the value after a "Thời gian thực hiện:"
   label. A cued expression is still dropped when its sentence reports a statistic ("… đạt
   36,3 tỷ USD", "… đã …"), when it follows a percentage (a growth target), and — for
   programme horizons such as "đến năm 2030" — when it sits inside a programme's name.
4. A precise parenthesis refines the expression just before it: "trong nửa đầu năm 2024
   (trước 30 tháng 6 năm 2024)" reads as 30 June 2024, granularity day.

When a clause holds several expressions, :func:`parse_deadline` takes the **last** deadline
(notices put the deadline at the end of the clause: "…, hoàn thành trong Quý I/2026");
without a deadline, the last recurring wording, then the last ongoing one; otherwise none.

Dates or months written without a year mean the first such day on or after ``issued``. A
literal date earlier than ``issued`` is kept as written. Impossible dates (31/2) are not
dates, and nothing is ever guessed: what is not understood reads as kind ``none``.
"""

from __future__ import annotations

import calendar
import dataclasses
import enum
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.errors import DeadlineNotUnderstood
from domain.recurrence import PERIODS, Recurrence

__all__ = [
    "FIRST_WORDS",
    "RULES",
    "Expression",
    "Reading",
    "Role",
    "Rule",
    "day_in_digits",
    "normalise_text",
    "parse_admin_deadline",
    "parse_deadline",
    "read_expressions",
    "recurrence_of",
]


# --------------------------------------------------------------------------- normalising

_WHITESPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The canonical form every pattern is written against.

    Unicode NFC (so decomposed input reads the same as composed), lower case, every run of
    whitespace — line breaks and non-breaking spaces included — collapsed to one space, and
    no leading or trailing space.
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text).lower()).strip()


# --------------------------------------------------------------------------- the table's types


@dataclass(frozen=True, kw_only=True, slots=True)
class Reading:
    """What one expression means, before it is attached to the phrase it came from.

    Mirrors :class:`Deadline` without ``phrase``: ``due`` is set exactly for deadlines.
    A recurring reading may name the day within each period (``day``, and ``month`` for a
    yearly one): "trước ngày 20 hằng tháng", "15/11 hằng năm".
    """

    due: date | None
    granularity: Granularity | None
    kind: DeadlineKind
    day: int | None = None
    month: int | None = None


class Role(enum.Enum):
    """How a rule's match takes part in reading a text."""

    TIMING = "timing"
    """A deadline, recurring, ongoing or explicit "no date" wording."""
    HORIZON = "horizon"
    """A timing that also names programme horizons ("đến năm 2030", "giai đoạn 2026-2030"):
    it does not count inside a programme's or document's name."""
    IGNORE = "ignore"
    """Consumes text that looks like a date but is not a deadline (citations, budget terms,
    statistics periods); yields nothing."""


Build = Callable[[re.Match[str], date], Reading | None]


@dataclass(frozen=True, kw_only=True, slots=True)
class Rule:
    """One named pattern of the table.

    ``pattern`` runs on :func:`normalise_text` output. ``build`` turns a match into a
    :class:`Reading`, or returns ``None`` when the match is not a real date (31/2, month 13).
    A rule whose pattern has a group named ``cue`` is cued only when that group took part
    in the match; a rule without one is a cue by its very wording ("hằng tháng").
    """

    name: str
    pattern: re.Pattern[str]
    build: Build
    role: Role = Role.TIMING

    @property
    def has_cue_group(self) -> bool:
        return "cue" in self.pattern.groupindex


@dataclass(frozen=True, kw_only=True, slots=True)
class Expression:
    """A timing expression found in normalised text: its span there, what it means, and
    the name of the rule that read it."""

    start: int
    end: int
    reading: Reading
    rule: str


# --------------------------------------------------------------------------- calendar helpers

_MIN_YEAR = 1900
_MAX_YEAR = 2199
# 29 February without a year needs up to eight years to come round again.
_YEARS_AHEAD = 9
_LEAP_YEAR = 2024

_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PRECISION = {
    Granularity.DAY: 0,
    Granularity.MONTH: 1,
    Granularity.QUARTER: 2,
    Granularity.HALF: 3,
    Granularity.YEAR: 4,
}
_PERIODS = frozenset({Granularity.MONTH, Granularity.QUARTER, Granularity.HALF, Granularity.YEAR})
_RECURRENCE = {
    "tuần": Granularity.WEEKLY,
    "tháng": Granularity.MONTHLY,
    "quý": Granularity.QUARTERLY,
    "năm": Granularity.YEARLY,
}


def _year(text: str) -> int | None:
    year = int(text)
    return year if _MIN_YEAR <= year <= _MAX_YEAR else None


def _month(text: str) -> int | None:
    month = int(text)
    return month if 1 <= month <= 12 else None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _deadline(due: date | None, granularity: Granularity) -> Reading | None:
    if due is None:
        return None
    return Reading(due=due, granularity=granularity, kind=DeadlineKind.DEADLINE)


def _first_on_or_after(issued: date, end_in: Callable[[int], date | None]) -> date | None:
    """The first ``end_in(year)`` on or after ``issued``, trying the issue year onwards."""
    for year in range(issued.year, issued.year + _YEARS_AHEAD):
        try:
            due = end_in(year)
        except ValueError:  # past either end of the calendar (year 0 or 10000)
            continue
        if due is not None and due >= issued:
            return due
    return None


def _quarter_end(year: int, quarter: int) -> date:
    return _month_end(year, quarter * 3)


def _before_month(year: int, month: int) -> date:
    return _month_end(year - 1, 12) if month == 1 else _month_end(year, month - 1)


def _before_quarter(year: int, quarter: int) -> date:
    return _month_end(year - 1, 12) if quarter == 1 else _quarter_end(year, quarter - 1)


def _half_end(year: int, which: str) -> date:
    return date(year, 6, 30) if which == "đầu" else date(year, 12, 31)


# --------------------------------------------------------------------------- builders


def _dated_day(m: re.Match[str], issued: date) -> Reading | None:
    year, month = _year(m["y"]), _month(m["mo"])
    if year is None or month is None:
        return None
    return _deadline(_date(year, month, int(m["d"])), Granularity.DAY)


def _yearless_day(m: re.Match[str], issued: date) -> Reading | None:
    month, day = _month(m["mo"]), int(m["d"])
    if month is None:
        return None
    return _deadline(_first_on_or_after(issued, lambda y: _date(y, month, day)), Granularity.DAY)


def _period_reading(
    m: re.Match[str], issued: date, end_in: Callable[[int], date], granularity: Granularity
) -> Reading | None:
    """Due at ``end_in(year)`` for the year the match states: a number, "năm nay" (the issue
    year), or none at all (the first such end on or after ``issued``)."""
    if m["nay"] is not None:
        year: int | None = issued.year
    elif m["y"] is None:
        return _deadline(_first_on_or_after(issued, end_in), granularity)
    else:
        year = _year(m["y"])
    if year is None:
        return None
    try:
        return _deadline(end_in(year), granularity)
    except ValueError:  # past either end of the calendar
        return None


def _month_reading(m: re.Match[str], issued: date) -> Reading | None:
    month = _month(m["mo"])
    if month is None:
        return None
    return _period_reading(m, issued, lambda y: _month_end(y, month), Granularity.MONTH)


def _before_month_reading(m: re.Match[str], issued: date) -> Reading | None:
    month = _month(m["mo"])
    if month is None:
        return None
    return _period_reading(m, issued, lambda y: _before_month(y, month), Granularity.MONTH)


def _quarter_reading(m: re.Match[str], issued: date) -> Reading | None:
    quarter = _QUARTERS[m["q"]]
    return _period_reading(m, issued, lambda y: _quarter_end(y, quarter), Granularity.QUARTER)


def _before_quarter_reading(m: re.Match[str], issued: date) -> Reading | None:
    quarter = _QUARTERS[m["q"]]
    return _period_reading(m, issued, lambda y: _before_quarter(y, quarter), Granularity.QUARTER)


def _half_reading(m: re.Match[str], issued: date) -> Reading | None:
    which = m["w"]
    return _period_reading(m, issued, lambda y: _half_end(y, which), Granularity.HALF)


def _year_reading(m: re.Match[str], issued: date) -> Reading | None:
    year = _year(m["y"])
    return None if year is None else _deadline(date(year, 12, 31), Granularity.YEAR)


def _before_year_reading(m: re.Match[str], issued: date) -> Reading | None:
    year = _year(m["y"])
    return None if year is None else _deadline(date(year - 1, 12, 31), Granularity.YEAR)


def _this_year(m: re.Match[str], issued: date) -> Reading | None:
    return _deadline(date(issued.year, 12, 31), Granularity.YEAR)


def _period_end(m: re.Match[str], issued: date) -> Reading | None:
    first, last = _year(m["y1"]), _year(m["y2"])
    if first is None or last is None or last < first:
        return None
    return _deadline(date(last, 12, 31), Granularity.YEAR)


def _range_end(m: re.Match[str], issued: date) -> Reading | None:
    """A range is due at its end, with the end's granularity."""
    return _read_point(m["end"], issued)


def _valid_day_of_month(m: re.Match[str]) -> bool:
    return 1 <= int(m["d"]) <= 31


def _monthly_on_a_day(m: re.Match[str], issued: date) -> Reading | None:
    if not _valid_day_of_month(m):
        return None
    return Reading(
        due=None, granularity=Granularity.MONTHLY, kind=DeadlineKind.RECURRING, day=int(m["d"])
    )


def _yearly_on_a_day(m: re.Match[str], issued: date) -> Reading | None:
    month = _month(m["mo"])
    # A leap year, so that "29/2 hằng năm" is a real day of the year.
    if month is None or _date(_LEAP_YEAR, month, int(m["d"])) is None:
        return None
    return Reading(
        due=None,
        granularity=Granularity.YEARLY,
        kind=DeadlineKind.RECURRING,
        day=int(m["d"]),
        month=month,
    )


def _every_period(m: re.Match[str], issued: date) -> Reading | None:
    return Reading(due=None, granularity=_RECURRENCE[m["p"]], kind=DeadlineKind.RECURRING)


def _once_per_period(m: re.Match[str], issued: date) -> Reading | None:
    period = m["p"] or m["p2"]
    return Reading(due=None, granularity=_RECURRENCE[period], kind=DeadlineKind.RECURRING)


def _ongoing_from_a_day(m: re.Match[str], issued: date) -> Reading | None:
    month = _month(m["mo"])
    year = _LEAP_YEAR if m["y"] is None else _year(m["y"])
    if month is None or year is None or _date(year, month, int(m["d"])) is None:
        return None
    return _ONGOING


_ONGOING = Reading(due=None, granularity=None, kind=DeadlineKind.ONGOING)
_RECURRING_UNPLANNED = Reading(due=None, granularity=None, kind=DeadlineKind.RECURRING)
_NONE = Reading(due=None, granularity=None, kind=DeadlineKind.NONE)


def _constant(reading: Reading) -> Build:
    def build(m: re.Match[str], issued: date) -> Reading | None:
        return reading

    return build


# --------------------------------------------------------------------------- pattern pieces
# Everything below is matched against normalise_text() output: lower case, single spaces.

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
    r"|(?:trước|(?:từ nay )?(?:đến(?: hết)?|tới hết)|hết|vào(?: dịp)?|dịp|trong) )"
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

RULES: tuple[Rule, ...] = (
    # ---- look-alikes that are not deadlines (they consume their text first)
    _ignore(
        # "Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024", "Quyết định 1229/QĐ-UBND
        # ngày 28/02/2025", "Nghị quyết số 155 ngày 1/6/2025": the date of a cited document.
        "cited_document_date",
        rf"(?:số:? [\w./-]*\d[\w./-]*|\d+[/-][\w./-]*[^\W\d_][\w./-]*) ngày {_CITED_DATE}",
    ),
    _ignore(
        # "chi thường xuyên", "kinh phí thường xuyên": recurrent spending, not a standing duty.
        "recurrent_spending",
        r"(?:chi|kinh phí|ngân sách|nguồn vốn|vốn) thường xuyên",
    ),
    _ignore(
        # "tiết kiệm chi hằng năm": the annual expenditure, not a yearly duty.
        "annual_spending",
        r"(?<!\w)chi (?:hằng|hàng) năm",
    ),
    _ignore(
        # "dự toán ngân sách nhà nước hàng năm": the annual budget, not a yearly duty.
        "annual_budget",
        r"(?:ngân sách|dự toán)(?: [^\W\d_]+){0,3} (?:hằng|hàng) năm",
    ),
    _ignore(
        # "từ đầu năm đến tháng 4 năm 2024", "từ đầu năm 2024 đến nay": a reporting period.
        "reporting_period",
        rf"từ đầu năm(?: \d{{4}})? (?:đến|tới) (?:nay|(?:hết )?(?:ngày )?(?:{_POINT}))"
        rf"|từ (?:ngày )?(?:{_POINT}) (?:đến|tới) nay",
    ),
    _ignore(
        # "các nhiệm vụ được giao trong năm 2025", "nguồn ngân sách đã được giao năm 2025":
        # the year a task or a budget was given, not when it is due.
        "assigned_year",
        r"được giao(?: (?:trong|tại|từ|cho))?(?: (?:kế hoạch|dự toán))? năm \d{4}"
        r"(?: ?[-–—] ?\d{4})?",
    ),
    _ignore(
        # "Nghị quyết … về triển khai nhiệm vụ trọng tâm những tháng cuối năm 2025": the
        # title of a document or programme, not a deadline.
        "tasks_of_a_period",
        r"nhiệm vụ(?: [^\W\d_]+){0,3}? (?:những|các) tháng (?:đầu|cuối) năm(?: \d{4})?",
    ),
    _ignore(
        # "vốn đầu tư công năm 2025", "ngân sách nhà nước năm 2026": a budget year. The words
        # in between are never a cue ("bố trí vốn trong năm 2025" is a deadline).
        "budget_year",
        r"(?:vốn|ngân sách|dự toán|kinh phí)"
        r"(?: (?!trong\b|vào\b|đến\b|tới\b|trước\b|hết\b|cuối\b|hoàn\b|xong\b)[^\W\d_]+){0,4}"
        r" năm \d{4}",
    ),
    _ignore(
        # "đến năm 2030, định hướng đến năm 2045", "tầm nhìn đến năm 2050": a programme's name.
        "programme_horizon",
        r"(?:(?:đến|tới) năm \d{4},? )?(?:định hướng|tầm nhìn) (?:đến|tới) năm \d{4}",
    ),
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
    # ---- a session in a given month
    _rule(
        "session_in_month",
        r"tại (?:các )?(?:kỳ|phiên) họp(?: [^,;.()]{1,40}?)? (?:vào |trong )?" + _MONTH,
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
    _rule("day_in_words", rf"(?:(?P<cue>{_LEAD}{_DAY_CUE})|ngày )?{_DAY_WORDS}", _dated_day),
    _rule("day_in_digits", rf"(?:(?P<cue>{_LEAD}{_DAY_CUE})|ngày )?{_DAY_DIGITS}", _dated_day),
    _rule("day_iso", rf"(?:(?P<cue>{_LEAD}{_DAY_CUE})|ngày )?{_DAY_ISO}", _dated_day),
    _rule(
        "day_without_year",
        rf"(?:(?P<cue>{_LEAD}{_DAY_CUE})|ngày )?{_DAY_NO_YEAR}",
        _yearless_day,
    ),
    # ---- months
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
        r"|đưa vào (?:khai thác|sử dụng|vận hành)(?: [^\W\d_]+){0,2}?) )" + _YEAR,
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
    "thông", "đưa", "khởi", "khánh", "thời", "cùng",
))
# fmt: on
"""Every rule's match begins with a digit or one of these words.

The scanner only tries the table where such a word starts, which is what makes it fast; a
new rule that can begin with another word must add that word here (a test checks every
rule against the example texts)."""

_RULE_BY_GROUP = {f"r{index}": rule for index, rule in enumerate(RULES)}
# One alternation of the whole table: a single left-to-right pass finds, at each position,
# the first rule in table order that matches there. Named groups are dropped inside it (the
# same names recur across rules); the winning rule's own pattern re-reads the match.
_SCANNER = re.compile(
    r"\b(?=\d|(?:"
    + "|".join(sorted(FIRST_WORDS, key=len, reverse=True))
    + r")\b)(?:"
    + "|".join(f"(?P<r{index}>{_plain(rule.pattern.pattern)})" for index, rule in enumerate(RULES))
    + ")"
)
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


# --------------------------------------------------------------------------- context checks

# After a label, a bare date is the value of a "when" field.
_LABEL_BEFORE = re.compile(
    r"\b(?:thời gian(?: thực hiện| hoàn thành)?|thời hạn(?: thực hiện| hoàn thành)?"
    r"|tiến độ(?: thực hiện| hoàn thành)?|hạn(?: chót| hoàn thành)?) ?: ?$"
)
_CELL_END = re.compile(r"[\s.;,!]*(?:$|[|)])")
_SENTENCE_END = re.compile(r"[;!?]|\.(?!\d)")
# Words that make a sentence a report of what happened rather than an order.
_STATISTIC_AFTER = re.compile(
    r"(?<!phấn đấu )(?<!bảo đảm )(?<!đảm bảo )(?<!phải )(?<!để )"
    r"\b(?:đã(?! được)|đạt|ghi nhận|chỉ còn|xếp hạng|xếp thứ)\b|\b(?:tăng|giảm) \d"
)
_PERCENT_BEFORE = re.compile(r"\d ?%(?: [^ %]+){0,4} ?$")
# "… phải đạt 90% trong năm 2025": a target the addressee must reach, by then.
_ORDERED_PERCENT = re.compile(r"\b(?:phải|cần|phấn đấu) (?:đạt|đạt được|đạt tối thiểu) [\d,.]+ ?%")
_COMPARISON_BEFORE = re.compile(r"\bso với(?: cùng kỳ)? ?$")
# A programme or document name runs on across commas ("Kế hoạch phát triển hạ tầng 5G, IoT
# trong các khu công nghệ cao, khu công nghiệp … đến năm 2030"), so only a sentence, a
# label, a quotation or a table cell ends the search for its head noun.
_PROGRAMME_NAME_BEFORE = re.compile(
    r"\b(?:chiến lược|chương trình|đề án|kế hoạch|quy hoạch|nghị quyết|quyết định|chỉ thị"
    r"|luật|nghị định|thông tư|dự án|chỉ tiêu|ngân sách|kinh phí|vốn)\b(?:[^;:“”\"|.]|\.(?=\d))*$"
)
# An expression opened by these words is an order even where a programme is named.
_ORDER_LEAD = re.compile(r"(?:phấn đấu|phải|cần|sẽ|hoàn thành|thực hiện xong|hoàn tất|xong)\b")
_STATISTIC_WINDOW = 160
_NAME_WINDOW = 200
_OPEN_PARENTHESIS = re.compile(r" ?\( ?")
_FOLLOWING_YEARS = re.compile(r",? và (?:các|những) (?:năm|kỳ|tháng) tiếp theo\b")
_CLOSE_PARENTHESIS = re.compile(r" ?\)")


@dataclass(frozen=True, kw_only=True, slots=True)
class _Hit:
    rule: Rule
    start: int
    end: int
    reading: Reading
    cued: bool


def _scan(norm: str, issued: date) -> list[_Hit]:
    hits: list[_Hit] = []
    for found in _SCANNER.finditer(norm):
        rule = _RULE_BY_GROUP[found.lastgroup or ""]
        if rule.role is Role.IGNORE:
            continue
        m = rule.pattern.match(norm, found.start())
        if m is None:  # pragma: no cover - the same pattern matched at this position
            continue
        reading = rule.build(m, issued)
        if reading is None:
            continue
        cued = m.group("cue") is not None if rule.has_cue_group else True
        hits.append(_Hit(rule=rule, start=m.start(), end=m.end(), reading=reading, cued=cued))
    return hits


def _stands_alone(norm: str, start: int, end: int) -> bool:
    """The whole text, a table cell, a parenthesis, or the value of a "when" label."""
    if _LABEL_BEFORE.search(norm, max(0, start - 40), start):
        return True
    before = start - 1 if start > 0 and norm[start - 1] == " " else start
    opens_cell = before == 0 or norm[before - 1] in "|("
    return opens_cell and _CELL_END.match(norm, end) is not None


def _reports_a_statistic(norm: str, hit: _Hit) -> bool:
    if norm.startswith("phấn đấu", hit.start):
        return False
    window = max(0, hit.start - 60)
    if _ORDERED_PERCENT.search(norm, window, hit.start) is not None:
        return False
    limit = min(len(norm), hit.end + _STATISTIC_WINDOW)
    stop = _SENTENCE_END.search(norm, hit.end, limit)
    if _STATISTIC_AFTER.search(norm, hit.end, stop.start() if stop else limit):
        return True
    return bool(
        _PERCENT_BEFORE.search(norm, window, hit.start)
        or _COMPARISON_BEFORE.search(norm, window, hit.start)
    )


def _inside_programme_name(norm: str, hit: _Hit) -> bool:
    if _ORDER_LEAD.match(norm, hit.start):
        return False
    return bool(_PROGRAMME_NAME_BEFORE.search(norm, max(0, hit.start - _NAME_WINDOW), hit.start))


# A whole year this many years after the notice is a list's horizon when the list is named
# just before it, whatever its cue ("các dự án trong danh mục hoàn thành 5.000 km vào năm
# 2030"); a programme's name is already a horizon's context (``_PROGRAMME_NAME_BEFORE``).
_FAR_YEARS = 3
_LIST_NAME_BEFORE = re.compile(r"\bdanh mục\b(?:[^;:“”\"|.]|\.(?=\d))*$")


def _far_year(hit: _Hit, issued: date) -> bool:
    due = hit.reading.due
    return (
        due is not None
        and hit.reading.granularity is Granularity.YEAR
        and due.year - issued.year >= _FAR_YEARS
    )


def _counts(norm: str, hit: _Hit, issued: date, running_text: bool) -> bool:
    reading = hit.reading
    if not hit.cued and not _stands_alone(norm, hit.start, hit.end):
        return False
    if reading.kind is DeadlineKind.NONE:
        return True
    if hit.cued and _reports_a_statistic(norm, hit):
        return False
    if hit.rule.role is Role.HORIZON and hit.cued and _inside_programme_name(norm, hit):
        return False
    if _far_year(hit, issued) and _LIST_NAME_BEFORE.search(
        norm, max(0, hit.start - _NAME_WINDOW), hit.start
    ):
        return False  # "các dự án trong danh mục hoàn thành 5.000 km vào năm 2030"
    # In running text a month, quarter, half or year already over when the notice was
    # issued is a reporting period ("Trong Quý I năm 2024, …"), not an order.
    return not (
        running_text
        and reading.due is not None
        and reading.granularity in _PERIODS
        and reading.due < issued
    )


def _precision(reading: Reading) -> int:
    """Smaller is more precise: day, month, quarter, half, year."""
    if reading.granularity is None:
        return len(_PRECISION)
    return _PRECISION.get(reading.granularity, len(_PRECISION))


def _refined(outer: _Hit, inner: _Hit) -> Reading | None:
    """What "outer (inner)" means when the parenthesis clarifies the expression before it."""
    if outer.reading.kind is DeadlineKind.DEADLINE and inner.reading.kind is DeadlineKind.DEADLINE:
        more_precise = _precision(inner.reading) <= _precision(outer.reading)
        return inner.reading if more_precise else outer.reading
    # "hằng năm (trước ngày 15 tháng 11)": the day within each period.
    if outer.reading.kind is DeadlineKind.RECURRING and inner.rule.name == "day_without_year":
        if outer.reading.granularity is Granularity.YEARLY and inner.reading.due is not None:
            day = inner.reading.due
            return dataclasses.replace(outer.reading, day=day.day, month=day.month)
        return outer.reading
    return None


def read_expressions(normalised: str, issued: date, *, running_text: bool) -> list[Expression]:
    """Every timing expression that counts in ``normalised`` (output of
    :func:`normalise_text`), in text order, with spans in ``normalised``.

    ``running_text`` is for paragraphs of a notice (the deadline finder): there, a month,
    quarter, half or year that had ended before ``issued`` is a reporting period and is
    left out. For a phrase given as a deadline it is kept as written.
    """
    hits = _scan(normalised, issued)
    found: list[Expression] = []
    index = 0
    while index < len(hits):
        hit = hits[index]
        index += 1
        if not _counts(normalised, hit, issued, running_text):
            continue
        start, end, reading = hit.start, hit.end, hit.reading
        if index < len(hits):
            inner = hits[index]
            opened = _OPEN_PARENTHESIS.fullmatch(normalised, hit.end, inner.start)
            closed = _CLOSE_PARENTHESIS.match(normalised, inner.end)
            refined = _refined(hit, inner) if opened and closed else None
            if refined is not None and closed is not None:
                end, reading = closed.end(), refined
                index += 1
        following = _FOLLOWING_YEARS.match(normalised, end)
        if following is not None and reading.kind is DeadlineKind.DEADLINE:
            # "vào kỳ chi trả tháng 12 năm 2025 và các năm tiếp theo": from then on, ongoing.
            end, reading = following.end(), _ONGOING
        found.append(Expression(start=start, end=end, reading=reading, rule=hit.rule.name))
    return found


# --------------------------------------------------------------------------- public API


def _choose(expressions: list[Expression]) -> Reading | None:
    """The reading of a clause, or ``None`` when nothing in it was understood."""
    for kind in (DeadlineKind.DEADLINE, DeadlineKind.RECURRING, DeadlineKind.ONGOING):
        for expression in reversed(expressions):
            if expression.reading.kind is kind:
                return expression.reading
    return _NONE if expressions else None


def _read(phrase: str, issued: date) -> Reading | None:
    return _choose(read_expressions(normalise_text(phrase), issued, running_text=False))


def parse_deadline(phrase: str, issued: date) -> Deadline:
    """Read a deadline phrase (or a clause containing one) relative to ``issued``.

    Never raises for ordinary text and never guesses: a phrase it does not understand reads
    as kind ``none`` with no due date and no granularity. ``phrase`` in the result is the
    input exactly as given. With several expressions in one clause the last deadline wins
    (a more precise parenthesis refines the one before it); see the module docstring.
    """
    reading = _read(phrase, issued) or _NONE
    return Deadline(
        due=reading.due, granularity=reading.granularity, kind=reading.kind, phrase=phrase
    )


def parse_admin_deadline(text: str, today: date) -> Deadline:
    """Read what an admin typed as a task's deadline (``/addtask``), relative to ``today``.

    Like :func:`parse_deadline`, and explicit "no date", ongoing and recurring wordings
    ("khẩn trương", "thường xuyên", "hằng tháng") are accepted; anything else that is not
    understood raises :class:`DeadlineNotUnderstood` so the bot can say so.
    """
    reading = _read(text, today)
    if reading is None:
        raise DeadlineNotUnderstood(text)
    return Deadline(
        due=reading.due, granularity=reading.granularity, kind=reading.kind, phrase=text
    )


_DIGITS_DAY = re.compile(
    r"(?P<d>[0-9]{1,2})[/.\-](?P<mo>[0-9]{1,2})[/.\-](?P<y>[0-9]{2,4})"
    r"|(?P<iso_y>[0-9]{4})-(?P<iso_mo>[0-9]{1,2})-(?P<iso_d>[0-9]{1,2})"
)


def day_in_digits(token: str) -> date | None:
    """A whole day written in digits as people type one: ``15/01/2027``, ``15-1-27``,
    ``15.01.2027`` (day first; a two-digit year is of this century) or ``2027-01-15``.

    None when ``token`` is not written so or names no real day ("31/02/2027"). The one
    reader of such days for what people type (``/baocao``'s day, a notice's issue date, the
    date in a ``/late`` reason); it knows no window of years: each caller says which it
    takes."""
    match = _DIGITS_DAY.fullmatch(token)
    if match is None:
        return None
    if match["iso_y"]:
        return _date(int(match["iso_y"]), int(match["iso_mo"]), int(match["iso_d"]))
    year = int(match["y"])
    return _date(year + 2000 if year < 100 else year, int(match["mo"]), int(match["d"]))


def recurrence_of(deadline: Deadline) -> Recurrence | None:
    """The periods of a recurring deadline, with the day its phrase gives within each
    ("trước ngày 20 hằng tháng" → the 20th); None unless ``deadline`` is recurring with a
    period. A phrase that does not name the day (or was stored with its kind set apart
    from its wording, as a seed may be) is due on the period's last day."""
    period = deadline.granularity
    if deadline.kind is not DeadlineKind.RECURRING or period is None or period not in PERIODS:
        return None
    # Recurring wordings do not depend on the issue date; any day reads them alike.
    reading = _read(deadline.phrase, date(_LEAP_YEAR, 1, 1))
    if reading is None or reading.kind is not deadline.kind or reading.granularity is not period:
        return Recurrence(period=period)
    return Recurrence(period=period, day=reading.day, month=reading.month)
