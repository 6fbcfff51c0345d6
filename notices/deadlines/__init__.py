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
   programme horizons such as "đến năm 2030" — when it sits inside a programme's name. A range
   that a policy applies to ("… áp dụng đối với các khoản vay … từ ngày 01/10/2025 đến hết
   ngày 31/12/2025") is the policy's window, not a deadline.
4. A precise parenthesis refines the expression just before it: "trong nửa đầu năm 2024
   (trước 30 tháng 6 năm 2024)" reads as 30 June 2024, granularity day.

When a clause holds several expressions, :func:`parse_deadline` takes the **last** deadline
(notices put the deadline at the end of the clause: "…, hoàn thành trong Quý I/2026");
without a deadline, the last recurring wording, then the last ongoing one; otherwise none.

Dates or months written without a year mean the first such day on or after ``issued``. A
literal date earlier than ``issued`` is kept as written. Impossible dates (31/2) are not
dates, and nothing is ever guessed: what is not understood reads as kind ``none``.

The package is split by concept: :mod:`~notices.deadlines.text` (the normaliser's canonical
text), :mod:`~notices.deadlines.model` (the table's types), :mod:`~notices.deadlines.periods`
(calendar arithmetic: the ends of months, quarters, halves and years),
:mod:`~notices.deadlines.builders` (what each match means), :mod:`~notices.deadlines.patterns`
(the pieces patterns are written with), :mod:`~notices.deadlines.rules` (the table itself),
:mod:`~notices.deadlines.reading` (the scan, the context checks and the public readers),
:mod:`~notices.deadlines.windows` (the wordings that make a range a policy's window, not a
deadline) and :mod:`~notices.deadlines.digits` (a day typed in digits).
"""

from __future__ import annotations

from notices.deadlines.digits import day_in_digits
from notices.deadlines.model import Expression, Reading, Role, Rule
from notices.deadlines.reading import (
    parse_admin_deadline,
    parse_deadline,
    read_expressions,
    recurrence_of,
)
from notices.deadlines.rules import FIRST_WORDS, RULES
from notices.deadlines.text import normalise_text

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
