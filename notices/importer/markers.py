"""Formal layout: item markers and the tree they form."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field


class _Kind(enum.IntEnum):
    """Item levels, outermost first (the value is the nesting rank)."""

    ROOT = 0
    PART = 1
    ROMAN = 2
    ARABIC = 3
    DECIMAL = 4
    LETTER = 6
    BULLET = 7


_LINE_MARKER = re.compile(
    r"^[ \t]*(?:"
    r"(?P<part>[A-H])\.[ \t]+"
    r"|(?P<roman>[IVX]{1,6})\.[ \t\n]+"
    r"|(?P<decimal>\d{1,2}(?:\.\d{1,2}){1,2})\.?[ \t\n]+"
    r"|(?P<arabic>\d{1,2})\.[ \t\n]+"
    r"|(?P<letter>[a-zđ])\)[ \t\n]*"
    r"|(?P<bullet>[-+•])[ \t]+"
    r")",
    re.M,
)
_INLINE_LETTER = re.compile(r"(?<=[.;])[ \t\n]+(?P<letter>[a-zđ])\)[ \t\n]+")
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman(text: str) -> int | None:
    total, previous = 0, 0
    for char in reversed(text):
        value = _ROMAN_VALUES[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total if _to_roman(total) == text else None


def _to_roman(number: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += letters
            number -= value
    return out


@dataclass(kw_only=True, slots=True, eq=False)
class _Node:
    kind: _Kind
    label: str
    depth: int
    start: int
    body: int
    end: int = 0
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None

    @property
    def rank(self) -> int:
        return int(self.kind) + self.depth

    def own_end(self) -> int:
        return self.children[0].start if self.children else self.end


def _successor(kind: _Kind, label: str) -> str | None:
    if kind is _Kind.LETTER:
        index = _LETTERS.find(label)
        return _LETTERS[index + 1] if 0 <= index < len(_LETTERS) - 1 else None
    if kind is _Kind.ROMAN:
        value = _roman(label)
        return _to_roman(value + 1) if value else None
    if kind is _Kind.PART:
        return chr(ord(label) + 1)
    if kind is _Kind.ARABIC:
        return str(int(label) + 1)
    if kind is _Kind.DECIMAL:
        head, _, last = label.rpartition(".")
        return f"{head}.{int(last) + 1}"
    return None


_FIRST = {_Kind.PART: "A", _Kind.ROMAN: "I", _Kind.ARABIC: "1", _Kind.LETTER: "a"}


_Candidate = tuple[int, int, _Kind, str, bool]


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in _LINE_MARKER.finditer(text):
        group = match.lastgroup
        if group is None:
            continue
        following = text[match.end() : match.end() + 1]
        kind = _Kind[group.upper()]
        label = match.group(group)
        if kind is _Kind.LETTER:
            fits = following.isupper() or following.isdigit() or following in '“"('
        else:
            fits = following.isupper() or (kind is _Kind.ARABIC and following.isdigit())
        if kind is _Kind.BULLET:
            label = "+" if label == "+" else "-"
        if fits:
            found.append((match.start(), match.end(), kind, label, False))
    for match in _INLINE_LETTER.finditer(text):
        following = text[match.end() : match.end() + 1]
        if following.isupper():
            found.append(
                (match.start() + 1, match.end(), _Kind.LETTER, match.group("letter"), True)
            )
    found.sort(key=lambda c: c[0])
    return found


def _excerpt_start(candidates: list[_Candidate], index: int) -> bool:
    """Whether the marker at ``index`` opens a quoted excerpt of a list: "5." when "6."
    follows it ("Căn cứ vào Mục II …: II. Các giải pháp cụ thể / 5. … 6. … 7. …"), or "II."
    when such a run opens right under it."""
    _, _, kind, label, inline = candidates[index]
    if inline or kind not in _FIRST:
        return False
    wanted = _successor(kind, label)
    for _, _, other, other_label, _ in candidates[index + 1 :]:
        if other is kind:
            return other_label == wanted
        if other < kind:
            return False
    following = index + 1
    if following < len(candidates) and candidates[following][2] > kind:
        return _excerpt_start(candidates, following)
    return False


def _tree(text: str) -> _Node:
    """Item markers accepted only where they continue their list; see the module docstring."""
    root = _Node(kind=_Kind.ROOT, label="", depth=0, start=0, body=0, end=len(text))
    stack = [root]
    candidates = _candidates(text)
    excerpts: list[_Node] = [root]
    for index, (start, body, kind, label, inline) in enumerate(candidates):
        # "1.1." sits under "1.", "1.1.1." under "1.1."; "+" bullets under "-" bullets.
        if kind is _Kind.DECIMAL:
            depth = label.count(".")
        else:
            depth = 1 if kind is _Kind.BULLET and label == "+" else 0
        rank = int(kind) + depth
        level = len(stack)
        while level > 1 and stack[level - 1].rank >= rank:
            level -= 1
        parent = stack[level - 1]
        siblings = [c for c in parent.children if c.kind is kind and c.depth == depth]
        excerpt = False
        if kind is _Kind.BULLET:
            fits = True
        elif kind is _Kind.DECIMAL and not siblings:
            fits = parent.kind in (_Kind.ARABIC, _Kind.DECIMAL) and label == f"{parent.label}.1"
        elif siblings:
            fits = _successor(kind, siblings[-1].label) == label
        else:
            fits = not inline and label == _FIRST.get(kind)
            # A quoted excerpt may start mid-list: as the document's first item, or as the
            # first item under such a start ("II." then "5.").
            if not fits and not parent.children and any(parent is e for e in excerpts):
                fits = excerpt = _excerpt_start(candidates, index)
        if inline and not (siblings and stack[-1].kind is _Kind.LETTER):
            fits = False
        if not fits:
            continue
        for closed in stack[level:]:
            closed.end = start
        del stack[level:]
        node = _Node(kind=kind, label=label, depth=depth, start=start, body=body, parent=parent)
        parent.children.append(node)
        stack.append(node)
        if excerpt:
            excerpts.append(node)
    for node in stack[1:]:
        node.end = len(text)
    return root
