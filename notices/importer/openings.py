"""An item's own task before the sentence that announces its parts, and the date those
parts share: "2. Bộ Tài chính … hoàn thiện dự thảo Đề án, trình Thủ tướng Chính phủ … trước
ngày 20 tháng 10 năm 2024. Trong đó chú ý một số nội dung sau: / - Về …: …"."""

from __future__ import annotations

import re

from notices.importer.addressees import _Assignee, _subject_at
from notices.importer.names import _Names
from notices.importer.text import _TERMINAL, _flat
from notices.importer.timing import _timings
from notices.importer.units import _Reader

_ANNOUNCING_TAIL = re.compile(
    r"(?<=[.;])\s+(?:Trong đó|Cụ thể|Trong quá trình thực hiện)[^.;:]{0,80}:$"
)
_OPENING_WORDS = 28
"""Up to this many words before the announcing sentence, they are a heading, not a task."""


def opening_task(flat: str) -> str | None:
    """The item's own task before the sentence that announces its bullets, when it is one:
    a sentence of its own, longer than a heading."""
    tail = _ANNOUNCING_TAIL.search(flat)
    if tail is None:
        return None
    opening = flat[: tail.start()].strip()
    if len(opening.split()) <= _OPENING_WORDS:
        return None
    return opening


def opening_due(
    opening: str, inherited: _Assignee | None, reader: _Reader
) -> tuple[str, str] | None:
    """The lead of an item's opening task and the wording of its due date, if it has one."""
    flat = _flat(opening)
    names = _Names(flat, reader.registry, reader.home)
    subject = _subject_at(flat, 0, names, reader.namer) or inherited
    if subject is None:
        return None
    for timing in _timings(flat, reader.issued):
        if timing.deadline.due is not None:
            return subject.lead, timing.deadline.phrase
    return None


def topic_paragraphs(text: str) -> list[str]:
    """ "- Về rà soát phân công nhiệm vụ …: / Bộ Tài chính căn cứ …. / Bộ Tài chính làm việc
    …. / Bộ Tài chính chủ trì …": a topic's paragraphs, one obligation each (the first with
    the topic). Any other bullet is one."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 3 or not lines[0].endswith(":"):
        return [text]
    body = lines[1:]
    if not all(line[:1].isupper() and line.endswith(_TERMINAL) for line in body):
        return [text]
    return [lines[0] + "\n" + body[0], *body[1:]]
