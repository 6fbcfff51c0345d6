"""A prose text's paragraphs: blocks between blank lines, or the lines of a text written one
paragraph a line (a copied web page, a letter copied from a page's table), and the bullets
written on the lines of one block, each a paragraph of its own."""

from __future__ import annotations

import re

from notices.importer.text import _BLANK_LINE

_BULLET_MARK = re.compile(r"^[-+•]\s")
# How a line ends a paragraph in a text with no blank line: as a sentence does, as a letter's
# last line does ("… biết, thực hiện./." or "./"), or as a cell of a copied letterhead does
# ("VĂN PHÒNG CHÍNH PHỦ |", "Số: 4909/VPCP-NN |").
_LINE_END = re.compile(r"(?:[.:;!?…][”\")]?|\./\.?|\s\|)$")


# A letterhead copied from a page's table: a first line written as a cell ("VĂN PHÒNG CHÍNH
# PHỦ |", "Số: 4909/VPCP-NN |").
_LETTERHEAD_CELL = re.compile(r"\s*[^\n|]{2,80}\s\|[ \t]*\n")


def _paragraphs(text: str) -> list[tuple[int, str]]:
    blocks = [block for block in _BLANK_LINE.split(text) if block.strip()]
    whole = len(blocks) == 1
    parts: list[str] = []
    for block in blocks:
        # A text with no blank line, or a letter copied from a page's table (its body then
        # with no blank line), may write one paragraph a line.
        if (whole or _LETTERHEAD_CELL.match(block)) and _one_paragraph_a_line(block):
            parts.extend(_lines(block))
        else:
            parts.extend(_bullets_apart(block))
    return list(enumerate(parts, start=1))


def _lines(block: str) -> list[str]:
    return [line for line in block.splitlines() if line.strip()]


def _bullets_apart(block: str) -> list[str]:
    """A paragraph whose lines list bullets ("Phó Thủ tướng yêu cầu:\n- Bộ Y tế …;\n- Bộ Tài
    chính …."), one paragraph a bullet as if blank lines stood between them; a line that
    starts no bullet goes on with the one before (a wrapped line)."""
    lines = _lines(block)
    if sum(1 for line in lines[1:] if _BULLET_MARK.match(line.lstrip())) < 2:
        return [block]
    parts: list[str] = []
    for line in lines:
        if parts and not _BULLET_MARK.match(line.lstrip()):
            parts[-1] += "\n" + line
        else:
            parts.append(line)
    return parts


def _one_paragraph_a_line(block: str) -> bool:
    """A text with no blank line at all, whose lines end as sentences do ("… trước ngày
    14-9.", "… như sau:"), writes one paragraph a line (a copied web page); lines broken
    inside sentences (a wrapped text) stay one paragraph."""
    lines = [line.rstrip() for line in _lines(block)]
    if len(lines) == 2:
        # Two lines: a headline and its lead ("Báo cáo Thủ tướng … trước 4/8" / "Phó Thủ
        # tướng giao Bộ Xây dựng …"), or two sentences; a wrapped sentence fills its first
        # line and goes on in a shorter one.
        first, second = lines
        return bool(_LINE_END.search(first)) or len(second) > len(first)
    if len(lines) < 2:
        return False
    ended = sum(1 for line in lines[:-1] if _LINE_END.search(line))
    return ended * 3 >= (len(lines) - 1) * 2
