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
