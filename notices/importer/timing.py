"""Timing: a unit's timing expressions, where obligations split, which one is the deadline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.deadline import Deadline, DeadlineKind
from notices.deadlines import normalise_text, read_expressions
from notices.finder import find_deadlines
from notices.importer.addressees import _CO_TRIGGER, _Namer, _subject_at
from notices.importer.local_lists import LOCAL_LIST, alone_before_semicolon
from notices.importer.names import _Names
from notices.importer.subjects import _subject_span
from notices.importer.text import _clause_ends


@dataclass(frozen=True, kw_only=True, slots=True)
class _Timing:
    """A timing expression in flat text; ``splits`` when it marks an obligation of its own."""

    deadline: Deadline
    start: int
    end: int
    splits: bool


# Explicit "no date" rules whose wording is a schedule of its own ("theo tiến độ được quy
# định tại …", "đúng tiến độ"), unlike urgency ("khẩn trương", "sớm").
_SCHEDULE_RULES = frozenset({"as_committed"})


def _timings(flat: str, issued: date) -> list[_Timing]:
    found = [
        _Timing(deadline=m.deadline, start=m.start, end=m.end, splits=True)
        for m in find_deadlines(flat, issued)
    ]
    normalised = normalise_text(flat)
    # ``flat`` is already NFC with single spaces, so its normalised form lines up with it
    # character for character; if some rare letter changes length when lowercased, the
    # "no date" wordings are simply not used.
    if len(normalised) == len(flat):
        for expression in read_expressions(normalised, issued, running_text=True):
            if expression.reading.kind is not DeadlineKind.NONE:
                continue
            deadline = Deadline(
                due=None,
                granularity=None,
                kind=DeadlineKind.NONE,
                phrase=flat[expression.start : expression.end],
            )
            found.append(
                _Timing(
                    deadline=deadline,
                    start=expression.start,
                    end=expression.end,
                    splits=expression.rule in _SCHEDULE_RULES,
                )
            )
    slogans = [(m.start(), m.end()) for m in _SLOGAN.finditer(flat)]
    titles = [(m.start(), m.end()) for m in _ARTICLE_TITLE.finditer(flat)]
    found = [
        t
        for t in found
        if (
            t.deadline.kind is DeadlineKind.DEADLINE
            or not any(start < t.start and t.end < end for start, end in slogans)
        )
        and not any(start < t.start and t.end < end for start, end in titles)
    ]
    return sorted(found, key=lambda t: t.start)


# A slogan in quotation marks ("phát huy tinh thần “mỗi tuần một công trình”, “mỗi ngày
# thêm một mái nhà”") names a spirit, not how often something is due: a recurring or standing
# wording inside a short quotation is no timing. A date quoted stays one.
_SLOGAN = re.compile(r"[“\"](?:[^“”\"\s]+\s){0,9}[^“”\"\s]+[”\"]")
# The title of a press article the text cites ("… có bài “Giải pháp bớt tiêu tốn hàng trăm tỷ
# mỗi năm chống hạn cho lúa”"): whatever timing its words hold, dated or not, is the article's.
_ARTICLE_TITLE = re.compile(r"\bbài(?: viết| báo)?\s*[“\"][^“”\"]{1,300}[”\"]")


_ENUMERATION = re.compile(r"(?:^|(?<=[:;.,] ))\((?P<n>\d{1,2}|[ivx]{1,5})\) ?")
# "…, trong đó giao Phó Thủ tướng Bùi Thanh Sơn chỉ đạo …", "…, còn các Bộ, ngành, các địa
# phương … ban hành …": so may one given in the same sentence.
_SECOND_ACTOR = re.compile(
    r"(?<=[,;] )(?=[Tt]rên cơ sở )|(?<=, )(?=(?:trong đó giao|còn) (?:các |[A-ZĐ]))"
)


# "(i) Đối với dự án Đồng Đăng - Trà Lĩnh, hoàn thành …; (ii) Đối với dự án Hữu Nghị - Chi
# Lăng, khẩn trương …": each sub-item about a matter of its own. Not "Về": "03 Chiến lược:
# (i) Về phát triển Chính phủ số; (ii) Về …" names strategies.
_PER_MATTER = re.compile(r"[Đđ]ối với\s")
# "Tỉnh Lạng Sơn: (i) …; (ii) …": the sub-items are all that the addressee before them is given.
_HEADING_COLON = re.compile(r"\s*:\s*")


def _enumeration_cuts(flat: str, names: _Names, namer: _Namer) -> set[int]:
    """Where sub-items start: every "(1)", "(2)" … when at least two are written; a "(i)",
    "(ii)" … that opens with an addressee of its own; and every "(i)", "(ii)" … (at least two)
    when each opens with a matter of its own ("Đối với …") or when they follow
    nothing but their addressee and a colon ("Tỉnh Lạng Sơn: (i) …; (ii) …"). Parts of one
    task ("… nền tảng với 03 chức năng: (i) lưu trữ …; (ii) định danh …") are no cut."""
    arabic: list[tuple[int, str]] = []
    roman: list[re.Match[str]] = []
    cuts: set[int] = set()
    for match in _ENUMERATION.finditer(flat):
        if names.inside(match.start()):
            continue
        label = match.group("n")
        if label.isdigit():
            arabic.append((match.start(), label))
            continue
        roman.append(match)
        if _subject_at(flat, match.end(), names, namer) is not None:
            cuts.add(match.start())
    if len({label for _, label in arabic}) >= 2:
        cuts.update(position for position, _ in arabic)
    if len({m.group("n") for m in roman}) >= 2 and (
        all(_PER_MATTER.match(flat, m.end()) for m in roman)
        or _after_addressee(flat, roman[0].start(), names, namer)
    ):
        cuts.update(m.start() for m in roman)
    return cuts


def _after_addressee(flat: str, position: int, names: _Names, namer: _Namer) -> bool:
    """Whether ``flat`` up to ``position`` is an addressee and a colon ("Tỉnh Lạng Sơn: ")."""
    found = _subject_span(flat, 0, names, namer)
    if found is None:
        return False
    colon = _HEADING_COLON.match(flat, found[1])
    return colon is not None and colon.end() == position and ":" in colon.group(0)


# "… trình Quốc hội tại kỳ họp thứ 9 (đợt 2 vào tháng 6 năm 2025), phấn đấu khởi công …
# trong tháng 12 năm 2025": a target with a date of its own is a second obligation; so is
# the completion that follows a dated start ("ra quân … vào dịp 19/8/2025 để hoàn thành
# chậm nhất vào cuối năm 2026").
_TARGET = re.compile(r"(?<=, )(?=phấn đấu )|(?<= )(?=để (?:phấn đấu )?(?:hoàn thành|hoàn tất) )")


# "… đảm bảo mục tiêu hoàn thành giai đoạn 1 vào dịp ngày 19/12/2025, tăng cường thi công …,
# tập trung thông toàn bộ nền đường trong tháng 6/2025": after a dated deliverable, a comma
# and a verb that opens a deliverable of its own, with its own date.
_DELIVERABLE_VERB = re.compile(
    r",\s+(?=(?:tập trung|hoàn thành|hoàn tất|ban hành|bàn giao|thông xe"
    r"|khởi công|đưa vào)\s)"
)


def _next_deliverable(flat: str, previous_end: int, start: int) -> int | None:
    """Where the second of two dated deliverables written after one another starts: the
    last comma before ``start`` that a deliverable's verb follows, if any."""
    found = list(_DELIVERABLE_VERB.finditer(flat, previous_end, start))
    return found[-1].end() if found else None


# "… trình Quốc hội tại Kỳ họp thứ 10 (tháng 10 năm 2025); đồng thời tập trung rà soát, sửa
# đổi các văn bản quy định chi tiết …": a clause closed by its date, then a further duty with
# none. A date put first ("Từ ngày … đến …, phối hợp …; đồng thời tổ chức …") covers both.
_SEQUEL = re.compile(r"[\s).]*; (?=đồng thời )")


def _undated_sequel(flat: str, dated_end: int, end: int) -> list[int]:
    """Where a further duty starts right after a clause that its date closes, if any."""
    found = _SEQUEL.match(flat, dated_end, end)
    return [found.end()] if found is not None else []


def _targets(flat: str, names: _Names) -> list[int]:
    """Where a ", phấn đấu …" target or an "để hoàn thành …" completion starts (it is cut
    off only when it has a date of its own after a dated clause)."""
    return [m.start() for m in _TARGET.finditer(flat) if not names.inside(m.start())]


def _second_actors(flat: str, names: _Names) -> list[int]:
    """ "…, trên cơ sở đó, Bộ X tổng hợp …": a clause of another actor may start there."""
    return [m.start() for m in _SECOND_ACTOR.finditer(flat) if not names.inside(m.start())]


def _boundaries(flat: str, names: _Names) -> list[int]:
    """Where clauses start: after "; " and after a full stop before a capital — not where a
    list of partners goes on ("phối hợp các Sở: A, B; UBND các huyện: C, D …")."""
    return [
        m.end()
        for m in _clause_ends(flat)
        if not names.inside(m.start()) and not _partners_go_on(flat, m.start(), m.end(), names)
    ]


def _partners_go_on(flat: str, end: int, position: int, names: _Names) -> bool:
    """After a semicolon, a list of a province's bodies after another ("giao các Sở: A, B;
    UBND các huyện: C, D"), or in a sentence that named partners, as is one body alone
    before the next semicolon: the same list goes on."""
    if flat[end] != ";":
        return False
    alone = alone_before_semicolon(flat, position, names)
    listed = LOCAL_LIST.match(flat, position) is not None
    if not listed and not alone:
        return False
    sentence = max(flat.rfind(". ", 0, end), 0)
    if listed and LOCAL_LIST.search(flat, sentence, end) is not None:
        return True
    return _CO_TRIGGER.search(flat, sentence, end) is not None


# "… đến 31-12-2025 phải xong nhà sửa chữa và đến 31-1-2026 phải xong nhà xây mới", "…
# hoàn thành giải phóng mặt bằng trong năm 2025 là 70% và 100% trong quý I/2026": two
# deliverables joined by "và", the later one with a later date of its own.
_AND = re.compile(r"\svà\s")
_AND_SPAN = 6
"""At most this many words between "và" and the second date."""


def _second_after_and(flat: str, previous: _Timing, timing: _Timing) -> int | None:
    """Where the second of two dated deliverables joined by "và" starts, if they are."""
    first, second = previous.deadline.due, timing.deadline.due
    if first is None or second is None or second <= first:
        return None
    joins = list(_AND.finditer(flat, previous.end, timing.start))
    if not joins or len(flat[joins[-1].end() : timing.start].split()) > _AND_SPAN:
        return None
    if any(m.group(0)[0] in ".;" for m in _clause_ends(flat, previous.end, timing.start)):
        return None  # another sentence: the clause boundary cuts already
    return joins[-1].start() + 1


# "Đặc biệt là, thúc đẩy …; tiếp tục thực hiện …. Trong tháng 2, khẩn trương đưa vào vận
# hành sàn giao dịch vàng …": a later sentence that opens with its own time is a deliverable
# of its own; the sentences before it, which set none, keep no date.
_TIME_FIRST = re.compile(r"(?:[Tt]rong|[Tt]rước|[Đđ]ến|[Cc]hậm nhất(?: trước)?|[Hh]ết)\s")


def _fronted_sentence(
    flat: str, start: int, inside: Sequence[_Timing], boundaries: Sequence[int]
) -> int | None:
    """Where a sentence opening with the segment's first due date starts, when the segment's
    words before it set no date."""
    dated = [t for t in inside if t.deadline.due is not None]
    if not dated:
        return None
    first = dated[0]
    if first.start <= start or first.start not in boundaries:
        return None
    if flat[first.start - 2 : first.start - 1] != "." or not _TIME_FIRST.match(flat, first.start):
        return None
    if any(t.start < first.start and t.deadline.kind is not DeadlineKind.NONE for t in inside):
        return None
    return first.start


# "… đánh giá cụ thể tác động của hạn hán …; thường xuyên rà soát, cập nhật nguồn cung …":
# after an undated duty and "; ", a clause that opens with its own standing or recurring
# timing is a duty of its own; the words before it keep none.
_STANDING = frozenset({DeadlineKind.ONGOING, DeadlineKind.RECURRING})


def _standing_sequel(
    flat: str, start: int, inside: Sequence[_Timing], boundaries: Sequence[int]
) -> int | None:
    """Where such a clause starts in the segment from ``start``, if one does."""
    timed = [t for t in inside if t.deadline.kind is not DeadlineKind.NONE]
    if not timed or timed[0].deadline.kind not in _STANDING:
        return None
    first = timed[0]
    if first.start <= start or first.start not in boundaries:
        return None
    if flat[first.start - 2 : first.start] != "; " or not _DUTY_AFTER.match(flat, first.end):
        return None  # "…; nhiệm vụ thường xuyên.": the timing of the whole item
    return first.start


# The duty's own words after its timing: "thường xuyên rà soát, cập nhật …".
_DUTY_AFTER = re.compile(r"\s+[^\W\d_]+\s+[^\W\d_]+")


_COMMA = re.compile(r",\s+")


def _second_deliverable(flat: str, previous: _Timing, timing: _Timing) -> int | None:
    """ "… hoàn thành công tác thẩm định trong ngày 24 tháng 01 năm 2025, trình Quốc hội …
    (trước ngày 03 tháng 02 năm 2025).": a dated clause, then after a comma a second
    deliverable whose own date closes it in a parenthesis — where the second one starts."""
    if previous.deadline.due is None or timing.deadline.due is None:
        return None
    if (verb := _next_deliverable(flat, previous.end, timing.start)) is not None:
        return verb
    if (joined := _second_after_and(flat, previous, timing)) is not None:
        return joined
    if flat[timing.start - 1 : timing.start] != "(" or timing.deadline.due <= previous.deadline.due:
        return None
    commas = list(_COMMA.finditer(flat, previous.end, timing.start))
    return commas[0].end() if commas else None


# "… nhất là các dự án trọng điểm như: Dự án đường sắt … (Dự án thành phần 2 - hoàn thành lập
# báo cáo nghiên cứu khả thi trong tháng 3 năm 2026), Dự án …": a parenthesis naming a part
# and its own dated deliverable is an obligation of its own; the sentence around it, which
# sets no date, keeps none. A parenthesis that only dates the item ("(hoàn thành trước ngày
# 30/6/2025)") is its deadline.
_LABELLED = re.compile(
    r"\([^()]{3,80}? [-–] (?=(?:hoàn thành|hoàn tất|khởi công|trình|ban hành)\s)"
)


def _labelled_deliverable(
    flat: str, start: int, end: int, inside: Sequence[_Timing]
) -> _Timing | None:
    """The only due date of a segment when it stands in such a labelled parenthesis."""
    dated = [t for t in inside if t.deadline.due is not None]
    if len(dated) != 1:
        return None
    timing = dated[0]
    opened = flat.rfind("(", start, timing.start)
    if opened < 0 or ")" in flat[opened : timing.start]:
        return None
    label = _LABELLED.match(flat, opened)
    return timing if label is not None and label.end() <= timing.start else None


_KIND_ORDER = (DeadlineKind.DEADLINE, DeadlineKind.RECURRING, DeadlineKind.ONGOING)


def _choose(timings: Sequence[_Timing]) -> Deadline:
    for kind in _KIND_ORDER:
        for timing in timings:
            if timing.deadline.kind is kind:
                return timing.deadline
    for timing in timings:
        return timing.deadline
    return Deadline(due=None, granularity=None, kind=DeadlineKind.NONE, phrase="")
