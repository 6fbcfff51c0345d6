"""Reading a text with the rule table: the scan, the context checks and the public readers."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.errors import DeadlineNotUnderstood
from domain.recurrence import PERIODS, Recurrence
from notices.deadlines.model import _NONE, _ONGOING, Expression, Reading, Role, Rule
from notices.deadlines.patterns import _plain
from notices.deadlines.periods import _LEAP_YEAR, _PERIODS, _PRECISION
from notices.deadlines.rules import FIRST_WORDS, RULES
from notices.deadlines.text import normalise_text
from notices.deadlines.windows import WINDOW_RULES, policy_window_marker

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


# --------------------------------------------------------------------------- context checks

# After a label, a bare date is the value of a "when" field.
_LABEL_BEFORE = re.compile(
    r"\b(?:thời gian(?: thực hiện| hoàn thành)?|thời hạn(?: thực hiện| hoàn thành)?"
    r"|tiến độ(?: thực hiện| hoàn thành)?|hạn(?: chót| hoàn thành)?) ?: ?$"
)
_CELL_END = re.compile(r"[\s.;,!]*(?:$|[|)])")
_SENTENCE_END = re.compile(r"[;!?]|\.(?!\d)")
# Words that make a sentence a report of what happened rather than an order: not after words
# that make them the order's aim, a verb of result, or a change by a number.
_NOT_AN_AIM = r"(?<!phấn đấu )(?<!bảo đảm )(?<!đảm bảo )(?<!phải )(?<!để )"
_RESULT_VERBS = r"(?<!kết quả )đạt|ghi nhận|chỉ còn|xếp hạng|xếp thứ"
_CHANGED_BY = r"|\b(?:tăng|giảm) \d"
_STATISTIC_AFTER = re.compile(rf"{_NOT_AN_AIM}\b(?:đã(?! được)|{_RESULT_VERBS})\b{_CHANGED_BY}")
# After a period that repeats, "đã" reports only as a clause's verb ("… hằng năm, đã tiết kiệm
# …"); after a noun it qualifies it ("công bố hàng tháng danh mục giấy tờ đã tích hợp").
_RECURRING_STATISTIC_AFTER = re.compile(
    rf"{_NOT_AN_AIM}(?:(?<=, )đã(?! được)|\b(?:{_RESULT_VERBS}))\b{_CHANGED_BY}"
)
_PERCENT_BEFORE = re.compile(r"\d ?%(?: [^ %]+){0,4} ?$")
# "… phải đạt 90% trong năm 2025": a target the addressee must reach, by then.
_ORDERED_PERCENT = re.compile(r"\b(?:phải|cần|phấn đấu) (?:đạt|đạt được|đạt tối thiểu) [\d,.]+ ?%")
# "… phải hoàn thành công tác giải phóng mặt bằng trong năm 2025 là 70% và 100% trong quý
# I/2026": a share of the work to be completed, by then (not a share reported: "đã hoàn thành").
_ORDERED_COMPLETION = re.compile(
    r"(?<!đã )(?<!đều )\bhoàn thành\b(?:[^.;!?]|\.(?=\d)){0,100}?\d ?%(?: [^ %]+){0,4} ?$"
)
_COMPLETION_WINDOW = 120
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
# A target stated, or a commitment reported, is no order: "Mục tiêu hoàn thành, bảo đảm đạt
# 3.000 km đường cao tốc trong năm 2025 là không thay đổi", "Lãnh đạo 4 tỉnh đều cam kết
# hoàn thành các dự án trong năm 2025" (a sentence that opens with "Mục tiêu", or "đều/đã cam
# kết" before the date in its sentence).
_STATED_TARGET_BEFORE = re.compile(
    r"(?:(?:^|(?<=[.;!?] ))mục tiêu\b|\b(?:đều|đã) cam kết\b)(?:[^.;!?|]|\.(?=\d))*$"
    # "cập nhật lại tiến độ thi công theo mục tiêu hoàn thành thông tuyến … trong năm 2025": a
    # schedule made to fit a target; the date, in the same clause, is the target's.
    r"|\btheo mục tiêu\b(?:[^,.;!?|]|\.(?=\d))*$"
)
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
    completion = max(0, hit.start - _COMPLETION_WINDOW)
    if _ORDERED_COMPLETION.search(norm, completion, hit.start) is not None:
        return False
    limit = min(len(norm), hit.end + _STATISTIC_WINDOW)
    stop = _SENTENCE_END.search(norm, hit.end, limit)
    after = _STATISTIC_AFTER
    if hit.reading.kind is DeadlineKind.RECURRING:
        after = _RECURRING_STATISTIC_AFTER
    if after.search(norm, hit.end, stop.start() if stop else limit):
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
    if hit.cued and _STATED_TARGET_BEFORE.search(norm, max(0, hit.start - _NAME_WINDOW), hit.start):
        return False
    if hit.rule.name in WINDOW_RULES and policy_window_marker(norm, hit.start) is not None:
        return False  # "… áp dụng đối với các khoản vay … từ ngày 01/10 đến hết ngày 31/12/2025"
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
