"""Spotting the same task in two sources (a press article and the notice)."""

from __future__ import annotations

import re

from notices.deadlines import normalise_text
from notices.importer.model import ParsedTask

_TOKEN = re.compile(r"[^\W_]+")
_STOPWORDS = frozenset(
    {
        "và", "các", "của", "cho", "với", "trong", "theo", "để", "được", "là", "có", "đã",
        "đang", "sẽ", "từ", "đến", "tại", "về", "này", "những", "một", "bảo", "đảm", "thực",
        "hiện", "triển", "khai", "hoàn", "thành", "năm", "tháng", "ngày", "trước",
    }
)  # fmt: skip


def _tokens(text: str) -> frozenset[str]:
    words = _TOKEN.findall(normalise_text(text))
    return frozenset(w for w in words if w not in _STOPWORDS and not w.isdigit())


def word_overlap(a: str, b: str) -> float:
    """Shared words over the words of the shorter text (0 … 1), ignoring function words
    and numbers: a press summary that restates an item scores high against the item."""
    first, second = _tokens(a), _tokens(b)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


SAME_TASK_OVERLAP = 0.6
"""The :func:`word_overlap` from which two texts with the same lead and due are one task."""


def same_task(a: ParsedTask, b: ParsedTask) -> bool:
    """Whether ``a`` and ``b`` are the same obligation read from two sources (a press
    article and the notice): same lead, same due date (or both undated), and at least
    :data:`SAME_TASK_OVERLAP` of the shorter text's words shared."""
    return (
        a.lead == b.lead
        and a.deadline.due == b.deadline.due
        and word_overlap(a.text, b.text) >= SAME_TASK_OVERLAP
    )


RESTATED_OVERLAP = 0.85
"""The share of each text's words two dated tasks with the same lead and due must have in
common for the later one to be a restatement of the earlier (see :func:`restates`)."""


def restates(later: ParsedTask, earlier: ParsedTask) -> bool:
    """Whether ``later`` only restates ``earlier`` of the same document — such as an
    article's recap after the quoted items ("Cụ thể, giao Ủy ban nhân dân Thành phố Hồ Chí Minh …
    Báo cáo Thủ tướng Chính phủ xin chủ trương trong tháng 8/2025."): another item, same
    lead and due date, and nearly all words shared both ways (a second obligation that
    differs by a few words — "trình Ủy ban Thường vụ Quốc hội" then "trình Quốc hội" —
    stays)."""
    if later.ref == earlier.ref or later.deadline.due is None:
        return False
    if (later.lead, later.deadline.due) != (earlier.lead, earlier.deadline.due):
        return False
    first, second = _tokens(later.text), _tokens(earlier.text)
    if not first or not second:
        return False
    return len(first & second) / max(len(first), len(second)) >= RESTATED_OVERLAP


LEDE_OVERLAP = 0.45
"""The share of each text's words an article's opening task and a later dated one of the
same lead must have in common for the opening to be the lede announcing it (see
:func:`announces`)."""


def announces(lede: ParsedTask, later: ParsedTask) -> bool:
    """Whether an article's opening task ``lede`` only announces ``later``, the same work told
    in full further down with its date ("Phó Thủ tướng yêu cầu tỉnh Quảng Ninh kiên quyết xử
    lý …" opening a page whose fourth paragraph sets "… báo cáo trước ngày 01/02/2019"):
    same lead, the lede undated and the later dated, and a good share of words in common
    both ways."""
    if lede.ref == later.ref or lede.deadline.due is not None or later.deadline.due is None:
        return False
    if lede.lead != later.lead:
        return False
    first, second = _tokens(lede.text), _tokens(later.text)
    if not first or not second:
        return False
    shared = len(first & second)
    return shared / len(first) >= LEDE_OVERLAP and shared / len(second) >= LEDE_OVERLAP
