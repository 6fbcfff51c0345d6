"""Finding the deadline phrases inside a paragraph of a notice.

The finder reports deadline, recurring and ongoing expressions — and nothing else. It reads
the paragraph with the same rule table as :func:`notices.deadlines.parse_deadline`
(``running_text=True``), so a date only counts when a deadline cue introduces it ("trước",
"trong", "đến hết", "hoàn thành …", "chậm nhất", "vào", "tại kỳ họp … vào", "phấn đấu
đến" …) or when it stands alone (a table cell, the value after "Thời gian thực hiện:"), and
these are never reported:

* dates of cited documents ("Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024");
* meeting and event dates ("Ngày 24 tháng 4 năm 2024, tại trụ sở Chính phủ", "Chiều 6/2");
* statistics periods ("Quý I năm 2024, doanh thu … đạt 36,3 tỷ USD", "5 tháng đầu năm",
  "từ đầu năm đến tháng 4 năm 2024"), including any month, quarter, half or year that had
  already ended when the notice was issued;
* growth targets ("tăng trưởng kinh tế trên 8% năm 2025") and programme names ("Chương
  trình … giai đoạn 2026-2030", "… đến năm 2030, định hướng đến năm 2045");
* the window a policy applies to ("Việc giảm lãi suất áp dụng đối với các khoản vay … từ ngày
  01/10/2025 đến hết ngày 31/12/2025");
* "chi thường xuyên" (recurrent spending) and the explicit "no date" wordings ("khẩn
  trương", "sớm"): an item without a reported expression simply has no date.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from domain.deadline import Deadline, DeadlineKind
from notices.deadlines import read_expressions

__all__ = ["DeadlineMatch", "find_deadlines"]


@dataclass(frozen=True, kw_only=True, slots=True)
class DeadlineMatch:
    """A deadline phrase found in a text.

    ``start``/``end`` delimit the phrase in the *original* text, and ``deadline.phrase`` is
    exactly ``text[start:end]`` (line breaks and all).
    """

    deadline: Deadline
    start: int
    end: int


def _normalise_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """:func:`notices.deadlines.normalise_text` of ``text``, plus for every character of the
    result the span ``[starts[i], ends[i])`` of the original characters it came from."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pending_space: tuple[int, int] | None = None
    index, length = 0, len(text)
    while index < length:
        if text[index].isspace():
            run = index
            while run < length and text[run].isspace():
                run += 1
            if chars:
                pending_space = (index, run)
            index = run
            continue
        # A base character with its combining marks composes on its own under NFC.
        cluster_end = index + 1
        while cluster_end < length and unicodedata.combining(text[cluster_end]):
            cluster_end += 1
        if pending_space is not None:
            chars.append(" ")
            starts.append(pending_space[0])
            ends.append(pending_space[1])
            pending_space = None
        for char in unicodedata.normalize("NFC", text[index:cluster_end]).lower():
            chars.append(char)
            starts.append(index)
            ends.append(cluster_end)
        index = cluster_end
    return "".join(chars), starts, ends


def find_deadlines(text: str, issued: date) -> list[DeadlineMatch]:
    """The deadline, recurring and ongoing phrases of ``text``, in text order.

    ``issued`` is the notice's issue date (dates without a year, and reporting periods, are
    judged against it). Matches never overlap: where candidates would, the longest — the
    first rule of the table at the leftmost position — was kept, and a precise parenthesis
    is part of the phrase before it ("trong nửa đầu năm 2024 (trước 30 tháng 6 năm 2024)").
    """
    normalised, starts, ends = _normalise_with_offsets(text)
    matches: list[DeadlineMatch] = []
    for expression in read_expressions(normalised, issued, running_text=True):
        reading = expression.reading
        if reading.kind is DeadlineKind.NONE:
            continue
        start, end = starts[expression.start], ends[expression.end - 1]
        deadline = Deadline(
            due=reading.due,
            granularity=reading.granularity,
            kind=reading.kind,
            phrase=text[start:end],
        )
        matches.append(DeadlineMatch(deadline=deadline, start=start, end=end))
    return matches
