"""Policy windows: the period a policy applies to is its scope, not a deadline.

"Việc giảm lãi suất cho vay áp dụng đối với các khoản vay … từ ngày 01/10/2025 đến hết ngày
31/12/2025" says when the reduction holds, not by when anyone must act. A range ("từ D1 đến
D2", "Quý IV/2025 – Quý II/2026") or an open start ("từ ngày D") does not count when one of
:data:`POLICY_MARKERS` stands before it in the same clause (no comma, semicolon or full stop
in between): "Bộ Tài chính hướng dẫn cơ chế áp dụng cho các dự án, hoàn thành từ … đến …"
keeps its range, since the order comes after the comma.

Everything here is matched against :func:`~notices.deadlines.text.normalise_text` output.
"""

from __future__ import annotations

import re

# (name, pattern): each names one wording that makes what follows a policy's window.
POLICY_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "Việc giảm lãi suất áp dụng đối với các khoản vay …", "mức hỗ trợ áp dụng cho …",
    # "chính sách được áp dụng …".
    ("applies_to", re.compile(r"\b(?:áp dụng (?:đối với|cho)|được áp dụng)\b")),
    # "thời gian thực hiện giảm lãi suất cho vay …", "thời gian hưởng hỗ trợ …": the time of a
    # relief, not of a duty ("Thời gian thực hiện: …" is a plan's label and names no relief).
    (
        "time_of_a_relief",
        re.compile(
            r"\bthời gian (?:thực hiện|áp dụng|hưởng)(?: (?:việc|chính sách|chế độ))? "
            r"(?:giảm|miễn|hỗ trợ|gia hạn|ưu đãi|khoanh|giãn|hoãn|cấp bù)\b"
        ),
    ),
    # "Nghị định có hiệu lực từ …": when a text is in force.
    ("in_force", re.compile(r"\bcó hiệu lực\b")),
    # "người lao động được hưởng trợ cấp từ tháng 1 đến tháng 6/2026".
    ("entitled", re.compile(r"\bđược hưởng\b")),
)

# The rules whose reading is a window (its end, or its open start).
WINDOW_RULES = frozenset({"from_to", "dash_range", "from_a_day_on"})

_CLAUSE_BREAK = re.compile(r"[,;!?]|\.(?!\d)")
_WINDOW = 240


def policy_window_marker(norm: str, start: int) -> str | None:
    """The name of the policy marker that stands before ``norm[start:]`` in its clause, or
    ``None`` when there is none."""
    begin = max(0, start - _WINDOW)
    for brk in _CLAUSE_BREAK.finditer(norm, begin, start):
        begin = brk.end()
    for name, pattern in POLICY_MARKERS:
        if pattern.search(norm, begin, start) is not None:
            return name
    return None
